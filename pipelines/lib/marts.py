"""Building the marts: every period at once, a slice of periods (a month partition), or, when the
build only added files, just the cells of the people those files touch."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from pipelines.lib.sql import SQL_DIR, files_digest, query_df, query_rows, registered, run_sql

EVERY_PERIOD = ["*"]


def definition_fingerprint(sql_dir: Path = SQL_DIR, module: Path = Path(__file__)) -> str:
    """What marts.indicators means: the shared macros, every file of ``sql/marts/`` and this module
    (``module``), which chooses the statements and their parameters (which tests, periods and parts make
    the cells). Published cells are only added to when it is unchanged."""
    files = sorted((sql_dir / "macros").glob("*.sql")) + sorted((sql_dir / "marts").glob("*.sql")) + [module]
    return files_digest(files).hexdigest()


def build_person_periods(con: duckdb.DuckDBPyConnection) -> None:
    """The views ``marts.valid_tests`` and ``marts.person_periods`` (computed when read)."""
    run_sql(con, "macros.indicators")
    run_sql(con, "marts.person_periods")


def _start_cells(con: duckdb.DuckDBPyConnection, targets: pd.DataFrame) -> None:
    """What every indicator build reads: the macros, the targets as a temp table, an empty cells_parts."""
    run_sql(con, "macros.indicators")
    with registered(con, "targets_df", targets):
        run_sql(con, "marts.targets")
    run_sql(con, "marts.cells_parts")


def _cells(con: duckdb.DuckDBPyConnection, tests: str, periods: list[str], part: str,
           kept_counts: bool = False) -> None:
    """Add the cells of the valid tests ``tests`` (a relation name) to cells_parts under ``part``.
    ``kept_counts``: ``tests`` is every valid test and the ingest's count per UIC is current
    (``pipelines.lib.incremental.counts_current``), so the people with several are read from it."""
    if kept_counts:
        run_sql(con, "marts.repeat_testers_kept")
        repeat_testers = "repeat_testers_kept"
    else:
        run_sql(con, "marts.repeat_testers", {"tests": tests})
        repeat_testers = "repeat_testers_of_tests"
    run_sql(con, "marts.cells", {"tests": tests, "repeat_testers": repeat_testers, "periods": list(periods),
                                 "part": part})


def build_indicators(con: duckdb.DuckDBPyConnection, targets: pd.DataFrame,
                     periods: list[str] = EVERY_PERIOD, kept_counts: bool = False) -> None:
    """(Re)build the rows of ``marts.indicators`` for ``periods`` from every valid test and the targets
    (``kept_counts`` as in ``_cells``)."""
    _start_cells(con, targets)
    _cells(con, "marts.valid_tests", periods, "built", kept_counts)
    run_sql(con, "marts.indicators", {"periods": list(periods)})


def added_files(con: duckdb.DuckDBPyConnection, definition_sha: str) -> tuple[list[str] | None, str]:
    """The loaded files the build's marts.indicators does not count yet, or None when it must be
    built from every valid test (also when it was built by definitions other than ``definition_sha``);
    and why, for the run log."""
    ((present,),) = query_rows(con, "audit.marts_build_present")
    if not present:
        return None, "indicators from every valid test: the build has no earlier indicators"
    ((sha, added, gone),) = query_rows(con, "audit.marts_state")
    if sha != definition_sha:
        return None, "indicators from every valid test: the indicator definitions changed"
    if gone:
        return None, f"indicators from every valid test: {gone} counted file(s) are no longer loaded"
    return list(added), f"indicators added to: {len(added)} file(s) not counted yet"


def refresh_indicators(con: duckdb.DuckDBPyConnection, targets: pd.DataFrame, kept_counts: bool = False) -> str:
    """All of ``marts.indicators`` for the build's staging and the current targets, the same as
    ``build_indicators`` gives (tested). When the build only added files to the staging its
    indicators were computed from, the cells of the people with a valid test in those files are
    taken out and put back recomputed, in the periods of those tests; counts are sums over people,
    so that is exact. ``kept_counts`` as in ``_cells``, for a build from every valid test. Returns
    what was done, for the run log."""
    definition_sha = definition_fingerprint()  # read once: what this build is checked against and stamped with
    added, why = added_files(con, definition_sha)
    con.begin()
    try:
        if added is None:
            build_indicators(con, targets, kept_counts=kept_counts)
        else:
            _start_cells(con, targets)
            run_sql(con, "marts.cells_published")
            run_sql(con, "marts.scope", {"files": added})
            ((periods,),) = query_rows(con, "marts.scope_periods")
            if periods:
                for part, tests in (("removed", "scope_before"), ("added", "scope_after")):
                    _cells(con, tests, periods, part)
            run_sql(con, "marts.indicators", {"periods": EVERY_PERIOD})
            why += f", {len(periods)} period(s) recomputed for the people they touch"
        run_sql(con, "audit.marts_build", {"definition_sha": definition_sha})
        con.commit()
    except BaseException:
        con.rollback()
        raise
    return why


def unmet_targets(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The targets of this connection's last indicator build that give no coverage figure (period, dimension,
    category, target): sql/marts/targets_unmet.sql."""
    return query_df(con, "marts.targets_unmet")


def build_marts(con: duckdb.DuckDBPyConnection, targets: pd.DataFrame,
                periods: list[str] = EVERY_PERIOD, kept_counts: bool = False) -> None:
    build_person_periods(con)
    build_indicators(con, targets, periods, kept_counts)


def build_report_indicators(con: duckdb.DuckDBPyConnection) -> tuple[int, int]:
    """``report.indicators`` from the whole of ``marts.indicators`` (complementary suppression looks
    across periods, so a slice rebuild redoes all of it); returns (rows, suppressed rows)."""
    from pipelines.lib import disclosure

    published = disclosure.apply(query_df(con, "report.unsuppressed"))
    with registered(con, "published_df", published):
        run_sql(con, "report.indicators")
    ((rows, suppressed),) = query_rows(con, "report.suppressed_counts")
    return int(rows), int(suppressed)
