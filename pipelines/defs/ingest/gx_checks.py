"""The reviewed Great Expectations suite on the ingested data, one check per group of its expectations."""

from typing import Iterator

import dagster as dg

from pipelines.defs.ingest.assets import WRITER_POOL
from pipelines.defs.resources import SCREENING, ChartImagesResource, GreatExpectationsResource, WarehouseResource
from pipelines.lib.gx_validation import suite_groups

SUITE = "staging.screening"
GX_GROUPS = suite_groups(SUITE)


@dg.multi_asset_check(
    specs=[dg.AssetCheckSpec(f"gx_{group}", asset=SCREENING, blocking=blocking,
                             description=f"GX suite {SUITE}, expectations of group '{group}'"
                                         + (" (blocking: a failure stops the report)" if blocking else " (warning)"))
           for group, blocking in GX_GROUPS.items()],
    pool=WRITER_POOL,
)
def gx_screening_suite(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource,
                       gx: GreatExpectationsResource,
                       chart_images: ChartImagesResource) -> Iterator[dg.AssetCheckResult]:
    """The reviewed Great Expectations suite, one check per group: on every accepted row, in batches,
    or on a fixed sample when the table is larger than the resource's sample_rows; in an incremental
    build, on the rows it added (the published ones passed the same suite before)."""

    def launch_browser() -> None:
        # once GX's worker has the sample this step only waits for its answer: the browser for the
        # chart images, if they follow in this run, launches meanwhile on the core left idle
        if chart_images.prepare_for(context.run):
            context.log.info("the browser for the chart images launches meanwhile")

    with warehouse.reader() as con:
        stats = gx.validate_screening(con, sent=launch_browser)
    if stats.added_only and stats.rows_total == 0:
        context.log.info("GX had nothing to validate: this incremental build added no rows")
    else:
        scope = f"the {stats.rows_total:,} rows this build added" if stats.added_only else f"{stats.rows_total:,} rows"
        context.log.info(f"GX validated {stats.rows:,} of {scope} in {stats.batches} "
                         f"batch{'' if stats.batches == 1 else 'es'}, "
                         + ("in its worker process" if stats.in_worker else "in this process")
                         + (", handed over at the end of the ingest" if stats.submitted_early else ""))
    found = stats.groups()
    unknown = set(found) - set(GX_GROUPS)
    if unknown:
        raise ValueError(f"suite groups {sorted(unknown)} are not declared in expectations/{SUITE}.json")
    for group, blocking in GX_GROUPS.items():
        expectations = found.get(group, [])
        failed = [e for e in expectations if not e.success]
        table = "| expectation | column | rows checked | unexpected |\n|---|---|---|---|\n" + "\n".join(
            f"| {e.type} | {e.column} | {e.element_count} | {e.unexpected_count} |" for e in expectations)
        yield dg.AssetCheckResult(
            check_name=f"gx_{group}", asset_key=SCREENING, passed=not failed,
            severity=dg.AssetCheckSeverity.ERROR if blocking else dg.AssetCheckSeverity.WARN,
            metadata={"rows": stats.rows, "rows_total": stats.rows_total, "sampled": stats.rows < stats.rows_total,
                      "added_rows_only": stats.added_only,
                      "batches": stats.batches, "expectations": len(expectations),
                      "failed_expectations": len(failed),
                      "unexpected_rows": sum(e.unexpected_count for e in expectations),
                      "sample_record_ids": dg.MetadataValue.json(sorted({i for e in failed for i in e.sample_ids})[:10]),
                      "results": dg.MetadataValue.md(table)},
        )
