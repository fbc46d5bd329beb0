import datetime as dt
import json
import os

from pipelines.lib import operations
from pipelines.lib.operations import new_or_changed, previous_month, previous_quarter, run_key, settling, write_alert


def test_cursor_by_hash():
    fresh, cursor = new_or_changed(None, {"a.csv": "h1"})
    assert fresh == ["a.csv"]
    assert new_or_changed(cursor, {"a.csv": "h1"})[0] == []
    assert new_or_changed(cursor, {"a.csv": "h1", "b.csv": "h1"})[0] == []  # same bytes, other name
    assert new_or_changed(cursor, {"a.csv": "h2"})[0] == ["a.csv"]  # changed bytes
    assert run_key({"a.csv": "h1"}) != run_key({"a.csv": "h2"})


def test_previous_periods():
    assert previous_month(dt.date(2026, 1, 5)) == "2025-12"
    assert previous_month(dt.date(2026, 3, 31)) == "2026-02"
    assert previous_quarter(dt.date(2026, 1, 5)) == "2025-Q4"
    assert previous_quarter(dt.date(2026, 7, 5)) == "2026-Q2"
    assert previous_quarter(dt.date(2026, 8, 5)) is None


def test_alert_file(tmp_path):
    path = write_alert(tmp_path / "alerts", "run_failure", "abcdef123456", "refresh_all", "check failed",
                       dt.datetime(2026, 11, 25, 7, 0))
    assert path.name == "20261125T070000_run_failure_abcdef12.json"
    body = json.loads(path.read_text())
    assert body["job"] == "refresh_all" and body["message"] == "check failed"


def test_files_changed_in_the_last_minute_are_settling(tmp_path, monkeypatch):
    for name, age in (("a.csv", 3600), ("b.csv", 61), ("c.csv", 59), ("d.csv", 0)):
        (tmp_path / name).write_text("x")
        os.utime(tmp_path / name, (1_000_000 - age, 1_000_000 - age))
    assert settling(tmp_path, 1_000_000) == 2  # c and d
    assert settling(tmp_path / "missing", 1_000_000) == 0
    listed = operations.inbox_files(tmp_path) + [tmp_path / "gone.csv"]  # removed after it was listed
    monkeypatch.setattr(operations, "inbox_files", lambda inbox: listed)
    assert settling(tmp_path, 1_000_000) == 3
