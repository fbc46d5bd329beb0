"""Checks on what donors see: report.indicators against the releases sent to donors and every release
published since the last of them (small_revisions).

Evaluated in the step that builds report.indicators (and in a month rebuild), as the release step
swaps the previous warehouse out: the spec and its evaluation are kept here, the asset yields it."""

import dagster as dg

from pipelines.defs.resources import REPORT_INDICATORS as INDICATORS
from pipelines.lib.revisions import Revisions

SMALL_REVISIONS = dg.AssetCheckSpec(
    "small_revisions", asset=INDICATORS, blocking=False,
    description="Published figures that differ by 1 to 4 from those of a release sent to donors (job "
                "mark_report_sent) or published since the last one marked (perhaps sent): a donor holding both "
                "reports subtracts them and learns about a few tests (say one late test's month, country, key "
                "population and result). A warning to weigh before sending the revised report.")


def revisions_check(context: dg.AssetExecutionContext | dg.OpExecutionContext,
                    revisions: Revisions | None) -> dg.AssetCheckResult:
    """small_revisions' result (WARN), its metadata counts of rows only; logs a warning if it fails."""
    passed, metadata = _revisions_found(context, revisions)
    return dg.AssetCheckResult(asset_key=INDICATORS, check_name=SMALL_REVISIONS.name, passed=passed,
                               severity=dg.AssetCheckSeverity.WARN, metadata=metadata)


def _revisions_found(context: dg.AssetExecutionContext | dg.OpExecutionContext,
                     revisions: Revisions | None) -> tuple[bool, dict]:
    if revisions is None:
        return True, {"previous_release": False, "revised_rows": 0, "compared_rows": 0}
    earlier = (f"the {revisions.sent_releases} release(s) sent to donors and every release published since"
               if revisions.sent_releases else "every release published (none is marked as sent)")
    if revisions.revised:
        context.log.warning(
            f"{revisions.revised} published rows differ by 1 to 4 from {earlier}, in periods "
            f"{', '.join(revisions.by_period)}: a donor holding both reports could subtract them (a release "
            "sent to donors and not marked as sent, job mark_report_sent, is taken as perhaps sent)")
    return revisions.revised == 0, {"previous_release": True, "compared_with": earlier,
                                    "sent_releases": revisions.sent_releases, "revised_rows": revisions.revised,
                                    "compared_rows": revisions.compared,
                                    "revised_rows_by_period": dg.MetadataValue.json(revisions.by_period)}
