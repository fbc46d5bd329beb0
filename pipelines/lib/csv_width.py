"""How many fields a CSV file's rows have where that differs from its header only by blank trailing fields:
an export's habit of closing every line with a delimiter, or only its rows or only its header line; or of
writing a row whose last cells are empty without their delimiters (Excel, deciding a chunk of rows at a
time, OnlyOffice, xlsx2csv), which fits the header when it lacks no required column (until 2026-12-07 such a
row was held back), unless it is the file's last line and that has no line end (cut short?).

Until 2026-12-07 every row of such a file was held back ("has 19 fields where the header has 18"). The
rows' fields beyond the header are read as columns without a heading (empty ones are dropped like any
empty column), a row short of the header only by fields without a heading fits it. A row that has one
field more than the header, blank, may instead be a row whose values moved right (a delimiter typed within
an unquoted value), so the file's rows are taken to close with delimiters only where most of its first
rows do, three or more; a row of another width, or with a value past the header, is held back as before.
"""

from __future__ import annotations

import csv
import functools
import io
import itertools
from collections import Counter
from collections.abc import Iterator

import pyarrow as pa
import pyarrow.compute as pc

from pipelines.lib.cells import held_back
from pipelines.lib.contract import REQUIRED, is_unheaded, unheaded

PEEK_BYTES = 65_536  # the first rows, to learn the rows' width from
PEEK_RECORDS = 50
LEAST_RECORDS = 3  # a file of fewer rows cannot show a habit: its rows are judged by the header


def holds(field: str) -> bool:
    """Whether a field holds anything: not where it is blank, or DOS's end-of-file mark (Ctrl+Z, which
    `copy /a` and older tools add on a line of its own: until 2026-12-07 a row held "has 1 fields where the
    header has 18", which no one could mend in Excel)."""
    return bool(field.replace("\x1a", "").strip())


def headed_width(names: list[str]) -> int:
    """The fields up to the header's last heading: the header line is cut to its rows' width (``rows_width``)
    only past it."""
    return max((i for i, n in enumerate(names, start=1) if not is_unheaded(n)), default=0)


def needed_width(names: list[str]) -> int:
    """The fields up to the header's last required column: a row with fewer lacks a value the contract
    requires (truncated, or a delimiter lost); one with more but fewer than the header lacks only optional
    columns' or other columns' fields, empty, as exports write a row whose last cells are empty."""
    return max((i for i, n in enumerate(names, start=1) if n in REQUIRED), default=0)


def rows_width(names: list[str], below: str, delimiter: str, cut: bool) -> list[str]:
    """``names`` (the header's) as wide as most of the file's first rows are (``below``, the text after the
    header; ``cut`` where it stops amid the file) where they differ from it only by blank fields past its
    last heading: cut to their width (the header closed with delimiters the rows lack), or widened with
    columns without a heading (the rows closed with delimiters the header lacks: LEAST_RECORDS rows or
    more). Otherwise ``names``."""
    records = list(itertools.islice(csv.reader(io.StringIO(below, newline=""), delimiter=delimiter), PEEK_RECORDS + 1))
    if cut or len(records) > PEEK_RECORDS:  # the last may be a part of a row
        records = records[:-1]
    records = [r for r in records if any(holds(v) for v in r)]
    header, headed = len(names), headed_width(names)
    wider = Counter(len(r) for r in records if len(r) > header and not any(map(holds, r[header:])))
    narrower = Counter(len(r) for r in records if headed <= len(r) < header)
    for widths, least in ((wider, LEAST_RECORDS), (narrower, 1)):
        if widths:
            width, count = widths.most_common(1)[0]
            if count * 2 > len(records) and count >= least:
                return names[:width] + _past(header, width)
    return names


def _past(header_width: int, width: int) -> list[str]:
    """The names of the fields a row ``width`` wide has past a header ``header_width`` wide."""
    return [unheaded(f"field {i}") for i in range(header_width + 1, width + 1)]


def widened(width: int, header_width: int) -> str | None:
    """What the file's note says where its rows are read ``width`` fields wide, wider than its header: the
    judgement a heading deleted from the header line alone (its values then one column off) would fool."""
    if width <= header_width:
        return None
    more = width - header_width
    return (f"its rows end in {more} delimiter{'s' if more > 1 else ''} its header line lacks, read as blank fields "
            f"past its {header_width} columns: if a heading was deleted from the header line instead, the columns "
            "after it were read out of place; check the header")


TRUNCATED = " (truncated, or a stray delimiter)"


def misfit(fields: int, header_width: int, why: str = TRUNCATED) -> str:
    """The reason a row of ``fields`` fields that does not fit a header of ``header_width`` is held for."""
    return f"has {fields} fields where the header has {header_width}{why}"


def fits(fields: list[str], width: int, header_width: int, needed: int) -> bool:
    """Whether a row of ``fields`` fits a file whose rows have ``width`` fields, its header
    ``header_width`` and its last required column at ``needed`` (``needed_width``): it lacks no required
    column's field, has no more fields than the rows or the header, and none past the header that holds a
    value."""
    n = len(fields)
    return needed <= n <= max(width, header_width) and not any(map(holds, fields[header_width:]))


def unended_fields(tail: bytes, encoding: str, delimiter: str) -> int | None:
    """How many fields the file's last line has where it has no line end (``tail``: the file's last bytes,
    a whole line among them), else None: an export cut short there may have lost any of the fields after
    it, so that line is not read as a row written without its last empty fields."""
    if not tail or tail[-1:] in (b"\n", b"\r"):
        return None
    line = tail[max(tail.rfind(b"\n"), tail.rfind(b"\r")) + 1:].decode(encoding, errors="replace")
    fields = next(csv.reader([line], delimiter=delimiter), [])
    return len(fields) if any(map(holds, fields)) else None


def last_row_held(blocks: Iterator[pa.Table], why: str) -> Iterator[pa.Table]:
    """``blocks`` (a file's rows, blank ones among them), the last row of the last block with rows held back
    for ``why`` unless it is held already."""
    pending = None
    for rows in blocks:
        if rows.num_rows:
            if pending is not None:
                yield pending
            pending = rows
        else:
            yield rows
    if pending is not None:
        yield held_back(pending, pa.array([False] * (pending.num_rows - 1) + [True]), why)


def held_beyond(rows: pa.Table, width: int, header_width: int) -> pa.Table:
    """``rows`` (of a file whose rows are ``width`` fields wide, wider than its header) with each row
    that holds a value beyond the header held back (in ROW_ERROR), as a row of the header's width with
    one more field is: the rows' habit is a blank field there."""
    holding = functools.reduce(pc.or_, (pc.is_valid(rows.column(n)) for n in _past(header_width, width)))
    if not pc.any(holding).as_py():
        return rows
    return held_back(rows, holding, misfit(width, header_width))
