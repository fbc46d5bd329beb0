"""The release a reports folder was written from: the digest of the published figures in its index."""

from pathlib import Path

import pandas as pd

from pipelines.lib.report.build import index_html
from pipelines.lib.report.release import figures_digest, not_sent_reason, reports_digest

PUBLISHED = pd.DataFrame({
    "period": ["2025-01", "2025-01"], "dimension": ["total", "sex"], "category": ["all", "female"],
    "indicator": ["tests", "tests"], "numerator": pd.array([10, None], "Int64"),
    "denominator": pd.array([None, None], "Int64"), "value": [10.0, None], "ci_low": [None, None],
    "ci_high": [None, None], "suppressed": [False, True], "mark": [None, "<5"],
})


def test_the_digest_follows_the_figures_and_nothing_else():
    same = figures_digest(PUBLISHED.copy())
    assert same == figures_digest(PUBLISHED) and len(same) == 64
    # a value or an interval follows from the counts: not part of the release's figures
    assert figures_digest(PUBLISHED.assign(value=[10.5, None])) == same
    one_more = PUBLISHED.copy()
    one_more.loc[0, "numerator"] = 11
    assert figures_digest(one_more) != same
    assert figures_digest(PUBLISHED.assign(suppressed=[True, True])) != same
    # the mark is what donors read for a withheld number
    assert figures_digest(PUBLISHED.assign(mark=[None, "withheld"])) != same


def write_index(folder: Path, published: pd.DataFrame) -> Path:
    folder.mkdir()
    (folder / "index.html").write_text(index_html(["2025-01"], "2026-12-05", figures_digest(published)),
                                       encoding="utf-8")
    return folder


def test_reports_of_the_published_figures_may_be_marked_others_not(tmp_path):
    reports = write_index(tmp_path / "reports", PUBLISHED)
    assert reports_digest(reports) == figures_digest(PUBLISHED)
    assert f"release / выпуск {figures_digest(PUBLISHED)[:12]}" in (reports / "index.html").read_text("utf-8")
    assert not_sent_reason(reports, PUBLISHED) is None
    one_more = PUBLISHED.copy()
    one_more.loc[0, "numerator"] = 11
    reason = not_sent_reason(reports, one_more)
    assert reason.startswith(f"the reports in {reports} (release {figures_digest(PUBLISHED)[:12]}) were written "
                             f"from other figures than the published warehouse holds (release "
                             f"{figures_digest(one_more)[:12]})")
    assert "Nothing was marked" in reason
    # no reports at all, or an index written before stamps
    assert "holds no reports stamped" in not_sent_reason(tmp_path / "none", PUBLISHED)
    old = tmp_path / "old"
    old.mkdir()
    (old / "index.html").write_text("<html><p>2026-11-01</p></html>", encoding="utf-8")
    assert reports_digest(old) is None and "holds no reports stamped" in not_sent_reason(old, PUBLISHED)
