"""Release: document the finished build and swap it in as the published warehouse, atomically."""

import dagster as dg

from pipelines.defs.ingest.assets import WRITER_POOL
from pipelines.defs.resources import WarehouseResource
from pipelines.lib.sql import run_sql


@dg.asset(
    key=["warehouse", "release"],
    deps=[["staging", "screening"], ["audit", "files"], ["audit", "held_rows"], ["marts", "person_periods"],
          ["marts", "indicators"], ["report", "indicators"]],
    kinds={"duckdb"}, group_name="report", pool=WRITER_POOL,
)
def release(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """The published warehouse file (MH_WAREHOUSE): the complete build of this run, with every table and
    column commented, replacing the previous one in a single rename. Readers never see a partial build."""
    with warehouse.connect() as con:
        run_sql(con, "docs.comments")
        tables = con.execute("SELECT count(*) FROM duckdb_tables() WHERE schema_name IN "
                             "('staging', 'marts', 'report', 'audit')").fetchall()[0][0]
    warehouse.publish()
    path = warehouse.database()
    context.log.info(f"published {path}")
    return dg.MaterializeResult(metadata={"path": dg.MetadataValue.path(str(path)), "tables": int(tables)})
