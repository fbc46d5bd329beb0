"""The data-quality figures every donor page shows: counts from the audit tables, never row content."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from pipelines.lib.contract import COLUMNS
from pipelines.lib.disclosure_cells import PROTECTING_MARK, SMALL_MARK

Shown = int | str  # a count as the pages show it: the number, or its mark
ROWS = ("rows_read", "rows_accepted", "rows_held", "rows_duplicate")  # rows read, and what became of them
REASON_COLUMNS = len(COLUMNS) + 1  # the columns a row can be held under: the contract's, and "row" (misfits)


@dataclass
class Quality:
    """Data-quality aggregates: counts only, no row content."""
    files: pd.DataFrame      # status, files
    rows: dict[str, int]     # ROWS
    held_by_column: pd.DataFrame  # column, rows
    late: dict[str, int] | None = None  # late_files, late_rows


def load_quality(con, report_day: int) -> Quality:
    """Data-quality aggregates for the report, from the audit tables (counts only)."""
    from pipelines.lib.sql import query_df

    return Quality(files=query_df(con, "report.quality_files"),
                   rows=query_df(con, "report.quality_rows").iloc[0].astype(int).to_dict(),
                   held_by_column=query_df(con, "report.quality_held"),
                   late=query_df(con, "report.quality_late", {"report_day": report_day}).iloc[0].astype(int).to_dict())


def shown_counts(rows: dict[str, int], held_by_column: list[tuple[str, int]],
                 columns: int = REASON_COLUMNS) -> tuple[dict[str, Shown], list[tuple[str, int]] | None, bool]:
    """The rows read, accepted, held back and duplicate, and the columns rows were held under, as donors see
    them: no count of 1 to 4, none that the others let one work out, and each choice made from what is shown
    (so that what is withheld tells nothing more).
    - Rows read are the sum of the other three: withheld when one of those is "<5" (marked "withheld" where
      the shown counts put them at 5 or more, as in the indicators).
    - A row held for two reasons counts under both columns, so the rows held back are at most the columns'
      sum: beside the total, a column's "<5" would be at least the total less the other columns. Only columns
      with 5 or more are listed; the third value says whether other columns held 1 to 4 each.
    - If the total less the listed columns is 4 for every column not listed (each must then have held 4),
      none is listed (None) and the total is withheld, with the rows read.
    Rounding to tens with every column listed (tried) pinned a "<5" in about one display in a hundred: the
    rounding's ends, or the total less the other columns."""
    rows = {k: int(v) for k, v in rows.items()}
    held_by_column = [(c, int(n)) for c, n in held_by_column]
    shown: dict[str, Shown] = {k: SMALL_MARK if 1 <= v <= 4 else v for k, v in rows.items()}
    least = {k: 1 if shown[k] == SMALL_MARK else v for k, v in rows.items()}  # what the shown counts prove
    listed = [(c, n) for c, n in held_by_column if n >= 5]
    others = any(1 <= n <= 4 for _, n in held_by_column)
    # decided on what is shown: a total of 1 to 4 is "<5" already (and deciding on it would tell it)
    pinned = (others and isinstance(shown["rows_held"], int)
              and rows["rows_held"] - sum(n for _, n in listed) >= 4 * (columns - len(listed)))
    if pinned:  # so many rows held that no column has fewer than 4: far more than 5 (4 a column)
        shown["rows_held"], least["rows_held"] = PROTECTING_MARK, 5
    parts = ROWS[1:]
    if any(isinstance(shown[k], str) for k in parts) and isinstance(shown["rows_read"], int):
        shown["rows_read"] = PROTECTING_MARK if sum(least[k] for k in parts) >= 5 else SMALL_MARK
    return shown, None if pinned else listed, others
