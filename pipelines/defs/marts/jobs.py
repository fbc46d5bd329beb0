"""Month partitions: rebuild one test month's slice of the marts and republish, one month per run.

The main job (refresh_all) rebuilds everything from the inbox and takes no partition. This job is for
the officer who changed a month's target, or wants a range of months recomputed after a definition
change: a backfill over test months runs it once per month, serialised by the writer pool, and each
run publishes atomically. Re-running a month gives identical tables.
"""

import dagster as dg

from pipelines.defs.ingest.assets import WRITER_POOL
from pipelines.defs.marts.checks import targets_check
from pipelines.defs.partitions import test_months
from pipelines.defs.report.checks import revisions_check
from pipelines.defs.resources import PathsResource, WarehouseResource
from pipelines.lib.dictionary import comment_warehouse
from pipelines.lib.incremental import counts_current
from pipelines.lib.marts import build_marts, build_report_indicators, unmet_targets
from pipelines.lib.report.build import reports_from_warehouse
from pipelines.lib.revisions import keep_release, small_revisions
from pipelines.lib.sql import query_rows
from pipelines.lib.targets import load_targets


@dg.op(pool=WRITER_POOL, out=dg.Out(dg.Nothing))
def rebuild_month(context: dg.OpExecutionContext, warehouse: WarehouseResource, paths: PathsResource) -> None:
    """Recompute the partition month's rows of marts.indicators from the published staging.screening
    (through the view marts.person_periods) and the current targets, then all of report.indicators
    (suppression looks across periods; checked against the releases sent to donors, small_revisions),
    and swap the result in as the published warehouse."""
    month = context.partition_key
    targets = load_targets(paths.targets_file())
    with warehouse.patch() as con:
        ((people_before, rows_before),) = query_rows(con, "marts.month_rows", {"month": month})
        build_marts(con, targets, [month], kept_counts=counts_current(con))
        checked = [targets_check(context, unmet_targets(con))]
        rows, suppressed = build_report_indicators(con)
        checked.append(revisions_check(context, small_revisions(con, warehouse.database())))
        keep_release(con, paths.clock().time())
        comment_warehouse(con)
        ((people, indicator_rows),) = query_rows(con, "marts.month_rows", {"month": month})
    context.log.info(f"month {month}: {people} person rows (was {people_before}), "
                     f"{indicator_rows} indicator rows (was {rows_before}); published")
    for key, meta in (
        (["marts", "indicators"], {"month_rows": indicator_rows, "month_people": people}),
        (["report", "indicators"], {"dagster/row_count": rows, "suppressed_rows": suppressed}),
    ):
        context.log_event(dg.AssetMaterialization(asset_key=key, metadata={"rebuilt_month": month, **meta}))
    for result in checked:  # an op, not the assets' step: their checks' results as evaluation events
        context.log_event(dg.AssetCheckEvaluation(
            asset_key=result.asset_key, check_name=result.check_name, passed=result.passed, severity=result.severity,
            metadata={"rebuilt_month": month, **result.metadata}))


@dg.op(ins={"after": dg.In(dg.Nothing)})
def rewrite_reports(context: dg.OpExecutionContext, warehouse: WarehouseResource, paths: PathsResource) -> None:
    """The donor pages again from the published warehouse: a month's figures, and suppression in
    other periods, may have changed."""
    out_dir = paths.reports_dir()
    with warehouse.reader(build=False) as con:
        pages = reports_from_warehouse(con, out_dir, paths.report_day(), paths.clock().today())
    context.log_event(dg.AssetMaterialization(
        asset_key=["report", "html"],
        metadata={"rebuilt_month": context.partition_key, "pages": len(pages),
                  "index": dg.MetadataValue.url((out_dir / "index.html").as_uri())}))


@dg.job(partitions_def=test_months, tags={"mh/kind": "month_rebuild"})
def rebuild_months() -> None:
    """Rebuild one test month of the marts and the donor reports (launch a backfill for a range)."""
    rewrite_reports(after=rebuild_month())
