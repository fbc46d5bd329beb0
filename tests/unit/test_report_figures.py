"""Report figures and the page's cell index, on tiny hand-made frames."""

import subprocess
import sys
from pathlib import Path

import pandas as pd

from pipelines.lib.report.build import CellIndex, Page, Quality

REPO = Path(__file__).resolve().parents[2]
FIGURE_JSON = """
import pandas as pd, plotly.io as pio
from pipelines.lib.report import figures
df = pd.DataFrame({"category": ["TJK", "UZB"], "people_tested_value": [10.0, 20.0],
                   "people_tested_suppressed": [False, False], "positivity_value": [0.1, 0.05],
                   "positivity_suppressed": [False, False], "positivity_ci_low": [0.0, 0.01],
                   "positivity_ci_high": [0.4, 0.2]})
print(pio.to_json(figures.breakdown(df, "country_of_origin", "en"), validate=False))
"""


def test_figure_json_is_the_same_in_every_process() -> None:
    # the chart image cache keys on this JSON: axes once ordered by string hash re-rendered every chart
    outs = {subprocess.run([sys.executable, "-c", FIGURE_JSON], cwd=REPO, capture_output=True, text=True,
                           check=True, env={"PYTHONHASHSEED": seed, "PATH": ""}).stdout
            for seed in ("1", "2", "3", "4", "5")}
    assert len(outs) == 1
    assert '"xaxis":' in outs.pop()


def _row(period: str, dimension: str, category: str, indicator: str, value: float | None,
         suppressed: bool = False) -> dict:
    return {"period": period, "dimension": dimension, "category": category, "indicator": indicator,
            "numerator": value, "value": value, "suppressed": suppressed,
            "ci_low": None if value is None else value / 2, "ci_high": None if value is None else value * 2}


def test_breakdown_rows_sorted_by_people_and_withheld_last() -> None:
    rows = []
    for cat, people, sup in (("KGZ", 40, False), ("TJK", 120, False), ("RUS", None, True), ("UZB", 75, False)):
        rows += [_row("2025-Q1", "country_of_origin", cat, ind, people, sup)
                 for ind in ("tests", "people_tested", "positives")]
        rows.append(_row("2025-Q1", "country_of_origin", cat, "positivity", None if sup else 0.1, sup))
    rows.append(_row("2025-Q2", "country_of_origin", "KAZ", "people_tested", 9))  # another period: not shown
    published = pd.DataFrame(rows)
    index = CellIndex(published)
    assert index.categories[("2025-Q1", "country_of_origin")] == {"KGZ", "TJK", "RUS", "UZB"}
    assert index.periods == ["2025-Q1", "2025-Q2"]
    quality = Quality(files=pd.DataFrame({"status": [], "files": []}), rows={},
                      held_by_column=pd.DataFrame({"column": [], "rows": []}))
    page = Page(published, "2025-Q1", "en", quality, "2026-12-01", index)
    html = page.breakdowns()
    table = html[html.index("<tbody>"):html.index("</tbody>")]
    order = [table.index(name) for name in ("Tajikistan", "Uzbekistan", "Kyrgyzstan", "Russia")]
    assert order == sorted(order)
    assert "Kazakhstan" not in html
    assert "<td>&lt;5</td>" in table


def test_cascade_draws_no_withheld_step_and_has_no_legend() -> None:
    from pipelines.lib.report import figures

    fig = figures.cascade([("positives", 28.0), ("linked", None), ("on_art", 20.0)], "en", "Care cascade")
    (trace,) = fig["data"]
    assert trace["x"] == [28.0, None, 20.0]
    assert trace["showlegend"] is False  # a lone unnamed trace would be listed as "trace 0"
