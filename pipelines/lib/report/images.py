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
import re
import tempfile
import threading
from pathlib import Path

import pandas as pd
import plotly
import plotly.io as pio

from pipelines.lib.report.build import Quality, file_stem, page_figures
from pipelines.lib.report.i18n import LANGS

TABS = 2  # one per core: each renders in its own renderer process
TIMEOUT_S = 60  # for any one answer of the browser: one that stops answering fails the step
WIDTH = 1000


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


async def _render(todo: list[tuple[Path, str, int]], page: Path) -> None:
    import choreographer

    async with choreographer.Browser(headless=True) as browser:
        tabs = [await browser.create_tab(page.as_uri()) for _ in range(min(TABS, len(todo)))]
        for tab in tabs:
            for _ in range(TIMEOUT_S * 50):
                if await _evaluate(tab, "typeof Plotly === 'object' && typeof mhRender === 'function'"):
                    break
                await asyncio.sleep(0.02)
            else:
                raise RuntimeError(f"plotly.js did not load in Chromium within {TIMEOUT_S} s")
        queue = list(reversed(todo))

        async def work(tab) -> None:
            while queue:
                path, figure_json, height = queue.pop()
                # the figure goes in as a JSON string literal: no part of it is ever code
                call = f"mhRender({json.dumps(figure_json)}, {WIDTH}, {int(height)})"
                png = await _evaluate(tab, call)
                path.write_bytes(base64.b64decode(png))

        await asyncio.gather(*(work(tab) for tab in tabs))


def render_pngs(todo: list[tuple[Path, str, int]]) -> None:
    """Render (path, figure as JSON, height in px) to PNG files; any failure raises."""
    with tempfile.TemporaryDirectory(prefix="mh-render-") as tmp:
        page = Path(tmp) / "render.html"
        page.write_text(render_page(), encoding="utf-8")
        failure: list[BaseException] = []

        def run() -> None:
            try:
                asyncio.run(_render(todo, page))
            except BaseException as exc:  # handed to the caller's thread below
                failure.append(exc)

        # its own thread, so that a caller already inside an event loop can call it too
        worker = threading.Thread(target=run, name="png-render")
        worker.start()
        worker.join()
        if failure:
            raise failure[0]


def image_jobs(published: pd.DataFrame, quality: Quality) -> list[tuple[str, dict]]:
    """Every chart of the whole-programme and the quarterly pages, in both languages, with the file
    stem of its image (report_2025-Q1_en_02_country-of-origin)."""
    periods = ["all"] + sorted(p for p in published["period"].unique() if "-Q" in p)
    return [(f"{file_stem(period, lang)}_{i:02d}_{slug(alt)}", fig)
            for period in periods for lang in LANGS
            for i, (alt, fig) in enumerate(page_figures(published, quality, period, lang), start=1)]


def write_images(jobs: list[tuple[str, dict]], folder: Path) -> tuple[int, int]:
    """``jobs``: (file stem, figure). Returns (rendered, reused)."""
    folder.mkdir(parents=True, exist_ok=True)
    index_path = folder / "images.json"
    index = json.loads(index_path.read_text()) if index_path.exists() else {}
    todo, fresh = [], {}
    for stem, fig in jobs:
        figure_json = pio.to_json(fig, validate=False)
        digest = hashlib.sha256(figure_json.encode()).hexdigest()
        fresh[stem] = digest
        if index.get(stem) != digest or not (folder / f"{stem}.png").exists():
            todo.append((folder / f"{stem}.png", figure_json, int(fig["layout"].get("height") or 400)))
    if todo:
        render_pngs(todo)
    for old in set(index) - set(fresh):
        (folder / f"{old}.png").unlink(missing_ok=True)
    index_path.write_text(json.dumps(fresh, indent=1, sort_keys=True))
    return len(todo), len(jobs) - len(todo)
