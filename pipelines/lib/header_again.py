"""A file's header row again amid its rows, as when two exports are joined into one, with its columns in
another order: the rows after it would be read under the first header's columns.

Column order is free (the specification), so two exports of one site may order their columns otherwise.
Joined as they are, the second one's rows would be read under the first one's headings: most values would
be held back as out of place, but two columns of one kind swapped (linked_date and art_start_date, or two
coded columns sharing a value) would be loaded, their figures wrong without a word. The header again in
its columns' places is a row held back as before (``mh_header_again`` in sql/staging/screening_rules.sql).

A template may also label its columns a second time under the contract's names, in the programme's language
("Дата теста" under test_date): that row is held back with one reason (``labels_row_held``).
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from pipelines.lib.cells import held_back, may_hold
from pipelines.lib.column_likeness import meant_column
from pipelines.lib.contract import COLUMNS, READER_COLUMNS, ROW_NUMBER, column_named, is_unheaded, normalise_header

# how the reason for a row of the headings in other words begins: sql/staging/screening_rules.sql gives a row
# whose reader's reason starts so that one reason, not one a column (its final CASE, by this text)
LABELS_ROW = "the contract's headings again in other words"


def header_moved(table: pa.Table, before: int) -> str | None:
    """Why a file is refused where a row of ``table`` (a part, the rows after row ``before``) holds the
    record_id and client_uic headings in their columns and another column's place holds another heading;
    else None. Only the file's own headings are named, never the row's cells."""
    if "record_id" not in table.column_names or "client_uic" not in table.column_names:
        return None
    # few rows can be the header: those whose record_id mentions "record" ("Record ID", "RECORD_ID")
    if not may_hold(table.column("record_id"), b"ecord", b"ECORD"):
        return None
    maybe = pc.fill_null(pc.match_substring(table.column("record_id"), "record", ignore_case=True), False)
    for i in pc.indices_nonzero(maybe).to_pylist():
        row = {name: table.column(name)[i].as_py() for name in table.column_names}
        if normalise_header(row["record_id"]) != "record_id" or normalise_header(row["client_uic"]) != "client_uic":
            continue
        moved = [column_named(name, place) for place, (name, cell) in enumerate(row.items(), start=1)
                 if name not in READER_COLUMNS and not is_unheaded(name) and cell is not None
                 and normalise_header(cell) != name]
        if moved:
            number = row[ROW_NUMBER] if ROW_NUMBER in row else before + i + 1
            return (f"row {number} is the header row again (two exports joined into one?) with its columns in "
                    f"another order ({', '.join(moved[:4])}{', ...' if len(moved) > 4 else ''} headed otherwise "
                    "there): the rows after it would be read under the first row's headings; split the file at "
                    "that row, or give both parts their columns in one order")
    return None


def labels_row_held(table: pa.Table) -> pa.Table:
    """``table`` (a file's first part) with its first row held back where it labels the contract's columns
    in other words ("Дата теста" under test_date, "Пол" under sex: a template's second header row): four of
    its cells or more, and half of those it fills in the contract's columns, are other names for their
    own column (``column_likeness``). Until 2026-12-07 such a row was held with a reason for every column."""
    if not table.num_rows:
        return table
    cells = {c: table.column(c)[0].as_py() for c in COLUMNS if c in table.column_names}
    filled = [(c, v) for c, v in cells.items() if v is not None and v.strip()]
    labels = [(c, v.strip()) for c, v in filled if normalise_header(v) == c or meant_column(v, [c]) == c]
    if len(labels) < 4 or 2 * len(labels) < len(filled):
        return table
    shown = ", ".join(f"{v!r} under {c}" for c, v in labels[:3])
    why = f"{LABELS_ROW} ({shown}, ...: a template's second header row?), not a record: delete this row"
    return held_back(table, pa.array([True] + [False] * (table.num_rows - 1)), why)
