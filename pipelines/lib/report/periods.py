"""Whether a report's period is over, and whether its files may still come.

A page for "December 2026" written on 6 December holds six days of tests; one for November written on
3 December may still grow by the files due on the report day (MH_REPORT_DAY) of December. Without a word
on the page, a donor compares such figures with a whole month's. A period is *in progress* until its last
day has passed, *provisional* until the report day of the month after it (the day the schedules build its
report), and final from then on (a file that arrives later still revises it: small_revisions warns).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pipelines.lib.report.i18n import t


def period_end(period: str) -> dt.date | None:
    """The last day of a month ("2026-02") or a quarter ("2026-Q1"); None for the whole programme."""
    if period == "all":
        return None
    if "-Q" in period:
        year, quarter = (int(x) for x in period.split("-Q"))
        month = quarter * 3
    else:
        year, month = (int(x) for x in period.split("-"))
    first_after = dt.date(year + month // 12, month % 12 + 1, 1)
    return first_after - dt.timedelta(days=1)


@dataclass(frozen=True)
class PeriodStatus:
    kind: str  # in_progress | provisional
    day: dt.date  # the last day of tests (in progress), or the day its files are due (provisional)

    def text(self, lang: str) -> str:
        return t(f"period_{self.kind}", lang).format(day=self.day.isoformat())

    def short(self, lang: str) -> str:
        return t(f"period_{self.kind}_short", lang)


def period_status(period: str, today: dt.date, report_day: int) -> PeriodStatus | None:
    """In progress (``today`` is within the period), provisional (before the report day of the month after
    it), or None: final, or the whole programme (always "to the date the report was generated")."""
    end = period_end(period)
    if end is None:
        return None
    if today <= end:
        return PeriodStatus("in_progress", today)
    due = end + dt.timedelta(days=report_day)  # the end is the month's last day: day report_day of the next
    return PeriodStatus("provisional", due) if today < due else None
