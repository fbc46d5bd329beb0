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

from pipelines.lib.marts import build_marts
from pipelines.lib.sql import query_df, run_sql
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
    (a value or a list). Same SQL, same Wilson intervals as the pipeline.
    """
    unknown = set(filters) - set(LIST_FILTERS)
    if unknown:
        raise ValueError(f"unknown filters {sorted(unknown)}; use {LIST_FILTERS} or the date/age arguments")
    params: dict[str, object] = {k: None for k in LIST_FILTERS}
    params.update({k: [v] if isinstance(v, str) else list(v) for k, v in filters.items()})
    params.update(date_from=date_from, date_to=date_to, age_min=age_min, age_max=age_max)
    con = duckdb.connect()
    try:
        run_sql(con, "api.attach_warehouse", {"path": str(warehouse_path(path))})
        run_sql(con, "api.filtered_screening", params)
        build_marts(con, targets if targets is not None else empty_targets())
        return query_df(con, "api.indicators")
    finally:
        con.close()


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
