"""Shared fixtures: real DuckDB files in tmp_path, fixture inboxes written in every format."""

from __future__ import annotations

import datetime as dt
import io
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from pipelines.lib import marts
from pipelines.lib.contract import COLUMNS
from pipelines.lib.targets import empty_targets

AS_OF = dt.date(2026, 11, 25)

STAGING_COLUMNS = list(COLUMNS) + ["file_name", "row_number"]


@pytest.fixture
def con(tmp_path: Path):
    c = duckdb.connect(str(tmp_path / "test.duckdb"))
    yield c
    c.close()


@pytest.fixture
def machine_far_behind(monkeypatch):
    """The machine's own zone twelve hours behind UTC, put back after the test: against a programme zone of
    UTC+14 its date is one or two days earlier at every hour. A POSIX rule ("MHT+12": 12 hours behind UTC),
    which needs no zone files: a name such as Etc/GMT+12 would be read as UTC where they are missing."""
    monkeypatch.setenv("TZ", "MHT+12")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def rows_frame(text: str) -> pd.DataFrame:
    """A table written in the test as `|`-separated lines with a header line; empty cell = null."""
    lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip()]
    header = [h.strip() for h in lines[0].split("|")]
    data = [[c.strip() or None for c in ln.split("|")] for ln in lines[1:]]
    return pd.DataFrame(data, columns=header, dtype=object)


def load_staging(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame) -> None:
    """staging.screening from a fixture frame (columns not given are null)."""
    full = frame.reindex(columns=STAGING_COLUMNS)
    full["file_name"] = full["file_name"].fillna("fixture.csv")
    full["row_number"] = range(1, len(full) + 1)
    con.register("fixture", full)
    con.execute("CREATE SCHEMA IF NOT EXISTS staging")
    con.execute("""
        CREATE OR REPLACE TABLE staging.screening AS SELECT
            record_id, client_uic, test_date::DATE AS test_date, site_code, country_of_origin, migrant_group,
            residence_status, sex, age::UTINYINT AS age, key_population, test_modality, result,
            previously_diagnosed, linked_date::DATE AS linked_date, care_location,
            art_start_date::DATE AS art_start_date, vl_date::DATE AS vl_date, vl_copies::BIGINT AS vl_copies,
            file_name, row_number::BIGINT AS row_number
        FROM fixture""")
    con.unregister("fixture")


def build_marts(con: duckdb.DuckDBPyConnection, targets: pd.DataFrame | None = None) -> None:
    marts.build_marts(con, targets if targets is not None else empty_targets())


def indicator(con, period: str, dimension: str, category: str, name: str):
    rows = con.execute(
        "SELECT numerator, denominator, value, ci_low, ci_high FROM marts.indicators "
        "WHERE period = ? AND dimension = ? AND category = ? AND indicator = ?",
        [period, dimension, category, name]).fetchall()
    assert len(rows) <= 1
    return rows[0] if rows else None


REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory):
    """The whole pipeline, in-process, on the bundled sample inbox: (warehouse path, reports dir)."""
    import dagster as dg

    from pipelines.defs.ingest import assets as ingest_assets
    from pipelines.defs.marts import assets as marts_assets
    from pipelines.defs.report import assets as report_assets
    from pipelines.defs.warehouse import assets as warehouse_assets
    from pipelines.defs.resources import (ChartImagesResource, GreatExpectationsResource, PathsResource,
                                          WarehouseResource)

    from pipelines.lib import sample_arrivals

    sample_arrivals.apply_manifest()  # as the main command does: a checkout dates every file today
    tmp = tmp_path_factory.mktemp("sample")
    result = dg.materialize(
        [ingest_assets.ingest, marts_assets.person_periods, marts_assets.indicators,
         report_assets.report_indicators, warehouse_assets.release, report_assets.report_html],
        resources={"paths": PathsResource(inbox=str(REPO / "data" / "inbox"), reports=str(tmp / "reports"),
                                          targets=str(REPO / "data" / "targets.csv")),
                   "warehouse": WarehouseResource(path=str(tmp / "wh.duckdb"), memory_limit="2GB"),
                   "gx": GreatExpectationsResource(), "chart_images": ChartImagesResource()})
    assert result.success
    return tmp / "wh.duckdb", tmp / "reports"


def failure_alert_of(instance, result, alerts: Path) -> dict:
    """What the failure alert's sensor writes for the failed run ``result`` of ``instance``: its one alert
    file in ``alerts``, read."""
    import json

    import dagster as dg

    from pipelines.defs.ingest.sensors import failure_alert
    from pipelines.defs.resources import PathsResource

    failure_alert(dg.build_run_status_sensor_context(
        sensor_name="failure_alert", dagster_instance=instance, dagster_run=result.dagster_run,
        dagster_event=result.get_run_failure_event(),
        resources={"paths": PathsResource(alerts=str(alerts))}).for_run_failure())
    (alert,) = alerts.glob("*_run_failure_*.json")
    return json.loads(alert.read_text())


def rezipped(data: bytes, edits: dict[str, Callable[[bytes], bytes]] | None = None,
             added: dict[str, str | bytes] | None = None) -> bytes:
    """A workbook's (any zip archive's) bytes with some parts edited (by name: their bytes to new ones) and
    others added, as a tool other than openpyxl would have written them."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            dst.writestr(item, (edits or {}).get(item.filename, lambda b: b)(body))
        for name, body in (added or {}).items():
            dst.writestr(name, body)
    return out.getvalue()
