"""The page kaleido renders chart images in loads nothing from the network."""

import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlparse

from pipelines.lib.report.images import render_page


def test_render_page_loads_only_local_scripts():
    html = render_page().generate_index()
    sources = re.findall(r'<script src="([^"]+)"', html)
    assert any("plotly.min.js" in s for s in sources)
    assert not any("mathjax" in s.lower() for s in sources)  # kaleido's default is a CDN copy
    for src in sources:
        url = urlparse(src)
        assert url.scheme == "file", src
        assert Path(unquote(url.path)).is_file(), src




def test_an_image_that_cannot_be_written_fails_the_step(tmp_path):
    # in a child process: the error passing through kaleido's thread trips a CPython 3.11.7 bug
    # ("AST constructor recursion depth mismatch") in whatever the test process imports next
    code = """
import sys
from pathlib import Path
from pipelines.lib.report.images import write_images
fig = {"data": [{"type": "bar", "x": ["a"], "y": [7]}], "layout": {"height": 300}}
write_images([("fine", fig), ("no-such-folder/blocked", fig)], Path(sys.argv[1]))
"""
    run = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True,
                         cwd=Path(__file__).resolve().parents[2], timeout=120)
    # a folder that is not there: kaleido's write fails, which it would return in a list unless told
    assert run.returncode != 0 and "Cannot reach path" in run.stderr
    assert not (tmp_path / "images.json").exists()  # nothing recorded as rendered
