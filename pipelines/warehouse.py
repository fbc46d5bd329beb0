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

import datetime as dt
import sys
from pathlib import Path

import duckdb
import pandas as pd

from pipelines.lib.categories import category_code, dimension_codes
from pipelines.lib.marts import build_marts
from pipelines.lib.sql import query_df, query_rows, run_sql
from pipelines.lib.targets import empty_targets

LIST_FILTERS = ("site_code", "country_of_origin", "migrant_group", "residence_status", "key_population", "sex")


def warehouse_path(path: str | Path | None = None) -> Path:
    """MH_WAREHOUSE or the repo default, resolved like the pipeline's own resource."""
    from pipelines.defs.resources import WarehouseResource

    return WarehouseResource(path=str(path) if path else None).database()


def connect(path: str | Path | None = None) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the published warehouse (never blocks or sees a run under way)."""
    return duckdb.connect(str(warehouse_path(path)), read_only=True)


def indicators(path: str | Path | None = None, *, date_from: dt.date | None = None,
               date_to: dt.date | None = None, age_min: int | None = None, age_max: int | None = None,
               targets: pd.DataFrame | None = None, **filters: str | list[str]) -> pd.DataFrame:
    """Every indicator (all periods and dimensions) over the records that pass the filters.

    List filters: site_code, country_of_origin, migrant_group, residence_status, key_population, sex
    (a value or a list), in the warehouse's codes or as people write them ("PWID", "Tajikistan"); a value
    that is not a category raises ValueError naming the categories. Same SQL, same Wilson intervals as the
    pipeline.
    """
    unknown = set(filters) - set(LIST_FILTERS)
    if unknown:
        raise ValueError(f"unknown filters {sorted(unknown)}; use {LIST_FILTERS} or the date/age arguments")
    params: dict[str, object] = {k: None for k in LIST_FILTERS}
    params.update(date_from=date_from, date_to=date_to, age_min=age_min, age_max=age_max)
    con = duckdb.connect()
    try:
        run_sql(con, "api.attach_warehouse", {"path": str(warehouse_path(path))})
        sites = {site for (site,) in query_rows(con, "api.site_codes")}
        params.update({k: _codes(k, [v] if isinstance(v, str) else list(v), sites) for k, v in filters.items()})
        run_sql(con, "api.filtered_screening", params)
        build_marts(con, targets if targets is not None else empty_targets())
        return query_df(con, "api.indicators")
    finally:
        con.close()


def _codes(name: str, values: list[str], sites: set[str]) -> list[str]:
    """A filter's values as the warehouse stores them, written as people write them ("PWID", "Tajikistan",
    "Labour migrant", "ala-01"); a value that is none of the filter's categories is refused, naming them
    (until 2026-12-06 it matched no record and the answer was an empty table, as for a group nobody is in)."""
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
