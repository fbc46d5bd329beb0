"""Figures a donor could subtract: this build's report.indicators against earlier releases.

Each release passes disclosure control on its own, but a donor who kept an earlier report can subtract
its figures from the new one's. When late files add a few tests to a published month, the differences
are counts of 1-4 with their month, country, key population and result (a cross-tabulation the reports
never publish). The releases compared with are those the officer marked as sent to donors
(audit.sent_figures) and every release published since the last of them, or since the first while none is
(audit.released_figures), since any of them may have been sent without being marked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipelines.lib.sql import query_rows, run_sql


@dataclass(frozen=True)
class Revisions:
    compared: int  # rows of report.indicators published here and in an earlier release compared with
    by_period: dict[str, int]  # of those, the rows revised by 1-4, per period that has any
    sent_releases: int  # releases marked as sent that were compared with (and those published since)

    @property
    def revised(self) -> int:
        return sum(self.by_period.values())


@contextmanager
def published_attached(con: duckdb.DuckDBPyConnection,
                       published: Path) -> Iterator[Callable[[str, str], bool] | None]:
    """Within the block, the published warehouse at ``published`` attached read-only to ``con`` as prev, and
    a test of whether it has a table (schema, table): an older release may lack one. None, and nothing
    attached, when there is no published warehouse yet."""
    if not published.exists():
        yield None
        return
    run_sql(con, "audit.previous_attach", {"path": str(published)})

    def has(schema: str, table: str) -> bool:
        ((found,),) = query_rows(con, "audit.previous_has_table", {"schema": schema, "table": table})
        return bool(found)

    try:
        yield has
    finally:
        run_sql(con, "audit.previous_detach")


def small_revisions(con: duckdb.DuckDBPyConnection, previous: Path) -> Revisions | None:
    """The rows of ``con``'s report.indicators whose published figures differ by 1 to 4 from those of an
    earlier release in the warehouse at ``previous`` (``sql/report/revisions.sql``): every release the
    officer marked as sent to donors (``audit.sent_figures``), every release published since the last of
    them (``audit.released_figures``) and the release ``previous`` holds; None when there is no earlier
    release to compare with. Figures equal to a sent release's are not revised (donors hold them)."""
    with published_attached(con, previous) as has:
        if has is None or not has("report", "indicators"):
            return None
        run_sql(con, "report.earlier_replaced")
        sent = 0
        if has("audit", "sent_figures"):
            ((sent,),) = query_rows(con, "audit.previous_sent_count")
            run_sql(con, "report.earlier_sent")
        if has("audit", "released_figures"):
            run_sql(con, "report.earlier_released")
    rows = query_rows(con, "report.revisions")
    return Revisions(compared=sum(int(c) for _, _, c in rows), by_period={p: int(n) for p, n, _ in rows if n},
                     sent_releases=int(sent))


def keep_release(con: duckdb.DuckDBPyConnection, released_at: dt.datetime) -> None:
    """Before ``con``'s build is published: its published figures join audit.released_figures (both
    tables created if the warehouse predates them)."""
    run_sql(con, "audit.figure_tables")
    run_sql(con, "audit.released_figures", {"released_at": released_at})
