import datetime as dt
import hashlib
import json
import os
import time

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


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def test_the_inbox_is_read_again_only_where_a_file_changed(tmp_path, monkeypatch):
    read: list[str] = []
    real = operations.sha256_of
    monkeypatch.setattr(operations, "sha256_of", lambda path: read.append(path.name) or real(path))
    (tmp_path / "a.csv").write_text("record_id\nr1\n")
    (tmp_path / "b.csv").write_text("record_id\nr2\n")
    later = time.time() + 10  # both files changed more than RECENT_SECONDS before
    state, known = operations.hashed_inbox(tmp_path, now=later)
    assert sorted(read) == ["a.csv", "b.csv"]
    assert state == {"a.csv": _sha("record_id\nr1\n"), "b.csv": _sha("record_id\nr2\n")}
    read.clear()
    assert operations.hashed_inbox(tmp_path, known, now=later) == (state, known) and read == []
    # the same size and its modification time put back, as a copy keeping times would: the change time tells
    time.sleep(0.05)
    before = (tmp_path / "a.csv").stat()
    (tmp_path / "a.csv").write_text("record_id\nr9\n")
    os.utime(tmp_path / "a.csv", ns=(before.st_atime_ns, before.st_mtime_ns))
    again, known_again = operations.hashed_inbox(tmp_path, known, now=later)
    assert read == ["a.csv"]
    assert again == {"a.csv": _sha("record_id\nr9\n"), "b.csv": _sha("record_id\nr2\n")}
    assert "a.csv" not in json.dumps(known_again) and len(known_again) == 2  # by device and inode: no names
    assert operations.inbox_state(tmp_path) == again


def test_a_file_changed_just_before_or_while_it_was_hashed_is_hashed_again(tmp_path, monkeypatch):
    (tmp_path / "a.csv").write_text("record_id\nr1\n")
    assert operations.hashed_inbox(tmp_path)[1] == {}  # changed within RECENT_SECONDS: maybe in the same tick
    real = operations.sha256_of

    def changing(path):
        digest = real(path)
        path.write_text("record_id\nr1\nr2\n")
        return digest

    monkeypatch.setattr(operations, "sha256_of", changing)
    assert operations.hashed_inbox(tmp_path, now=time.time() + 10)[1] == {}


def test_a_cursor_of_hashes_alone_is_read():
    # the sensor's cursor until 2026-12-06
    assert operations.read_cursor('["h1"]') == ({"h1"}, {})
    assert new_or_changed('["h1"]', {"a.csv": "h1", "b.csv": "h2"})[0] == ["b.csv"]
    _, cursor = new_or_changed('["h1"]', {"a.csv": "h1"}, {"1:2": [3, 4, 5, "h1"]})
    assert operations.read_cursor(cursor) == ({"h1"}, {"1:2": [3, 4, 5, "h1"]})
