"""The chart images (report/images) on the sample build: rendered by plotly.js in Debian's headless
Chromium, then reused while their figures do not change."""

import shutil

import dagster as dg

from pipelines.defs.report import assets as report_assets
from pipelines.defs.resources import ChartImagesResource, PathsResource, WarehouseResource


def test_png_images_of_programme_and_quarterly_charts(sample_build, tmp_path):
    wh, reports = sample_build
    copy = tmp_path / "reports"
    shutil.copytree(reports, copy)
    res = {"paths": PathsResource(reports=str(copy)), "warehouse": WarehouseResource(path=str(wh)),
           "chart_images": ChartImagesResource()}
    first = dg.materialize([report_assets.report_images], resources=res)
    meta = first.get_asset_materialization_events()[0].materialization.metadata
    pngs = sorted((copy / "images").glob("*.png"))
    assert meta["images"].value == len(pngs) == meta["rendered"].value
    # whole programme and the four quarters, in two languages; no monthly page
    assert {p.name.split("_")[1] for p in pngs} == {"all", "2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"}
    assert {p.name.split("_")[2] for p in pngs} == {"en", "ru"}
    assert all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in pngs)
    again = dg.materialize([report_assets.report_images], resources=res)
    meta2 = again.get_asset_materialization_events()[0].materialization.metadata
    assert meta2["rendered"].value == 0 and meta2["reused"].value == len(pngs)
