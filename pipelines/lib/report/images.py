"""Static PNG images of the report charts, for donors who paste them into their own documents.

Rendered by kaleido with Debian's Chromium; a figure whose content has not changed since the last
run is not rendered again (a hash per image), so a routine run costs little.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import plotly.io as pio


def slug(text: str) -> str:
    return re.sub(r"[^0-9a-zа-я]+", "-", text.lower()).strip("-")[:40] or "chart"


def render_page():
    """The page kaleido renders every chart in: plotly.js from the installed plotly package and no
    MathJax. Kaleido's default page also loads MathJax from a CDN: a request at run time, which this
    network never answers, and it made every image wait (100 images: 57 s with it, 18 s without)."""
    import plotly
    from kaleido import PageGenerator

    plotly_js = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    return PageGenerator(plotly=(plotly_js.as_uri(), "utf-8"), mathjax=False)


def write_images(jobs: list[tuple[str, dict]], folder: Path) -> tuple[int, int]:
    """``jobs``: (file stem, figure). Returns (rendered, reused)."""
    import kaleido

    folder.mkdir(parents=True, exist_ok=True)
    index_path = folder / "images.json"
    index = json.loads(index_path.read_text()) if index_path.exists() else {}
    todo, fresh = [], {}
    for stem, fig in jobs:
        digest = hashlib.sha256(pio.to_json(fig, validate=False).encode()).hexdigest()
        fresh[stem] = digest
        if index.get(stem) != digest or not (folder / f"{stem}.png").exists():
            todo.append({"fig": fig, "path": str(folder / f"{stem}.png"),
                         "opts": {"width": 1000, "height": int(fig["layout"].get("height") or 400), "format": "png"}})
    if todo:
        # cancel_on_error: kaleido otherwise returns a failed render in a list and carries on
        kaleido.write_fig_from_object_sync(todo, kopts={"n": 2, "page_generator": render_page()},
                                           cancel_on_error=True)
    for old in set(index) - set(fresh):
        (folder / f"{old}.png").unlink(missing_ok=True)
    index_path.write_text(json.dumps(fresh, indent=1, sort_keys=True))
    return len(todo), len(jobs) - len(todo)
