"""Issue 4: the inbox sensor, the schedules, the failure alert, the definitions and the UI."""

import datetime as dt
import hashlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from zoneinfo import ZoneInfo

import dagster as dg
import pytest

from pipelines.defs.ingest import assets as ingest_assets, checks, gx_checks
from pipelines.defs.ingest.sensors import inbox_sensor, warning_alert
from pipelines.defs.resources import ChartImagesResource, GreatExpectationsResource, PathsResource, WarehouseResource
from pipelines.defs.schedules import monthly_report, quarterly_report
from pipelines.lib.sample_files import write_export
from tests.conftest import REPO, failure_alert_of, rows_frame
from tests.sql.test_marts_indicators import FIXTURE

ALMATY = ZoneInfo("Asia/Almaty")


def settled(path: Path, text: str) -> None:
    """``path`` written as a file copied into the inbox more than a minute ago."""
    path.write_text(text)
    os.utime(path, (time.time() - 120, time.time() - 120))


def test_inbox_sensor_runs_once_per_content(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    paths = PathsResource(inbox=str(inbox))
    empty = inbox_sensor(dg.build_sensor_context(resources={"paths": paths}))
    assert empty.run_requests == [] and empty.skip_reason.skip_message == "no new or changed file in the inbox"
    settled(inbox / "a.csv", "record_id\nr1\n")
    first = inbox_sensor(dg.build_sensor_context(resources={"paths": paths}))
    assert len(first.run_requests) == 1
    again = inbox_sensor(dg.build_sensor_context(cursor=first.cursor, resources={"paths": paths}))
    assert again.run_requests == [] and again.skip_reason.skip_message == "no new or changed file in the inbox"
    # a cursor written before 2026-12-06 (the hashes alone) is read as before
    legacy = json.dumps([hashlib.sha256(b"record_id\nr1\n").hexdigest()])
    assert inbox_sensor(dg.build_sensor_context(cursor=legacy, resources={"paths": paths})).run_requests == []
    settled(inbox / "a.csv", "record_id\nr1\nr2\n")
    changed = inbox_sensor(dg.build_sensor_context(cursor=first.cursor, resources={"paths": paths}))
    assert len(changed.run_requests) == 1
    assert changed.run_requests[0].run_key != first.run_requests[0].run_key


def test_inbox_sensor_waits_for_a_file_still_being_copied(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    settled(inbox / "a.csv", "record_id\nr1\n")
    (inbox / "b.csv").write_text("record_id\nr")  # its copy under way: changed just now
    context = dg.build_sensor_context(resources={"paths": PathsResource(inbox=str(inbox))})
    waiting = inbox_sensor(context)
    assert isinstance(waiting, dg.SkipReason)
    assert waiting.skip_message == "1 inbox file(s) changed in the last 60 s: waiting until they are complete"
    settled(inbox / "b.csv", "record_id\nr2\n")
    assert len(inbox_sensor(context).run_requests) == 1


def test_the_inbox_sensor_names_a_file_named_with_an_identifier_by_its_hash(tmp_path, monkeypatch):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    settled(inbox / "8 701 555 43 21.csv", "record_id\nr1\n")
    digest = hashlib.sha256(b"record_id\nr1\n").hexdigest()
    context = dg.build_sensor_context(resources={"paths": PathsResource(inbox=str(inbox))})
    said: list[str] = []
    monkeypatch.setattr(context.log, "info", said.append)
    result = inbox_sensor(context)
    assert len(result.run_requests) == 1
    assert said == [f"new or changed files: (name withheld) {digest[:12]}.csv"]
    assert "701" not in result.cursor and digest in result.cursor  # the UI shows a sensor's cursor


@pytest.mark.parametrize("when, schedule, period", [
    (dt.datetime(2026, 11, 5, 6, tzinfo=ALMATY), monthly_report, "2026-10"),
    (dt.datetime(2026, 11, 6, 6, tzinfo=ALMATY), monthly_report, None),
    (dt.datetime(2026, 10, 5, 6, tzinfo=ALMATY), quarterly_report, "2026-Q3"),
    (dt.datetime(2026, 1, 5, 6, tzinfo=ALMATY), quarterly_report, "2025-Q4"),
    (dt.datetime(2026, 11, 5, 6, tzinfo=ALMATY), quarterly_report, None),
])
def test_schedules(when, schedule, period, monkeypatch):
    monkeypatch.delenv("MH_REPORT_DAY", raising=False)
    result = schedule(dg.build_schedule_context(scheduled_execution_time=when,
                                                resources={"paths": PathsResource()}))
    if period is None:
        assert isinstance(result, dg.SkipReason)
    else:
        assert result.tags["mh/period"] == period


def test_report_day_is_configurable(monkeypatch):
    monkeypatch.setenv("MH_REPORT_DAY", "10")
    ctx = dg.build_schedule_context(scheduled_execution_time=dt.datetime(2026, 11, 10, 6, tzinfo=ALMATY),
                                    resources={"paths": PathsResource()})
    assert monthly_report(ctx).tags["mh/period"] == "2026-10"
    ctx = dg.build_schedule_context(scheduled_execution_time=dt.datetime(2026, 11, 5, 6, tzinfo=ALMATY),
                                    resources={"paths": PathsResource()})
    assert monthly_report(ctx).skip_message == "monthly report runs on day 10 of the month"


@pytest.mark.parametrize("value", ["0", "29", "31", "five", "-1", "5.5"])
def test_a_report_day_that_not_every_month_has_is_refused(monkeypatch, value):
    # on the resource itself: the schedules, the report steps and the month rebuilds read it there (a
    # schedule raising in Dagster's evaluation leaves a resource generator that the garbage collector closes
    # later, here during pytest's rewriting of a module: CPython 3.11.7's "AST constructor recursion depth
    # mismatch", python/cpython#106905)
    monkeypatch.setenv("MH_REPORT_DAY", value)
    with pytest.raises(ValueError) as err:
        PathsResource().report_day()
    assert str(err.value) == f"MH_REPORT_DAY: {value!r} is not a day of the month from 1 to 28"


def test_the_programmes_time_zone_is_configurable(monkeypatch):
    monkeypatch.delenv("MH_TIMEZONE", raising=False)
    assert PathsResource().clock().timezone == "Asia/Almaty"
    monkeypatch.setenv("MH_TIMEZONE", "Asia/Tashkent")
    assert PathsResource().clock().timezone == "Asia/Tashkent"
    assert PathsResource(timezone="Asia/Bishkek").clock().timezone == "Asia/Bishkek"


def test_failed_run_writes_an_alert(tmp_path):
    write_export(rows_frame(FIXTURE), tmp_path / "inbox" / "a.csv", "field_csv")
    suite = tmp_path / "suite"
    suite.mkdir()
    (suite / "staging.screening.json").write_text(
        '{"name": "staging.screening", "expectations": [{"type": "expect_column_values_to_be_between",'
        ' "kwargs": {"column": "age", "min_value": 0, "max_value": 30}, "meta": {"group": "ranges"}}]}')
    instance = dg.DagsterInstance.ephemeral()
    result = dg.materialize(
        [ingest_assets.ingest, gx_checks.gx_screening_suite], instance=instance, raise_on_error=False,
        resources={"paths": PathsResource(inbox=str(tmp_path / "inbox")),
                   "warehouse": WarehouseResource(path=str(tmp_path / "wh.duckdb")),
                   "gx": GreatExpectationsResource(suite_dir=str(suite)), "chart_images": ChartImagesResource()})
    assert not result.success
    body = failure_alert_of(instance, result, tmp_path / "alerts")
    assert body["run_id"] == result.run_id and "gx_ranges" in body["message"]
    assert body["what_to_do"].startswith("Open the run in the Dagster UI; fix the file or rows it names")


def test_a_run_that_published_with_a_warning_to_weigh_leaves_an_alert(tmp_path):
    from pipelines.defs.marts import assets as marts_assets
    from pipelines.defs.report import assets as report_assets
    from pipelines.defs.warehouse import assets as warehouse_assets

    write_export(rows_frame(FIXTURE), tmp_path / "inbox" / "a.csv", "field_csv")
    instance = dg.DagsterInstance.ephemeral()

    def run_and_alert(targets: str) -> list[dict]:
        (tmp_path / "targets.csv").write_text(targets)
        result = dg.materialize(
            [ingest_assets.ingest, marts_assets.person_periods, marts_assets.indicators,
             report_assets.report_indicators, warehouse_assets.release, checks.contract_checks],
            instance=instance,
            resources={"paths": PathsResource(inbox=str(tmp_path / "inbox"), reports=str(tmp_path / "reports"),
                                              targets=str(tmp_path / "targets.csv")),
                       "warehouse": WarehouseResource(path=str(tmp_path / "wh.duckdb")),
                       "gx": GreatExpectationsResource(), "chart_images": ChartImagesResource()})
        assert result.success
        ctx = dg.build_run_status_sensor_context(
            sensor_name="warning_alert", dagster_instance=instance, dagster_run=result.dagster_run,
            dagster_event=result.get_run_success_event(),
            resources={"paths": PathsResource(alerts=str(tmp_path / "alerts"))})
        warning_alert(ctx)
        return [json.loads(p.read_text()) for p in sorted((tmp_path / "alerts").glob("*_run_warning_*.json"))]

    # the fixture's sites are stale and rows are held: lasting warnings, shown in the UI, not alerted
    assert run_and_alert("period,target\nall,10\n") == []
    # a target for a site's code nobody's files write: coverage the donors expect is missing
    (alert,) = run_and_alert("period,target,dimension,category\nall,10,,\n2025-02,5,site_code,ALA-1\n")
    assert alert["kind"] == "run_warning" and alert["job"] == "__ephemeral_asset_job__"
    assert alert["message"].startswith("The run published, with warnings to weigh before the reports are sent to "
                                       "donors: targets_unmet (1 found).")
    assert "before sending the reports" in alert["what_to_do"]


def test_the_errors_an_alert_quotes_are_the_setting_errors():
    # one mechanism: an error joins by being a SettingError, not by a list of names kept beside it
    from pipelines.defs.ingest.sensors import _said_in_alerts

    assert _said_in_alerts() == {"SettingError", "InboxMissing", "InboxUnreadable", "TargetsError", "InboxMismatch",
                                 "MemoryLimitExceeded", "DiskFull", "BrowserUnavailable", "WarehouseUnreadable",
                                 "ReportsFolderNotOurs", "InsideInbox"}


def test_a_full_disk_is_said_in_the_alert_with_what_to_change(tmp_path):
    # until 2026-12-06 the alert said only which step failed, and told the officer to fix rows
    from pipelines.lib.disk_space import writing
    from pipelines.lib.operations import CHANGE_AND_RUN_AGAIN

    @dg.asset
    def pages() -> None:
        with writing(tmp_path / "reports", "the reports", "MH_REPORTS"), open("/dev/full", "wb") as f:
            f.write(b"<html>")

    instance = dg.DagsterInstance.ephemeral()
    result = dg.materialize([pages], instance=instance, raise_on_error=False)
    alert = failure_alert_of(instance, result, tmp_path / "alerts")
    assert f"pages: the disk holding the reports ({tmp_path / 'reports'}) ran out of room (" in alert["message"]
    assert "set MH_REPORTS to a folder on a disk with room" in alert["message"]
    assert alert["what_to_do"] == CHANGE_AND_RUN_AGAIN


def test_a_failure_alert_never_quotes_an_error_that_could_hold_a_cell(tmp_path):
    # an error not a SettingError (here one quoting a UIC, as a conversion error could) stays in the UI:
    # the alert, which may be mailed, names the failed step
    @dg.asset
    def converts() -> None:
        raise ValueError("Could not convert string 'ABCD11990' to INT64")

    instance = dg.DagsterInstance.ephemeral()
    result = dg.materialize([converts], instance=instance, raise_on_error=False)
    message = failure_alert_of(instance, result, tmp_path / "alerts")["message"]
    assert "converts" in message and "ABCD11990" not in message


def test_definitions_validate_cli(tmp_path):
    env = {**os.environ, "DAGSTER_HOME": str(tmp_path)}
    (tmp_path / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    proc = subprocess.run([sys.executable, "-m", "dagster", "definitions", "validate", "-m", "pipelines.definitions"],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "Validation successful" in proc.stderr + proc.stdout


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def graphql(port: int, query: str) -> dict:
    req = urllib.request.Request(f"http://127.0.0.1:{port}/graphql", data=json.dumps({"query": query}).encode(),
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.loads(r.read())


def test_dagster_dev_serves_the_asset_graph(tmp_path):
    port = free_port()
    home = tmp_path / "home"
    home.mkdir()
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    env = {**os.environ, "DAGSTER_HOME": str(home), "MH_WAREHOUSE": str(tmp_path / "wh.duckdb")}
    proc = subprocess.Popen([sys.executable, "-m", "dagster", "dev", "-h", "127.0.0.1", "-p", str(port),
                             "-m", "pipelines.definitions"], cwd=REPO, env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline, data = time.time() + 90, None
        while time.time() < deadline:
            try:
                data = graphql(port, "{ assetNodes { assetKey { path } assetChecksOrError { ... on AssetChecks "
                                     "{ checks { name blocking } } } } }")
                if data.get("data", {}).get("assetNodes"):
                    break
            except OSError:
                pass
            time.sleep(1)
        assert data and data["data"]["assetNodes"], data
        keys = {"/".join(n["assetKey"]["path"]) for n in data["data"]["assetNodes"]}
        assert {"staging/screening", "marts/indicators", "report/html", "warehouse/release"} <= keys
        checks_found = {c["name"]: c["blocking"] for n in data["data"]["assetNodes"]
                        for c in n["assetChecksOrError"].get("checks", [])}
        assert checks_found["gx_required_fields"] is True and checks_found["uic_lookalikes"] is False
        repos = graphql(port, "{ repositoriesOrError { ... on RepositoryConnection { nodes { partitionSets "
                              "{ pipelineName partitionsOrError { ... on Partitions { results { name } } } } } } } }")
        sets = {s["pipelineName"]: [r["name"] for r in s["partitionsOrError"]["results"]]
                for n in repos["data"]["repositoriesOrError"]["nodes"] for s in n["partitionSets"]}
        assert "rebuild_months" in sets and sets["rebuild_months"][0] == "2015-01" and "2025-03" in sets["rebuild_months"]
        graphql(port, "mutation { setNuxSeen }")
        from playwright.sync_api import sync_playwright

        from tests.integration.test_report_page import ARTIFACTS, CHROMIUM_ARGS

        with sync_playwright() as p:
            b = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = b.new_page(viewport={"width": 1400, "height": 900})
            page.goto(f"http://127.0.0.1:{port}/asset-groups")
            page.wait_for_timeout(4000)
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "dagster_asset_graph.png"))
            body = page.inner_text("body")
            assert "ingest" in body and "marts" in body and "report" in body
            b.close()
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
