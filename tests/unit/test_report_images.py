"""The page kaleido renders chart images in loads nothing from the network."""

import re
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
