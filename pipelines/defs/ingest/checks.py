"""Checks on the ingested data: the reviewed GX suite, and contract rules in SQL (a factory)."""

from typing import Iterator

import dagster as dg
import pandas as pd

from pipelines.defs.ingest.assets import WRITER_POOL
from pipelines.defs.resources import GreatExpectationsResource, WarehouseResource
from pipelines.lib.sql import query_df, query_rows

SCREENING = dg.AssetKey(["staging", "screening"])


@dg.asset_check(asset=SCREENING, blocking=True, pool=WRITER_POOL,
                description="The reviewed Great Expectations suite expectations/staging.screening.json on "
                            "every accepted row (in batches); a failure stops the report.")
def gx_screening_suite(warehouse: WarehouseResource, gx: GreatExpectationsResource) -> dg.AssetCheckResult:
    with warehouse.reader() as con:
        total = con.execute("SELECT count(*) FROM staging.screening").fetchall()[0][0]

        def batches() -> Iterator[pd.DataFrame]:
            for offset in range(0, max(total, 1), gx.batch_rows):
                yield query_df(con, "checks.gx_batch", {"batch_rows": gx.batch_rows, "offset": offset})

        stats = gx.validate("staging.screening", batches())
    failed = [e for e in stats.expectations if not e.success]
    table = "| group | expectation | column | rows checked | unexpected |\n|---|---|---|---|---|\n" + "\n".join(
        f"| {e.group} | {e.type} | {e.column} | {e.element_count} | {e.unexpected_count} |"
        for e in stats.expectations)
    return dg.AssetCheckResult(
        passed=stats.success,
        severity=dg.AssetCheckSeverity.ERROR,
        metadata={"rows": stats.rows, "batches": stats.batches, "expectations": len(stats.expectations),
                  "failed_expectations": len(failed), "results": dg.MetadataValue.md(table)},
    )


def sql_check(name: str, asset: dg.AssetKey, description: str, blocking: bool) -> dg.AssetChecksDefinition:
    """A check whose SQL file ``sql/checks/<name>.sql`` returns offending rows (failing, sample_ids)."""

    @dg.asset_check(name=name, asset=asset, blocking=blocking, description=description, pool=WRITER_POOL)
    def _check(warehouse: WarehouseResource) -> dg.AssetCheckResult:
        with warehouse.reader() as con:
            ((failing, sample),) = query_rows(con, f"checks.{name}")
        return dg.AssetCheckResult(
            passed=failing == 0,
            severity=dg.AssetCheckSeverity.ERROR if blocking else dg.AssetCheckSeverity.WARN,
            metadata={"failing": int(failing), "sample_record_ids": dg.MetadataValue.json(list(sample or []))},
        )

    return _check


record_id_unique = sql_check(
    "record_id_unique", SCREENING, "Every accepted record_id appears once (else tests count twice).", True)
rows_accounted = sql_check(
    "rows_accounted", dg.AssetKey(["audit", "files"]),
    "For every file rows_read = rows_accepted + rows_held + rows_duplicate: nothing lost.", True)
uic_lookalikes = sql_check(
    "uic_lookalikes", SCREENING,
    "UICs that differ only by Latin/Cyrillic look-alike letters (e.g. A/А): possibly one person counted "
    "twice. A warning for the M&E officer, never merged silently.", False)


@dg.asset_check(asset=SCREENING, blocking=False, pool=WRITER_POOL,
                description="Sites with no test in the last 45 days (a file may be missing): a warning.")
def site_freshness(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    import datetime as dt

    with warehouse.reader() as con:
        rows = query_rows(con, "checks.site_freshness", {"as_of": dt.date.today(), "days": 45})
    stale = {site: str(last) for site, last in rows}
    return dg.AssetCheckResult(
        passed=not stale, severity=dg.AssetCheckSeverity.WARN,
        metadata={"stale_sites": len(stale), "last_test_by_stale_site": dg.MetadataValue.json(stale)})
