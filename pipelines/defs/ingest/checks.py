"""The contract's checks in SQL on the ingested data (the reviewed GX suite's: gx_checks.py)."""

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import dagster as dg
import duckdb

from pipelines.defs.ingest.assets import WRITER_POOL
from pipelines.defs.resources import SCREENING, PathsResource, WarehouseResource
from pipelines.lib.column_likeness import UNREAD_MARK
from pipelines.lib.contract import COLUMNS
from pipelines.lib.file_order import judged_before_original
from pipelines.lib.incremental import check_sql
from pipelines.lib.revisions import published_attached
from pipelines.lib.sql import query_rows

HELD = dg.AssetKey(["audit", "held_rows"])
FILES = dg.AssetKey(["audit", "files"])


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
FILES_REMOVED = dg.AssetCheckSpec(
    "files_removed", asset=FILES, blocking=False,
    description="Files the published warehouse loaded rows from that the inbox no longer holds, by name or by "
                "bytes (taken out, or a share synced in part): their rows are no longer counted in what this "
                "build publishes. A warning: put them back unless they were taken out on purpose.")
JUDGED_FIRST = dg.AssetCheckSpec(
    "files_judged_first", asset=FILES, blocking=False,
    description="Files named as a copy or a correction of another ('ala-01_2025-01 (2).csv', "
                "'ala-01_2025-01-corrected.csv' beside 'ala-01_2025-01.csv') that sort before it and share "
                "record_ids with it: their rows were judged first, so a row corrected in them leaves the other "
                "file's held row open, and a row changed in them is the one loaded. A warning: name a correction "
                "to sort after the file it corrects ('ala-01_2025-01_v2.csv').")
COLUMNS_UNREAD = dg.AssetCheckSpec(
    "columns_unread", asset=FILES, blocking=False,
    description="Loaded files with a column the contract does not know that looks like one of its own "
                "('viral_load', 'date_linked', 'linkd_date'): its values were not read, so no figure counts them "
                "(the care cascade's, for one). A warning: have the heading written as the contract writes it.")
HELD_SPECS = [dg.AssetCheckSpec(f"held_{column}", asset=HELD, blocking=False,
                                description=f"Rows held back for a reason under column {column} and still to fix "
                                            "at source (a row sent again corrected is accepted: fixed)")
              for column in COLUMNS]


@dg.multi_asset_check(
    specs=[c.spec() for c in OFFENDING_ROWS] + [FRESHNESS, SITE_LOOKALIKES, FILES_REMOVED, JUDGED_FIRST,
                                                 COLUMNS_UNREAD] + HELD_SPECS,
    can_subset=True,
    pool=WRITER_POOL)
def contract_checks(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource,
                    paths: PathsResource) -> Iterator[dg.AssetCheckResult]:
    """The checks in SQL, in one step (each query takes milliseconds to a second; a step of its own
    costs ~0.1-0.15 s of Dagster's work, and these run while GX's worker validates): the offending-rows
    checks, site freshness, look-alike site codes, files removed since the published build, files judged
    before the file they copy, columns like the contract's left unread, and a warning per contract column
    with the rows held back under it."""
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


def files_removed(context: dg.AssetCheckExecutionContext, con: duckdb.DuckDBPyConnection,
                  published: Path) -> dg.AssetCheckResult:
    """files_removed (WARN) against the published warehouse at ``published`` (none yet: nothing removed;
    read with no build under way, it is compared with itself). Without it a run on an inbox missing some of
    the published files would publish the smaller figures without a word (small_revisions warns of
    differences of 1 to 4 only)."""
    files, accepted, held, names = 0, 0, 0, []
    with published_attached(con, published) as has:
        if has is not None and has("audit", "files"):
            ((files, accepted, held, names),) = query_rows(con, "checks.files_removed")
    if files:
        context.log.warning(f"{files} file(s) the published warehouse loaded {accepted:,} accepted rows from are "
                            f"not in the inbox, by name or bytes: {', '.join(names[:10])}"
                            + (f" and {files - 10} more" if files > 10 else "")
                            + ". Their rows are no longer counted; put them back unless taken out on purpose")
    return dg.AssetCheckResult(
        check_name=FILES_REMOVED.name, asset_key=FILES, passed=files == 0, severity=dg.AssetCheckSeverity.WARN,
        metadata={"files_removed": int(files), "rows_accepted_removed": int(accepted),
                  "rows_held_removed": int(held), "file_names": dg.MetadataValue.json(list(names)[:50])})


def files_judged_first(context: dg.AssetCheckExecutionContext | None,
                       con: duckdb.DuckDBPyConnection) -> dg.AssetCheckResult:
    """files_judged_first (WARN): the officer's correction named as a copy ("X (2).csv") looks like the later
    file, yet its rows are judged first; names only are compared unless a pair is found (``file_order``)."""
    pairs = judged_before_original(name for (name,) in query_rows(con, "audit.file_names"))
    found = query_rows(con, "checks.files_judged_first", {"firsts": [f for f, _ in pairs],
                                                          "originals": [o for _, o in pairs]}) if pairs else []
    if found and context is not None:
        context.log.warning("; ".join(f"{first} was judged before {original} ({shared} record_id(s) in both)"
                                      for first, original, shared in found[:10])
                            + ": name a correction to sort after the file it corrects (..._v2.csv)")
    return dg.AssetCheckResult(
        check_name=JUDGED_FIRST.name, asset_key=FILES, passed=not found, severity=dg.AssetCheckSeverity.WARN,
        metadata={"files_judged_first": len(found),
                  "pairs": dg.MetadataValue.json([{"judged_first": f, "before": o, "record_ids_in_both": int(n)}
                                                  for f, o, n in found[:50]])})


def columns_unread(context: dg.AssetCheckExecutionContext | None,
                   con: duckdb.DuckDBPyConnection) -> dg.AssetCheckResult:
    """columns_unread (WARN): loaded files whose reason notes a column outside the contract that looks like
    one of its own (``column_likeness``); its values were not read."""
    found = query_rows(con, "checks.columns_unread", {"mark": f"({UNREAD_MARK}"})
    if found and context is not None:
        context.log.warning("; ".join(f"{name}: {reason}" for name, reason in found[:10])
                            + ": those columns' values were not read; have their headings written as the "
                            "contract writes them")
    return dg.AssetCheckResult(
        check_name=COLUMNS_UNREAD.name, asset_key=FILES, passed=not found, severity=dg.AssetCheckSeverity.WARN,
        metadata={"files": len(found),
                  "file_reasons": dg.MetadataValue.json([{"file": n, "reason": r} for n, r in found[:50]])})


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

