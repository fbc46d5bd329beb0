"""The document properties a person types into a workbook (File, Info, Properties): its title, subject, tags,
comments, category, status and company, and its custom properties' values ("Клиент: Иванов Сергей" typed as a
title, a register's phone number kept as a custom property). None of them is a cell's value, so the worksheets'
search does not see them; ``identifiers.workbook_identifiers`` searches them as free text.

Not its author, last modifier or manager: Office writes its user's name as the author, and the manager is
typed as a person's, so all three are the programme's staff's, as a form tool's submitter is.
"""

from __future__ import annotations

from pipelines.lib.xlsx_parts import Package, parse_part, workbook_package

# the elements of docProps/core.xml and docProps/app.xml that a person types, by local name, as Excel's
# properties pane names them
_TYPED = {"title": "title", "subject": "subject", "keywords": "tags", "description": "comments",
          "category": "category", "contentStatus": "status", "Company": "company"}
_PARTS = ("docProps/core.xml", "docProps/app.xml")
_CUSTOM = "docProps/custom.xml"


def _local(name: str) -> str:
    return name.rsplit(" ", 1)[-1]  # expat gives "namespace localname"


def typed_properties(data: bytes | Package) -> list[tuple[str, str]]:
    """Each typed property of the workbook that holds text, as (how Excel names it, its text); a custom
    property as ("a custom property", its value), never by its name, which may be anything."""
    found: list[tuple[str, str]] = []
    with workbook_package(data) as package:
        for part in (*_PARTS, _CUSTOM):
            if part in package.names:
                found += _read(package, part)
    return [(what, text.strip()) for what, text in found if text.strip()]


def _read(package: Package, part: str) -> list[tuple[str, str]]:
    """The typed properties of one part: in core and app, the elements of ``_TYPED``; in custom, the value
    of each property element."""
    found: list[tuple[str, str]] = []
    open_: list[str] = []  # what the text being read belongs to, innermost last
    texts: list[str] = []

    def start(name: str, attrs: dict) -> None:
        local = _local(name)
        if part == _CUSTOM and local == "property":
            open_.append("a custom property")
        elif part != _CUSTOM and local in _TYPED:
            open_.append(_TYPED[local])
        else:
            return
        texts.clear()

    def end(name: str) -> None:
        local = _local(name)
        if open_ and (local == "property" if part == _CUSTOM else local in _TYPED):
            found.append((open_.pop(), "".join(texts)))

    def text(data: str) -> None:
        if open_:
            texts.append(data)

    with package.reader.archive.open(part) as source:
        parse_part(source, start, end, text)
    return found
