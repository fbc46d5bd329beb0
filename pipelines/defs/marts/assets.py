"""Marts: people per period and the indicators, in DuckDB, exactly as the definitions say."""


import dagster as dg
import pandas as pd

from pipelines.defs.ingest.assets import WRITER_POOL
from pipelines.defs.marts.checks import INDICATORS, TARGETS_UNMET, targets_check
from pipelines.defs.resources import PathsResource, WarehouseResource
from pipelines.lib.incremental import counts_current
from pipelines.lib.marts import build_person_periods, refresh_indicators, unmet_targets
from pipelines.lib.sql import query_df, query_rows
from pipelines.lib.targets import load_targets


@dg.asset(
    key=["marts", "person_periods"], deps=[["staging", "screening"]], kinds={"duckdb", "sql"},
    group_name="marts", pool=WRITER_POOL,
)
def person_periods(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """One row per person (client_uic) per period (all, YYYY-MM, YYYY-Qn) with a valid test: the
    attributes of their earliest valid test, their test count and care cascade status. A view over
    staging.screening, computed when read; repeat_tester marks people with more than one valid test."""
    with warehouse.connect() as con:
        build_person_periods(con)
    # no row count: counting a view computes it, seconds at ten million records, for a number nobody uses
    return dg.MaterializeResult(metadata={"relation": "view", "definition": "sql/marts/person_periods.sql"})


@dg.asset(
    key=INDICATORS, deps=[["marts", "person_periods"]], kinds={"duckdb", "sql"},
    group_name="marts", pool=WRITER_POOL, check_specs=[TARGETS_UNMET],
)
def indicators(context: dg.AssetExecutionContext, warehouse: WarehouseResource,
               paths: PathsResource) -> dg.MaterializeResult:
    """Every indicator, unsuppressed, for analysts: one row per period x dimension x category x
    indicator with numerator, denominator, value and Wilson 95 % interval. When the run only added
    files, the cells of the people in them are recomputed and the rest kept (audit.marts_build).
    Coverage is where MH_TARGETS gives a target and someone was tested (targets_unmet warns of the rest)."""
    targets = load_targets(paths.targets_file())
    with warehouse.connect() as con:
        how = refresh_indicators(con, targets, kept_counts=counts_current(con))
        context.log.info(how)
        headline = query_df(con, "meta.indicators_headline")
        ((n,),) = query_rows(con, "meta.indicators_rows")
        checks = ([targets_check(context, unmet_targets(con))]
                  if TARGETS_UNMET.key in context.selected_asset_check_keys else [])
    return dg.MaterializeResult(metadata={
        "dagster/row_count": int(n), "build": how,
        "headline (all periods, unsuppressed)": dg.MetadataValue.md(_markdown(headline)),
    }, check_results=checks)


def _markdown(df: pd.DataFrame) -> str:
    lines = ["| indicator | numerator | denominator | value | 95 % CI |", "|---|---|---|---|---|"]
    for r in df.itertuples(index=False):
        value = "" if pd.isna(r.value) else (f"{r.value:.1%}" if pd.notna(r.denominator) else f"{r.value:,.0f}")
        ci = "" if pd.isna(r.ci_low) else f"{r.ci_low:.1%}–{r.ci_high:.1%}"
        den = "" if pd.isna(r.denominator) else f"{int(r.denominator):,}"
        lines.append(f"| {r.indicator} | {int(r.numerator):,} | {den} | {value} | {ci} |")
    return "\n".join(lines)
