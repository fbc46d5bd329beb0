"""Dagster run storage on a real PostgreSQL server (Debian's package), started here on a free port."""

import glob
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.integration.test_operations_ui import free_port


def as_postgres(cmd: list[str]) -> list[str]:
    # PostgreSQL refuses to run as root: use Debian's postgres account when we are root
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


@pytest.fixture
def postgres():
    (bin_dir,) = sorted(glob.glob("/usr/lib/postgresql/*/bin"))[-1:]
    base = Path(tempfile.mkdtemp(prefix="mh-pg-"))
    os.chmod(base, 0o777)
    data, sock = base / "data", base / "sock"
    sock.mkdir()
    os.chmod(sock, 0o777)
    if os.geteuid() == 0:
        shutil.chown(base, "postgres")
        shutil.chown(sock, "postgres")
    port = free_port()
    subprocess.run(as_postgres([f"{bin_dir}/initdb", "-D", str(data), "-A", "trust", "-U", "postgres"]),
                   check=True, capture_output=True)
    subprocess.run(as_postgres([f"{bin_dir}/pg_ctl", "-D", str(data), "-w", "-l", str(base / "log"),
                                "-o", f"-p {port} -k {sock} -c listen_addresses=127.0.0.1", "start"]),
                   check=True, capture_output=True)
    try:
        subprocess.run([f"{bin_dir}/psql", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-c",
                        "CREATE DATABASE dagster"], check=True, capture_output=True)
        yield f"postgresql+psycopg2://postgres@127.0.0.1:{port}/dagster", bin_dir, port
    finally:
        subprocess.run(as_postgres([f"{bin_dir}/pg_ctl", "-D", str(data), "-m", "fast", "stop"]),
                       capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


def test_runs_are_stored_in_postgres(postgres, tmp_path):
    url, bin_dir, port = postgres
    env = {**os.environ, "MH_DAGSTER_PG_URL": url, "DAGSTER_HOME": str(REPO / "deploy" / "postgres"),
           "MH_WAREHOUSE": str(tmp_path / "wh.duckdb"), "GX_ANALYTICS_ENABLED": "false"}
    proc = subprocess.run(
        [sys.executable, "-m", "dagster", "asset", "materialize", "-m", "pipelines.definitions",
         "--select", "staging/screening,audit/files,audit/held_rows"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = subprocess.run([f"{bin_dir}/psql", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-d", "dagster",
                          "-At", "-c", "SELECT status FROM runs"], check=True, capture_output=True, text=True)
    assert out.stdout.split() == ["SUCCESS"]
