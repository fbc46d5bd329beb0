"""Atomic publication of the warehouse: every run builds a separate file, then swaps it in.

Readers (analysts, notebooks, the report) open the published file read-only and never see a
half-built state; a run killed at any point leaves the published file as it was.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb

from pipelines.lib import disk_space
from pipelines.lib.settings import SettingError
from pipelines.lib.sql import query_rows


class WarehouseUnreadable(SettingError):
    """The file at MH_WAREHOUSE cannot be opened as a DuckDB database (damaged, not one, or held for writing by
    another program) or is someone else's database: a full rebuild would replace it. Either is said in the
    pipeline's words, which the failure alert quotes, and never rebuilt over."""


def open_published(live: Path, config: dict | None = None) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the published warehouse ``live``: a file that is not there says so, and one
    that cannot be opened raises ``WarehouseUnreadable`` saying what to do (DuckDB's words alone do not)."""
    if not live.exists():
        raise FileNotFoundError(f"no published warehouse at {live}: run the main job (refresh_all) first")
    try:
        return duckdb.connect(str(live), read_only=True, config=config or {})
    except duckdb.Error as exc:
        raise WarehouseUnreadable(
            f"the warehouse {live} (MH_WAREHOUSE) cannot be opened ({str(exc).partition(chr(10))[0]}). Nothing is "
            "built or published, and the file is not replaced: if another program has it open for writing, close "
            "it (analysts open it read-only: duckdb -readonly); if it is not the warehouse, set MH_WAREHOUSE to "
            "the warehouse's file; if it is damaged, move it aside, and the next run rebuilds the warehouse from "
            "the inbox") from exc


def check_ours(con: duckdb.DuckDBPyConnection, live: Path) -> None:
    """Raise ``WarehouseUnreadable`` if the database at ``live`` (open on ``con``) holds tables but none of the
    pipeline's: someone else's, which a full rebuild would replace."""
    ((objects, ours),) = query_rows(con, "audit.published_kind")
    if objects and not ours:
        raise WarehouseUnreadable(
            f"{live} (MH_WAREHOUSE) is a DuckDB database, but not the pipeline's warehouse ({objects} tables or "
            "views, none of audit.files, audit.build, staging.screening): it is not replaced, and nothing is "
            "built or published. Set MH_WAREHOUSE to the warehouse's file, or to a new file's path")


def build_path(live: Path) -> Path:
    return live.with_name(live.stem + ".building" + live.suffix)


def start_fresh_build(live: Path) -> Path:
    """A new, empty build file (leftovers of an interrupted run are discarded)."""
    discard_build(live)
    live.parent.mkdir(parents=True, exist_ok=True)
    return build_path(live)


def _copy(live: Path, to: Path) -> None:
    """``live`` copied to ``to`` whole or not at all: a copy cut short (a full disk, said as ``DiskFull``) is
    removed, not left holding the room the officer is to free."""
    tmp = to.with_name(to.name + ".copy")
    with disk_space.writing(to.parent, "the warehouse", "MH_WAREHOUSE"):
        try:
            shutil.copyfile(live, tmp)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    os.replace(tmp, to)


def discard_build(live: Path) -> None:
    """The build file and its log gone: an ingest that failed leaves nothing a later run takes up (each
    begins its own), and on a full disk it would hold the room the officer is to free."""
    build = build_path(live)
    for p in (build, Path(str(build) + ".wal")):
        p.unlink(missing_ok=True)


def start_from_published(live: Path) -> Path:
    """A build that begins as a copy of the published warehouse (an incremental run adds to it)."""
    build = start_fresh_build(live)
    _copy(live, build)
    return build


def ensure_build(live: Path) -> Path:
    """The build file, copied from the published warehouse when a run starts mid-graph."""
    build = build_path(live)
    if not build.exists():
        live.parent.mkdir(parents=True, exist_ok=True)
        if live.exists():
            _copy(live, build)
    return build


def lock_path(live: Path) -> Path:
    """The file a run holds to have the warehouse to itself (pipelines/lib/run_lock.py)."""
    return live.with_name(live.stem + ".run.lock")


def patch_path(live: Path) -> Path:
    return live.with_name(live.stem + ".patch" + live.suffix)


def start_patch(live: Path) -> Path:
    """A private copy of the published warehouse, for a run that changes only a slice of it."""
    with open_published(live) as con:  # there, readable and the pipeline's: else said, not DuckDB's words on the copy
        check_ours(con, live)
    patch = patch_path(live)
    for p in (patch, Path(str(patch) + ".wal")):
        p.unlink(missing_ok=True)
    _copy(live, patch)
    return patch


def publish(live: Path, build: Path | None = None) -> None:
    """Swap the finished build (or patch) in with one rename (atomic on POSIX, same folder)."""
    build = build or build_path(live)
    if not build.exists():
        raise FileNotFoundError(f"nothing to publish: {build} does not exist")
    wal = Path(str(build) + ".wal")
    if wal.exists():
        raise RuntimeError(f"{build} has an unfinished write-ahead log; it was not closed cleanly")
    os.replace(build, live)
