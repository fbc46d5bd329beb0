"""One donor page: a period in one language, its sections as HTML, its tables for the CSV and its
figures for the chart images."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import plotly.io as pio

from pipelines.lib.report import figures
from pipelines.lib.report.i18n import DIMENSIONS, category_label, fmt_int, fmt_pct, period_label, t
from pipelines.lib.report.methods import methods_html
from pipelines.lib.report.page_cells import CellIndex, cell, ci_text, count_text, esc, previous_period
from pipelines.lib.report.periods import PeriodStatus
from pipelines.lib.report.quality import Quality, shown_counts

BREAKDOWNS = ("country_of_origin", "migrant_group", "residence_status", "key_population", "sex", "age_band")
CASCADE = ("positives", "linked", "on_art", "vl_tested", "vl_suppressed")
CSS = Path(__file__).with_name("report.css").read_text(encoding="utf-8")


class Page:
    """One period's page in one language: its sections as HTML, and what it shows kept for the CSV and the
    chart images."""

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

    def table(self, caption: str, header: list[str], rows: list[list[str]], css: str = "") -> str:
        head = "".join(f'<th scope="col">{esc(h)}</th>' for h in header)
        body = "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in r) + "</tr>" for r in rows)
        # the CSV's columns by name, in the page's language, the first two included
        names = [h or t("csv_row", self.lang) for h in header]
        for r in rows:
            self.csv_rows.append({t("csv_table", self.lang): caption, **dict(zip(names, r))})
        attr = f' class="{css}"' if css else ""
        return (f"<table{attr}><caption>{esc(caption)}</caption><thead><tr>{head}</tr></thead>"
                f"<tbody>{body}</tbody></table>")

    def figure(self, fig, alt: str) -> str:
        self.figures.append((alt, fig))
        div = pio.to_html(fig, include_plotlyjs=False, full_html=False, validate=False,
                          config={"displaylogo": False, "responsive": True})
        caption = esc(t("chart_alt", self.lang))
        return f'<figure role="img" aria-label="{esc(alt)}">{div}<figcaption>{caption}</figcaption></figure>'

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
        # what it counts under the table: in the CI column the words would read as its interval
        rows.append([t("nnt", lang), nnt, "", ""])
        header = ["", t("value", lang), t("ci", lang)]
        if prev is None:  # the whole programme, the first month or quarter: nothing to change from
            rows = [r[:3] for r in rows]
        else:
            header.append(t("change", lang).format(period=period_label(prev, lang)))
        return (f'<section id="headline"><h2>{esc(t("headline", lang))}</h2>'
                + self.table(t("headline", lang), header, rows)
                + f'<p>{esc(t("nnt", lang))}: {esc(t("nnt_note", lang))}.</p></section>')

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
            for c, *_ in figures.table_order(bars, dim):
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
        """People tested against each target of the period: the programme's, then each category given one
        (a site's, a country's, ...), dimensions in the reports' order."""
        lang = self.lang
        cells = [("total", "all")] + [(dim, c) for dim in DIMENSIONS for c in sorted(
            self.cells.categories.get((self.period, dim), ()), key=_category_order(dim))]
        rows = []
        for dim, c in cells:
            r = self.get("coverage", dim, c)
            if r is None:
                continue
            where = ([t("all_people", lang), ""] if dim == "total"
                     else [DIMENSIONS[dim][lang], category_label(dim, c, lang)])
            rows.append([*where, cell(r, lang), fmt_int(r["denominator"], lang) if not r["suppressed"] else "–",
                         cell(r, lang, "pct"), ci_text(r, lang)])
        body = (f"<p>{esc(t('no_target', lang))}</p>" if not rows else self.table(
            t("coverage", lang), [t("dimension", lang), t("category", lang), t("people_tested", lang),
                                  t("target", lang), "%", t("ci", lang)], rows, css="two-labels"))
        if rows and self.status is not None and self.status.kind == "in_progress":
            body += f'<p class="note">{esc(t("coverage_in_progress", lang))}</p>'
        return f'<section id="coverage"><h2>{esc(t("coverage", lang))}</h2>{body}</section>'

    def quality(self) -> str:
        lang, q = self.lang, self.q
        files = [[t(f"status_{r.status}", lang), count_text(int(r.files), lang)] for r in q.files.itertuples()]
        counts, columns, others = shown_counts(q.rows, list(q.held_by_column.itertuples(index=False, name=None)))
        rows = [[t(k, lang), count_text(v, lang)] for k, v in counts.items()]
        if columns is None:
            held = [[t("held_columns_withheld", lang), ""]]
        else:
            held = [[c, fmt_int(n, lang)] for c, n in columns]
            if others:
                held.append([t("held_other_columns", lang), t("small_each", lang)])
        if q.late is not None:
            rows.append([t("late_files", lang), count_text(int(q.late["late_files"]), lang)])
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
        return {t("csv_table", self.lang): t("period", self.lang),
                t("csv_row", self.lang): period_label(self.period, self.lang) + status}

    def _status_html(self) -> str:
        if self.status is None:
            return ""
        return f' <strong class="status">({esc(self.status.text(self.lang))})</strong>'


def page_figures(published: pd.DataFrame, quality: Quality, period: str, lang: str,
                 cells: CellIndex | None = None) -> list[tuple[str, object]]:
    """The figures of one page, in page order (for static images); ``cells``: ``CellIndex(published)``,
    built once for many pages."""
    page = Page(published, period, lang, quality, "", cells)
    page.render_parts("", "")
    return page.figures


def _category_order(dimension: str):
    """Age bands from the youngest, other categories by code (a site's, a country's)."""
    return (lambda c: (figures.band_start(c), c)) if dimension == "age_band" else (lambda c: (0, c))
