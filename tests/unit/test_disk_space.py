"""pipelines/lib/disk_space.py: a full disk said as what to change. /dev/full fails every write with the
system's own "No space left on device", as a full disk does."""

import errno

import duckdb
import pytest

from pipelines.lib import sql
from pipelines.lib.disk_space import DiskFull, duckdb_disk_full, writing
from pipelines.lib.settings import SettingError


def _fill() -> None:
    with open("/dev/full", "wb") as f:
        f.write(b"<html>")


def test_a_write_for_want_of_space_names_the_folder_its_room_and_the_setting(tmp_path):
    with pytest.raises(DiskFull) as full:
        with writing(tmp_path / "reports", "the reports", "MH_REPORTS"):  # not made yet: its parent's disk
            _fill()
    assert str(full.value).startswith(f"the disk holding the reports ({tmp_path / 'reports'}) ran out of room (")
    assert str(full.value).endswith(" MB free now, what was cut short removed): free space on it, or set MH_REPORTS "
                                    "to a folder on a disk with room, then run again")
    assert isinstance(full.value, SettingError) and full.value.__cause__.errno == errno.ENOSPC


def test_a_quota_exceeded_is_said_as_a_full_disk(tmp_path):
    with pytest.raises(DiskFull, match="^the disk holding the warehouse"):
        with writing(tmp_path, "the warehouse", "MH_WAREHOUSE"):
            raise OSError(errno.EDQUOT, "Disk quota exceeded")  # what the system raises for a user over quota


def test_other_errors_pass_as_they_are(tmp_path):
    with pytest.raises(FileNotFoundError):
        with writing(tmp_path, "the reports", "MH_REPORTS"):
            (tmp_path / "missing" / "index.html").write_text("x")
    with pytest.raises(ZeroDivisionError):
        with writing(tmp_path, "the reports", "MH_REPORTS"):
            1 / 0


def _duckdb_fill() -> duckdb.Error:
    try:
        duckdb.connect().execute("COPY (SELECT 1 AS n) TO '/dev/full' (FORMAT csv)")
    except duckdb.Error as exc:
        return exc
    raise AssertionError("DuckDB wrote to /dev/full")


def test_duckdb_out_of_space_names_the_file_its_room_and_the_setting():
    exc = _duckdb_fill()
    full = duckdb_disk_full(str(exc))
    assert "Could not write file" in str(exc)  # DuckDB's words, inside the JSON of its async writes' errors
    assert str(full).startswith("DuckDB could not write /dev/full: No space left on device (")
    assert str(full).endswith(" MB free now): free space on that disk, or set MH_WAREHOUSE to a folder on a disk "
                              "with room (a build needs room for a second copy of the warehouse beside it, and "
                              "DuckDB's temp folder duckdb_tmp/ is there too), then run again")
    assert duckdb_disk_full("Conversion Error: Could not convert string 'x' to INT32") is None
    # a user's quota on a shared server, as the system says it
    quota = str(duckdb_disk_full('IO Error: Could not write file "/srv/mh/wh.building.duckdb": Disk quota exceeded'))
    assert quota.startswith("DuckDB could not write /srv/mh/wh.building.duckdb: Disk quota exceeded (")
    # a message without the file: its first line
    assert str(duckdb_disk_full("IO Error: No space left on device\nLINE 1")).startswith(
        "IO Error: No space left on device: free space on that disk, or set MH_WAREHOUSE")


def test_run_sql_raises_duckdbs_full_disk_as_disk_full_naming_the_sql_file(tmp_path, monkeypatch):
    (tmp_path / "sql" / "tst").mkdir(parents=True)
    (tmp_path / "sql" / "tst" / "full.sql").write_text("COPY (SELECT 1 AS n) TO '/dev/full' (FORMAT csv)")
    monkeypatch.setattr(sql, "SQL_DIR", tmp_path / "sql")
    with pytest.raises(DiskFull) as full:
        sql.run_sql(duckdb.connect(), "tst.full")
    assert full.value.__notes__ == ["raised by sql/tst/full.sql"]
    assert "MH_WAREHOUSE" in str(full.value) and isinstance(full.value.__cause__, duckdb.Error)
