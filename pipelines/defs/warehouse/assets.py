"""Release: document the finished build and swap it in as the published warehouse, atomically."""

import datetime as dt

import dagster as dg
import pandas as pd

from pipelines.defs.ingest.assets import WRITER_POOL
from pipelines.defs.resources import PathsResource, WarehouseResource
from pipelines.lib.dictionary import comment_warehouse
from pipelines.lib.revisions import keep_release, published_attached
from pipelines.lib.sql import query_rows, registered, run_sql


@dg.asset(
    key=["warehouse", "release"],
    deps=[["staging", "screening"], ["audit", "files"], ["audit", "held_rows"], ["marts", "person_periods"],
          ["marts", "indicators"], ["report", "indicators"]],
    kinds={"duckdb"}, group_name="report", pool=WRITER_POOL,
)
def release(context: dg.AssetExecutionContext, warehouse: WarehouseResource,
            paths: PathsResource) -> dg.MaterializeResult:
    """The published warehouse file (MH_WAREHOUSE): the complete build of this run, with every table and
    column commented, replacing the previous one in a single rename. Readers never see a partial build."""
    released_at = paths.clock().time()
    checks = _run_checks(context, released_at)
    live = warehouse.database()
    with warehouse.connect() as con:
        with published_attached(con, live) as has:
            for table, carry in (("check_results", "audit.check_results_carry"),
                                 ("sent_figures", "audit.sent_figures_carry"),
                                 ("released_figures", "audit.released_figures_carry")):
                if has is not None and has("audit", table):
                    run_sql(con, carry)
        keep_release(con, released_at)
        with registered(con, "run_checks", checks):
            run_sql(con, "audit.check_results")
        comment_warehouse(con)
        ((tables,),) = query_rows(con, "meta.warehouse_tables")
    warehouse.publish()
    path = warehouse.database()
    context.log.info(f"published {path}")
    return dg.MaterializeResult(metadata={"path": dg.MetadataValue.path(str(path)), "tables": int(tables)})


# the metadata entry that counts what a check found, whichever kind of check it is
FAILING = ("failing", "unexpected_rows", "rows_held", "stale_sites", "lookalike_groups", "revised_rows",
           "files_removed", "unmet_targets")


def _run_checks(context: dg.AssetExecutionContext, released_at: dt.datetime) -> pd.DataFrame:
    """This run's check evaluations so far, as counts (metadata with a count is kept, nothing else)."""
    records = context.instance.get_records_for_run(
        context.run.run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION).records
    rows = []
    for r in records:
        e = r.event_log_entry.dagster_event.event_specific_data
        meta = {k: v.value for k, v in e.metadata.items() if isinstance(v.value, int)}
        failing = next((meta[k] for k in FAILING if k in meta), None)
        rows.append({"run_id": context.run.run_id, "released_at": released_at,
                     "asset": e.asset_key.to_user_string(), "check_name": e.check_name, "passed": bool(e.passed),
                     "severity": e.severity.value, "failing": failing})
    return pd.DataFrame(rows, columns=["run_id", "released_at", "asset", "check_name", "passed", "severity",
                                       "failing"]).astype({"failing": "Int64", "released_at": "datetime64[s]"})
