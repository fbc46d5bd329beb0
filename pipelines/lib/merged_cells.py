"""Rows of a sheet with a contract cell inside merged cells, and what the officer is told about them.

Excel keeps a merged range's value in its first (top-left) cell; the others are empty, however the sheet
shows them. Field teams merge a column's cells over an outreach day's rows (one site, one date, one
modality): read cell by cell, every row but the first has no value there, so a required column was held
back as "missing" with no word of why, and an optional one (test_modality, care_location) was accepted
without its value. Such rows are held back under ``row`` naming the cells to unmerge and fill in. A cell
that keeps a value of its own (LibreOffice can keep the merged cells' contents) is read as it is.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pyarrow as pa

from pipelines.lib.contract import COLUMNS, ROW_NUMBER

LISTED = 5  # cells a reason names; a row merged across the whole sheet says how many more


def merged_cell_reasons(refs: Iterable[str], names: Sequence[str], table: pa.Table) -> pa.Array | None:
    """For each row of ``table`` (a sheet's rows as text, numbered in ROW_NUMBER: 1 is the sheet's row 2)
    the reason it is held back for empty contract cells inside merged cells other than a range's first, or
    null; None where no row has one. ``names``: the sheet's headings, from column A; ``refs``: its merged
    ranges ("D2:D5")."""
    from openpyxl.utils.cell import get_column_letter, range_boundaries

    row_numbers = table.column(ROW_NUMBER).to_numpy()
    empty = {i: table.column(name).is_null().to_numpy(zero_copy_only=False)
             for i, name in enumerate(names, start=1) if name in COLUMNS}
    found: dict[int, list[tuple[int, str, str]]] = {}  # row index -> (column, cell, range)
    for ref in refs:
        try:
            first_col, first_row, last_col, last_row = range_boundaries(ref)
        except (TypeError, ValueError):  # not a cell range: Excel writes none such
            continue
        if None in (first_col, first_row, last_col, last_row):  # a whole column or row ("D:D"): likewise
            continue
        columns = [c for c in range(first_col, last_col + 1) if c in empty]
        if not columns or (first_col, first_row) == (last_col, last_row):
            continue
        # only the rows the table holds: a range may reach the sheet's last row
        for index in np.flatnonzero((row_numbers >= first_row - 1) & (row_numbers <= last_row - 1)).tolist():
            sheet_row = int(row_numbers[index]) + 1
            found.setdefault(index, []).extend(
                (c, f"{get_column_letter(c)}{sheet_row}", ref) for c in columns
                if (c, sheet_row) != (first_col, first_row) and empty[c][index])
    reasons: list[str | None] = [None] * len(row_numbers)
    for index, cells in found.items():
        if cells:
            reasons[index] = _reason(sorted(cells), names)
    return pa.array(reasons, pa.string()) if any(reasons) else None


def _reason(cells: list[tuple[int, str, str]], names: Sequence[str]) -> str:
    shown = ", ".join(f"{cell} ({names[c - 1]})" for c, cell, _ in cells[:LISTED])
    more = f" and {len(cells) - LISTED} more" if len(cells) > LISTED else ""
    ranges = ", ".join(dict.fromkeys(ref for _, _, ref in cells))
    one = len(cells) == 1
    return (f"{'cell' if one else 'cells'} {shown}{more} {'is' if one else 'are'} part of merged cells {ranges}, "
            "whose value Excel keeps in the first cell only: unmerge them and fill in each row's value")
