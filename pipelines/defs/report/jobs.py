"""Marking a release as sent to donors: what small_revisions compares later releases with."""

import dagster as dg

from pipelines.defs.ingest.assets import WRITER_POOL
from pipelines.defs.report.checks import INDICATORS
from pipelines.defs.resources import PathsResource, WarehouseResource
from pipelines.lib.dictionary import comment_warehouse
from pipelines.lib.report.release import not_sent_reason
from pipelines.lib.sql import query_df, query_rows, run_sql


@dg.op(pool=WRITER_POOL, out=dg.Out(dg.Nothing))
def record_sent(context: dg.OpExecutionContext, warehouse: WarehouseResource, paths: PathsResource) -> None:
    """Add the published warehouse's figures (report.indicators, rows not suppressed) to
    audit.sent_figures as sent now, and republish. Run it when the reports go to donors: every later
    release is then checked against every release they received and those published after this one; the
    releases published before it and not marked are taken as not sent (audit.released_figures is emptied).
    Refused, marking nothing, when the reports folder was written from other figures (a run published
    after the reports sent were written)."""
    with warehouse.reader(build=False) as con:
        published = query_df(con, "report.published")
    refused = not_sent_reason(paths.reports_dir(), published)
    if refused:  # marking other figures than donors received would compare later releases with the wrong ones
        raise dg.Failure(description=refused)
    with warehouse.patch() as con:
        run_sql(con, "audit.figure_tables")  # a warehouse released before the tables existed
        ((already,),) = query_rows(con, "audit.sent_already")
        if already is None:
            run_sql(con, "audit.sent_figures", {"sent_at": paths.clock().time()})
        else:
            context.log.info(f"these figures were marked as sent on {already}: not kept twice")
        run_sql(con, "audit.released_figures_clear")
        comment_warehouse(con)
        ((releases, rows),) = query_rows(con, "audit.sent_figures_count")
    context.log.info(f"release marked as sent to donors: {releases} release(s) sent so far, {rows} figures kept")
    context.log_event(dg.AssetObservation(asset_key=INDICATORS,
                                          metadata={"sent_releases": int(releases), "sent_figures": int(rows)}))


@dg.job(tags={"mh/kind": "report_sent"})
def mark_report_sent() -> None:
    """Record that the published reports were sent to donors (launch it from the UI when they are)."""
    record_sent()
