"""The contract's checks in SQL on the ingested data (the reviewed GX suite's: gx_checks.py)."""

import datetime as dt
from dataclasses import dataclass
from typing import Iterator

import dagster as dg
import duckdb

from pipelines.defs.ingest.assets import WRITER_POOL
from pipelines.defs.ingest.file_checks import (
    COLUMNS_UNREAD, FILES, FILES_REMOVED, JUDGED_FIRST, MARKED_REJECTED, columns_unread, files_judged_first,
    files_removed, rows_marked_rejected,
)
from pipelines.defs.resources import SCREENING, PathsResource, WarehouseResource
from pipelines.lib.contract import COLUMNS
from pipelines.lib.incremental import check_sql
from pipelines.lib.sql import query_rows

HELD = dg.AssetKey(["audit", "held_rows"])


@dataclass(frozen=True)
class OffendingRows:
    """A check whose ``sql/checks/<name>.sql`` returns (failing, sample_ids); an incremental build runs
    ``sql/checks/<name>_added.sql`` instead where there is one (check_sql)."""
    name: str
    asset: dg.AssetKey
    description: str
    blocking: bool

    def spec(self) -> dg.AssetCheckSpec:
        return dg.AssetCheckSpec(self.name, asset=self.asset, blocking=self.blocking, description=self.description)

    def result(self, con: duckdb.DuckDBPyConnection) -> dg.AssetCheckResult:
        sql, added = check_sql(con, self.name)
        ((failing, sample),) = query_rows(con, sql)
        return dg.AssetCheckResult(
            check_name=self.name, asset_key=self.asset, passed=failing == 0,
            severity=dg.AssetCheckSeverity.ERROR if self.blocking else dg.AssetCheckSeverity.WARN,
            metadata={"failing": int(failing), "sample_record_ids": dg.MetadataValue.json(list(sample or [])),
                      "rows_checked": "rows added by this build" if added else "every row"},
        )


OFFENDING_ROWS = (
    OffendingRows("rows_accounted", FILES, "For every file rows_read = rows_accepted + rows_held + "
                  "rows_duplicate: nothing lost.", True),
    OffendingRows("record_id_unique", SCREENING, "Every accepted record_id appears once (else tests count "
                  "twice); an incremental build looks at the record_ids it added (the published rows passed "
                  "this check).", True),
    OffendingRows("uic_lookalikes", SCREENING, "UICs that differ only by Latin/Cyrillic look-alike letters "
                  "(e.g. A/А): possibly one person counted twice. A warning for the M&E officer, never merged "
                  "silently.", False),
    OffendingRows("tests_repeated", SCREENING, "Valid tests of one person (UIC) on one day at one site with one "
                  "result under different record_ids: possibly one test sent twice (history exported again from "
                  "a new tool, which numbers its rows anew), counted twice in tests. A warning: remove the copy at "
                  "source if they are one test.", False),
)
FRESHNESS = dg.AssetCheckSpec("site_freshness", asset=SCREENING, blocking=False,
                              description="Sites with no test in the last 45 days (a file may be missing): a warning.")
SITE_LOOKALIKES = dg.AssetCheckSpec(
    "site_lookalikes", asset=SCREENING, blocking=False,
    description="Site codes that differ only by punctuation, spacing, leading zeros or look-alike letters "
                "(ALA-01, ALA01, ALA 1): possibly one site counted as two. A warning: fix the codes at source.")

HELD_SPECS = [dg.AssetCheckSpec(f"held_{column}", asset=HELD, blocking=False,
                                description=f"Rows held back for a reason under column {column} and still to fix "
                                            "at source (a row sent again corrected is accepted: fixed)")
              for column in COLUMNS]


@dg.multi_asset_check(
    specs=[c.spec() for c in OFFENDING_ROWS] + [FRESHNESS, SITE_LOOKALIKES, FILES_REMOVED, JUDGED_FIRST,
                                                 COLUMNS_UNREAD, MARKED_REJECTED] + HELD_SPECS,
    can_subset=True,
    pool=WRITER_POOL)
def contract_checks(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource,
                    paths: PathsResource) -> Iterator[dg.AssetCheckResult]:
    """The checks in SQL, in one step (each query takes milliseconds to a second; a step of its own
    costs ~0.1-0.15 s of Dagster's work, and these run while GX's worker validates): the offending-rows
    checks, site freshness, look-alike site codes, files removed since the published build, files judged
    before the file they copy, columns like the contract's left unread, rows a form tool's review marked
    rejected, and a warning per contract column with the rows held back under it."""
    selected = {k.name for k in context.selected_asset_check_keys}
    with warehouse.reader() as con:
        for check in OFFENDING_ROWS:
            if check.name in selected:
                yield check.result(con)
        if FRESHNESS.name in selected:
            yield site_freshness(con, paths.clock().today())
        if SITE_LOOKALIKES.name in selected:
            yield site_lookalikes(con)
        if FILES_REMOVED.name in selected:
            yield files_removed(context, con, warehouse.database())
        if JUDGED_FIRST.name in selected:
            yield files_judged_first(context, con)
        if COLUMNS_UNREAD.name in selected:
            yield columns_unread(context, con)
        if MARKED_REJECTED.name in selected:
            yield rows_marked_rejected(context, con)
        held = [c for c in COLUMNS if f"held_{c}" in selected]
        if held:
            yield from held_rows(con, held)


def site_freshness(con: duckdb.DuckDBPyConnection, today: dt.date) -> dg.AssetCheckResult:
    rows = query_rows(con, "checks.site_freshness", {"as_of": today, "days": 45})
    stale = {site: str(last) for site, last in rows}
    return dg.AssetCheckResult(
        check_name=FRESHNESS.name, asset_key=SCREENING, passed=not stale, severity=dg.AssetCheckSeverity.WARN,
        metadata={"stale_sites": len(stale), "last_test_by_stale_site": dg.MetadataValue.json(stale)})


def site_lookalikes(con: duckdb.DuckDBPyConnection) -> dg.AssetCheckResult:
    groups = {key: dict(zip(codes, map(int, tests))) for key, codes, tests in query_rows(con, "checks.site_lookalikes")}
    return dg.AssetCheckResult(
        check_name=SITE_LOOKALIKES.name, asset_key=SCREENING, passed=not groups, severity=dg.AssetCheckSeverity.WARN,
        metadata={"lookalike_groups": len(groups), "tests_by_code": dg.MetadataValue.json(groups)})


def held_rows(con: duckdb.DuckDBPyConnection, columns: list[str]) -> Iterator[dg.AssetCheckResult]:
    """How many rows held back under each of ``columns`` are still to fix (``audit.held_rows_open``), how
    many were fixed since, which record_ids are open, and where the first ones are (file and row: the
    officer finds them from the UI, without a query): a row sent again corrected leaves the warning."""
    found = {c: (int(n), int(fixed), first) for c, n, fixed, first in query_rows(con, "checks.held_by_column")}
    for column in columns:
        n, fixed, first = found.get(column, (0, 0, []))  # first: (file, row, record_id) of the first ten open
        yield dg.AssetCheckResult(
            check_name=f"held_{column}", asset_key=HELD, passed=n == 0, severity=dg.AssetCheckSeverity.WARN,
            metadata={"rows_held": n, "rows_fixed_since": fixed,
                      "sample_record_ids": dg.MetadataValue.json([i for _, _, i in first if i]),
                      "first_rows_to_fix": dg.MetadataValue.md(_places([(f, r) for f, r, _ in first]))})


ROW_HEADING = "row (1 = the first under the header)"


def _places(places: list[tuple[str, int]]) -> str:
    """The (file, row) of held rows as a table: rows as audit.held_rows numbers them (1 = the first under the
    header), file names as audit.files stores them (one that carries an identifier is withheld there)."""
    if not places:
        return "none"
    cells = [(name.replace("|", r"\|"), row) for name, row in places]  # a "|" in a name would end its cell
    return "\n".join([f"| file | {ROW_HEADING} |", "|---|---|", *(f"| {name} | {row} |" for name, row in cells)])

