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
