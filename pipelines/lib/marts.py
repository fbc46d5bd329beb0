"""Building the marts: every period at once, or a slice of periods (a month partition)."""

from __future__ import annotations

import duckdb
import pandas as pd

from pipelines.lib.sql import query_df, query_rows, run_sql

EVERY_PERIOD = ["*"]


def build_person_periods(con: duckdb.DuckDBPyConnection) -> None:
    """The views ``marts.valid_tests`` and ``marts.person_periods`` (computed when read)."""
    run_sql(con, "macros.indicators")
    run_sql(con, "marts.person_periods")


def build_indicators(con: duckdb.DuckDBPyConnection, targets: pd.DataFrame,
                     periods: list[str] = EVERY_PERIOD) -> None:
    """(Re)build the rows of ``marts.indicators`` for ``periods`` from person_periods and targets."""
    run_sql(con, "macros.indicators")
    con.register("targets_df", targets)
    con.execute("CREATE OR REPLACE TEMP TABLE targets AS SELECT * FROM targets_df")
    con.unregister("targets_df")
    run_sql(con, "marts.indicators", {"periods": list(periods)})


def build_marts(con: duckdb.DuckDBPyConnection, targets: pd.DataFrame,
                periods: list[str] = EVERY_PERIOD) -> None:
    build_person_periods(con)
    build_indicators(con, targets, periods)


def build_report_indicators(con: duckdb.DuckDBPyConnection) -> tuple[int, int]:
    """``report.indicators`` from the whole of ``marts.indicators`` (complementary suppression looks
    across periods, so a slice rebuild redoes all of it); returns (rows, suppressed rows)."""
    from pipelines.lib import disclosure

    published = disclosure.apply(query_df(con, "report.unsuppressed"))
    con.register("published_df", published)
    run_sql(con, "report.indicators")
    con.unregister("published_df")
    ((rows, suppressed),) = query_rows(con, "report.suppressed_counts")
    return int(rows), int(suppressed)
