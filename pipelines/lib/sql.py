"""The one way SQL reaches DuckDB: a file under ``sql/``, values bound as parameters."""

from __future__ import annotations

import hashlib
import re
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Iterator

import duckdb

from pipelines.lib import disk_space, settings

SQL_DIR = Path(__file__).resolve().parents[2] / "sql"


def sql_path(name: str) -> Path:
    """``sql/<layer>/<name>.sql`` for ``name`` ``"layer.name"`` (e.g. ``marts.indicators``)."""
    layer, _, stem = name.partition(".")
    return SQL_DIR / layer / f"{stem}.sql"


def files_digest(paths: Iterable[Path]):
    """SHA-256 (a hashlib object) over the names and bytes of ``paths``, in the order given: what
    judged or defined a build, taken from the files themselves so that no list of them falls behind."""
    h = hashlib.sha256()
    for path in paths:
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    return h


@lru_cache(maxsize=None)
def load_sql(name: str) -> str:
    """Text of ``sql/<layer>/<name>.sql``; ``name`` is ``"layer.name"`` (e.g. ``marts.indicators``)."""
    path = sql_path(name)
    if not path.is_file():
        raise FileNotFoundError(f"no SQL file for {name!r} at {path}")
    return path.read_text(encoding="utf-8")


def statements(name: str) -> list[str]:
    """A file may hold several statements separated by a line ``-- ;;``."""
    return [s.strip() for s in load_sql(name).split("-- ;;") if s.strip()]


def _bind(stmt: str, params: dict[str, Any] | None) -> dict[str, Any]:
    """Only the parameters a statement names outside its comments are bound to it."""
    code = re.sub(r"--[^\n]*", "", stmt)
    return {k: v for k, v in (params or {}).items() if re.search(rf"\${k}\b", code)}


# What a run that exceeds DuckDB's memory limit can do about it (measured: README, Performance, Memory).
MEMORY_ADVICE = (
    "DuckDB needed more memory than its limit (memory_limit {limit}; the pipeline sets it on each "
    "connection from MH_DUCKDB_MEMORY, default {default}). Above the limit DuckDB writes to its temp "
    "directory ({temp}), but part of a query's working memory must stay in memory, and that part grows "
    "with the records: raise MH_DUCKDB_MEMORY (ten million records ran at 128MB, not at 64MB), and see "
    "that the temp directory's disk has room (2.5 GB was written there at 128MB)."
)


class MemoryLimitExceeded(duckdb.OutOfMemoryException, settings.SettingError):
    """DuckDB's out-of-memory error, with the SQL that raised it and what to change: a setting
    (MH_DUCKDB_MEMORY), which the failure alert names (DuckDB's own words give sizes, never a value)."""


@contextmanager
def _naming(con: duckdb.DuckDBPyConnection, name: str, index: int = 1, count: int = 1) -> Iterator[None]:
    """A DuckDB error raised in the block names the SQL file and statement that raised it (a note: the
    exception and its message are DuckDB's), and running out of memory or of disk space says what to change."""
    try:
        yield
    except duckdb.Error as exc:
        where = sql_path(name).relative_to(SQL_DIR.parent).as_posix()
        where = f"raised by {where}" + (f", statement {index} of {count}" if count > 1 else "")
        full = disk_space.duckdb_disk_full(str(exc))
        if full is not None:
            full.add_note(where)
            raise full from exc
        if not isinstance(exc, duckdb.OutOfMemoryException):
            exc.add_note(where)
            raise
        # DuckDB's first line (its SQL settings after it are not the officer's to change: the cause keeps them)
        exceeded = MemoryLimitExceeded(str(exc).partition("\n")[0])
        exceeded.add_note(where)
        exceeded.add_note(MEMORY_ADVICE.format(**_memory_settings(con)))
        raise exceeded from exc


def _memory_settings(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    try:  # on a cursor: the failed statement's connection holds its unfinished result
        with con.cursor() as cur:
            limit, temp = cur.execute(
                "SELECT current_setting('memory_limit'), current_setting('temp_directory')").fetchone()
    except Exception:  # never hide the error being explained: say less instead
        limit, temp = "as configured", f"{settings.DUCKDB_TMP}/ beside the warehouse"
    return {"limit": limit, "temp": temp or "none: nothing can be written out",
            "default": settings.DEFAULT_DUCKDB_MEMORY}


@contextmanager
def _single(con: duckdb.DuckDBPyConnection, name: str,
            params: dict[str, Any] | None) -> Iterator[tuple[str, dict[str, Any]]]:
    """A single-statement file's statement and the parameters it names, run in the block (errors named)."""
    (stmt,) = statements(name)
    with _naming(con, name):
        yield stmt, _bind(stmt, params)


def run_sql(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | None = None) -> None:
    """Execute every statement of a file; each gets only the parameters it names."""
    todo = statements(name)
    for index, stmt in enumerate(todo, start=1):
        used = _bind(stmt, params)
        with _naming(con, name, index, len(todo)):
            con.execute(stmt, used) if used else con.execute(stmt)


@contextmanager
def registered(con: duckdb.DuckDBPyConnection, name: str, relation: Any) -> Iterator[None]:
    """``relation`` (a pandas DataFrame or Arrow table) readable by SQL as ``name`` within the block,
    and no longer after it, also when the block raises."""
    con.register(name, relation)
    try:
        yield
    finally:
        con.unregister(name)


def query_df(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | None = None):
    """Run a single-statement file and return a pandas DataFrame."""
    with _single(con, name, params) as (stmt, used):
        return con.execute(stmt, used).df() if used else con.execute(stmt).df()


def query_arrow(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | None = None):
    """Run a single-statement file and return a pyarrow Table."""
    with _single(con, name, params) as (stmt, used):
        return con.sql(stmt, params=used or None).to_arrow_table()


def query_arrow_reader(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | None = None,
                       batch_rows: int = 1_000_000):
    """Run a single-statement file and stream its result as Arrow record batches (a pyarrow
    RecordBatchReader); an error while the batches are made is raised where they are read."""
    with _single(con, name, params) as (stmt, used):
        return con.sql(stmt, params=used or None).to_arrow_reader(batch_rows)


def query_rows(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | None = None) -> list[tuple]:
    """Run a single-statement file and return plain Python rows."""
    with _single(con, name, params) as (stmt, used):
        return con.execute(stmt, used).fetchall() if used else con.execute(stmt).fetchall()
