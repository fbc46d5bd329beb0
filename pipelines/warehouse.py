"""The analysts' door to the warehouse: read-only, and ad-hoc indicators with the pipeline's own SQL.

    from pipelines import warehouse
    con = warehouse.connect()                       # read-only, safe while the pipeline runs
    df = warehouse.indicators(residence_status="undocumented", key_population="pwid",
                              country_of_origin="TJK", site_code="ALA-01")
    df[(df.dimension == "total") & (df.indicator == "positivity")]

Figures are unsuppressed (like marts.indicators): for analysis inside the programme, never for
publication as they are.
"""

from __future__ import annotations

import calendar
import datetime as dt
import numbers
import sys
from pathlib import Path

import duckdb
import pandas as pd

from pipelines.lib.categories import category_code, dimension_codes
from pipelines.lib.marts import build_marts
from pipelines.lib.sql import query_df, query_rows, run_sql
from pipelines.lib.targets import empty_targets, load_targets

LIST_FILTERS = ("site_code", "country_of_origin", "migrant_group", "residence_status", "key_population", "sex")


def warehouse_path(path: str | Path | None = None) -> Path:
    """MH_WAREHOUSE or the repo default, resolved like the pipeline's own resource."""
    from pipelines.defs.resources import WarehouseResource

    return WarehouseResource(path=str(path) if path else None).database()


def published_path(path: str | Path | None = None) -> Path:
    """``warehouse_path``, which must be there (DuckDB said only "database does not exist")."""
    found = warehouse_path(path)
    if not found.is_file():
        raise FileNotFoundError(f"no published warehouse at {found}: run the main job first (bash "
                                "scripts/run-pipeline.sh), or give the warehouse's file (path=..., or MH_WAREHOUSE)")
    return found


def connect(path: str | Path | None = None) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the published warehouse (never blocks or sees a run under way)."""
    return duckdb.connect(str(published_path(path)), read_only=True)


def indicators(path: str | Path | None = None, *, date_from: dt.date | str | None = None,
               date_to: dt.date | str | None = None, age_min: int | None = None, age_max: int | None = None,
               targets: str | Path | pd.DataFrame | None = None, **filters: str | list[str]) -> pd.DataFrame:
    """Every indicator (all periods and dimensions) over the records that pass the filters.

    List filters: site_code, country_of_origin, migrant_group, residence_status, key_population, sex
    (a value or a list), in the warehouse's codes or as people write them ("PWID", "Tajikistan"); a value
    that is not a category raises ValueError naming the categories. Test dates from ``date_from`` through
    ``date_to``, each a date (a datetime's day), "2025-03-01", "01.03.2025" or a month "2025-03" (its first
    day, or its last for ``date_to``); ages from ``age_min`` through ``age_max`` (whole years). ``targets``:
    for coverage, a targets file as MH_TARGETS takes (CSV or workbook; ``load_targets``' frame too), none by
    default. Same SQL, same Wilson intervals as the pipeline.
    """
    unknown = set(filters) - set(LIST_FILTERS)
    if unknown:
        raise ValueError(f"unknown filters {sorted(unknown)}; use {LIST_FILTERS} or the date/age arguments")
    if isinstance(targets, (str, Path)):
        if not Path(targets).is_file():  # load_targets reads a missing file as none: no coverage, without a word
            raise FileNotFoundError(f"targets={str(targets)!r} is not a file: give a targets CSV or workbook, as "
                                    "MH_TARGETS takes")
        targets = load_targets(Path(targets))
    params: dict[str, object] = {k: None for k in LIST_FILTERS}
    params.update(date_from=_day("date_from", date_from, last=False), date_to=_day("date_to", date_to, last=True),
                  age_min=_years("age_min", age_min), age_max=_years("age_max", age_max))
    for low, high in (("date_from", "date_to"), ("age_min", "age_max")):
        if params[low] is not None and params[high] is not None and params[low] > params[high]:
            raise ValueError(f"{low}={params[low]} is after {high}={params[high]}: no record is in between")
    con = duckdb.connect()
    try:
        run_sql(con, "api.attach_warehouse", {"path": str(published_path(path))})
        sites = {site for (site,) in query_rows(con, "api.site_codes")}
        params.update({k: _codes(k, [v] if isinstance(v, str) else list(v), sites) for k, v in filters.items()})
        run_sql(con, "api.filtered_screening", params)
        build_marts(con, targets if targets is not None else empty_targets())
        return query_df(con, "api.indicators")
    finally:
        con.close()


# What a date argument may be written as, as analysts write it; a datetime counts as its day (compared with
# its time of day, it would leave out the tests of its own day).
DAY_FORMS = ("%Y-%m-%d", "%d.%m.%Y")


def _day(name: str, value: object, last: bool) -> dt.date | None:
    """A date argument as a day: a date, a datetime's (a pandas Timestamp's) day, text in ``DAY_FORMS``,
    or a month "2025-03": its first day, or its ``last``."""
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    if isinstance(value, dt.datetime):
        return value.date()
    text = value.strip() if isinstance(value, str) else ""
    for form in DAY_FORMS:
        try:
            return dt.datetime.strptime(text, form).date()
        except ValueError:
            pass
    try:
        month = dt.datetime.strptime(text, "%Y-%m").date()
    except ValueError:
        raise ValueError(f"{name}={value!r} is not a date: give a datetime.date, '2025-03-01', '01.03.2025', "
                         "or a month '2025-03'") from None
    return month.replace(day=calendar.monthrange(month.year, month.month)[1]) if last else month


def _years(name: str, value: object) -> int | None:
    """An age argument: whole years, a number or its digits (DuckDB compared 25.5 as given, and True as 1)."""
    if value is None:
        return None
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return int(value)  # a NumPy integer too
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        return int(value)
    raise ValueError(f"{name}={value!r} is not a whole number of years")


def _codes(name: str, values: list[str], sites: set[str]) -> list[str]:
    """A filter's values as the warehouse stores them, written as people write them ("PWID", "Tajikistan",
    "Labour migrant", "ala-01"); a value that is none of the filter's categories is refused, naming them
    (it would match no record, and the empty answer would read as a group nobody is in), and so is an empty
    list, which would select nobody."""
    if not values:
        raise ValueError(f"{name}=[] selects no record: give at least one value, or leave {name} out")
    codes = []
    for value in values:
        code = category_code(name, value)
        if name == "site_code" and code not in sites:
            raise ValueError(f"site_code={value!r} is not a site in the warehouse: {', '.join(sorted(sites))}")
        if code is None and name == "country_of_origin":
            raise ValueError(f"country_of_origin={value!r} is not a country: give its name in English or Russian, "
                             "or its ISO 3166 alpha-3 code")
        if code is None:
            raise ValueError(f"{name}={value!r} is not a category of {name}: {', '.join(dimension_codes(name))}")
        codes.append(code)
    return codes


def write_dictionary(path: str | Path | None = None, out: Path | None = None) -> Path:
    from pipelines.lib.dictionary import dictionary_markdown

    out = out or Path(__file__).resolve().parents[1] / "docs" / "data-dictionary.md"
    with connect(path) as con:
        out.write_text(dictionary_markdown(con) + "\n", encoding="utf-8")
    return out


if __name__ == "__main__":
    if sys.argv[1:] == ["dictionary"]:
        print(write_dictionary())
    else:
        sys.exit("usage: python -m pipelines.warehouse dictionary")
