"""The coverage section of a donor page: every target of the period, the programme's and each category's."""

import re

import pandas as pd

from pipelines.lib.report.page import Page
from pipelines.lib.report.quality import ROWS, Quality

QUALITY = Quality(files=pd.DataFrame({"status": [], "files": []}), rows=dict.fromkeys(ROWS, 0),
                  held_by_column=pd.DataFrame({"column": [], "rows": []}))


def coverage(period, dimension, category, n, target, low=None, high=None, suppressed=False, mark=None) -> dict:
    return {"period": period, "dimension": dimension, "category": category, "indicator": "coverage",
            "numerator": None if suppressed else n, "denominator": None if suppressed else target,
            "value": None if suppressed else n / target, "ci_low": low, "ci_high": high,
            "suppressed": suppressed, "mark": mark}


def people(period, dimension, category, n) -> dict:
    return {"period": period, "dimension": dimension, "category": category, "indicator": "people_tested",
            "numerator": n, "denominator": None, "value": float(n), "ci_low": None, "ci_high": None,
            "suppressed": False, "mark": None}


def rows_of(html: str) -> list[list[str]]:
    body = html[html.index("<tbody>"):html.index("</tbody>")]
    return [re.findall(r"<td>(.*?)</td>", tr) for tr in re.findall(r"<tr>(.*?)</tr>", body)]


def test_each_target_of_the_period_is_shown_after_the_programmes_in_the_reports_dimension_order():
    # the sites' targets (SHY-01's people withheld), two age bands (the youngest first), a country's; people
    # in categories without a target (AST-02) are not listed; no CI where more were tested than the target
    published = pd.DataFrame([
        coverage("2025-Q1", "site_code", "SHY-01", None, None, suppressed=True, mark="<5"),
        coverage("2025-Q1", "site_code", "ALA-01", 275, 220),
        people("2025-Q1", "site_code", "AST-02", 145),
        coverage("2025-Q1", "age_band", "50+", 30, 60, 0.377, 0.623),
        coverage("2025-Q1", "age_band", "15-19", 12, 40, 0.179, 0.456),
        coverage("2025-Q1", "country_of_origin", "TJK", 200, 400, 0.451, 0.549),
        coverage("2025-Q1", "total", "all", 517, 650, 0.763, 0.825),
        coverage("2025-Q2", "total", "all", 583, 650, 0.870, 0.920),
    ])
    page = Page(published, "2025-Q1", "en", QUALITY, "2025-04-10")
    html = page.coverage()
    assert '<table class="two-labels">' in html  # its category column reads from the left
    assert rows_of(html) == [
        ["All people tested", "", "517", "650", "79.5\u00a0%", "76.3\u00a0% – 82.5\u00a0%"],
        ["Country of origin", "Tajikistan", "200", "400", "50.0\u00a0%", "45.1\u00a0% – 54.9\u00a0%"],
        ["Age band", "15-19", "12", "40", "30.0\u00a0%", "17.9\u00a0% – 45.6\u00a0%"],
        ["Age band", "50+", "30", "60", "50.0\u00a0%", "37.7\u00a0% – 62.3\u00a0%"],
        ["Site", "ALA-01", "275", "220", "125.0\u00a0%", "–"],
        ["Site", "SHY-01", "&lt;5", "–", "withheld", "–"],
    ]
    ru = Page(published, "2025-Q1", "ru", QUALITY, "2025-04-10").coverage()
    assert rows_of(ru)[0][:4] == ["Все протестированные", "", "517", "650"]
    assert rows_of(ru)[1][:2] == ["Страна происхождения", "Таджикистан"]
    assert "<th scope=\"col\">Разбивка</th><th scope=\"col\">Категория</th>" in ru
    # the CSV has the table's rows
    assert [r["Category"] for r in page.csv_rows] == ["", "Tajikistan", "15-19", "50+", "ALA-01", "SHY-01"]


def test_a_period_without_targets_says_so():
    published = pd.DataFrame([people("2025-Q1", "total", "all", 517)])
    assert "No target configured for this period." in Page(published, "2025-Q1", "en", QUALITY, "x").coverage()
