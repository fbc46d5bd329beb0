"""The one way SQL reaches DuckDB: a file under ``sql/``, values bound as parameters."""

from __future__ import annotations

import hashlib
import re
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Iterator

import duckdb

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


def run_sql(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | None = None) -> None:
    """Execute every statement of a file; each gets only the parameters it names."""
    for stmt in statements(name):
        used = _bind(stmt, params)
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
    (stmt,) = statements(name)
    used = _bind(stmt, params)
    return con.execute(stmt, used).df() if used else con.execute(stmt).df()


def query_arrow(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | None = None):
    """Run a single-statement file and return a pyarrow Table."""
    (stmt,) = statements(name)
    used = _bind(stmt, params)
    return con.sql(stmt, params=used or None).to_arrow_table()


def query_rows(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | None = None) -> list[tuple]:
    """Run a single-statement file and return plain Python rows."""
    (stmt,) = statements(name)
    used = _bind(stmt, params)
    return con.execute(stmt, used).fetchall() if used else con.execute(stmt).fetchall()
