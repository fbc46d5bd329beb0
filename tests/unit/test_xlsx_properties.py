"""The document properties a person types into a workbook, read for the identifier search: not the author's,
last modifier's or manager's, which are the staff's."""

import io

import openpyxl
import pytest
from openpyxl.packaging.custom import IntProperty, StringProperty

from pipelines.lib.cells import FileRefused
from pipelines.lib.xlsx_parts import DTD_REFUSED
from pipelines.lib.xlsx_properties import typed_properties
from tests.conftest import rezipped


def _saved(book: openpyxl.Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_typed_properties_are_read_and_the_staffs_are_not():
    book = openpyxl.Workbook()
    props = book.properties
    props.creator, props.lastModifiedBy = "Иванова Мария", "Сапарова Айгерим"
    props.title, props.subject, props.keywords = "Регистр ALA-01", "март 2025", "тесты; мигранты"
    props.description, props.category, props.contentStatus = "  звонить +7 701 555 43 21 ", "отчёт", "черновик"
    book.custom_doc_props.append(StringProperty(name="Контакт", value="Иванов С.П."))
    book.custom_doc_props.append(IntProperty(name="Версия", value=3))
    book.custom_doc_props.append(StringProperty(name="Пусто", value=" "))
    read = typed_properties(_saved(book))
    assert sorted(read[:6]) == sorted([  # in the part's order, which is openpyxl's
        ("title", "Регистр ALA-01"), ("subject", "март 2025"), ("tags", "тесты; мигранты"),
        ("comments", "звонить +7 701 555 43 21"), ("category", "отчёт"), ("status", "черновик")])
    assert read[6:] == [("a custom property", "Иванов С.П."), ("a custom property", "3")]


def test_a_workbook_without_typed_properties_has_none():
    assert typed_properties(_saved(openpyxl.Workbook())) == []
    # a package without the properties' parts (another tool's)
    data = _saved(openpyxl.Workbook())
    import zipfile

    names = [n for n in zipfile.ZipFile(io.BytesIO(data)).namelist() if not n.startswith("docProps/")]
    stripped = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(stripped, "w") as dst:
        for n in names:
            dst.writestr(n, src.read(n))
    assert typed_properties(stripped.getvalue()) == []


def test_a_properties_part_declaring_a_dtd_is_refused():
    book = openpyxl.Workbook()
    book.properties.title = "x"
    dtd = rezipped(_saved(book), {"docProps/core.xml": lambda b: b'<!DOCTYPE x [<!ENTITY a "a">]>' + b})
    with pytest.raises(FileRefused) as refused:
        typed_properties(dtd)
    assert str(refused.value) == DTD_REFUSED


def test_the_company_is_read_and_the_manager_is_not():
    # Excel writes both in the extended properties part; the manager is typed as a person's name (the staff's)
    data = rezipped(_saved(openpyxl.Workbook()), {"docProps/app.xml": lambda b: b.replace(
        b"</Properties>", "<Manager>Петрова А.А.</Manager><Company>ОФ «Здоровье»</Company></Properties>".encode())})
    assert typed_properties(data) == [("company", "ОФ «Здоровье»")]
