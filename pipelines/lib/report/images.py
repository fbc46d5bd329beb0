"""Static PNG images of the report charts, for donors who paste them into their own documents.

Rendered by plotly.js's own ``Plotly.toImage`` in Debian's headless Chromium, driven over the
DevTools protocol (choreographer). One page per tab loads plotly.js once and renders every chart:
kaleido, which does the same through the same library, reloads the page after each image and by
default fetches MathJax from a CDN first (100 sample images: 57 s; 18 s without MathJax; 5.6 s here,
with byte-identical PNGs). A figure whose content has not changed since the last run is not
rendered again (a hash per image), so a routine run costs little.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import os
import re
import shutil
import socket
import tempfile
import threading
from concurrent.futures import Future, wait
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import plotly
import plotly.io as pio

from pipelines.lib import disk_space
from pipelines.lib.report.build import file_stem
from pipelines.lib.report.i18n import LANGS
from pipelines.lib.report.page import page_figures
from pipelines.lib.report.page_cells import CellIndex
from pipelines.lib.report.quality import Quality
from pipelines.lib.settings import SettingError


class BrowserUnavailable(RuntimeError, SettingError):
    """Chromium could not be started for the chart images (not installed, or it failed to launch): what is
    to change is the machine, not the rows, and the failure alert says so in these words. Chromium's own
    words after them name programs and paths."""


TABS = 2  # one per core: each renders in its own renderer process
TIMEOUT_S = 60  # for any one answer of the browser: one that stops answering fails the step
WIDTH = 1000
# Chromium's headless mode is the whole browser without a window: at launch it opens a new-tab page
# and preloads the omnibox's WebUI pop-ups, ~0.7 s of CPU (of ~2.3 s) no chart needs. A start page
# and these two features avoid it; a Chromium that does not know a feature name ignores it.
LAUNCH_ARGS = ("--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup", "about:blank")


OWNER = "owner.pid"  # in a renderer's folder: whose it is, so that a later one can tell it was left behind


def pid_namespace() -> str:
    """Which process ids this process sees: its PID namespace on its host. Containers sharing one /tmp
    under one user id each have their own, so a process id alone does not say whose a folder is."""
    try:
        namespace = os.readlink("/proc/self/ns/pid")
    except OSError:  # not Linux: the host alone
        namespace = "-"
    return f"{namespace}@{socket.gethostname()}"


def owner_mark() -> str:
    """What a renderer writes to its folder's OWNER file: its process id and ``pid_namespace()``."""
    return f"{os.getpid()} {pid_namespace()}"


def sweep_left_behind(parent: Path) -> int:
    """Remove the folders (``mh-render-*``: the render page and Chromium's profile, ~2.4 MB) of renderers
    whose process is gone: a run killed outright leaves its folder, which nothing else removes. Returns
    how many; another user's folders, those of another container's processes (another ``pid_namespace``,
    where a live process's id may be free here), and one whose owner cannot be told (being set up) are left."""
    removed, here = 0, pid_namespace()
    for folder in parent.glob("mh-render-*"):
        try:
            if folder.stat().st_uid != os.getuid():
                continue
            pid, _, namespace = (folder / OWNER).read_text().partition(" ")
            if namespace and namespace != here:  # a folder marked before namespaces were (its pid only): here
                continue
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
        except (OSError, ValueError):  # alive under another user, no owner file yet, not a number
            continue
    return removed


def slug(text: str) -> str:
    return re.sub(r"[^0-9a-zа-я]+", "-", text.lower()).strip("-")[:40] or "chart"


def render_page() -> str:
    """The page every chart is rendered in: plotly.js from the installed plotly package (the version
    the HTML reports embed) and one function; it loads nothing from the network."""
    plotly_js = (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").as_uri()
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><script src="{plotly_js}" charset="utf-8"></script>
<script>
async function mhRender(spec, width, height) {{
  const url = await Plotly.toImage(JSON.parse(spec), {{format: "png", width: width, height: height, scale: 1}});
  return url.slice(url.indexOf(",") + 1);
}}
</script></head><body></body></html>
"""


async def _evaluate(tab, expression: str):
    reply = await asyncio.wait_for(tab.send_command("Runtime.evaluate", params={
        "expression": expression, "awaitPromise": True, "returnByValue": True}), TIMEOUT_S)
    if "error" in reply:
        raise RuntimeError(f"Chromium refused to evaluate: {reply['error']}")
    result = reply["result"]
    if "exceptionDetails" in result:
        details = result["exceptionDetails"]
        raise RuntimeError("plotly.js failed: " + str(details.get("exception", {}).get("description") or details))
    return result["result"].get("value")


class Renderer:
    """Headless Chromium with plotly.js loaded in ``TABS`` tabs, on an event loop in its own thread.

    ``start()`` launches it and returns at once, so that the launch and the load of plotly.js (~2 s,
    in Chromium's own processes) can overlap other work; ``render_soon()`` renders once it is up and
    returns a future of the PNGs at once; ``close()`` shuts it down. Also a context manager. Any failure
    raises where the future's result is asked for. Its page and Chromium's profile are kept in one
    temporary folder, removed on ``close()``; a renderer also removes those left by processes that are
    gone (``sweep_left_behind``).
    """

    def __init__(self) -> None:
        self._loop = asyncio.new_event_loop()
        # the browser is opened and closed on this loop only: choreographer requires one thread
        self._thread = threading.Thread(target=self._loop.run_forever, name="png-render", daemon=True)
        self._tmp = tempfile.TemporaryDirectory(prefix="mh-render-")
        self._browser = None
        self._tabs: Future | None = None

    def start(self) -> Renderer:
        if self._tabs is None:
            self._thread.start()
            self._tabs = asyncio.run_coroutine_threadsafe(self._open(), self._loop)
        return self

    async def _open(self) -> list:
        import choreographer
        from choreographer.browsers import Chromium

        class Launch(Chromium):  # choreographer's own command line, and LAUNCH_ARGS
            def get_cli(self) -> list[str]:
                return [*super().get_cli(), *LAUNCH_ARGS]

        folder = Path(self._tmp.name)
        (folder / OWNER).write_text(owner_mark())
        sweep_left_behind(folder.parent)
        page = folder / "render.html"
        page.write_text(render_page(), encoding="utf-8")
        # Chromium's profile in this folder too: one folder per renderer to remove, or to sweep
        browser = choreographer.Browser(headless=True, browser_cls=Launch, tmp_dir=str(folder))
        await asyncio.wait_for(browser.open(), TIMEOUT_S)
        self._browser = browser  # open: close() must shut it down whatever happens next
        tabs = [await self._browser.create_tab(page.as_uri()) for _ in range(TABS)]
        for tab in tabs:
            for _ in range(TIMEOUT_S * 50):
                if await _evaluate(tab, "typeof Plotly === 'object' && typeof mhRender === 'function'"):
                    break
                await asyncio.sleep(0.02)
            else:
                raise RuntimeError(f"plotly.js did not load in Chromium within {TIMEOUT_S} s")
        return tabs

    def render_soon(self, todo: list[tuple[Path, str, int]]) -> Future:
        """Start rendering ``todo`` and return at once: a future of the PNGs (bytes, in its order),
        which raises what rendering raised; nothing is written."""
        self.start()

        async def launched_then_rendered() -> list[bytes]:
            try:
                tabs = await asyncio.wait_for(asyncio.wrap_future(self._tabs), 3 * TIMEOUT_S)
            except Exception as exc:
                raise BrowserUnavailable(
                    "headless Chromium with plotly.js could not be started for the chart images "
                    f"(Debian's chromium is installed by: MH_NEED_CHROMIUM=1 bash scripts/setup.sh): {exc}") from exc
            return await _render(tabs, todo)

        return asyncio.run_coroutine_threadsafe(launched_then_rendered(), self._loop)

    def close(self) -> None:
        if self._tabs is not None:
            try:
                wait([self._tabs], 3 * TIMEOUT_S)  # never close a browser that is still opening
                if self._browser is not None:
                    asyncio.run_coroutine_threadsafe(self._browser.close(), self._loop).result(3 * TIMEOUT_S)
            finally:
                self._loop.call_soon_threadsafe(self._loop.stop)
                self._thread.join()
        self._loop.close()
        self._tmp.cleanup()

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def __enter__(self) -> Renderer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()


async def _render(tabs: list, todo: list[tuple[Path, str, int]]) -> list[bytes]:
    queue = list(reversed(list(enumerate(todo))))
    pngs: list[bytes] = [b""] * len(todo)

    async def work(tab) -> None:
        while queue:
            i, (_, figure_json, height) = queue.pop()
            # the figure goes in as a JSON string literal: no part of it is ever code
            call = f"mhRender({json.dumps(figure_json)}, {WIDTH}, {int(height)})"
            pngs[i] = base64.b64decode(await _evaluate(tab, call))

    workers = [asyncio.ensure_future(work(tab)) for tab in tabs]
    try:
        await asyncio.gather(*workers)
    finally:  # after a failure the other tab stops too: the browser may serve another batch
        for worker in workers:
            worker.cancel()
    return pngs


def image_jobs(published: pd.DataFrame, quality: Quality) -> list[tuple[str, dict]]:
    """Every chart of the whole-programme and the quarterly pages, in both languages, with the file
    stem of its image (report_2025-Q1_en_02_country-of-origin)."""
    periods = ["all"] + sorted(p for p in published["period"].unique() if "-Q" in p)
    cells = CellIndex(published)
    return [(f"{file_stem(period, lang)}_{i:02d}_{slug(alt)}", fig)
            for period in periods for lang in LANGS
            for i, (alt, fig) in enumerate(page_figures(published, quality, period, lang, cells), start=1)]


@dataclass
class ImagePlan:
    """What a batch of chart images needs: the index of the images in ``folder`` (file stem -> digest
    of its figure, for every job), the images to render (path, figure as JSON, height in px) and the
    stems of the images whose charts are gone."""
    folder: Path
    index: dict[str, str]
    todo: list[tuple[Path, str, int]]
    gone: list[str]


def plan_images(jobs: list[tuple[str, dict]], folder: Path) -> ImagePlan:
    """``jobs``: (file stem, figure). Reads the folder's index; writes nothing."""
    index_path = folder / "images.json"
    index = json.loads(index_path.read_text()) if index_path.exists() else {}
    todo, fresh = [], {}
    for stem, fig in jobs:
        figure_json = pio.to_json(fig, validate=False)
        digest = hashlib.sha256(figure_json.encode()).hexdigest()
        fresh[stem] = digest
        if index.get(stem) != digest or not (folder / f"{stem}.png").exists():
            todo.append((folder / f"{stem}.png", figure_json, int(fig["layout"].get("height") or 400)))
    return ImagePlan(folder, fresh, todo, sorted(set(index) - set(fresh)))


def store_images(plan: ImagePlan, pngs: list[bytes]) -> tuple[int, int]:
    """Write the PNGs of ``plan.todo``, remove the images of charts gone, then the index (last: an
    image that could not be written is rendered again next time). Returns (rendered, reused)."""
    with disk_space.writing(plan.folder, "the chart images", "MH_REPORTS"):
        plan.folder.mkdir(parents=True, exist_ok=True)
        for (path, _, _), png in zip(plan.todo, pngs, strict=True):
            path.write_bytes(png)
        for stem in plan.gone:
            (plan.folder / f"{stem}.png").unlink(missing_ok=True)
        (plan.folder / "images.json").write_text(json.dumps(plan.index, indent=1, sort_keys=True))
    return len(plan.todo), len(plan.index) - len(plan.todo)


def start_rendering(plan: ImagePlan, renderer: Renderer | None) -> Future:
    """Start rendering ``plan.todo`` in ``renderer`` (the browser only if anything must be rendered);
    a future of the PNGs for store_images."""
    if plan.todo:
        return renderer.render_soon(plan.todo)
    done: Future = Future()
    done.set_result([])
    return done


def write_images(jobs: list[tuple[str, dict]], folder: Path,
                 renderer: Renderer | None = None) -> tuple[int, int]:
    """``jobs``: (file stem, figure). Returns (rendered, reused). ``renderer``: one already started
    (else a browser is launched here if any image must be rendered)."""
    plan = plan_images(jobs, folder)
    if plan.todo and renderer is None:
        with Renderer() as own:
            return store_images(plan, start_rendering(plan, own).result())
    return store_images(plan, start_rendering(plan, renderer).result())
