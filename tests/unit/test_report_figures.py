"""Report figures and the page's cell index, on tiny hand-made frames."""

import subprocess
import sys
from pathlib import Path

import pandas as pd

from pipelines.lib.report.build import CellIndex, Page, Quality

REPO = Path(__file__).resolve().parents[2]
FIGURE_JSON = """
import plotly.io as pio
from pipelines.lib.report import figures
def row(v, lo=None, hi=None):
    return {"value": v, "suppressed": False, "ci_low": lo, "ci_high": hi}
bars = [("TJK", row(10.0), row(0.1, 0.0, 0.4)), ("UZB", row(20.0), row(0.05, 0.01, 0.2))]
print(pio.to_json(figures.breakdown(bars, "country_of_origin", "en"), validate=False))
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


def test_breakdown_ties_in_category_order_in_table_and_chart() -> None:
    # numpy's quicksort (what pandas sorted with) may order ties differently on another CPU: the
    # report and the image cache must not depend on the machine
    rows = []
    for cat, people in (("45-49", 45), ("20-24", 45), ("<15", 7), ("30-34", 101), ("25-29", 45), ("50+", None)):
        sup = people is None
        rows += [_row("2025-Q3", "age_band", cat, ind, people, sup) for ind in ("tests", "people_tested", "positives")]
        rows.append(_row("2025-Q3", "age_band", cat, "positivity", None if sup else 0.1, sup))
    published = pd.DataFrame(rows)
    quality = Quality(files=pd.DataFrame({"status": [], "files": []}), rows={},
                      held_by_column=pd.DataFrame({"column": [], "rows": []}))
    page = Page(published, "2025-Q3", "en", quality, "2026-12-01")
    page.breakdowns()
    ((alt, fig),) = page.figures
    # the chart lists from the bottom: fewest people first, the withheld one before all, ties by code
    assert fig["data"][0]["y"] == ["50+", "<15", "20-24", "25-29", "45-49", "30-34"]
    assert fig["data"][0]["x"] == [None, 7.0, 45.0, 45.0, 45.0, 101.0]
    assert [r["Category"] for r in page.csv_rows] == ["30-34", "20-24", "25-29", "45-49", "<15", "50+"]


def test_cascade_draws_no_withheld_step_and_has_no_legend() -> None:
    from pipelines.lib.report import figures

    fig = figures.cascade([("positives", 28.0), ("linked", None), ("on_art", 20.0)], "en", "Care cascade")
    (trace,) = fig["data"]
    assert trace["x"] == [28.0, None, 20.0]
    assert trace["showlegend"] is False  # a lone unnamed trace would be listed as "trace 0"
