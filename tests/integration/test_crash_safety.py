"""Issue 7: a run killed at any point leaves the previous warehouse and reports whole, and the next
run gives byte-identical indicator tables."""

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from pipelines.lib.sample_files import write_export
from tests.conftest import REPO, rows_frame
from tests.sql.test_marts_indicators import FIXTURE


def start(env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "dagster", "asset", "materialize", "-m", "pipelines.definitions", "--select", "*"],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True)


def tables_digest(wh: Path, out: Path) -> str:
    con = duckdb.connect(str(wh), read_only=True)
    h = hashlib.sha256()
    for table in ("marts.indicators", "report.indicators"):
        target = out / f"{table}.csv"
        con.execute(f"COPY (SELECT * FROM {table}) TO '{target}' (HEADER)")
        h.update(target.read_bytes())
    con.close()
    return h.hexdigest()


def reports_digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def env(tmp_path):
    inbox = tmp_path / "inbox"
    frame = rows_frame(FIXTURE)
    write_export(frame, inbox / "a.csv", "field_csv")
    home = tmp_path / "home"
    home.mkdir()
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    return {**os.environ, "MH_INBOX": str(inbox), "MH_WAREHOUSE": str(tmp_path / "wh" / "mh.duckdb"),
            "MH_REPORTS": str(tmp_path / "reports"), "DAGSTER_HOME": str(home), "GX_ANALYTICS_ENABLED": "false"}


def kill_when(proc: subprocess.Popen, path: Path, timeout: float = 120) -> bool:
    end = time.time() + timeout
    while time.time() < end and proc.poll() is None:
        if path.exists():
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            return True
        time.sleep(0.02)
    return False


def test_killed_runs_leave_previous_state_and_reruns_are_identical(env, tmp_path):
    wh, reports = Path(env["MH_WAREHOUSE"]), Path(env["MH_REPORTS"])
    first = start(env)
    assert first.wait(timeout=300) == 0, first.stderr.read()[-2000:]
    (tmp_path / "a").mkdir()
    baseline, baseline_reports = tables_digest(wh, tmp_path / "a"), reports_digest(reports)

    # killed while the new warehouse is being built (ingest .. release)
    second = start(env)
    assert kill_when(second, wh.with_name("mh.building.duckdb"))
    (tmp_path / "b").mkdir()
    assert tables_digest(wh, tmp_path / "b") == baseline
    assert reports_digest(reports) == baseline_reports

    # killed while the reports are being written
    third = start(env)
    assert kill_when(third, reports.with_name("reports.building"))
    assert reports_digest(reports) == baseline_reports

    # the next run completes, with byte-identical indicator tables
    fourth = start(env)
    assert fourth.wait(timeout=300) == 0, fourth.stderr.read()[-2000:]
    (tmp_path / "d").mkdir()
    assert tables_digest(wh, tmp_path / "d") == baseline
    assert set(reports_digest(reports)) == set(baseline_reports)
