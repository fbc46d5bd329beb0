"""Checks on the indicators analysts read: the targets that give no coverage figure (targets_unmet).

Evaluated in the step that builds marts.indicators (and in a month rebuild), where the build's targets are
at hand: the spec and its evaluation are kept here, the asset yields it."""

import dagster as dg
import pandas as pd

INDICATORS = dg.AssetKey(["marts", "indicators"])

TARGETS_UNMET = dg.AssetCheckSpec(
    "targets_unmet", asset=INDICATORS, blocking=False,
    description="Targets (MH_TARGETS) that no coverage figure shows although their period has begun to be "
                "reported: nobody in their category tested in it (a site that tested nobody that month, a site's "
                "code written otherwise than its files write it), or nobody at all in a period before the latest "
                "reported one (a year mistyped). A warning: the coverage the donors expect is missing.")


def targets_check(context: dg.AssetExecutionContext | dg.OpExecutionContext,
                  unmet: pd.DataFrame) -> dg.AssetCheckResult:
    """targets_unmet's result (WARN): the unmet targets' cells (periods, dimensions, categories: no
    person's data), and a warning naming them in the log."""
    cells = [f"{r.period} {r.dimension} {r.category}" for r in unmet.itertuples(index=False)]
    if cells:
        context.log.warning(f"{len(cells)} target(s) give no coverage figure, nobody being tested in the "
                            f"category that period (a site's code or a year mistyped?): {'; '.join(cells[:20])}"
                            + (f"; and {len(cells) - 20} more" if len(cells) > 20 else ""))
    return dg.AssetCheckResult(
        asset_key=INDICATORS, check_name=TARGETS_UNMET.name, passed=not cells,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={"unmet_targets": len(cells), "cells": dg.MetadataValue.json(cells[:100])})
