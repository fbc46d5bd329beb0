"""The warehouse resource takes its memory limit from configuration, and DuckDB gets it."""

from __future__ import annotations

from pipelines.defs.resources import WarehouseResource


def test_memory_limit_from_config_then_environment_then_default(tmp_path, monkeypatch):
    monkeypatch.delenv("MH_DUCKDB_MEMORY", raising=False)
    assert WarehouseResource().memory() == "2GB"
    monkeypatch.setenv("MH_DUCKDB_MEMORY", "3GB")
    assert WarehouseResource().memory() == "3GB"
    assert WarehouseResource(memory_limit="1GB").memory() == "1GB"
    with WarehouseResource(path=str(tmp_path / "wh.duckdb")).connect(fresh=True) as con:
        (limit, temp), = con.execute(
            "SELECT current_setting('memory_limit'), current_setting('temp_directory')").fetchall()
    assert limit == "2.7 GiB"  # 3 GB = 2.79 GiB, which DuckDB prints rounded down
    assert temp.endswith("duckdb_tmp")


def test_gx_prepare_imports_gx_in_a_thread():
    import subprocess
    import sys

    from tests.conftest import REPO

    code = ("import sys, threading\n"
            "from pipelines.defs.resources import GreatExpectationsResource\n"
            "assert 'great_expectations' not in sys.modules\n"
            "GreatExpectationsResource().prepare()\n"
            "(t,) = [t for t in threading.enumerate() if t.name == 'gx-import']\n"
            "t.join(120)\n"
            "assert 'great_expectations.expectations' in sys.modules\n")
    run = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=180)
    assert run.returncode == 0, run.stderr[-2000:]
