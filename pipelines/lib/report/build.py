"""Assemble the self-contained donor report pages (one per period and language) and their CSVs."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import os
import re
import shutil
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd
import plotly.io as pio
from plotly.offline import get_plotlyjs

from pipelines.lib.report import figures
from pipelines.lib.report.i18n import (
    DIMENSIONS, LANGS, WITHHELD, category_label, fmt_int, fmt_pct, period_label, t, withheld_text,
)
from pipelines.lib.report.methods import methods_html
from pipelines.lib.report.periods import PeriodStatus, period_status
from pipelines.lib.report.release import figures_digest, stamp

BREAKDOWNS = ("country_of_origin", "migrant_group", "residence_status", "key_population", "sex", "age_band")
CASCADE = ("positives", "linked", "on_art", "vl_tested", "vl_suppressed")
MONTH = re.compile(r"\d{4}-\d{2}")  # a monthly period, as "2025-03"
CSS = Path(__file__).with_name("report.css").read_text(encoding="utf-8")


@dataclass
class Quality:
    """Data-quality aggregates: counts only, no row content."""
    files: pd.DataFrame      # status, files
    rows: dict[str, int]     # rows_read, rows_accepted, rows_held, rows_duplicate
    held_by_column: pd.DataFrame  # column, rows
    late: dict[str, int] | None = None  # late_files, late_rows


def load_quality(con, report_day: int) -> Quality:
    """Data-quality aggregates for the report, from the audit tables (counts only)."""
    from pipelines.lib.sql import query_df

    return Quality(files=query_df(con, "report.quality_files"),
                   rows=query_df(con, "report.quality_rows").iloc[0].astype(int).to_dict(),
                   held_by_column=query_df(con, "report.quality_held"),
                   late=query_df(con, "report.quality_late", {"report_day": report_day}).iloc[0].astype(int).to_dict())


def esc(v: object) -> str:
    return html.escape(str(v), quote=True)


def small(n: int | None) -> str | int | None:
    """Counts outside the indicators (files, rows) follow the same <5 rule."""
    return WITHHELD if n is not None and 1 <= n <= 4 else n


def cell(row: dict | None, lang: str, kind: str = "count") -> str:
    if row is None:
        return "–"
    if bool(row["suppressed"]):
        # "<5" in a percentage's column reads as "below 5 %" (until 2026-12-06 it was shown so)
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


@lru_cache(maxsize=1)
def plotly_js() -> str:
    """plotly.js, embedded in every page (read once: decoding it was a tenth of a page's time)."""
    return get_plotlyjs()


@lru_cache(maxsize=1)
def plotly_js_bytes() -> bytes:
    return plotly_js().encode("utf-8")


class Page:
    def __init__(self, published: pd.DataFrame, period: str, lang: str, quality: Quality, generated: str,
                 cells: CellIndex | None = None, status: PeriodStatus | None = None):
        self.period, self.lang, self.q, self.generated = period, lang, quality, generated
        self.status = status  # the period in progress or provisional (``periods``), or None: final
        self.cells = cells if cells is not None else CellIndex(published)
        self.csv_rows: list[dict] = []
        self.figures: list[tuple[str, object]] = []  # (alt text, figure), for the PNG export

    def get(self, indicator: str, dimension: str = "total", category: str = "all",
            period: str | None = None) -> dict | None:
        return self.cells.rows.get((period or self.period, dimension, category, indicator))

    def table(self, caption: str, header: list[str], rows: list[list[str]]) -> str:
        head = "".join(f'<th scope="col">{esc(h)}</th>' for h in header)
        body = "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in r) + "</tr>" for r in rows)
        for r in rows:
            self.csv_rows.append({"table": caption, **{h: c for h, c in zip(header, r)}})
        return f"<table><caption>{esc(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

    def figure(self, fig, alt: str) -> str:
        self.figures.append((alt, fig))
        div = pio.to_html(fig, include_plotlyjs=False, full_html=False, validate=False,
                          config={"displaylogo": False, "responsive": True})
        return f'<figure role="img" aria-label="{esc(alt)}">{div}<figcaption>{esc(t("chart_alt", self.lang))}</figcaption></figure>'

    def headline(self) -> str:
        lang, prev = self.lang, previous_period(self.period, self.cells.periods)
        # a period still in progress holds part of its tests: its counts against a whole period before it
        # would read as a fall (a proportion compares)
        partial = self.status is not None and self.status.kind == "in_progress"
        rows = []
        for ind in ("tests", "people_tested", "positives", "new_diagnoses", "positivity"):
            r = self.get(ind)
            kind = "pct" if ind == "positivity" else "count"
            change = "–"
            if prev is not None and not (partial and kind == "count"):
                p = self.get(ind, period=prev)
                if r is not None and p is not None and not r["suppressed"] and not p["suppressed"]:
                    if kind == "pct":
                        change = fmt_pct(float(r["value"]) - float(p["value"]), lang).replace(
                            "\u00a0%", "\u00a0" + t("pp", lang))
                    elif float(p["value"]) > 0:
                        change = fmt_pct(float(r["value"]) / float(p["value"]) - 1, lang)
            rows.append([t(ind, lang), cell(r, lang, kind), ci_text(r, lang) if kind == "pct" else "", change])
        nnt = self.nnt()
        rows.append([t("nnt", lang), nnt, t("nnt_note", lang), ""])
        header = ["", t("value", lang), t("ci", lang)]
        if prev is None:  # the whole programme, the first month or quarter: nothing to change from
            rows = [r[:3] for r in rows]
        else:
            header.append(t("change", lang).format(period=period_label(prev, lang)))
        return f'<section id="headline"><h2>{esc(t("headline", lang))}</h2>' + self.table(
            t("headline", lang), header, rows) + "</section>"

    def nnt(self) -> str:
        people, pos = self.get("people_tested"), self.get("positives")
        if people is None or pos is None or people["suppressed"] or pos["suppressed"] or not pos["numerator"]:
            return "–"
        v = float(people["numerator"]) / float(pos["numerator"])
        return f"{v:.1f}".replace(".", ",") if self.lang == "ru" else f"{v:.1f}"

    def trend(self) -> str:
        months = self.cells.monthly_positivity
        if self.period != "all":
            end = self.period if "-Q" not in self.period else \
                f"{self.period[:4]}-{3 * int(self.period[-1]):02d}"
            months = [r for r in months if r["period"] <= end]
        if not months:
            return ""
        rows = [[period_label(r["period"], self.lang), cell(r, self.lang, "pct"), ci_text(r, self.lang)]
                for r in months]
        return (f'<section id="trend"><h2>{esc(t("trend", self.lang))}</h2>'
                + self.figure(figures.positivity_trend(months, self.lang), t("trend", self.lang))
                + self.table(t("trend", self.lang), [t("month", self.lang), t("positivity", self.lang),
                                                     t("ci", self.lang)], rows) + "</section>")

    def breakdowns(self) -> str:
        out = [f'<section id="breakdowns"><h2>{esc(t("breakdowns", self.lang))}</h2>']
        for dim in BREAKDOWNS:
            categories = sorted(self.cells.categories.get((self.period, dim), ()))
            if not categories:
                continue
            bars = [(c, self.get("people_tested", dim, c), self.get("positivity", dim, c)) for c in categories]
            rows = []
            # the most people first, categories without a number last, ties in category order
            for c, *_ in sorted(bars, key=lambda b: (figures.people(b) is None, -(figures.people(b) or 0.0))):
                rows.append([category_label(dim, c, self.lang), cell(self.get("tests", dim, c), self.lang),
                             cell(self.get("people_tested", dim, c), self.lang),
                             cell(self.get("positives", dim, c), self.lang),
                             cell(self.get("positivity", dim, c), self.lang, "pct"),
                             ci_text(self.get("positivity", dim, c), self.lang)])
            label = DIMENSIONS[dim][self.lang]
            out.append(f"<h3>{esc(label)}</h3>" + self.figure(figures.breakdown(bars, dim, self.lang), label)
                       + self.table(label, [t("category", self.lang), t("tests", self.lang),
                                            t("people_tested", self.lang), t("positives", self.lang),
                                            t("positivity", self.lang), t("ci", self.lang)], rows))
        return "".join(out) + "</section>"

    def sites(self) -> str:
        """Tests and people by site; nothing about positives is published by site."""
        sites = sorted(c for c in self.cells.categories.get((self.period, "site_code"), ())
                       if self.get("tests", "site_code", c) is not None)
        if not sites:
            return ""
        rows = [[c, cell(self.get("tests", "site_code", c), self.lang),
                 cell(self.get("people_tested", "site_code", c), self.lang)] for c in sites]
        label = t("sites", self.lang)
        return (f'<section id="sites"><h3>{esc(label)}</h3>' + self.table(
            label, [DIMENSIONS["site_code"][self.lang], t("tests", self.lang), t("people_tested", self.lang)],
            rows) + "</section>")

    def cascade(self) -> str:
        lang = self.lang
        out = [f'<section id="cascade"><h2>{esc(t("cascade", lang))}</h2>']
        for dim, cat, title in [("total", "all", t("cascade", lang)),
                                ("care_location", "KAZ", t("kaz", lang)),
                                ("care_location", "home_remote", t("home_remote", lang))]:
            if self.get("positives", dim, cat) is None:
                continue
            steps, rows = [], []
            for step in CASCADE:
                count_row = self.get(step, dim, cat)
                share = ["", ""] if step == "positives" else [cell(count_row, lang, "pct"), ci_text(count_row, lang)]
                rows.append([t(step, lang), cell(count_row, lang), *share])
                steps.append((step, None if count_row["suppressed"] else float(count_row["numerator"]),
                              count_row.get("mark")))
            out.append(f"<h3>{esc(title)}</h3>" + self.figure(figures.cascade(steps, lang, title), title)
                       + self.table(title, ["", t("count", lang), "%", t("ci", lang)], rows))
        return "".join(out) + "</section>"

    def coverage(self) -> str:
        r = self.get("coverage")
        body = (f"<p>{esc(t('no_target', self.lang))}</p>" if r is None else self.table(
            t("coverage", self.lang), [t("people_tested", self.lang), t("target", self.lang), "%", t("ci", self.lang)],
            [[cell(r, self.lang), fmt_int(r["denominator"], self.lang) if not r["suppressed"] else "–",
              cell(r, self.lang, "pct"), ci_text(r, self.lang)]]))
        if r is not None and self.status is not None and self.status.kind == "in_progress":
            body += f'<p class="note">{esc(t("coverage_in_progress", self.lang))}</p>'
        return f'<section id="coverage"><h2>{esc(t("coverage", self.lang))}</h2>{body}</section>'

    def quality(self) -> str:
        lang, q = self.lang, self.q
        files = [[t(f"status_{r.status}", lang), str(small(int(r.files)))] for r in q.files.itertuples()]
        rows = [[t(k, lang), str(small(v)) if k in ("rows_held", "rows_duplicate") else fmt_int(round(v, -1), lang)
                 + (" ≈" if v % 10 else "")] for k, v in q.rows.items()]
        held = [[c, str(small(int(n)))] for c, n in q.held_by_column.itertuples(index=False)]
        if q.late is not None:
            rows.append([t("late_files", lang), str(small(int(q.late["late_files"])))])
        return (f'<section id="quality"><h2>{esc(t("quality", lang))}</h2>'
                + self.table(t("files", lang), [t("status", lang), t("files", lang)], files)
                + self.table(t("rows_read", lang), ["", t("count", lang)], rows)
                + self.table(t("held_by_reason", lang), [t("column", lang), t("rows_held", lang)], held)
                + "</section>")

    def render_parts(self, other_lang_href: str, csv_href: str) -> tuple[str, str]:
        """The page before and after the embedded plotly.js (4.8 MB, the same in every page: written
        as bytes encoded once, rather than copied into and encoded with every page)."""
        lang = self.lang
        title = f"{t('title', lang)} — {period_label(self.period, lang)}"
        body = (self.headline() + self.trend() + self.breakdowns() + self.sites() + self.cascade() + self.coverage()
                + self.quality() + methods_html(lang)
                + f'<p class="note">{esc(t("suppressed_note", lang))}</p>')
        return (f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{esc(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>{CSS}</style><script>""", f"""</script></head>
<body><header><h1>{esc(t('title', lang))}</h1>
<p>{esc(t('period', lang))}: <strong>{esc(period_label(self.period, lang))}</strong>{self._status_html()} ·
{esc(t('generated', lang))}: {esc(self.generated)} ·
<a href="{esc(other_lang_href)}" hreflang="{'ru' if lang == 'en' else 'en'}">{esc(t('language', lang))}</a> ·
<a href="{esc(csv_href)}">CSV</a> · <a href="index.html">{esc(t('index_title', lang))}</a></p></header>
<main>{body}</main></body></html>""")

    def period_row(self) -> dict:
        """The CSV's first row: its period, and whether it is final, as the page's header says."""
        status = "" if self.status is None else f" ({self.status.text(self.lang)})"
        return {"table": t("period", self.lang), "": period_label(self.period, self.lang) + status}

    def _status_html(self) -> str:
        if self.status is None:
            return ""
        return f' <strong class="status">({esc(self.status.text(self.lang))})</strong>'


# a negative number as the pages write it ("-37.8 %", "-1,5\u00a0п.\u00a0п."): no spreadsheet reads a formula in it
_NEGATIVE_NUMBER = re.compile("-[0-9][0-9,.\u00a0]*(?:\u00a0(?:%|pp|п\\.\u00a0п\\.))?")


def csv_safe(v: object) -> str:
    """Against spreadsheet formula injection: a cell starting = + - @ is written as text, but for a negative
    number (a change of -37.8 % read "'-37.8 %" until 2026-12-06)."""
    s = "" if v is None else str(v)
    if s[:1] in ("=", "+", "-", "@", "\t", "\r") and not _NEGATIVE_NUMBER.fullmatch(s):
        return "'" + s
    return s


def write_csv(rows: list[dict], path: Path) -> None:
    header: list[str] = []
    for r in rows:
        header += [k for k in r if k not in header]
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=header, lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow({k: csv_safe(v) for k, v in r.items()})
    path.write_text(buf.getvalue(), encoding="utf-8-sig")


def file_stem(period: str, lang: str) -> str:
    return f"report_{period}_{lang}"


def build_reports(published: pd.DataFrame, quality: Quality, out_dir: Path, today: dt.date, report_day: int,
                  periods: list[str] | None = None) -> list[Path]:
    """Write every period's page and CSV in both languages, and the index, into a fresh folder that
    then replaces ``out_dir``: a run killed while writing leaves the previous reports whole. ``today``: the
    programme's date, the pages' own; with ``report_day`` it says which periods are not final yet."""
    final = out_dir
    out_dir = final.with_name(final.name + ".building")
    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    all_periods = sorted(published["period"].unique(), key=lambda p: (p != "all", "-Q" not in p, p))
    written, cells, generated = [], CellIndex(published), today.isoformat()
    statuses = {p: period_status(p, today, report_day) for p in all_periods}
    for period in periods or all_periods:
        for lang in LANGS:
            other = "ru" if lang == "en" else "en"
            page = Page(published, period, lang, quality, generated, cells, statuses[period])
            before, after = page.render_parts(f"{file_stem(period, other)}.html", f"{file_stem(period, lang)}.csv")
            path = out_dir / f"{file_stem(period, lang)}.html"
            with path.open("wb") as f:
                f.write(before.encode("utf-8"))
                f.write(plotly_js_bytes())
                f.write(after.encode("utf-8"))
            write_csv([page.period_row()] + page.csv_rows, out_dir / f"{file_stem(period, lang)}.csv")
            written.append(path)
    (out_dir / "index.html").write_text(index_html(all_periods, generated, figures_digest(published), statuses),
                                        encoding="utf-8")
    _swap_in(out_dir, final)
    return [final / p.name for p in written]


def load_published(con, report_day: int) -> tuple[pd.DataFrame, Quality]:
    """What the donor pages and chart images are made of: the published rows and the quality figures,
    from a read-only connection to the published warehouse."""
    from pipelines.lib.sql import query_df

    return query_df(con, "report.published"), load_quality(con, report_day)


def reports_from_warehouse(con, out_dir: Path, report_day: int, today: dt.date) -> list[Path]:
    """Every donor page from a read-only connection to the published warehouse, dated ``today``."""
    return build_reports(*load_published(con, report_day), out_dir, today, report_day)


def _swap_in(new: Path, final: Path) -> None:
    if (final / "images").is_dir():  # chart images are refreshed by their own asset, with a cache
        shutil.copytree(final / "images", new / "images", copy_function=os.link)
    previous = final.with_name(final.name + ".previous")
    if previous.exists():
        shutil.rmtree(previous)
    if final.exists():
        os.replace(final, previous)
    os.replace(new, final)
    if previous.exists():
        shutil.rmtree(previous)


def index_html(periods: list[str], generated: str, digest: str,
               statuses: dict[str, PeriodStatus | None] | None = None) -> str:
    """The reports' index, stamped with the release its pages were written from (``release.stamp``: what
    marking a release as sent checks); the release's first twelve digits shown, for donors to cite; a
    period in progress or provisional (in ``statuses``) is marked so."""
    items = []
    for p in periods:
        links = " · ".join(f'<a href="{esc(file_stem(p, lang))}.html" hreflang="{lang}">'
                           f'{esc(period_label(p, lang))}</a>' for lang in LANGS)
        status = (statuses or {}).get(p)
        if status is not None:
            links += f' <span class="status">({esc(status.short("en"))} / {esc(status.short("ru"))})</span>'
        items.append(f"<li>{links}</li>")
    release = f'{esc(t("release", "en"))} / {esc(t("release", "ru"))} {esc(digest[:12])}'
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">{stamp(digest)}<title>'
            f'{esc(t("index_title", "en"))}</title><style>{CSS}</style></head><body><h1>{esc(t("index_title", "en"))}'
            f' / {esc(t("index_title", "ru"))}</h1><p>{esc(generated)} · {release}</p><ul>{"".join(items)}</ul>'
            '</body></html>')


def page_figures(published: pd.DataFrame, quality: Quality, period: str, lang: str,
                 cells: CellIndex | None = None) -> list[tuple[str, object]]:
    """The figures of one page, in page order (for static images); ``cells``: ``CellIndex(published)``,
    built once for many pages."""
    page = Page(published, period, lang, quality, "", cells)
    page.render_parts("", "")
    return page.figures
