"""The ingest and its checks date tests and files by the programme's clock, not the machine's."""

import datetime as dt
import os

import dagster as dg
import duckdb
import pandas as pd

from pipelines.defs.ingest import assets as ingest_assets, checks
from pipelines.defs.resources import GreatExpectationsResource, PathsResource, WarehouseResource
from pipelines.lib.clock import Clock
from pipelines.lib.sample_files import write_export
from tests.conftest import failure_alert_of, rows_frame
from tests.sql.test_staging_screening import HEADER

AHEAD = "Pacific/Kiritimati"  # UTC+14: with the machine at UTC-12, its date is always one or two days later


def test_a_test_of_the_programmes_today_is_not_in_the_future(tmp_path, machine_far_behind):
    # until 2026-12-06 "today" was the machine's: on a server kept in UTC a test done after midnight in
    # Almaty was held back as "in the future" by a run before five in the morning, and a file's arrival
    # was dated by the server's clock
    today = Clock(AHEAD).today()
    assert today > dt.date.today()
    inbox = tmp_path / "inbox"
    frame = rows_frame("\n".join([
        HEADER,
        f"t1|AIBU11990|{today.isoformat()}|ALA-01|TJK|labour_migrant|work_permit|male|{today.year - 1990}|pwid|"
        "community|negative||||||",
        f"t2|AIBU11990|{(today + dt.timedelta(days=1)).isoformat()}|ALA-01|TJK|labour_migrant|work_permit|male|"
        f"{today.year - 1990}|pwid|community|negative||||||"]))
    write_export(frame, inbox / "a.csv", "field_csv")
    # 2026-01-31 20:00 UTC: 2026-02-01 10:00 on the programme's clock, 2026-01-31 08:00 on the machine's
    arrived = dt.datetime(2026, 1, 31, 20, 0, tzinfo=dt.timezone.utc).timestamp()
    os.utime(inbox / "a.csv", (arrived, arrived))
    result = dg.materialize([ingest_assets.ingest, checks.contract_checks], resources={
        "paths": PathsResource(inbox=str(inbox), timezone=AHEAD),
        "warehouse": WarehouseResource(path=str(tmp_path / "wh.duckdb")), "gx": GreatExpectationsResource()})
    assert result.success
    with duckdb.connect(str(tmp_path / "wh.building.duckdb"), read_only=True) as con:
        assert con.execute("SELECT record_id FROM staging.screening").fetchall() == [("t1",)]
        assert con.execute("SELECT record_id, reason FROM audit.held_rows").fetchall() == [
            ("t2", f"test_date: '{(today + dt.timedelta(days=1)).isoformat()}' is in the future")]
        assert con.execute("SELECT arrived_at FROM audit.files").fetchall() == [(dt.datetime(2026, 2, 1, 10, 0),)]
    # the site's last test is the programme's today: fresh, though it is in the machine's future
    freshness = next(e for e in result.get_asset_check_evaluations() if e.check_name == "site_freshness")
    assert freshness.passed and freshness.metadata["stale_sites"].value == 0


def test_a_wrong_time_zone_fails_the_run_with_its_name(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    instance = dg.DagsterInstance.ephemeral()
    result = dg.materialize([ingest_assets.ingest], raise_on_error=False, instance=instance, resources={
        "paths": PathsResource(inbox=str(inbox), timezone="Asia/Almati"),
        "warehouse": WarehouseResource(path=str(tmp_path / "wh.duckdb")), "gx": GreatExpectationsResource()})
    assert not result.success
    (failure,) = [e for e in result.all_events if e.is_step_failure]
    assert "time zone 'Asia/Almati' (MH_TIMEZONE) is not an IANA time zone name" in str(
        failure.step_failure_data.error)
    assert not (tmp_path / "wh.building.duckdb").exists()  # it fails before a build is begun
    # the failure alert names the setting and its value, for the officer's mail (a SettingError's words)
    message = failure_alert_of(instance, result, tmp_path / "alerts")["message"]
    assert "ingest: time zone 'Asia/Almati' (MH_TIMEZONE) is not an IANA time zone name" in message


def test_a_parquet_instant_is_dated_on_the_programmes_clock(tmp_path, monkeypatch):
    # a partner's tool writes test_date as UTC instants: 21:30 UTC on 31 March 2026 is 02:30 on 1 April in
    # Almaty (UTC+5), the programme's zone unless MH_TIMEZONE names another
    monkeypatch.delenv("MH_TIMEZONE", raising=False)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    frame = rows_frame("\n".join([HEADER, "p1|AIBU11990||ALA-01|TJK|labour_migrant|work_permit|male|35|pwid|"
                                          "community|negative||||||"]))
    frame["test_date"] = pd.to_datetime(["2026-03-31 21:30"]).tz_localize("UTC")
    frame.to_parquet(inbox / "tool.parquet")
    dates = {}
    for zone in (None, "UTC"):
        result = dg.materialize([ingest_assets.ingest], resources={
            "paths": PathsResource(inbox=str(inbox), timezone=zone),
            "warehouse": WarehouseResource(path=str(tmp_path / f"{zone}.duckdb")), "gx": GreatExpectationsResource()})
        assert result.success
        with duckdb.connect(str(tmp_path / f"{zone}.building.duckdb"), read_only=True) as con:
            dates[zone] = con.execute("SELECT test_date, (SELECT timezone FROM audit.build) FROM staging.screening"
                                      ).fetchall()
    assert dates == {None: [(dt.date(2026, 4, 1), "Asia/Almaty")], "UTC": [(dt.date(2026, 3, 31), "UTC")]}
