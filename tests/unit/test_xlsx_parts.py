"""pipelines/lib/xlsx_parts.py: a workbook's parts related to a part, by type."""

import io

import openpyxl

from pipelines.lib.xlsx_parts import placed_sheets, related_parts, unsearched, workbook_package
from tests.conftest import rezipped
from tests.unit.test_xlsx_pivots import workbook

_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


def test_the_parts_a_part_names_by_type_resolved_and_present():
    # relative and absolute targets; a target outside the package, one missing and one of another type are none
    rels = (f'<Relationships xmlns="{_PKG}">'
            '<Relationship Id="a" Type="http://x/relationships/drawing" Target="../drawings/drawing1.xml"/>'
            '<Relationship Id="b" Type="http://x/relationships/drawing" Target="/xl/drawings/drawing2.xml"/>'
            '<Relationship Id="c" Type="http://x/relationships/drawing" Target="../drawings/none.xml"/>'
            '<Relationship Id="d" Type="http://x/relationships/drawing" Target="file:///C:/a.xml" '
            'TargetMode="External"/>'
            '<Relationship Id="e" Type="http://x/relationships/vmlDrawing" Target="../drawings/vml1.vml"/>'
            '</Relationships>')
    data = rezipped(workbook(), added={"xl/worksheets/_rels/sheet1.xml.rels": rels, "xl/drawings/drawing1.xml": "<a/>",
                                       "xl/drawings/drawing2.xml": "<a/>", "xl/drawings/vml1.vml": "<a/>"})
    with workbook_package(data) as (reader, names):
        assert reader.parser.workbook_part_name == "xl/workbook.xml"
        assert related_parts(reader.archive, names, "xl/worksheets/sheet1.xml", ("/drawing",)) == [
            "xl/drawings/drawing1.xml", "xl/drawings/drawing2.xml"]
        assert related_parts(reader.archive, names, "xl/worksheets/sheet2.xml", ("/drawing",)) == []  # no .rels


def test_what_the_search_cannot_read_is_named():
    assert unsearched({"xl/workbook.xml", "xl/media/image1.png"}) is None  # a picture (a logo) is not a copy of rows
    assert unsearched({"xl/workbook.xml", "xl/embeddings/Microsoft_Excel_Worksheet.xlsx"})[0] == (
        "a file inserted in a sheet as an object (an embedded file)")
    assert unsearched({"xl/model/item.data"})[0] == (
        "a data model (Power Pivot, or a pivot table made with the data model)")


def test_every_sheet_by_its_place_and_name():
    # worksheets counted among themselves, hidden ones said so; a chart sheet counted apart
    wb = openpyxl.Workbook()
    wb.active.title = "Март 2025"
    hidden = wb.create_sheet("Иванов С.П.")
    hidden.sheet_state = "hidden"
    wb.create_chartsheet("Диаграмма")
    wb.create_sheet("Списки")
    out = io.BytesIO()
    wb.save(out)
    with workbook_package(out.getvalue()) as package:
        assert [(str(s.place), s.name, s.worksheet) for s in placed_sheets(package)] == [
            ("worksheet 1", "Март 2025", True), ("worksheet 2 (hidden)", "Иванов С.П.", True),
            ("chart sheet 1", "Диаграмма", False), ("worksheet 3", "Списки", True)]
