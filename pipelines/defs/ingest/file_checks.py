"""The checks of the files themselves (audit.files): files the published build loaded that the inbox no longer
holds, corrections judged before the file they correct, columns like the contract's left unread. Run in
checks.py's one step with the contract's other checks in SQL."""

from pathlib import Path

import dagster as dg
import duckdb

from pipelines.lib.column_likeness import UNREAD_MARK
from pipelines.lib.file_order import judged_before_original
from pipelines.lib.review_states import MARK as REJECTED_MARK
from pipelines.lib.revisions import published_attached
from pipelines.lib.sql import query_rows

FILES = dg.AssetKey(["audit", "files"])
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
MARKED_REJECTED = dg.AssetCheckSpec(
    "rows_marked_rejected", asset=FILES, blocking=False,
    description="Loaded files with rows a form tool's review marked rejected (ODK Central's ReviewState "
                "'rejected', KoboToolbox's _validation_status 'Not Approved'): the contract has no such column, so "
                "they were loaded and are counted as the others. A warning: if the site rejected them as entered "
                "wrongly or twice, have them left out of the export and send it again.")
COLUMNS_UNREAD = dg.AssetCheckSpec(
    "columns_unread", asset=FILES, blocking=False,
    description="Loaded files with a column the contract does not know that looks like one of its own "
                "('viral_load', 'date_linked', 'linkd_date'): its values were not read, so no figure counts them "
                "(the care cascade's, for one). A warning: have the heading written as the contract writes it.")


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


def _files_noted(context: dg.AssetCheckExecutionContext | None, con: duckdb.DuckDBPyConnection,
                 spec: dg.AssetCheckSpec, mark: str, advice: str) -> dg.AssetCheckResult:
    """A warning naming the loaded files whose reason (their note) holds ``mark``, with ``advice``."""
    found = query_rows(con, "checks.files_noted", {"mark": mark})
    if found and context is not None:
        context.log.warning("; ".join(f"{name}: {reason}" for name, reason in found[:10]) + f": {advice}")
    return dg.AssetCheckResult(
        check_name=spec.name, asset_key=FILES, passed=not found, severity=dg.AssetCheckSeverity.WARN,
        metadata={"files": len(found),
                  "file_reasons": dg.MetadataValue.json([{"file": n, "reason": r} for n, r in found[:50]])})


def columns_unread(context: dg.AssetCheckExecutionContext | None,
                   con: duckdb.DuckDBPyConnection) -> dg.AssetCheckResult:
    """columns_unread (WARN): loaded files whose reason notes a column outside the contract that looks like
    one of its own (``column_likeness``); its values were not read."""
    return _files_noted(context, con, COLUMNS_UNREAD, f"({UNREAD_MARK}", "those columns' values were not read; "
                        "have their headings written as the contract writes them")


def rows_marked_rejected(context: dg.AssetCheckExecutionContext | None,
                         con: duckdb.DuckDBPyConnection) -> dg.AssetCheckResult:
    """rows_marked_rejected (WARN): loaded files with rows a form tool's review marked rejected
    (``review_states``), counted as the others."""
    return _files_noted(context, con, MARKED_REJECTED, REJECTED_MARK, "those rows were loaded and are counted; "
                        "if the site rejected them as wrong, have them left out of the export and send it again")
