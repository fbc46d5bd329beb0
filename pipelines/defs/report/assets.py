"""Report: the donor-facing indicators after disclosure control, and the HTML reports."""

import dagster as dg

from pipelines.defs.ingest.assets import WRITER_POOL
from pipelines.defs.report.checks import INDICATORS, SMALL_REVISIONS, revisions_check
from pipelines.defs.resources import IMAGES, ChartImagesResource, PathsResource, WarehouseResource
from pipelines.lib.marts import build_report_indicators
from pipelines.lib.report.build import build_reports, load_published
from pipelines.lib.report.images import image_jobs, store_images, write_images
from pipelines.lib.revisions import small_revisions


@dg.asset(
    key=INDICATORS, deps=[["marts", "indicators"]], kinds={"duckdb", "python"},
    group_name="report", pool=WRITER_POOL, check_specs=[SMALL_REVISIONS],
)
def report_indicators(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """What donors may see: marts.indicators after primary (<5) and complementary suppression, one row
    per period x dimension x category x indicator; suppressed rows have null figures and a mark ("<5",
    or "withheld" where the published figures show the number to be 5 or more). No site-level figures
    about positives, no tests or people by care location. Checked against the releases sent to donors and
    every one published since the last of them (small_revisions), in this step: the release step swaps the
    published warehouse out."""
    with warehouse.connect() as con:
        n, s = build_report_indicators(con)
        checks = []
        if SMALL_REVISIONS.key in context.selected_asset_check_keys:
            checks.append(revisions_check(context, small_revisions(con, warehouse.database())))
    return dg.MaterializeResult(metadata={"dagster/row_count": int(n), "suppressed_rows": int(s)},
                                check_results=checks)


@dg.asset(
    key=["report", "html"], deps=[["warehouse", "release"]],
    kinds={"plotly", "html"}, group_name="report",
)
def report_html(context: dg.AssetExecutionContext, warehouse: WarehouseResource,
                paths: PathsResource, chart_images: ChartImagesResource) -> dg.MaterializeResult:
    """The donor reports: one self-contained HTML page (plotly.js embedded, no network) and CSV per
    reporting period (whole programme, quarters, months) and language (en, ru), plus index.html."""
    out_dir = paths.reports_dir()
    with warehouse.reader(build=False) as con:  # the released warehouse, never a build under way
        published, quality = load_published(con, paths.report_day())
    ahead = chart_images.render_ahead(context.run, lambda: image_jobs(published, quality), out_dir / "images")
    if ahead is not None:
        context.log.info(f"{ahead} chart images render while the pages are written (stored by report/images)")
    pages = build_reports(published, quality, out_dir, paths.clock().today(), paths.report_day())
    context.log.info(f"wrote {len(pages)} report pages to {out_dir}")
    return dg.MaterializeResult(metadata={
        "index": dg.MetadataValue.url((out_dir / "index.html").as_uri()),
        "reports_dir": dg.MetadataValue.path(str(out_dir)),
        "pages": len(pages),
    })


@dg.asset(key=IMAGES, deps=[["report", "html"]], kinds={"plotly", "png"}, group_name="report")
def report_images(context: dg.AssetExecutionContext, warehouse: WarehouseResource,
                  paths: PathsResource, chart_images: ChartImagesResource) -> dg.MaterializeResult:
    """PNG images of every chart of the whole-programme and quarterly reports, both languages, in
    <reports>/images/ (rendered by plotly.js in Debian's headless Chromium; unchanged charts are reused)."""
    ahead = chart_images.rendered_ahead()
    if ahead is not None:  # the HTML step of this run started them
        plan, pngs = ahead
        rendered, reused = store_images(plan, pngs.result())
        context.log.info(f"{rendered} images rendered (from the HTML step on), {reused} unchanged")
    else:
        with warehouse.reader(build=False) as con:
            jobs = image_jobs(*load_published(con, paths.report_day()))
        renderer = chart_images.prepared()
        rendered, reused = write_images(jobs, paths.reports_dir() / "images", renderer)
        context.log.info(f"{rendered} images rendered, {reused} unchanged"
                         + (" (browser launched earlier in the run)" if renderer else ""))
    return dg.MaterializeResult(metadata={"images": rendered + reused, "rendered": rendered, "reused": reused})
