"""pipelines/lib/report/periods.py: which report periods are in progress or provisional, by hand."""

import datetime as dt
import re

import pandas as pd
import pytest

from pipelines.lib.report.build import index_html
from pipelines.lib.report.page import Page
from pipelines.lib.report.periods import period_end, period_status
from pipelines.lib.report.quality import ROWS, Quality

D = dt.date


@pytest.mark.parametrize("period, end", [
    ("2026-01", D(2026, 1, 31)), ("2026-04", D(2026, 4, 30)), ("2026-12", D(2026, 12, 31)),
    ("2026-02", D(2026, 2, 28)), ("2028-02", D(2028, 2, 29)),  # a leap year
    ("2026-Q1", D(2026, 3, 31)), ("2026-Q2", D(2026, 6, 30)), ("2026-Q4", D(2026, 12, 31)), ("all", None),
])
def test_a_periods_last_day(period, end):
    assert period_end(period) == end


@pytest.mark.parametrize("period, today, kind, day", [
    ("2026-12", D(2026, 12, 6), "in_progress", D(2026, 12, 6)),
    ("2026-11", D(2026, 11, 30), "in_progress", D(2026, 11, 30)),  # its last day: tests may still come
    ("2026-11", D(2026, 12, 1), "provisional", D(2026, 12, 5)),
    ("2026-11", D(2026, 12, 4), "provisional", D(2026, 12, 5)),
    ("2026-11", D(2026, 12, 5), None, None),  # the report day: the day the schedule builds its report
    ("2026-Q4", D(2026, 12, 6), "in_progress", D(2026, 12, 6)),
    ("2026-Q4", D(2027, 1, 3), "provisional", D(2027, 1, 5)),
    ("2026-Q3", D(2026, 12, 6), None, None),
    ("2028-02", D(2028, 3, 1), "provisional", D(2028, 3, 5)),
    ("all", D(2026, 12, 6), None, None),  # always "to the date it was generated", which the page says
])
def test_a_periods_status(period, today, kind, day):
    status = period_status(period, today, report_day=5)
    if kind is None:
        assert status is None
    else:
        assert (status.kind, status.day) == (kind, day)


def test_the_report_day_moves_the_provisional_days():
    assert period_status("2026-11", D(2026, 12, 9), report_day=10).day == D(2026, 12, 10)
    assert period_status("2026-11", D(2026, 12, 2), report_day=1) is None


def test_pages_and_index_say_which_periods_are_not_final():
    # generated on 3 March 2025, report day 5: Q1 and March in progress, February provisional (due 5 March),
    # January final, the whole programme as of the date
    # tests and people 8, 10, 12 a month (+25 % and +20 %), positivity 25 %, 37.5 %, 50 % (+12.5 pp each)
    figures = {"2025-01": (8, 0.25), "2025-02": (10, 0.375), "2025-03": (12, 0.5), "2025-Q1": (30, 0.4),
               "all": (30, 0.4)}
    rows = [{"period": p, "dimension": "total", "category": "all", "indicator": ind, "numerator": n,
             "value": n if ind != "positivity" else share, "suppressed": False,
             "ci_low": share / 2 if ind == "positivity" else None,
             "ci_high": share * 2 if ind == "positivity" else None}
            for p, (n, share) in figures.items() for ind in ("tests", "people_tested", "positivity")]
    # targets of 40 a month for February and March (January has none)
    rows += [{"period": p, "dimension": "total", "category": "all", "indicator": "coverage", "numerator": n,
              "denominator": 40, "value": n / 40, "suppressed": False, "ci_low": 0.1, "ci_high": 0.5}
             for p, n in (("2025-02", 10), ("2025-03", 12))]
    published = pd.DataFrame(rows)
    quality = Quality(files=pd.DataFrame({"status": [], "files": []}), rows=dict.fromkeys(ROWS, 0),
                      held_by_column=pd.DataFrame({"column": [], "rows": []}))

    def page(period: str, lang: str) -> Page:  # as build_reports makes them on 3 March 2025
        return Page(published, period, lang, quality, "2025-03-03", status=period_status(period, D(2025, 3, 3), 5))

    def header(period: str, lang: str) -> str:
        _, after = page(period, lang).render_parts("x", "y")
        return after[after.index("<header>"):after.index("</header>")]

    assert "(in progress: tests to 2025-03-03)" in header("2025-Q1", "en")
    assert "(период не завершён: тесты по 2025-03-03)" in header("2025-03", "ru")
    assert "(provisional: files for this period are due on 2025-03-05)" in header("2025-02", "en")
    assert "(предварительные данные: срок сдачи файлов за период — 2025-03-05)" in header("2025-02", "ru")
    for period, lang in (("2025-01", "en"), ("2025-01", "ru"), ("all", "en")):
        assert 'class="status"' not in header(period, lang)
    # without a status (a page made for its figures alone) nothing is said
    _, after = Page(published, "2025-03", "en", quality, "2025-03-03").render_parts("x", "y")
    assert 'class="status"' not in after
    # coverage of a period in progress is so far against the whole period's target, and says so
    note = "The period is in progress: people tested so far against the whole period&#x27;s target."
    assert note in page("2025-03", "en").coverage()
    assert "Период не завершён: протестированные на сегодня относительно цели на весь период." in page(
        "2025-03", "ru").coverage()
    for period in ("2025-02", "2025-01"):  # provisional; no target
        assert 'class="note"' not in page(period, "en").coverage()
    # the methods say what the marks mean, in both languages
    assert "<strong>Periods.</strong> Months and quarters are by test date. A period is marked <em>in progress</em>" \
        in after
    _, after = Page(published, "2025-03", "ru", quality, "2025-03-03").render_parts("x", "y")
    assert "<strong>Периоды.</strong>" in after and "<em>предварительные данные</em>" in after
    # a month in progress: its counts are not compared with the whole month before (a proportion is)
    pp = "12,5\u00a0п.\u00a0п."
    for period, changes in (("2025-03", ["–", "–", pp]), ("2025-02", ["25,0\u00a0%", "25,0\u00a0%", pp])):
        html = page(period, "ru").headline()
        body = html[html.index("<tbody>"):]
        cells = re.findall(r"<tr>(.*?)</tr>", body)
        got = [re.findall(r"<td>(.*?)</td>", c)[-1] for c in cells if re.search(r"Тесты|Протестировано|Доля", c)]
        assert got == changes, period
    periods = ["all", "2025-Q1", "2025-01", "2025-02", "2025-03"]
    index = index_html(periods, "2025-03-03", "0" * 64, {p: period_status(p, D(2025, 3, 3), 5) for p in periods})
    items = index[index.index("<ul>"):]
    assert items.count('class="status"') == 3
    assert "January 2025</a> · " in items and "январь 2025 г.</a></li>" in items
    assert "февраль 2025 г.</a> <span class=\"status\">(provisional / предварительно)</span>" in items
    assert "март 2025 г.</a> <span class=\"status\">(in progress / не завершён)</span>" in items
