"""Chart images: rendered by plotly.js in headless Chromium from a page that loads nothing from the
network; failures fail the step."""

import json
import os
import re
import struct
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlparse

import dagster as dg
import pytest

from pipelines.defs.resources import ChartImagesResource
from pipelines.lib.report.images import (ImagePlan, Renderer, owner_mark, pid_namespace, plan_images, render_page,
                                         start_rendering, store_images, sweep_left_behind, write_images)

BAR = {"data": [{"type": "bar", "x": ["a", "b"], "y": [7, 3]}], "layout": {"height": 300}}


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])  # IHDR: width, height


def test_render_page_loads_only_local_scripts():
    html = render_page()
    sources = re.findall(r'<script src="([^"]+)"', html)
    assert len(sources) == 1 and sources[0].endswith("plotly.min.js")
    url = urlparse(sources[0])
    assert url.scheme == "file" and Path(unquote(url.path)).is_file()
    assert "http" not in html.lower()


def test_images_have_the_asked_size_and_are_reused_when_unchanged(tmp_path):
    tall = {**BAR, "layout": {"height": 520}}
    assert write_images([("a", BAR), ("b", tall)], tmp_path) == (2, 0)
    assert png_size(tmp_path / "a.png") == (1000, 300)
    assert png_size(tmp_path / "b.png") == (1000, 520)
    before = (tmp_path / "a.png").stat().st_mtime_ns
    changed = {"data": [{"type": "bar", "x": ["a", "b"], "y": [7, 4]}], "layout": {"height": 300}}
    assert write_images([("a", BAR), ("b", changed)], tmp_path) == (1, 1)
    assert (tmp_path / "a.png").stat().st_mtime_ns == before
    assert write_images([("a", BAR)], tmp_path) == (0, 1)
    assert not (tmp_path / "b.png").exists()  # a chart gone from the report takes its image along


def test_what_plotly_cannot_draw_raises(tmp_path):
    plan = ImagePlan(tmp_path, {"x": "digest"}, [(tmp_path / "x.png", "null", 300)], [])
    with Renderer() as renderer, pytest.raises(RuntimeError, match="plotly.js failed"):
        start_rendering(plan, renderer).result(120)
    assert not (tmp_path / "x.png").exists()


def test_an_image_that_cannot_be_written_fails_the_step_and_records_nothing(tmp_path):
    with pytest.raises(FileNotFoundError):
        write_images([("fine", BAR), ("no-such-folder/blocked", BAR)], tmp_path)
    assert not (tmp_path / "images.json").exists()


def test_a_started_renderer_serves_several_batches_then_closes(tmp_path):
    with Renderer() as renderer:
        assert write_images([("a", BAR)], tmp_path, renderer) == (1, 0)
        tall = {**BAR, "layout": {"height": 450}}
        assert write_images([("a", BAR), ("b", tall)], tmp_path, renderer) == (1, 1)
        assert png_size(tmp_path / "b.png") == (1000, 450)
        with pytest.raises(RuntimeError, match="plotly.js failed"):
            renderer.render_soon([(tmp_path / "x.png", "null", 300)]).result(120)
        # a failed chart does not take the browser down: the next batch renders
        (png,) = renderer.render_soon([(tmp_path / "c.png", json.dumps(BAR), 300)]).result(120)
        (tmp_path / "c.png").write_bytes(png)
        assert png_size(tmp_path / "c.png") == (1000, 300)
    assert not renderer.running


def test_a_renderer_keeps_chromium_in_its_own_folder_and_removes_those_killed_runs_left(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # where temporary folders go
    gone = subprocess.Popen(["true"])
    gone.wait()  # a process that has ended: its renderer's folder was left by a run killed outright
    for name, owner in (("mh-render-left", str(gone.pid)), ("mh-render-alive", str(os.getpid())),
                        ("mh-render-unknown", None)):
        (tmp_path / name).mkdir()
        (tmp_path / name / "render.html").write_text("<html></html>")
        if owner:
            (tmp_path / name / "owner.pid").write_text(owner)
    with Renderer() as renderer:
        assert write_images([("a", BAR)], tmp_path / "images", renderer) == (1, 0)
        (own,) = set(tmp_path.iterdir()) - {tmp_path / n for n in ("mh-render-alive", "mh-render-unknown", "images")}
        assert own.name.startswith("mh-render-") and (own / "owner.pid").read_text() == owner_mark()
        assert owner_mark().startswith(f"{os.getpid()} ")
        assert any((d / "Default").is_dir() for d in own.iterdir())  # Chromium's profile is in it
    # the killed run's folder is gone, the others' are kept, and the renderer leaves nothing behind
    assert sorted(p.name for p in tmp_path.iterdir()) == ["images", "mh-render-alive", "mh-render-unknown"]


def test_the_sweep_leaves_the_folders_of_other_containers_and_of_live_processes(tmp_path):
    gone = subprocess.Popen(["true"])
    gone.wait()  # its process id is free in this PID namespace; in another it may be a live renderer's
    here = pid_namespace()
    owners = {"mh-render-gone-here": f"{gone.pid} {here}", "mh-render-gone-before-namespaces": str(gone.pid),
              "mh-render-other-container": f"{gone.pid} pid:[1]@another-host",
              "mh-render-alive-here": f"{os.getpid()} {here}", "mh-render-unreadable": "soon", "other": str(gone.pid)}
    for name, owner in owners.items():
        (tmp_path / name).mkdir()
        (tmp_path / name / "owner.pid").write_text(owner)
    assert sweep_left_behind(tmp_path) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "mh-render-alive-here", "mh-render-other-container", "mh-render-unreadable", "other"]


def test_the_resource_starts_a_browser_only_when_asked_and_closes_it():
    res = ChartImagesResource()
    assert res.prepared() is None
    res.prepare()
    renderer = res.prepared()
    assert renderer is not None
    res.prepare()  # once per run
    assert res.prepared() is renderer
    res.teardown_after_execution(dg.build_init_resource_context())
    assert res.prepared() is None and not renderer.running


def test_the_resource_launches_the_browser_for_a_run_whose_selection_holds_the_images():
    html, images = dg.AssetKey(["report", "html"]), dg.AssetKey(["report", "images"])
    res = ChartImagesResource()
    assert not res.prepare_for(dg.DagsterRun(job_name="j", asset_selection=frozenset({html})))
    assert res.prepared() is None
    assert res.prepare_for(dg.DagsterRun(job_name="j", asset_selection=frozenset({html, images})))
    renderer = res.prepared()
    # the HTML step asks again: the browser the GX check launched is kept, not launched twice
    assert not res.prepare_for(dg.DagsterRun(job_name="j", asset_selection=frozenset({html, images})))
    assert res.prepared() is renderer
    res.teardown_after_execution(dg.build_init_resource_context())
    assert not renderer.running


def test_the_browser_opens_no_new_tab_page_nor_omnibox_pop_ups():
    import asyncio

    with Renderer() as renderer:
        tabs = renderer._tabs.result(60)
        reply = asyncio.run_coroutine_threadsafe(
            renderer._browser.send_command("Target.getTargets"), renderer._loop).result(60)
    urls = [t["url"] for t in reply["result"]["targetInfos"]]
    # its start page and the two rendering tabs (with plotly.js); without LAUNCH_ARGS Chromium 156 also
    # opened chrome://new-tab-page-third-party/ and two chrome://omnibox-popup.top-chrome/ pages
    assert len(tabs) == 2 and "about:blank" in urls
    assert sum(u.endswith("/render.html") for u in urls) == 2
    assert not [u for u in urls if "new-tab-page" in u or "omnibox-popup" in u]


def test_a_browser_that_cannot_start_fails_the_rendering_not_the_cleanup(tmp_path, monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-chromium"))
    renderer = Renderer().start()  # as the HTML step starts it: nothing raises there
    with pytest.raises(RuntimeError, match="Chromium .* could not be started .* MH_NEED_CHROMIUM=1") as failed:
        renderer.render_soon([(tmp_path / "a.png", json.dumps(BAR), 300)]).result(300)
    renderer.close()
    # the machine is what to change, not the rows: the failure alert quotes a SettingError's words
    from pipelines.lib.settings import SettingError

    assert isinstance(failed.value, SettingError)
    assert not renderer.running and not (tmp_path / "a.png").exists()


def test_a_plan_writes_nothing_and_its_images_are_stored_after_rendering(tmp_path):
    tall = {**BAR, "layout": {"height": 520}}
    write_images([("a", BAR), ("gone", BAR)], tmp_path)
    plan = plan_images([("a", BAR), ("b", tall)], tmp_path)
    assert [p.name for p, _, h in plan.todo] == ["b.png"] and plan.todo[0][2] == 520
    assert sorted(plan.index) == ["a", "b"] and plan.gone == ["gone"]
    with Renderer() as renderer:
        pngs = start_rendering(plan, renderer).result(120)
    assert not (tmp_path / "b.png").exists()  # rendered, not written: the folder may be swapped meanwhile
    assert store_images(plan, pngs) == (1, 1)
    assert png_size(tmp_path / "b.png") == (1000, 520)
    assert not (tmp_path / "gone.png").exists()
    assert sorted(json.loads((tmp_path / "images.json").read_text())) == ["a", "b"]


def test_nothing_to_render_needs_no_browser(tmp_path):
    write_images([("a", BAR)], tmp_path)
    plan = plan_images([("a", BAR)], tmp_path)
    assert plan.todo == [] and start_rendering(plan, None).result(0) == []


def test_the_html_step_renders_ahead_only_when_the_images_follow(tmp_path):
    html, images = dg.AssetKey(["report", "html"]), dg.AssetKey(["report", "images"])
    res = ChartImagesResource()
    alone = dg.DagsterRun(job_name="j", asset_selection=frozenset({html}))
    assert res.render_ahead(alone, lambda: pytest.fail("no image jobs are made"), tmp_path) is None
    assert res.rendered_ahead() is None and res.prepared() is None
    both = dg.DagsterRun(job_name="j", asset_selection=frozenset({html, images}))
    assert res.render_ahead(both, lambda: [("a", BAR), ("b", BAR)], tmp_path) == 2
    plan, pngs = res.rendered_ahead()
    assert store_images(plan, pngs.result(120)) == (2, 0)
    assert png_size(tmp_path / "a.png") == (1000, 300)
    res.teardown_after_execution(dg.build_init_resource_context())
    assert res.rendered_ahead() is None and res.prepared() is None
    # the next run: the same charts, nothing to render, no browser launched for them
    again = ChartImagesResource()
    assert again.render_ahead(both, lambda: [("a", BAR), ("b", BAR)], tmp_path) == 0
    assert again.prepared() is None


def test_images_that_do_not_fit_say_the_disk_is_full(tmp_path):
    # the chart's PNG path leads to /dev/full, which fails every write with the system's own "No space left on
    # device", as a full disk does; the pages and the month rebuild's pages go through build_reports alike
    from pipelines.lib.disk_space import DiskFull

    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "a.png").symlink_to("/dev/full")
    plan = plan_images([("a", BAR)], tmp_path / "images")
    with pytest.raises(DiskFull) as full:
        store_images(plan, [b"\x89PNG"])
    assert str(full.value).startswith(f"the disk holding the chart images ({tmp_path / 'images'}) ran out of room")
    assert "set MH_REPORTS to a folder on a disk with room" in str(full.value)
    assert not (tmp_path / "images" / "images.json").exists()  # the index last: rendered again next time
