"""Ingest: the inbox files into staging.screening, audit.files and audit.held_rows."""

from pathlib import Path
from typing import NamedTuple

import dagster as dg

from pipelines.defs.resources import (GreatExpectationsResource, PathsResource, WarehouseResource, disclosure_follows,
                                      gx_follows)
from pipelines.lib.clock import Clock
from pipelines.lib.incremental import OrderConflict, Previous, plan
from pipelines.lib.inbox import inbox_folders, reading_inbox
from pipelines.lib.ingest import FileOutcome, ingest_read
from pipelines.lib.meanwhile import import_meanwhile
from pipelines.lib.operations import inbox_state
from pipelines.lib.places import check_apart
from pipelines.lib.report.folder import check_reports_folder
from pipelines.lib.sql import query_rows

WRITER_POOL = "duckdb_writer"


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            ["staging", "screening"], kinds={"duckdb", "python"}, group_name="ingest",
            description="Accepted screening records, typed and normalised: one row per HIV test event "
            "(record_id), ISO country codes, upper-cased UICs, dates as DATE.",
        ),
        dg.AssetSpec(
            ["audit", "files"], kinds={"duckdb"}, group_name="ingest",
            description="One row per inbox file: loaded, duplicate (same bytes) or refused (identifying "
            "or unreadable), with rows_read = rows_accepted + rows_held + rows_duplicate.",
        ),
        dg.AssetSpec(
            ["audit", "held_rows"], kinds={"duckdb"}, group_name="ingest",
            description="One row per row held back: file, row number, record_id and every reason "
            "(column and value), for the M&E officer to fix at source; the view audit.held_rows_open leaves out "
            "those sent again corrected since.",
        ),
    ],
    pool=WRITER_POOL,
)
def ingest(context: dg.AssetExecutionContext, paths: PathsResource, warehouse: WarehouseResource,
           gx: GreatExpectationsResource):
    """Read every inbox file (UTF-8/cp1251 CSV, XLSX, Parquet) and judge every row by the contract; when
    only files are new, read just those and add them to a copy of the published build, unless file order
    says otherwise (``pipelines/lib/incremental.py``)."""
    gx.prepare()  # GX's worker imports GX on the other core meanwhile, for the check that follows
    if disclosure_follows(context.run):  # SciPy, for the report step's audits, beside the ingest's DuckDB
        import_meanwhile("pipelines.lib.disclosure")
    clock = paths.clock()  # a wrong MH_TIMEZONE fails here, before any file is read
    paths.targets_file()  # and an MH_TARGETS that is not a file, rather than after the ingest
    inbox = paths.inbox_dir()
    check_apart(inbox, warehouse.database(), paths.reports_dir(), paths.alerts_dir())  # and writing in the inbox
    check_reports_folder(paths.reports_dir())  # and an MH_REPORTS of other files, which the reports would replace
    # new files are added to a copy of the published build; anything else rebuilds from the whole inbox
    # (pipelines/lib/incremental.py says why)
    previous, why = plan(warehouse.database(), inbox_state(inbox), clock.timezone)
    context.log.info(why)
    folders = inbox_folders(inbox)
    if folders:
        context.log.warning(f"{folders} folder(s) inside the inbox are not read: only files directly in it are;"
                            " move their files into the inbox itself")
    try:
        built = _build(context, warehouse, gx, inbox, previous, clock)
    except OrderConflict as conflict:  # found once the new files are read: the copy is dropped
        built, why, previous = None, str(conflict), None
    if built is None:
        context.log.info(why)
        built = _build(context, warehouse, gx, inbox, previous, clock)
    totals: dict[str, dict[str, int]] = {}
    for o in built.outcomes:
        t = totals.setdefault(o.status, {"files": 0, "rows_read": 0})
        t["files"] += 1
        t["rows_read"] += o.rows_read
        if o.status == "refused":
            context.log.warning(f"refused {o.file_name}: {o.reason}")
    yield dg.MaterializeResult(
        asset_key=["staging", "screening"],
        metadata={"dagster/row_count": built.accepted, "inbox": dg.MetadataValue.path(str(inbox)),
                  "build": "incremental" if previous else "full", "build_reason": why},
    )
    yield dg.MaterializeResult(
        asset_key=["audit", "files"],
        metadata={"dagster/row_count": len(built.outcomes), "files_by_status": dg.MetadataValue.json(totals)},
    )
    yield dg.MaterializeResult(
        asset_key=["audit", "held_rows"],
        metadata={
            "held_reasons_by_column": dg.MetadataValue.md(
                "| column | rows |\n|---|---|\n" + "\n".join(f"| {c} | {n} |" for c, n in built.by_reason)
            ),
            "dagster/row_count": built.held,
            "rows_to_fix": built.to_fix,  # the others were sent again corrected (audit.held_rows_open)
        },
    )


class Built(NamedTuple):
    """What a build read and judged, for the three assets' metadata: each file's outcome, rows accepted and
    held, held rows by column (column, rows) and those still to fix."""
    outcomes: list[FileOutcome]
    accepted: int
    held: int
    by_reason: list[tuple[str, int]]
    to_fix: int


def _build(context: dg.AssetExecutionContext, warehouse: WarehouseResource, gx: GreatExpectationsResource,
           inbox: Path, previous: Previous | None, clock: Clock) -> Built:
    """The build: a copy of the published one with the new files added (``previous``), or every file."""
    # the files are read from before the build is opened: an incremental run's copy of the published
    # build and the reading of the new files overlap
    with (reading_inbox(inbox, previous, clock.timezone) as reading,
          warehouse.connect(fresh=previous is None, from_published=previous is not None) as con):
        outcomes = ingest_read(con, reading, as_of=clock.today(), clock=clock)
        if reading.told_apart:
            context.log.warning(f"{len(reading.told_apart)} file(s) would share a name with another inbox file (the"
                                " same name in another encoding, or the same bytes under two withheld names):"
                                f" stored as {', '.join(reading.told_apart)}; rename them to tell them apart")
        if gx_follows(context.run):  # GX validates while the steps before its check run
            handed = gx.submit_screening(con)
            if handed:
                context.log.info(f"GX's worker has the {handed:,} rows the GX check validates")
        ((_, accepted, held, _),) = query_rows(con, "report.quality_rows")
        by_reason = query_rows(con, "report.quality_held")
        ((to_fix,),) = query_rows(con, "audit.held_rows_open_count")
    return Built(outcomes, int(accepted), int(held), by_reason, int(to_fix))
