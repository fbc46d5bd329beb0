"""The rows a workbook's pivot tables keep of their source: its pivot caches.

Excel saves a pivot table with a copy of the rows it was made from ("Save source data with file", on by
default) and, whatever that setting, each field's distinct values that the table shows. The copy stays when
the source is gone: a register with names summarised in a pivot table, its sheet then deleted, still travels
in the file. No worksheet holds it, so the worksheets' search does not see it; ``identifiers``
searches each cache as it searches a worksheet.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO

from pipelines.lib.xlsx_parts import Package, parse_part, related_parts, workbook_package

_DEFINITION = "/pivotCacheDefinition"  # how the workbook's relationships name a cache; its rows' part:
_RECORDS = "/pivotCacheRecords"
_VALUES = {"s", "n", "d", "b", "e"}  # a value's element, its text in "v"; "m": a missing value; "x": a shared one


@dataclass
class PivotCache:
    """A cache's fields by their names (the source's headings) and its values, a list a field: the rows'
    where they were saved, else the field's distinct values (the rest of a shorter list is missing)."""
    names: list[str]
    columns: list[list[str | None]]


def pivot_caches(data: bytes | Package) -> list[PivotCache]:
    """Each pivot cache of a workbook, in the order its relationships list them. A part declaring a DTD
    refuses the workbook (``xlsx_parts.parse_part``)."""
    caches: list[PivotCache] = []
    with workbook_package(data) as (reader, names):
        workbook = reader.parser.workbook_part_name
        for definition in related_parts(reader.archive, names, workbook, (_DEFINITION,)):
            with reader.archive.open(definition) as source:
                fields, shared = _definition(source)
            columns = [list(items) for items in shared]
            for part in related_parts(reader.archive, names, definition, (_RECORDS,)):
                with reader.archive.open(part) as source:
                    columns = _records(source, fields, shared)
            caches.append(PivotCache([name for name, _ in fields], columns))
    return caches


def _definition(part: IO[bytes]) -> tuple[list[tuple[str, bool]], list[list[str | None]]]:
    """A cache definition's fields as (name, whether the records hold it: a grouped or calculated field's
    values are not the source's), and each field's shared values."""
    fields: list[tuple[str, bool]] = []
    shared: list[list[str | None]] = []
    depth = {"sharedItems": False}

    def start(name: str, attrs: dict) -> None:
        local = name.rsplit(" ", 1)[-1]
        if local == "cacheField":
            fields.append((attrs.get("name", ""), attrs.get("databaseField", "1") not in ("0", "false")))
            shared.append([])
        elif local == "sharedItems":
            depth["sharedItems"] = True
        elif depth["sharedItems"] and shared and (local in _VALUES or local == "m"):
            shared[-1].append(attrs.get("v") if local in _VALUES else None)

    def end(name: str) -> None:
        if name.rsplit(" ", 1)[-1] == "sharedItems":
            depth["sharedItems"] = False

    parse_part(part, start, end)
    return fields, shared


def _records(part: IO[bytes], fields: list[tuple[str, bool]], shared: list[list[str | None]]
             ) -> list[list[str | None]]:
    """A cache's saved rows as a list of values a field: a record's values are its database fields' in
    order, each given, or a shared value by its index ("x")."""
    held = [i for i, (_, database) in enumerate(fields) if database]
    columns: list[list[str | None]] = [[] for _ in fields]
    at = [0, 0, 0]  # the next field a record gives; the records read; elements open within a record
    local_names: dict[str, str] = {}  # a name's local part, found once (a cache of 300,000 rows: 5M elements)

    def start(name: str, attrs: dict) -> None:
        local = local_names.get(name) or local_names.setdefault(name, name.rsplit(" ", 1)[-1])
        if local == "r":
            at[0], at[2] = 0, 0
            return
        at[2] += 1  # a value's own elements (an OLAP member's properties) are not the record's values
        if at[2] > 1 or local not in _VALUES and local not in ("x", "m") or at[0] >= len(held):
            return
        field = held[at[0]]
        at[0] += 1
        value = attrs.get("v")
        if local == "x":
            index = int(value) if value and value.isdigit() else -1
            value = shared[field][index] if 0 <= index < len(shared[field]) else None
        columns[field].append(value if local != "m" else None)

    def end(name: str) -> None:
        if (local_names.get(name) or name.rsplit(" ", 1)[-1]) != "r":
            at[2] -= 1
            return
        at[1] += 1
        for field in held[at[0]:]:  # a field a record does not give is missing in it
            columns[field].append(None)

    parse_part(part, start, end)
    for column in columns:  # the fields the records do not hold
        column.extend([None] * (at[1] - len(column)))
    return columns
