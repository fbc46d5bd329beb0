"""What every reader shares: text cells, the refusal of a whole file, and the header's rules.

Every cell becomes text (or null when empty) so that the contract is judged in one place
(sql/staging/screening.sql) whatever the format; dates typed as dates become ISO text.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections import Counter
from collections.abc import Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from pipelines.lib.clock import PROGRAMME_TIMEZONE
from pipelines.lib.contract import COLUMNS, NOT_SHOWN, ROW_ERROR, ROW_NUMBER, quotable
from pipelines.lib.person_names import heading_withheld

__all__ = ["ROW_ERROR", "ROW_NUMBER", "FileRefused", "as_text", "cell_text", "check_headers", "column_text",
           "distinct_headers", "held_back", "may_hold", "numbered", "rows_through", "unnumbered_if_in_sequence",
           "unparsable", "without_controls"]


class FileRefused(Exception):
    """The file as a whole cannot be used; the message says why (never a cell value)."""


def held_back(rows: pa.Table, holding: pa.Array | pa.ChunkedArray, why: str) -> pa.Table:
    """``rows``, each row ``holding`` marks held back for ``why`` (in ROW_ERROR) unless it is held already."""
    error = rows.column(ROW_ERROR) if ROW_ERROR in rows.column_names else pa.nulls(rows.num_rows, pa.string())
    error = pc.if_else(pc.and_(holding, pc.is_null(error)), why, error)
    if ROW_ERROR in rows.column_names:
        return rows.set_column(rows.column_names.index(ROW_ERROR), ROW_ERROR, error)
    return rows.append_column(ROW_ERROR, error)


def unparsable(suffix: str, exc: Exception) -> FileRefused:
    return FileRefused(f"cannot be parsed as {suffix[1:].upper()}: {type(exc).__name__}: {exc}"[:300])


def may_hold(column: pa.ChunkedArray, *pieces: bytes) -> bool:
    """Whether a value of a text column may hold one of ``pieces``: its text's bytes searched at once (Arrow's
    search value by value took 3 to 11 times as long for a million ids, 15-44 ms: a registry's ten million rows
    pass here), a slice's own bytes only (a Parquet file's parts are slices of one buffer: searched whole, each
    took 1.8 s at ten million rows). False is sure; True is to be looked at."""
    for chunk in column.chunks:
        text = _text_bytes(chunk)
        if text is not None and any(piece in text.tobytes() for piece in pieces):
            return True
    return False


def _text_bytes(chunk: pa.Array) -> memoryview | None:
    """A text chunk's own bytes (a slice's only), or None where it is of another type or holds no text."""
    if not pa.types.is_string(chunk.type) or chunk.buffers()[2] is None:
        return None
    offsets = np.frombuffer(chunk.buffers()[1], dtype=np.int32)
    return memoryview(chunk.buffers()[2])[offsets[chunk.offset]:offsets[chunk.offset + len(chunk)]]


# ASCII's control characters (below 0x20) in a contract cell: those that space text (a tab, line ends) read as a
# space, the others (NUL, a backspace, DOS's end-of-file mark) as nothing, as an invisible format character is
# (sql/staging's mh_visible). DEL (0x7F) is not looked for: a pass of its own, 3x the cost, and no tool writes it
_CONTROL_SPACES, _CONTROLS = r"[\t\n\x0b\x0c\r\x1c-\x1f]", r"[\x00-\x08\x0e-\x1b]"


def without_controls(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """``column`` (text) with ASCII's control characters read as a space or as nothing (``_CONTROLS``): "ALA-01"
    with a tab after it was a site of its own in every figure, an id with one a record of its own (until
    2026-12-07: DuckDB's trim, and the contract's quick path for ASCII text, leave them). A column is searched
    only where its bytes hold one (their least, one pass: a registry's ten million rows pass here)."""
    for chunk in column.chunks:
        text = _text_bytes(chunk)
        if text is not None and len(text):
            if np.frombuffer(text, dtype=np.uint8).min() < 0x20:
                spaced = pc.replace_substring_regex(column, _CONTROL_SPACES, " ")
                return _blanks_missing(pc.replace_substring_regex(spaced, _CONTROLS, ""))  # NULs alone: blank
    return column


def distinct_headers(names: list[str]) -> list[str]:
    """``names`` (normalised), a heading repeated among the columns outside the contract told apart by its
    count ("комментарий (2nd)"): each such column is ignored and searched for identifiers as any other (until
    2026-12-07 the repeat refused the file). Any other repeat refuses it (``check_headers``): of a contract
    column, which cell holds the record's value cannot be known; a heading with a number or a person's name
    is not one (the header row missing, or a record in it)."""
    told_apart, seen, counts = [], set(names), Counter[str]()  # a header may have 16,000 fields: no rescans
    for n in names:
        counts[n] += 1
        if counts[n] > 1 and n not in COLUMNS and quotable(n) and not heading_withheld(n):
            count = counts[n]
            while f"{n} ({_ordinal(count)})" in seen:
                count += 1
            n = f"{n} ({_ordinal(count)})"
            seen.add(n)
        told_apart.append(n)
    check_headers(told_apart)
    return told_apart


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 < 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def check_headers(names: list[str]) -> None:
    seen: dict[str, int] = {}
    for i, n in enumerate(names, start=1):
        if n in seen:
            if quotable(n) and not heading_withheld(n):
                raise FileRefused(f"column {n!r} appears more than once in the header")
            why = NOT_SHOWN if not quotable(n) else "it may be a person's name, so it is not shown"
            raise FileRefused(f"the name of column {i} appears more than once in the header (column {seen[n]}"
                              f" too; {why})")
        seen[n] = i


def cell_text(v: object, date_only: bool = False) -> str | None:
    """A cell as text; a date-time as its date where ``date_only`` (a cell of a date column, as a Parquet
    timestamp gives its date) or where it has no time of day."""
    if v is None:
        return None
    if isinstance(v, dt.datetime):
        return v.date().isoformat() if date_only or v.time() == dt.time(0) else v.isoformat(sep=" ")
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, bool):
        return str(v).lower()
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else repr(v)
    s = str(v)
    return s if s.strip() else None


_TEXT_TYPES = {str, type(None)}


def column_text(values: Sequence[object], date_only: bool = False) -> list[str | None]:
    """``cell_text`` of each value; a column of text cells only (most) without its type checks per cell,
    which cost seconds over millions of cells. (csv_misfits.python_rows keeps the same rule inline, cell
    by cell as it makes its rows: a second pass over each column made its takeover a third slower.)"""
    if set(map(type, values)) <= _TEXT_TYPES:
        return [v if v is not None and v.strip() else None for v in values]
    return [cell_text(v, date_only) for v in values]


def as_text(table: pa.Table, timezone: str = PROGRAMME_TIMEZONE) -> pa.Table:
    """``table``'s columns as text cells; a timestamp as its date, one with a time zone (an instant: a partner's
    tool writing UTC) as its date in the programme's ``timezone``."""
    cols = []
    for col in table.columns:
        t = col.type
        if pa.types.is_string(t) or pa.types.is_large_string(t):
            cols.append(_blanks_missing(col).cast(pa.string()))
        elif pa.types.is_null(t):
            cols.append(pa.nulls(len(col), pa.string()))
        elif pa.types.is_timestamp(t):
            # Arrow formats an instant in its own zone: a test at 02:30 on 1 April in Almaty, stamped
            # 21:30 on 31 March UTC, was dated 31 March (and counted in March) until 2026-12-07. A
            # timestamp without a zone is a wall-clock time, dated as written, as a workbook's is.
            if t.tz is not None:
                col = col.cast(pa.timestamp(t.unit, tz=timezone))
            cols.append(pc.strftime(col, format="%Y-%m-%d"))
        elif pa.types.is_floating(t):
            cols.append(pa.array(column_text(col.to_pylist()), pa.string()))
        elif pa.types.is_nested(t):
            cols.append(_as_json(col))
        else:
            cols.append(col.cast(pa.string()))
    return pa.table(cols, names=table.column_names)


def _blanks_missing(col: pa.ChunkedArray) -> pa.ChunkedArray:
    """A text column with its blank cells (empty or whitespace only) missing; most columns have none: two cheap
    passes find that out (trimming a copy of every cell to compare it took 2.5x as long)."""
    blank = pc.or_(pc.utf8_is_space(col), pc.equal(pc.binary_length(col), 0))
    return pc.if_else(blank, None, col) if pc.any(blank).as_py() else col


def _as_json(col: pa.Array | pa.ChunkedArray) -> pa.Array:
    """A nested column (a list, a struct, a map: partners' own tooling writes them beside the contract's) as
    JSON text: read, searched for identifiers as free text and, outside the contract, ignored and noted. Arrow
    casts none of them to text; until 2026-12-06 such a column refused its file as unparsable."""
    return pa.array([None if v is None else json.dumps(v, ensure_ascii=False, default=str) for v in col.to_pylist()],
                    pa.string())


def numbered(rows: pa.Table, before: int) -> pa.Table:
    """Consecutive rows of a file, the ``before`` rows before them left out, numbered ``before`` + 1 on
    in ROW_NUMBER, without the blank ones: a row without a cell (an empty line, a line of delimiters, a
    sheet's formatted empty row) holds no record to judge, but the rows after it keep their place, so
    that a held row's number is the one the file shows."""
    n = rows.num_rows
    cells = rows.columns
    rows = rows.append_column(ROW_NUMBER, pa.array(np.arange(before + 1, before + n + 1, dtype=np.int64)))
    if not cells or any(c.null_count == 0 for c in cells):  # a column without a gap: no blank row (most)
        return rows
    kept = functools.reduce(pc.or_, (pc.is_valid(c) for c in cells))  # ROW_ERROR counts: a misfit stays
    return rows if pc.all(kept).as_py() else rows.filter(kept)


def rows_through(part: pa.Table, before: int) -> int:
    """The number of ``part``'s last row (``before``: of the part before it, 0 for a file's first):
    its ROW_NUMBER, else the rows are numbered on from ``before``."""
    if ROW_NUMBER in part.column_names and part.num_rows:
        return part.column(ROW_NUMBER)[-1].as_py()
    return before + part.num_rows


def unnumbered_if_in_sequence(part: pa.Table, before: int) -> tuple[pa.Table, int]:
    """``part`` (``numbered`` rows) without ROW_NUMBER where its rows are ``before`` + 1, + 2, ... (no
    blank row was left out: nearly every part), and its last row's number."""
    through = rows_through(part, before)
    return (part.drop_columns([ROW_NUMBER]) if through - before == part.num_rows else part), through
