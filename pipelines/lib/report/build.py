"""Write the donor report: every period's page in both languages with its CSV, and the index, swapped in
whole."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import shutil
from functools import lru_cache
from pathlib import Path

import pandas as pd
from plotly.offline import get_plotlyjs

from pipelines.lib import disk_space
from pipelines.lib.report.folder import check_reports_folder
from pipelines.lib.report.i18n import LANGS, period_label, t
from pipelines.lib.report.page import CSS, Page
from pipelines.lib.report.page_cells import CellIndex, esc
from pipelines.lib.report.periods import PeriodStatus, period_status
from pipelines.lib.report.quality import Quality, load_quality
from pipelines.lib.report.release import figures_digest, stamp


@lru_cache(maxsize=1)
def plotly_js() -> str:
    """plotly.js, embedded in every page (read once: decoding it was a tenth of a page's time)."""
    return get_plotlyjs()


@lru_cache(maxsize=1)
def plotly_js_bytes() -> bytes:
    return plotly_js().encode("utf-8")


# a negative number as the pages write it ("-37.8 %", "-1,5\u00a0п.\u00a0п."): no spreadsheet reads a formula in it
_NEGATIVE_NUMBER = re.compile("-[0-9][0-9,.\u00a0]*(?:\u00a0(?:%|pp|п\\.\u00a0п\\.))?")


def csv_safe(v: object) -> str:
    """Against spreadsheet formula injection: a cell starting = + - @ is written as text, but for a negative
    number (a change of -37.8 % would read "'-37.8 %")."""
    s = "" if v is None else str(v)
    if s[:1] in ("=", "+", "-", "@", "\t", "\r") and not _NEGATIVE_NUMBER.fullmatch(s):
        return "'" + s
    return s


# A CSV as a spreadsheet of the page's language opens it: Excel in a Russian locale splits a line at ";"
# (its list separator: "4,3 %" is a decimal comma), not ",": a Russian CSV separated by "," opens there as
# one column of whole lines.
CSV_DELIMITER = {"en": ",", "ru": ";"}


def write_csv(rows: list[dict], path: Path, delimiter: str = ",") -> None:
    header: list[str] = []
    for r in rows:
        header += [k for k in r if k not in header]
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=header, lineterminator="\n", delimiter=delimiter)
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
    check_reports_folder(final)  # the pages replace it whole
    out_dir = final.with_name(final.name + ".building")
    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    with disk_space.writing(final, "the reports", "MH_REPORTS"):  # ~165 MB: plotly.js in every page
        try:
            written = _write_pages(published, quality, out_dir, today, report_day, periods)
        except BaseException:  # a full disk: the pages cut short must not keep holding its room
            shutil.rmtree(out_dir, ignore_errors=True)
            raise
        _swap_in(out_dir, final)
    return [final / p.name for p in written]


def _write_pages(published: pd.DataFrame, quality: Quality, out_dir: Path, today: dt.date, report_day: int,
                 periods: list[str] | None) -> list[Path]:
    """``build_reports``' pages, CSV files and index, written into ``out_dir``; the pages' paths."""
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
            write_csv([page.period_row()] + page.csv_rows, out_dir / f"{file_stem(period, lang)}.csv",
                      CSV_DELIMITER[lang])
            written.append(path)
    (out_dir / "index.html").write_text(index_html(all_periods, generated, figures_digest(published), statuses),
                                        encoding="utf-8")
    return written


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
    listing = f'<ul>{"".join(items)}</ul>' if items else "".join(
        f'<p lang="{lang}">{esc(t("no_pages", lang))}</p>' for lang in LANGS)  # an empty list said nothing
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">{stamp(digest)}<title>'
            f'{esc(t("index_title", "en"))}</title><style>{CSS}</style></head><body><h1>{esc(t("index_title", "en"))}'
            f' / {esc(t("index_title", "ru"))}</h1><p>{esc(generated)} · {release}</p>{listing}'
            '</body></html>')
