"""Rows of a CSV file that do not fit its header, put back where they stood among the rows Arrow's
parser returns, their fields as Python's csv module reads them and their reason in ROW_ERROR."""

from __future__ import annotations

import csv
import io
from collections import deque

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from pipelines.lib.cells import ROW_ERROR, FileRefused, may_hold
from pipelines.lib.contract import REQUIRED, column_named, unheaded
from pipelines.lib.csv_width import TRUNCATED, fits, holds, misfit, needed_width

MISFITS_AHEAD = 100_000  # misfits held before Python's csv module takes over from Arrow's parser


def python_rows(records: list[list[str]], names: list[str], header_width: int | None = None) -> pa.Table:
    """Rows as Python's csv module reads them: blank cells missing, a row that does not fit ``names``
    (``csv_width.fits``; ``header_width``: the header line's fields, where the rows' differ) cut or padded
    and its reason in ROW_ERROR, unless it is blank (no field, or blank ones only: a row of missing cells,
    left out by ``cells.numbered``). A field beyond them that is not blank is kept in a column of its own
    ("field 19 (no heading)"): in no column of the contract, but checked for identifiers like any column a
    file adds."""
    width, header_width = len(names), header_width or len(names)
    needed, widest = needed_width(names), max(width, header_width)
    others = f" and the other rows {width}" if width != header_width else ""
    cols: list[list[str | None]] = [[] for _ in names]
    errors = []
    beyond: dict[int, dict[int, str]] = {}  # field index -> row index -> text
    for r, fields in enumerate(records):
        for col, v in zip(cols, (fields + [None] * width)[:width]):
            col.append(v if v is not None and holds(v) else None)
        # a row of no field or only blank ones is blank, whatever its width: no record, nothing to hold
        errors.append(None if fits(fields, width, header_width, needed) or not any(holds(v) for v in fields) else
                      misfit(len(fields), header_width,
                             (others if not needed <= len(fields) <= widest else "") + TRUNCATED))
        for i in range(width, len(fields)):
            if holds(fields[i]):
                beyond.setdefault(i, {})[r] = fields[i]
    table = pa.table([pa.array(c, pa.string()) for c in cols] + [pa.array(errors, pa.string())],
                     names=names + [ROW_ERROR])
    for i in sorted(beyond):
        table = table.append_column(unheaded(f"field {i + 1}"),
                                    pa.array([beyond[i].get(r) for r in range(len(records))], pa.string()))
    return table


def quote_left_open(rows: pa.Table, before: int, delimiter: str, width: int) -> None:
    """Raise FileRefused where a value of ``rows`` (the rows after row ``before``, blank ones among them) runs
    over a line end into lines holding a record's delimiters (as many as between ``width`` headings, and at
    least as many as between the contract's required columns: a note typed on two lines holds few). A field
    begun with a quote that is never closed (a tool that writes a quote within a value as it is, not doubled)
    takes the lines after it, to the next quote or the file's end, into one value: the records on them would
    be lost unseen, in a row held as too short or in a value of another column."""
    least = max(width, len(REQUIRED)) - 1
    for place, (name, column) in enumerate(zip(rows.column_names, rows.columns), start=1):
        if name == ROW_ERROR or not may_hold(column, b"\n", b"\r"):
            continue
        for i, value in enumerate(column.to_pylist()):
            lines = (value or "").splitlines()[1:]
            records = sum(line.count(delimiter) >= least for line in lines)
            if records:
                raise FileRefused(
                    f"row {before + i + 1}: the value in {column_named(name, place)} begins with a quote that is not "
                    f"closed where its line ends, so the {len(lines)} line(s) after it were read into that one "
                    f"value, {records} of them with a record's fields: close the quote, or write a quote within a "
                    "value as two (\"\"), and send the file again")


class Misfits:
    """Rows Arrow's parser skipped as not fitting the header, put back where they stood. Arrow numbers
    rows from 1 (the first after the header: it reads from there), blank lines included (rows of empty cells to it: csv_reader), and reports
    a block's misfits before it returns the block's rows, often a block ahead; the rows it returns are
    the others, in order. A block of nothing but misfits it does not return at all: past MISFITS_AHEAD
    of them it is stopped (``overflow``)."""

    def __init__(self, names: list[str], delimiter: str, header_width: int) -> None:
        self.names, self.delimiter, self.header_width = names, delimiter, header_width
        self.pending: deque[tuple[int, str]] = deque()
        self.next_number = 1  # the first row after the header
        self.overflow = False

    def report(self, row: pacsv.InvalidRow) -> str:
        if row.number is None:
            raise RuntimeError("the CSV parser did not number a row that does not fit the header")
        if len(self.pending) >= MISFITS_AHEAD:
            self.overflow = True
            return "error"
        self.pending.append((row.number, row.text))
        return "skip"

    def place(self, rows: pa.Table, last: bool) -> pa.Table:
        """``rows`` (the next rows that fit) with the misfits that stood among or right after them; at
        the ``last``, every misfit left. In bulk: whole blocks may be misfits."""
        start, n, j = self.next_number, rows.num_rows, 0
        for number, _ in self.pending:  # the j-th misfit can stand at most after n rows and j misfits
            if not (last or number <= start + n + j):
                break
            j += 1
        self.next_number = start + n + j
        if j == 0:
            return rows
        placed = [self.pending.popleft() for _ in range(j)]
        at = np.array([number for number, _ in placed], dtype=np.int64) - start
        if at[0] < 0 or at[-1] >= n + j or (j > 1 and np.any(np.diff(at) <= 0)):
            raise RuntimeError(f"the CSV parser numbered rows out of order near row {placed[0][0]}")
        order = np.empty(n + j, dtype=np.int64)
        misfit = np.zeros(n + j, dtype=bool)
        misfit[at] = True
        order[at] = np.arange(n, n + j)
        order[~misfit] = np.arange(n)
        fields = [next(csv.reader(io.StringIO(text), delimiter=self.delimiter), []) for _, text in placed]
        table = pa.concat_tables([rows, python_rows(fields, self.names, self.header_width)], promote_options="default")
        return table.take(pa.array(order))
