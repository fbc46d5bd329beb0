"""The data-quality figures every donor page shows: counts from the audit tables, never row content."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass
class Quality:
    """Data-quality aggregates: counts only, no row content."""
    files: pd.DataFrame      # status, files
    rows: dict[str, int]     # rows_read, rows_accepted, rows_held, rows_duplicate
    held_by_column: pd.DataFrame  # column, rows
    late: dict[str, int] | None = None  # late_files, late_rows


def load_quality(con, report_day: int) -> Quality:
    """Data-quality aggregates for the report, from the audit tables (counts only)."""
    from pipelines.lib.sql import query_df

    return Quality(files=query_df(con, "report.quality_files"),
                   rows=query_df(con, "report.quality_rows").iloc[0].astype(int).to_dict(),
                   held_by_column=query_df(con, "report.quality_held"),
                   late=query_df(con, "report.quality_late", {"report_day": report_day}).iloc[0].astype(int).to_dict())
