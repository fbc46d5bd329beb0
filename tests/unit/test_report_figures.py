"""Report figures and the page's cell index, on tiny hand-made frames."""

import subprocess
import sys
from pathlib import Path

import pandas as pd

from pipelines.lib.report.page import Page
from pipelines.lib.report.page_cells import CellIndex
from pipelines.lib.report.quality import ROWS, Quality

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
         suppressed: bool = False, mark: str = "<5") -> dict:
    return {"period": period, "dimension": dimension, "category": category, "indicator": indicator,
            "numerator": value, "value": value, "suppressed": suppressed, "mark": mark if suppressed else None,
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
    quality = Quality(files=pd.DataFrame({"status": [], "files": []}), rows=dict.fromkeys(ROWS, 0),
                      held_by_column=pd.DataFrame({"column": [], "rows": []}))
    page = Page(published, "2025-Q1", "en", quality, "2026-12-01", index)
    html = page.breakdowns()
    table = html[html.index("<tbody>"):html.index("</tbody>")]
    order = [table.index(name) for name in ("Tajikistan", "Uzbekistan", "Kyrgyzstan", "Russia")]
    assert order == sorted(order)
    assert "Kazakhstan" not in html
    assert "<td>&lt;5</td>" in table


def _breakdown_page(dimension: str, people_by_category: tuple) -> Page:
    rows = []
    for cat, people in people_by_category:
        sup = people is None
        rows += [_row("2025-Q3", dimension, cat, ind, people, sup) for ind in ("tests", "people_tested", "positives")]
        rows.append(_row("2025-Q3", dimension, cat, "positivity", None if sup else 0.1, sup))
    quality = Quality(files=pd.DataFrame({"status": [], "files": []}), rows=dict.fromkeys(ROWS, 0),
                      held_by_column=pd.DataFrame({"column": [], "rows": []}))
    page = Page(pd.DataFrame(rows), "2025-Q3", "en", quality, "2026-12-01")
    page.breakdowns()
    return page


def test_breakdown_ties_in_category_order_in_table_and_chart() -> None:
    # numpy's quicksort (what pandas sorted with) may order ties differently on another CPU: the
    # report and the image cache must not depend on the machine
    page = _breakdown_page("key_population", (("tg", 45), ("msm", 45), ("none", 7), ("pwid", 101), ("sw", 45),
                                               ("prisoner", None)))
    ((alt, fig),) = page.figures
    table = ["People who inject drugs", "Men who have sex with men", "Sex workers", "Transgender people",
             "Not in a key population", "People in prisons"]
    assert [r["Category"] for r in page.csv_rows] == table  # the most first, ties by code, withheld last
    # the chart lists from the bottom: the table's order reversed, so that it reads top down as the table does
    assert fig["data"][0]["y"] == table[::-1]
    assert fig["data"][0]["x"] == [None, 7.0, 45.0, 45.0, 45.0, 101.0]


def test_age_bands_run_from_the_youngest_in_table_and_chart() -> None:
    page = _breakdown_page("age_band", (("45-49", 45), ("20-24", 45), ("<15", 7), ("30-34", 101), ("25-29", 45),
                                        ("50+", None)))
    ((alt, fig),) = page.figures
    assert [r["Category"] for r in page.csv_rows] == ["<15", "20-24", "25-29", "30-34", "45-49", "50+"]
    assert fig["data"][0]["y"] == ["50+", "45-49", "30-34", "25-29", "20-24", "<15"]
    assert fig["data"][0]["x"] == [None, 45.0, 101.0, 45.0, 45.0, 7.0]


def test_cascade_draws_no_withheld_step_and_has_no_legend() -> None:
    from pipelines.lib.report import figures

    fig = figures.cascade([("positives", 28.0, None), ("linked", None, "<5"), ("on_art", 20.0, None),
                           ("vl_tested", None, "withheld")], "ru", "Каскад")
    (trace,) = fig["data"]
    assert trace["x"] == [28.0, None, 20.0, None]
    assert trace["showlegend"] is False  # a lone unnamed trace would be listed as "trace 0"
    # a withheld step is named, by its mark, where its bar's middle would be (until 2026-12-06 its row was
    # empty, as a step of none would be), as the breakdowns name theirs
    assert [(a["y"], a["text"], a["x"], a["xref"]) for a in fig["layout"]["annotations"]] == [
        ("Связаны с медицинской помощью", "<5", 0.5, "paper"),
        ("Прошли тест на вирусную нагрузку", "скрыто", 0.5, "paper")]
    assert figures.cascade([("positives", 28.0, None)], "en", "Care cascade")["layout"]["annotations"] == []


def test_breakdown_bars_name_a_withheld_number_by_its_mark() -> None:
    from pipelines.lib.report import figures

    bars = [("KGZ", _row("2025-Q1", "country_of_origin", "KGZ", "people_tested", None, True, "<5"), None),
            ("RUS", _row("2025-Q1", "country_of_origin", "RUS", "people_tested", None, True, "withheld"), None),
            ("TJK", _row("2025-Q1", "country_of_origin", "TJK", "people_tested", 120.0), None)]
    fig = figures.breakdown(bars, "country_of_origin", "en")
    assert list(zip(fig["data"][0]["y"], fig["data"][0]["text"])) == [
        ("Russia", "withheld"), ("Kyrgyzstan", "<5"), ("Tajikistan", "")]


def test_breakdown_chart_lists_top_down_as_its_table_ties_included() -> None:
    # the sample's Q4 by country: Belarus and Ukraine 18 people each, Armenia 6, Afghanistan and Azerbaijan
    # withheld; the table: Uzbekistan, Belarus, Ukraine, Armenia, Afghanistan, Azerbaijan. Until 2026-12-06
    # the chart read Ukraine above Belarus and Azerbaijan above Afghanistan
    from pipelines.lib.report import figures

    def bar(code: str, people: float | None) -> tuple:
        return (code, _row("2025-Q4", "country_of_origin", code, "people_tested", people, people is None), None)

    bars = [bar("AFG", None), bar("ARM", 6.0), bar("AZE", None), bar("BLR", 18.0), bar("UKR", 18.0),
            bar("UZB", 89.0)]
    assert [b[0] for b in figures.table_order(bars)] == ["UZB", "BLR", "UKR", "ARM", "AFG", "AZE"]
    # plotly draws a horizontal bar chart's first category at the bottom
    assert figures.breakdown(bars, "country_of_origin", "en")["data"][0]["y"] == [
        "Azerbaijan", "Afghanistan", "Armenia", "Ukraine", "Belarus", "Uzbekistan"]


def test_positivity_trend_keeps_the_months_in_order_around_withheld_ones() -> None:
    # plotly orders a category axis as the traces first name the categories, and the bands come first: until
    # 2026-12-06 a withheld month before a lone published one moved to the axis's end ("May 2025, July 2025,
    # June 2025"), and a band's corners were drawn as dots in the palette's next colours
    from pipelines.lib.report import figures

    def month(m: str, value: float | None) -> dict:
        return {"period": f"2025-{m}", "suppressed": value is None, "value": value,
                "ci_low": None if value is None else value / 2, "ci_high": None if value is None else value * 2}

    fig = figures.positivity_trend([month("01", 0.04), month("02", None), month("03", 0.05), month("04", None),
                                    month("05", 0.02), month("06", 0.03)], "en")
    labels = ["January 2025", "February 2025", "March 2025", "April 2025", "May 2025", "June 2025"]
    assert fig["layout"]["xaxis"]["categoryorder"] == "array"
    assert fig["layout"]["xaxis"]["categoryarray"] == labels
    *bands, line = fig["data"]
    assert line["x"] == labels and line["y"] == [4.0, None, 5.0, None, 2.0, 3.0]
    assert [b["mode"] for b in bands] == ["lines"] * 3  # no corner markers
    assert [b["showlegend"] for b in bands] == [True, False, False]  # one legend entry for the interval
    # a lone month: its interval as a stroke from its upper to its lower bound (a band of no width is unseen)
    assert (bands[0]["x"], bands[0]["y"], bands[0]["line"]["width"]) == (["January 2025"] * 2, [8.0, 2.0], 8)
    assert (bands[1]["x"], bands[1]["y"]) == (["March 2025"] * 2, [10.0, 2.5])
    assert "fill" not in bands[0] and "fill" not in bands[1]
    # two months in a row: a closed band, upper bounds forward and lower bounds back
    assert bands[2]["x"] == ["May 2025", "June 2025", "June 2025", "May 2025"]
    assert bands[2]["y"] == [4.0, 6.0, 1.5, 1.0] and bands[2]["fill"] == "toself"


def test_a_withheld_percentage_is_not_shown_as_below_five() -> None:
    # "<5" in a percentage's column reads as "below 5 %": until 2026-12-06 a withheld positivity showed it
    from pipelines.lib.report.page_cells import cell

    withheld = {"suppressed": True, "value": None, "numerator": None, "mark": "<5"}
    assert (cell(withheld, "en", "pct"), cell(withheld, "ru", "pct")) == ("withheld", "скрыто")
    assert (cell(withheld, "en"), cell(withheld, "ru")) == ("<5", "<5")
    # a number of 5 or more withheld to protect one under 5 is not "<5" (until 2026-12-06 it read so)
    protecting = withheld | {"mark": "withheld"}
    assert (cell(protecting, "en"), cell(protecting, "ru"), cell(protecting, "ru", "pct")) == (
        "withheld", "скрыто", "скрыто")
    assert cell({"suppressed": False, "value": 0.043, "numerator": 9}, "ru", "pct") == "4,3\u00a0%"


def test_a_negative_change_is_a_number_in_the_csv_and_a_formula_is_text() -> None:
    # "'-37.8 %" was written for every fall until 2026-12-06: the apostrophe showed in the spreadsheet
    from pipelines.lib.report.build import csv_safe

    assert csv_safe("-37.8\u00a0%") == "-37.8\u00a0%"
    assert csv_safe("-1\u00a0234,5\u00a0%") == "-1\u00a0234,5\u00a0%"
    assert csv_safe("-0,5\u00a0п.\u00a0п.") == "-0,5\u00a0п.\u00a0п."
    assert csv_safe("-0.5\u00a0pp") == "-0.5\u00a0pp"
    for formula in ("-2+3", "-1*cmd|' /C calc'!A0", "=HYPERLINK(\"x\")", "+1", "@SUM(A1)", "-", "- 5", "-5 %x"):
        assert csv_safe(formula) == "'" + formula
    assert (csv_safe(None), csv_safe(12), csv_safe("ALA-01")) == ("", "12", "ALA-01")
