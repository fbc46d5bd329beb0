"""A page's cells: the published rows looked up by key, and their text as the pages write it."""

from __future__ import annotations

import html
import re

import pandas as pd

from pipelines.lib.report.i18n import WITHHELD, fmt_int, fmt_pct, t, withheld_text

MONTH = re.compile(r"\d{4}-\d{2}")  # a monthly period, as "2025-03"


def esc(v: object) -> str:
    return html.escape(str(v), quote=True)


def count_text(n: int | str, lang: str) -> str:
    """A count outside the indicators (files, rows) as the pages show it: 1 to 4 as "<5", the same rule; a
    mark (``quality.shown_counts``) as the indicators' marks read."""
    if isinstance(n, str):
        return withheld_text(n, lang)
    return WITHHELD if 1 <= n <= 4 else fmt_int(n, lang)


def cell(row: dict | None, lang: str, kind: str = "count") -> str:
    if row is None:
        return "–"
    if bool(row["suppressed"]):
        # "<5" in a percentage's column would read as "below 5 %"
        return t("withheld", lang) if kind == "pct" else withheld_text(row.get("mark"), lang)
    if kind == "pct":
        return fmt_pct(row["value"], lang)
    return fmt_int(row["numerator"], lang)


def ci_text(row: dict | None, lang: str) -> str:
    if row is None or bool(row["suppressed"]) or pd.isna(row["ci_low"]):
        return "–"
    return f"{fmt_pct(row['ci_low'], lang)} – {fmt_pct(row['ci_high'], lang)}"


def previous_period(period: str, periods: list[str]) -> str | None:
    if period == "all":
        return None
    same_kind = sorted(p for p in periods if ("-Q" in p) == ("-Q" in period) and p != "all")
    i = same_kind.index(period)
    return same_kind[i - 1] if i > 0 else None


class CellIndex:
    """Every published row by (period, dimension, category, indicator), and the categories of each
    (period, dimension): pages look cells up thousands of times, and filtering or pivoting the frame
    for each was most of the report's time."""

    def __init__(self, published: pd.DataFrame):
        self.rows: dict[tuple[str, str, str, str], dict] = {}
        self.categories: dict[tuple[str, str], set[str]] = {}
        for r in published.to_dict("records"):
            self.rows[(r["period"], r["dimension"], r["category"], r["indicator"])] = r
            self.categories.setdefault((r["period"], r["dimension"]), set()).add(r["category"])
        self.periods = sorted({k[0] for k in self.categories})
        # the monthly positivity every page's trend draws from (up to its own period), by month
        self.monthly_positivity = sorted(
            (r for k, r in self.rows.items() if k[3] == "positivity" and k[1] == "total" and MONTH.fullmatch(k[0])),
            key=lambda r: r["period"])

