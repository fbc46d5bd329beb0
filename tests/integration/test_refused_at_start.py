"""A run on a Dagster instance with telemetry on, with a memory limit DuckDB cannot read, or with a targets
file that is not there, is refused before it reads or writes anything."""

import dagster as dg
import duckdb

from pipelines.defs.ingest.assets import ingest
from pipelines.defs.resources import GreatExpectationsResource, PathsResource, WarehouseResource
from pipelines.lib.sample_files import write_export
from tests.conftest import failure_alert_of, rows_frame
from tests.sql.test_marts_indicators import FIXTURE


def home(tmp_path) -> str:
    (tmp_path / "home").mkdir()
    return str(tmp_path / "home")


def run_on(instance: dg.DagsterInstance, tmp_path) -> dg.ExecuteInProcessResult:
    write_export(rows_frame(FIXTURE), tmp_path / "inbox" / "a.csv", "field_csv")
    return dg.materialize([ingest], instance=instance, raise_on_error=False, resources={
        "paths": PathsResource(inbox=str(tmp_path / "inbox"), reports=str(tmp_path / "reports")),
        "warehouse": WarehouseResource(path=str(tmp_path / "wh.duckdb")), "gx": GreatExpectationsResource()})


def test_an_instance_with_telemetry_on_runs_nothing(tmp_path):
    # DAGSTER_HOME of the officer's own, without the project's dagster.yaml: Dagster's default is on
    with dg.instance_for_test(overrides={"telemetry": {"enabled": True}}, temp_dir=home(tmp_path)) as inst:
        result = run_on(inst, tmp_path)
        # the failure alert says what to change (until 2026-12-06 only that the run failed)
        alert = failure_alert_of(inst, result, tmp_path / "alerts")
    assert f"Dagster's instance at {tmp_path / 'home'} has telemetry on: nothing is run. Add 'telemetry:" in alert[
        "message"]
    # not "fix the rows": nothing in the data is wrong (until 2026-12-06 every failure alert said so)
    assert alert["what_to_do"].startswith("Change what the message names (a setting, or the file, folder or program")
    assert not result.success
    (failure,) = [e for e in result.all_events if e.event_type == dg.DagsterEventType.RESOURCE_INIT_FAILURE]
    errors = str(failure.event_specific_data.error)
    assert f"Dagster's instance at {tmp_path / 'home'} has telemetry on: nothing is run" in errors
    assert "enabled: false" in errors
    assert not (tmp_path / "wh.building.duckdb").exists() and not (tmp_path / "wh.duckdb").exists()


def test_an_instance_with_telemetry_off_runs(tmp_path):
    with dg.instance_for_test(temp_dir=home(tmp_path)) as inst:
        result = run_on(inst, tmp_path)
    assert result.success
    with duckdb.connect(str(tmp_path / "wh.building.duckdb"), read_only=True) as con:  # the fixture's 8 rows
        assert con.execute("SELECT count(*) FROM staging.screening").fetchall() == [(8,)]


def test_a_memory_limit_duckdb_cannot_read_stops_the_run_naming_the_setting(tmp_path, monkeypatch):
    # until 2026-12-06 DuckDB's own words ("Memory must have a number") failed the ingest step
    monkeypatch.setenv("MH_DUCKDB_MEMORY", "2 Gb of RAM")
    with dg.instance_for_test(temp_dir=home(tmp_path)) as inst:
        result = run_on(inst, tmp_path)
        (failure,) = [e for e in result.all_events if e.event_type == dg.DagsterEventType.RESOURCE_INIT_FAILURE]
        assert ("memory limit '2 Gb of RAM' (MH_DUCKDB_MEMORY) is not a size such as 2GB, 512MB or 4GiB"
                in str(failure.event_specific_data.error))
        assert not (tmp_path / "wh.building.duckdb").exists()
        # the failure alert says which setting, in the set-up's own words
        assert ("memory limit '2 Gb of RAM' (MH_DUCKDB_MEMORY) is not a size such as 2GB, 512MB or 4GiB"
                in failure_alert_of(inst, result, tmp_path / "alerts")["message"])


def test_a_targets_file_that_is_not_there_stops_the_run_before_the_ingest_reads(tmp_path, monkeypatch):
    # a mistyped MH_TARGETS gave no coverage figures without a word until 2026-12-06. It stops the ingest step
    # as it starts, not the resource's set-up: the failure alert's sensor sets the same resource up
    monkeypatch.setenv("MH_TARGETS", str(tmp_path / "target.csv"))
    with dg.instance_for_test(temp_dir=home(tmp_path)) as inst:
        result = run_on(inst, tmp_path)
        (failure,) = [e for e in result.all_events if e.is_step_failure]
        assert failure.step_key == "ingest"
        assert (f"MH_TARGETS: {tmp_path / 'target.csv'} is not a file: nothing is run"
                in str(failure.step_failure_data.error))
        assert not (tmp_path / "wh.building.duckdb").exists()
        # the failure alert is written all the same, naming what to mend
        assert (f"ingest: MH_TARGETS: {tmp_path / 'target.csv'} is not a file: nothing is run"
                in failure_alert_of(inst, result, tmp_path / "alerts")["message"])


def test_the_samples_targets_are_the_samples_alone(tmp_path, monkeypatch):
    # no MH_TARGETS: the bundled sample's inbox has its targets (data/targets.csv); a programme's own inbox none
    # (until 2026-12-06 it got the sample's 2,500 people, and a coverage figure against them for donors)
    from pipelines.lib import settings

    monkeypatch.delenv("MH_TARGETS", raising=False)
    monkeypatch.delenv("MH_INBOX", raising=False)
    assert PathsResource().targets_file() == settings.REPO / "data" / "targets.csv"
    assert PathsResource(inbox=str(tmp_path / "inbox")).targets_file() is None
    monkeypatch.setenv("MH_INBOX", str(tmp_path / "inbox"))
    assert PathsResource().targets_file() is None
    (tmp_path / "t.xlsx").write_bytes(b"")
    monkeypatch.setenv("MH_TARGETS", "t.xlsx")  # relative: from the folder the run starts in
    monkeypatch.chdir(tmp_path)
    assert PathsResource().targets_file() == tmp_path / "t.xlsx"
