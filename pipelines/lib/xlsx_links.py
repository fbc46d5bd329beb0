"""The cells a workbook keeps of the other workbooks its formulas refer to: its external links' caches.

A formula such as ``=VLOOKUP(A2,'[Регистр.xlsx]Лист1'!$A:$D,2,0)`` makes Excel save, in the workbook, the
values of the range it refers to, so that the formula shows a value without the other file: a register's
names and phone numbers travel in a file that shows one column of them, or none. The worksheets' search reads
a formula cell as its text; ``identifiers`` searches each cached sheet as it searches a worksheet.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO

from openpyxl.utils.cell import column_index_from_string, coordinate_from_string, get_column_letter

from pipelines.lib.xlsx_parts import Package, parse_part, related_parts, workbook_package

_LINK = "/externalLink"  # how the workbook's relationships name an external link's part


@dataclass
class LinkedSheet:
    """A sheet of another workbook as the cache keeps it: its columns' headings (the cached first row's
    cells, "" where none), values from the first row, a list a column (None: no cell cached), and letters."""
    names: list[str]
    columns: list[list[str | None]]
    letters: list[str]


def linked_sheets(data: bytes | Package) -> list[LinkedSheet]:
    """Each cached sheet of each external link of a workbook, in the order its relationships list them. A
    part declaring a DTD refuses the workbook (``xlsx_parts.parse_part``)."""
    sheets: list[LinkedSheet] = []
    with workbook_package(data) as (reader, names):
        reader.read_strings()
        for link in related_parts(reader.archive, names, reader.parser.workbook_part_name, (_LINK,)):
            with reader.archive.open(link) as source:
                sheets += [_sheet(cells) for cells in _cached(source, reader.shared_strings)]
    return sheets


def _cached(part: IO[bytes], strings: list) -> list[dict[tuple[int, int], str]]:
    """An external link part's cached sheets, each as its cells' values by (row, column), from 1."""
    sheets: list[dict[tuple[int, int], str]] = []
    cell: list = []  # the cell being read: its place, its type, its value's text

    def start(name: str, attrs: dict) -> None:
        local = name.rsplit(" ", 1)[-1]
        if local == "sheetData":
            sheets.append({})
        elif local == "cell" and sheets:
            letters, row = coordinate_from_string(attrs.get("r", "A1"))
            cell[:] = [(row, column_index_from_string(letters)), attrs.get("t"), []]

    def end(name: str) -> None:
        if name.rsplit(" ", 1)[-1] == "cell" and cell:
            place, kind, texts = cell
            value = "".join(texts)
            if kind == "s" and value.isdigit() and int(value) < len(strings):  # a shared string, by its index
                value = str(strings[int(value)])
            if value:
                sheets[-1][place] = value
            cell.clear()

    def text(data: str) -> None:
        if cell:
            cell[2].append(data)

    parse_part(part, start, end, text)
    return sheets


def _sheet(cells: dict[tuple[int, int], str]) -> LinkedSheet:
    rows = max((row for row, _ in cells), default=0)
    places = sorted({column for _, column in cells})
    columns = [[cells.get((row, column)) for row in range(1, rows + 1)] for column in places]
    return LinkedSheet([column[0] or "" for column in columns], columns, [get_column_letter(c) for c in places])
