"""Programme targets (people to test per period), the denominator of coverage."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from pipelines.lib.categories import category_code, dimension_code, dimension_codes
from pipelines.lib.cells import FileRefused, cell_text
from pipelines.lib.settings import SettingError
from pipelines.lib.text_encoding import text_encoding
from pipelines.lib.typed_text import plain
from pipelines.lib.xlsx_reader import ZIP_ARCHIVE, workbook_readable

COLUMNS = ["period", "dimension", "category", "target"]
PERIOD = re.compile(r"all|[0-9]{4}-(?:0[1-9]|1[0-2])|[0-9]{4}-Q[1-4]")
# the headings in Russian as the Russian reports write them ("Отчётный период", "Цель", "Разбивка", "Категория"),
# and the English reports' "Breakdown"
HEADINGS = {"период": "period", "отчётный период": "period", "отчетный период": "period", "цель": "target",
            "разбивка": "dimension", "breakdown": "dimension", "категория": "category"}
# a month Excel made a date of ("2025-03" typed in a cell), as a CSV saved from it writes it: "мар.25" (Russian
# locale), "Mar-25" (English), or as a first of the month ("01.03.2025", "3/1/2025", "2025-03-01")
_MONTH_NAMES = (("янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"),
                ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"))
_MONTHS = {name: month for names in _MONTH_NAMES for month, name in enumerate(names, start=1)} | {"мая": 5}
_MONTH_NAMED = re.compile(r"([a-zа-яё]{3})[a-zа-яё]*\.?[\s.-]?([0-9]{2}|[0-9]{4})", re.IGNORECASE)
_FIRST_OF_MONTH = re.compile(r"([0-9]{1,2})([./])([0-9]{1,2})\2([0-9]{4})|([0-9]{4})-([0-9]{2})-01")


class TargetsError(SettingError):
    """A targets file (MH_TARGETS) that cannot be right, or is not there; its message quotes the file's path,
    lines and values."""


def empty_targets() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="int64" if c == "target" else "str") for c in COLUMNS})


def load_targets(path: Path | None) -> pd.DataFrame:
    """A CSV or a workbook (.xlsx, its first sheet) of period, target (and optionally dimension, category); None
    (or a missing file) means no targets. A CSV comma- or semicolon-separated (Excel in a Russian locale), UTF-8
    with or without BOM, or Windows-1251. A target that cannot be right stops the run with file, line (a
    sheet's row), column and value: a period such as "2025-13" or "2025-Q5" would silently never be met, and
    two targets for one cell would give it two coverage rows, both published."""
    if path is None or not path.is_file():
        return empty_targets()
    raw = path.read_bytes()
    sheet = path.suffix.lower() == ".xlsx"
    unit = "row" if sheet else "line"
    header: list[str] | None = None
    rows: list[dict] = []
    seen: dict[tuple[str, str, str], int] = {}
    for number, values in (_sheet_rows(path, raw) if sheet else _csv_lines(path, raw)):
        if not any(v.strip() for v in values):
            continue
        if header is None:
            header = [HEADINGS.get(" ".join(h.split()).lower(), h.strip().lower()) for h in values]
            if "period" not in header or "target" not in header:
                raise TargetsError(f"{path}: targets need columns period and target, found {header}")
            continue
        cell = dict(zip(header, (v.strip() for v in values)))
        row = _checked(path, f"{unit} {number}", cell)
        key = (row["period"], row["dimension"], row["category"])
        if key in seen:
            raise TargetsError(f"{path}: {unit}s {seen[key]} and {number} both give a target for period "
                               f"{key[0]}, dimension {key[1]}, category {key[2]}: keep one")
        seen[key] = number
        rows.append(row)
    if not rows:
        return empty_targets()
    return pd.DataFrame(rows, columns=COLUMNS).astype({"target": "int64"})


def _csv_lines(path: Path, raw: bytes) -> Iterator[tuple[int, list[str]]]:
    utf16 = raw.startswith((b"\xff\xfe", b"\xfe\xff"))  # its NULs are text: checked as the inbox's are
    if (b"\x00" in raw[:4096] and not utf16) or raw.startswith(ZIP_ARCHIVE):
        raise TargetsError(f"{path}: not a text CSV file (an .xls workbook, or a workbook not named .xlsx?): "
                           "save the targets as CSV or as an .xlsx workbook")
    try:  # as the inbox's CSV files are read: UTF-8, Windows-1251, DOS code page 866 ("CSV (MS-DOS)") or UTF-16
        skip, encoding = text_encoding(raw)
        text = raw[skip:].decode(encoding)
    except FileRefused as exc:
        raise TargetsError(f"{path}: {exc}") from None
    except UnicodeDecodeError as exc:
        raise TargetsError(f"{path}: byte {exc.start + skip} is neither UTF-8 nor Windows-1251 text: save the "
                           "targets as CSV UTF-8 or as an .xlsx workbook") from None
    first = next((line for line in text.splitlines() if line.strip()), "")
    # the delimiter the first line holds most of (a tab: "Unicode Text"), "," where it holds none
    reader = csv.reader(io.StringIO(text), delimiter=max(",;\t", key=first.count))
    for values in reader:
        yield reader.line_num, values


def _sheet_rows(path: Path, raw: bytes) -> Iterator[tuple[int, list[str]]]:
    """The first sheet's rows by their row numbers, each cell as text: a formula's value as Excel last
    saved it (a month's target worked out from the year's), a date Excel made of a month typed "2025-03"
    as that month."""
    import openpyxl

    from pipelines.lib.xlsx_sheet import records_index

    try:
        workbook_readable(raw)
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (FileRefused, OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:
        raise TargetsError(f"{path}: not a workbook that can be read ({exc})") from None
    try:
        if not book.worksheets:  # chart sheets alone
            raise TargetsError(f"{path}: the workbook has no worksheet")
        # the first worksheet shown, as the inbox's readers read a workbook
        sheet = book.worksheets[records_index([s.sheet_state for s in book.worksheets])]
        sheet.reset_dimensions()  # read-only mode trusts a stated range some writers state too small
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, [_cell(v) for v in values]
    finally:
        book.close()


def _cell(value: object) -> str:
    if isinstance(value, dt.datetime) and value.day == 1 and value.time() == dt.time(0):
        return f"{value.year:04d}-{value.month:02d}"
    return cell_text(value) or ""


def _checked(path: Path, where: str, cell: dict[str, str]) -> dict:
    typed, target = cell.get("period", ""), cell.get("target", "")
    # in any case, as typed in a sheet: "All", "2025-q1", "Site_code", "ALL" for the total's category
    # a dash of any kind as a hyphen: Word and Excel's autocorrect make "2025-03" "2025–03"
    period = "all" if typed.lower() == "all" else _excel_month(typed) or plain(typed).strip().upper()
    typed_dimension = cell.get("dimension") or "total"
    dimension = dimension_code(typed_dimension) or typed_dimension.lower()
    category = cell.get("category") or "all"
    if dimension == "total" and category.lower() == "all":
        category = "all"

    def bad(column: str, value: str, why: str) -> TargetsError:
        return TargetsError(f"{path}: {where}, column {column}: {value!r} {why}")

    if not PERIOD.fullmatch(period):
        raise bad("period", typed, "is not all, a month YYYY-MM or a quarter YYYY-Qn")
    # the reports' dimensions, and "total" (its one category "all"); imported here, not at the code location's
    # load: i18n brings the country names (pycountry, ~35 ms), which the report step loads anyway
    from pipelines.lib.report.i18n import DIMENSIONS

    dimensions = ("total", *DIMENSIONS)
    if dimension not in dimensions:
        raise bad("dimension", cell.get("dimension", ""), f"is not one of {', '.join(dimensions)}")
    from pipelines.lib.disclosure_cells import never_published

    if never_published(dimension, "coverage"):  # by care location: people tested there are never published
        raise bad("dimension", cell.get("dimension", ""), "has no coverage figure for donors (people tested by "
                  "care location are never published: most are not_linked, the totals less the linked positives)")
    if dimension != "total" and not cell.get("category"):
        raise bad("category", "", f"is missing: a target by {dimension} is for one of its categories")
    if (dimension == "total") != (category == "all"):
        raise bad("category", category, "must be all for dimension total, and one of the dimension's otherwise")
    if not re.fullmatch(r"[0-9]+", target) or int(target) == 0:
        raise bad("target", target, "is not a whole number of people, 1 or more")
    code = category_code(dimension, category)
    if code is None:
        codes = ", ".join(dimension_codes(dimension))
        raise bad("category", category, f"is not one of {dimension}'s categories: " + (
            "a country's name or ISO 3166 alpha-3 code" if dimension == "country_of_origin" else codes))
    return {"period": period, "dimension": dimension, "category": code, "target": int(target)}


def _excel_month(text: str) -> str | None:
    """The month (YYYY-MM) a CSV saved from Excel writes as a date, or None: "мар.25", "Mar-25", "March 2025",
    or its first day ("01.03.2025"; "3/1/2025" and "1/3/2025" read as the one whose day is the first), as a
    workbook's dates are read as their months."""
    named = _MONTH_NAMED.fullmatch(text.strip())
    if named:
        month = _MONTHS.get(named.group(1).lower())
        year = int(named.group(2)) + (2000 if len(named.group(2)) == 2 else 0)
        return f"{year:04d}-{month:02d}" if month else None
    dated = _FIRST_OF_MONTH.fullmatch(text.strip())
    if dated is None:
        return None
    if dated.group(5):
        return f"{dated.group(5)}-{dated.group(6)}"
    a, b, year = int(dated.group(1)), int(dated.group(3)), dated.group(4)
    # with dots day first ("01.03.2025", Russian); with slashes day first (British) or month first ("3/1/2025",
    # American): the reading whose day is the first of a month
    readings = ((a, b),) if dated.group(2) == "." else ((a, b), (b, a))
    months = {m for d, m in readings if d == 1 and 1 <= m <= 12}
    return f"{year}-{months.pop():02d}" if len(months) == 1 else None
