"""What every reader shares: text cells, the refusal of a whole file, and the header's rules.

Every cell becomes text (or null when empty) so that the contract is judged in one place
(sql/staging/screening.sql) whatever the format; dates typed as dates become ISO text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pyarrow as pa
import pyarrow.compute as pc

from pipelines.lib.contract import ROW_ERROR  # a row that does not fit the header: kept and held back

__all__ = ["ROW_ERROR", "FileRefused", "as_text", "cell_text", "check_headers", "column_text", "unparsable"]


class FileRefused(Exception):
    """The file as a whole cannot be used; the message says why (never a cell value)."""


def unparsable(suffix: str, exc: Exception) -> FileRefused:
    return FileRefused(f"cannot be parsed as {suffix[1:].upper()}: {type(exc).__name__}: {exc}"[:300])


def check_headers(names: list[str]) -> None:
    seen: set[str] = set()
    for n in names:
        if n in seen:
            raise FileRefused(f"column {n!r} appears more than once in the header")
        seen.add(n)


def cell_text(v: object) -> str | None:
    if v is None:
        return None
    if isinstance(v, dt.datetime):
        return v.date().isoformat() if v.time() == dt.time(0) else v.isoformat(sep=" ")
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, bool):
        return str(v).lower()
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else repr(v)
    s = str(v)
    return s if s.strip() else None


_TEXT_TYPES = {str, type(None)}


def column_text(values: Sequence[object]) -> list[str | None]:
    """``cell_text`` of each value; a column of text cells only (most) without its type checks per cell,
    which cost seconds over millions of cells. (csv_misfits.python_rows keeps the same rule inline, cell
    by cell as it makes its rows: a second pass over each column made its takeover a third slower.)"""
    if set(map(type, values)) <= _TEXT_TYPES:
        return [v if v is not None and v.strip() else None for v in values]
    return [cell_text(v) for v in values]


def as_text(table: pa.Table) -> pa.Table:
    cols = []
    for col in table.columns:
        t = col.type
        if pa.types.is_string(t) or pa.types.is_large_string(t):
            # a blank cell (empty or whitespace only) is missing; most columns have none: two cheap
            # passes find that out (trimming a copy of every cell to compare it took 2.5x as long)
            blank = pc.or_(pc.utf8_is_space(col), pc.equal(pc.binary_length(col), 0))
            cols.append((pc.if_else(blank, None, col) if pc.any(blank).as_py() else col).cast(pa.string()))
        elif pa.types.is_null(t):
            cols.append(pa.nulls(len(col), pa.string()))
        elif pa.types.is_timestamp(t):
            cols.append(pc.strftime(col, format="%Y-%m-%d"))
        elif pa.types.is_floating(t):
            cols.append(pa.array(column_text(col.to_pylist()), pa.string()))
        else:
            cols.append(col.cast(pa.string()))
    return pa.table(cols, names=table.column_names)
