"""Release: document the finished build and swap it in as the published warehouse, atomically."""

import datetime as dt

import dagster as dg
import pandas as pd

from pipelines.defs.ingest.assets import WRITER_POOL
from pipelines.defs.resources import WarehouseResource
from pipelines.lib.sql import registered, run_sql


@dg.asset(
    key=["warehouse", "release"],
    deps=[["staging", "screening"], ["audit", "files"], ["audit", "held_rows"], ["marts", "person_periods"],
          ["marts", "indicators"], ["report", "indicators"]],
    kinds={"duckdb"}, group_name="report", pool=WRITER_POOL,
)
def release(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """The published warehouse file (MH_WAREHOUSE): the complete build of this run, with every table and
    column commented, replacing the previous one in a single rename. Readers never see a partial build."""
    checks = _run_checks(context)
    live = warehouse.database()
    with warehouse.connect() as con:
        if live.exists():
            con.execute("ATTACH ? AS prev (READ_ONLY)", [str(live)])
            has = con.execute("SELECT count(*) FROM duckdb_tables() WHERE database_name = 'prev' AND "
                              "schema_name = 'audit' AND table_name = 'check_results'").fetchall()[0][0]
            if has:
                run_sql(con, "audit.check_results_carry")
            con.execute("DETACH prev")
        with registered(con, "run_checks", checks):
            run_sql(con, "audit.check_results")
        run_sql(con, "docs.comments")
        tables = con.execute("SELECT count(*) FROM duckdb_tables() WHERE schema_name IN "
                             "('staging', 'marts', 'report', 'audit')").fetchall()[0][0]
    warehouse.publish()
    path = warehouse.database()
    context.log.info(f"published {path}")
    return dg.MaterializeResult(metadata={"path": dg.MetadataValue.path(str(path)), "tables": int(tables)})


def _run_checks(context: dg.AssetExecutionContext) -> pd.DataFrame:
    """This run's check evaluations so far, as counts (metadata with a count is kept, nothing else)."""
    records = context.instance.get_records_for_run(
        context.run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION).records
    rows = []
    for r in records:
        e = r.event_log_entry.dagster_event.event_specific_data
        meta = {k: v.value for k, v in e.metadata.items() if isinstance(v.value, int)}
        failing = next((meta[k] for k in ("failing", "unexpected_rows", "rows_held", "stale_sites") if k in meta), None)
        rows.append({"run_id": context.run_id, "released_at": dt.datetime.now().replace(microsecond=0),
                     "asset": e.asset_key.to_user_string(), "check_name": e.check_name, "passed": bool(e.passed),
                     "severity": e.severity.value, "failing": failing})
    return pd.DataFrame(rows, columns=["run_id", "released_at", "asset", "check_name", "passed", "severity",
                                       "failing"]).astype({"failing": "Int64", "released_at": "datetime64[s]"})
