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


def test_readers_have_the_writers_memory_limit_threads_and_temp_folder(tmp_path, monkeypatch):
    # the checks read the build with a reader: DuckDB's default (80 % of RAM) let them pass the limit
    monkeypatch.setenv("MH_DUCKDB_MEMORY", "300MB")
    resource = WarehouseResource(path=str(tmp_path / "wh.duckdb"), threads=1)
    settings = "SELECT current_setting('memory_limit'), current_setting('threads'), current_setting('temp_directory')"
    with resource.connect(fresh=True) as con:
        con.execute("CREATE TABLE t AS SELECT 1 AS x")
        written = con.execute(settings).fetchall()
    resource.publish()
    with resource.reader(build=False) as con:
        read = con.execute(settings).fetchall()
        assert con.execute("SELECT x FROM t").fetchall() == [(1,)]  # the published file, read only
    assert read == written == [("286.1 MiB", 1, str(tmp_path / "duckdb_tmp"))]  # 300 MB in MiB


def test_gx_prepared_validates_in_a_worker_and_never_imports_gx_here(tmp_path):
    import subprocess
    import sys

    from tests.conftest import REPO

    (tmp_path / "t.json").write_text(
        '{"name": "t", "expectations": [{"type": "expect_column_values_to_be_between",'
        ' "kwargs": {"column": "age", "min_value": 15, "max_value": 99}}]}')
    code = ("import sys\n"
            "import pandas as pd\n"
            "from pipelines.defs.resources import GreatExpectationsResource\n"
            f"r = GreatExpectationsResource(suite_dir={str(tmp_path)!r})\n"
            "r.prepare()\n"
            "batches = [pd.DataFrame({'age': [14, 30, 99]}), pd.DataFrame({'age': [100, 40]})]\n"
            "(e,) = r.validate('t', iter(batches)).expectations\n"
            "assert 'great_expectations' not in sys.modules\n"
            "print(e.element_count, e.unexpected_count, e.success)\n")
    run = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=180)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.split() == ["5", "2", "False"]  # 14 and 100 are out of 15-99


def test_a_copy_of_the_published_warehouse_that_does_not_fit_says_so_and_leaves_nothing(tmp_path):
    # the copy is written beside the build first: here that name leads to /dev/full, which fails every write
    # with the system's own "No space left on device", as a full disk does
    import pytest

    from pipelines.lib.disk_space import DiskFull

    resource = WarehouseResource(path=str(tmp_path / "wh.duckdb"))
    with resource.connect(fresh=True) as con:
        con.execute("CREATE TABLE t AS SELECT range AS x FROM range(100000)")
    resource.publish()
    (tmp_path / "wh.building.duckdb.copy").symlink_to("/dev/full")
    with pytest.raises(DiskFull) as full:
        with resource.connect(from_published=True):
            pass
    assert str(full.value).startswith(f"the disk holding the warehouse ({tmp_path}) ran out of room (")
    assert "set MH_WAREHOUSE to a folder on a disk with room" in str(full.value)
    # until 2026-12-06 the copy cut short stayed, holding the room to be freed
    assert sorted(p.name for p in tmp_path.iterdir()) == ["wh.duckdb"]


def test_an_ingest_build_that_fails_is_discarded_a_later_steps_is_kept(tmp_path):
    import pytest

    resource = WarehouseResource(path=str(tmp_path / "wh.duckdb"))
    with pytest.raises(ZeroDivisionError):
        with resource.connect(fresh=True) as con:  # the ingest's: no run takes it up (until 2026-12-06 it stayed,
            con.execute("CREATE TABLE t AS SELECT range AS x FROM range(100000)")  # holding a full disk's room)
            1 / 0
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith("wh.")]
    with resource.connect(fresh=True) as con:
        con.execute("CREATE TABLE t AS SELECT range AS x FROM range(10)")
    with pytest.raises(ZeroDivisionError):
        with resource.connect() as con:  # a later step's: a re-execution from it takes the build up
            1 / 0
    with resource.connect() as con:
        assert con.execute("SELECT count(*) FROM t").fetchall() == [(10,)]


def test_the_jobs_on_the_published_warehouse_say_when_it_is_missing_damaged_or_not_the_pipelines(tmp_path):
    # the month rebuild and mark_report_sent read it and work on a copy: until 2026-12-06 DuckDB's words on the
    # copy ("…wh.patch.duckdb… not a valid DuckDB database file"), or SQL run on someone else's database
    import duckdb
    import pytest

    from pipelines.lib.publish import WarehouseUnreadable

    resource = WarehouseResource(path=str(tmp_path / "wh.duckdb"))
    for opened in (lambda: resource.reader(build=False), resource.patch):
        with pytest.raises(FileNotFoundError, match=f"^no published warehouse at {tmp_path / 'wh.duckdb'}: run the"):
            with opened():
                pass
    with duckdb.connect(str(tmp_path / "wh.duckdb")) as con:
        con.execute("CREATE TABLE my_analysis AS SELECT 1 AS n")
    with pytest.raises(WarehouseUnreadable, match="is a DuckDB database, but not the pipeline's warehouse"):
        with resource.patch():
            pass
    (tmp_path / "wh.duckdb").write_bytes(b"not a database")
    for opened in (lambda: resource.reader(build=False), resource.patch):
        with pytest.raises(WarehouseUnreadable, match=r"cannot be opened \(IO Error: .*not a valid DuckDB database"):
            with opened():
                pass
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("wh.")) == ["wh.duckdb"]
