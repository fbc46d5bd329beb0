"""Which release a folder of donor reports was written from: a digest of the published figures,
stamped into its index.html, so that marking a release as sent can refuse figures donors never received."""

from __future__ import annotations

import hashlib
import html
import re
from pathlib import Path

import pandas as pd

# the columns that are the release's figures (value and intervals follow from them)
_FIGURES = ["period", "dimension", "category", "indicator", "numerator", "denominator", "suppressed", "mark"]
_STAMP = re.compile(r'<meta name="mh-release" content="([0-9a-f]{64})">')


def figures_digest(published: pd.DataFrame) -> str:
    """SHA-256 of report.indicators' figures in their published order (``sql/report/published.sql``).
    Only what donors see goes in (suppressed rows carry no figures): a digest over a withheld count could
    be matched by trying the few small counts it may be."""
    text = published[_FIGURES].to_csv(index=False, lineterminator="\n")
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def stamp(digest: str) -> str:
    """The index page's mark of the release it was written from."""
    return f'<meta name="mh-release" content="{html.escape(digest)}">'


def reports_digest(reports_dir: Path) -> str | None:
    """The digest stamped into ``reports_dir``'s index.html, or None (no reports, or written before
    stamps)."""
    index = reports_dir / "index.html"
    if not index.is_file():
        return None
    found = _STAMP.search(index.read_text(encoding="utf-8", errors="replace"))
    return found.group(1) if found else None


def not_sent_reason(reports_dir: Path, published: pd.DataFrame) -> str | None:
    """Why the published release cannot be marked as sent from ``reports_dir`` (its reports were written
    from other figures, or are missing), or None when they are the published release's."""
    written, current = reports_digest(reports_dir), figures_digest(published)
    if written == current:
        return None
    if written is None:
        return (f"{reports_dir} holds no reports stamped with the release they were written from: write them "
                "from the published warehouse (materialise report/html), send those, then mark them as sent")
    return (f"the reports in {reports_dir} (release {written[:12]}) were written from other figures than the "
            f"published warehouse holds (release {current[:12]}): a run published after they "
            "were written, or the reports of the last run were not written. "
            "Nothing was marked. The reports donors received cannot be marked now; their figures stay among "
            "those compared with (audit.released_figures) until a later release is marked as sent")
