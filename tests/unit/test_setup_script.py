"""scripts/setup.sh, run with a stand-in `uv` first on PATH (which records its calls): the locked sync is
tried a second time when the first fails, and a second failure stops the set-up."""

import os
import subprocess
from pathlib import Path

from tests.conftest import REPO

FAKE_UV = """#!/usr/bin/env bash
echo "$*" >> "{log}"
n=$(wc -l < "{log}")
[ "$n" -gt "{failures}" ] || {{ echo "error: Failed to bytecode-compile Python file" >&2; exit 2; }}
"""


def run_setup(tmp_path: Path, failures: int) -> tuple[subprocess.CompletedProcess, list[str]]:
    home, log = tmp_path / "home", tmp_path / "uv-calls.log"
    (home / ".local" / "bin").mkdir(parents=True)
    uv = home / ".local" / "bin" / "uv"
    uv.write_text(FAKE_UV.format(log=log, failures=failures))
    uv.chmod(0o755)
    env = {**os.environ, "HOME": str(home), "MH_NEED_CHROMIUM": "0", "MH_NEED_POSTGRES": "0"}
    proc = subprocess.run(["bash", str(REPO / "scripts" / "setup.sh")], env=env, capture_output=True,
                          text=True, timeout=60)
    return proc, log.read_text().splitlines()


def test_a_failed_sync_is_tried_once_more(tmp_path):
    proc, calls = run_setup(tmp_path, failures=1)
    assert proc.returncode == 0, proc.stderr
    assert calls == ["sync --frozen --compile-bytecode --quiet"] * 2
    assert "trying once more" in proc.stderr


def test_a_sync_failing_twice_stops_the_set_up(tmp_path):
    proc, calls = run_setup(tmp_path, failures=2)
    assert proc.returncode == 2
    assert len(calls) == 2


def test_a_sync_that_succeeds_runs_once(tmp_path):
    proc, calls = run_setup(tmp_path, failures=0)
    assert proc.returncode == 0, proc.stderr
    assert calls == ["sync --frozen --compile-bytecode --quiet"]
    assert "trying once more" not in proc.stderr
