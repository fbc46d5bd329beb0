"""Rows of a sheet held back for how their contract cells were made in Excel, and what the officer is told.

*Merged cells.* Excel keeps a merged range's value in its first (top-left) cell; the others are empty,
however the sheet shows them. Field teams merge a column's cells over an outreach day's rows (one site,
one date, one modality): read cell by cell, every row but the first has no value there, so a required
column was held back as "missing" with no word of why, and an optional one (test_modality, care_location)
was accepted without its value. A cell that keeps a value of its own (LibreOffice can keep the merged
cells' contents) is read as it is.

*Formulas.* A formula is read as its text, never evaluated (README, *Hostile input*): a template's ids made
by a formula (``="ALA01-"&TEXT(ROW()-1;"0000")``, the same text in every row) were loaded as one record_id
and every other row held as a changed row under it, and a site taken from another cell (``=Settings!B1``)
was published as a site of that name. No value of the contract begins with "=".

Such rows are held back under ``row`` (the readers' ROW_ERROR) naming the cells and what to do.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from pipelines.lib.contract import COLUMNS, ROW_NUMBER

LISTED = 5  # cells a reason names; a row merged across the whole sheet says how many more
MERGED = "whose value Excel keeps in the first cell only: unmerge them and fill in each row's value"
FORMULA = "replace the formulas by their values (copy the column, then Paste Special > Values)"


def row_reasons(table: pa.Table, names: Sequence[str], merged: Iterable[str]) -> pa.Array | None:
    """For each row of ``table`` (a sheet's rows as text, numbered in ROW_NUMBER: 1 is the sheet's row 2)
    why it is held back for its contract cells (merged, formulas), or null; None where no row is.
    ``names``: the sheet's headings, from column A; ``merged``: its merged ranges ("D2:D5")."""
    found = [r for r in (merged_cell_reasons(merged, names, table), formula_cell_reasons(names, table))
             if r is not None]
    if len(found) < 2:
        return found[0] if found else None
    return pa.array(["; ".join(r for r in pair if r) or None for pair in zip(*(f.to_pylist() for f in found))],
                    pa.string())


def merged_cell_reasons(refs: Iterable[str], names: Sequence[str], table: pa.Table) -> pa.Array | None:
    """Per row (as ``row_reasons``) its empty contract cells inside merged cells other than a range's
    first; None where no row has one."""
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
    reasons: list[str | None] = [None] * table.num_rows
    for index, cells in found.items():
        if cells:
            cells.sort()
            ranges = ", ".join(dict.fromkeys(ref for _, _, ref in cells))
            one = len(cells) == 1
            reasons[index] = (f"{_cells(cells, names)} {'is' if one else 'are'} part of merged cells {ranges}, "
                              + MERGED)
    return pa.array(reasons, pa.string()) if any(reasons) else None


def formula_cell_reasons(names: Sequence[str], table: pa.Table) -> pa.Array | None:
    """Per row (as ``row_reasons``) its contract cells holding a formula; None where no row has one."""
    from openpyxl.utils.cell import get_column_letter

    found: dict[int, list[tuple[int, str, str]]] = {}
    row_numbers = None
    for c, name in enumerate(names, start=1):
        if name not in COLUMNS:
            continue
        formulas = pc.starts_with(table.column(name), "=")
        if not pc.any(formulas).as_py():
            continue
        if row_numbers is None:
            row_numbers = table.column(ROW_NUMBER).to_numpy()
        for index in np.flatnonzero(formulas.fill_null(False).to_numpy(zero_copy_only=False)).tolist():
            found.setdefault(index, []).append((c, f"{get_column_letter(c)}{int(row_numbers[index]) + 1}", ""))
    if not found:
        return None
    reasons: list[str | None] = [None] * table.num_rows
    for index, cells in found.items():
        one = len(cells) == 1
        read = "holds a formula, read as its text, not its result" if one else \
            "hold formulas, read as their text, not their results"
        reasons[index] = f"{_cells(cells, names)} {read}: {FORMULA}"
    return pa.array(reasons, pa.string())


def _cells(cells: list[tuple[int, str, str]], names: Sequence[str]) -> str:
    shown = ", ".join(f"{cell} ({names[c - 1]})" for c, cell, _ in cells[:LISTED])
    more = f" and {len(cells) - LISTED} more" if len(cells) > LISTED else ""
    return f"{'cell' if len(cells) == 1 else 'cells'} {shown}{more}"
