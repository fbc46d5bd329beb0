"""A CSV file's rows as text cells, streamed: decoded and parsed a block at a time, never as one string.

UTF-8 (with or without BOM) or Windows-1251, told apart before a row is parsed. A row that does not fit
the header is kept where it stood, its fields as Python's csv module reads them and its reason in
ROW_ERROR, so that the contract holds it back with its row number.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
from collections import deque
from collections.abc import Iterator

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from pipelines.lib.cells import ROW_ERROR, FileRefused, as_text, check_headers
from pipelines.lib.contract import normalise_header

BOM = b"\xef\xbb\xbf"
BLOCK = 1 << 24  # bytes parsed at a time (~140,000 rows of an export)
MISFITS_AHEAD = 100_000  # misfits held before Python's csv module takes over from Arrow's parser
PYTHON_ROWS = 50_000  # rows parsed at a time by Python's csv module


def text_encoding(data: bytes) -> tuple[int, str]:
    """(bytes before the text, encoding): UTF-8 after a BOM or when valid throughout, else Windows-1251;
    a file mixing both is refused, as is binary content."""
    if data.startswith(BOM):
        bad, _ = _first_invalid_utf8(data, len(BOM))
        if bad is not None:
            raise FileRefused(f"mixed encodings: starts as UTF-8 but byte {bad - len(BOM)} is not UTF-8")
        return len(BOM), "utf-8"
    if b"\x00" in data[:4096]:
        raise FileRefused("binary content, not a text CSV file")
    bad, non_ascii_before = _first_invalid_utf8(data, 0)
    if bad is None:
        return 0, "utf-8"
    if non_ascii_before:
        raise FileRefused(f"mixed encodings: UTF-8 text up to byte {bad}, then bytes that are not UTF-8")
    return 0, "cp1251"


def _first_invalid_utf8(data: bytes, start: int) -> tuple[int | None, bool]:
    """Where ``data`` stops being UTF-8 (None: nowhere), and whether non-ASCII text came before."""
    view = pa.py_buffer(data).slice(start)
    offsets = pa.array([0, view.size], pa.int64()).buffers()[1]
    try:  # Arrow's validation: ~10x Python's decoding, nothing kept
        pa.Array.from_buffers(pa.large_binary(), 1, [None, offsets, view]).cast(pa.large_string())
        return None, False
    except pa.ArrowInvalid:
        pass
    decoder, pos, non_ascii = codecs.getincrementaldecoder("utf-8")(), start, False
    mv = memoryview(data)
    while pos < len(data):
        pending = decoder.getstate()[0]
        chunk = mv[pos:pos + BLOCK]
        try:
            text = decoder.decode(chunk, final=pos + len(chunk) >= len(data))
        except UnicodeDecodeError as exc:  # exc.start counts from the bytes the decoder held back
            head = (pending + bytes(chunk))[:exc.start]
            return pos - len(pending) + exc.start, non_ascii or not head.isascii()
        non_ascii = non_ascii or not text.isascii()
        pos += len(chunk)
    return None, non_ascii  # Arrow and Python disagree: the parser will say what it cannot read


def _sniff_delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=counts.get)
    if counts[best] == 0:
        raise FileRefused("no delimiter found in the header line (expected ',' or ';')")
    return best


def csv_parts(data: bytes, part_rows: int | None = None, whole_up_to: int = 0) -> Iterator[pa.Table]:
    """The rows of a CSV file in order: in one part (``part_rows`` None, or a file of at most
    ``whole_up_to`` rows), else in parts of ``part_rows`` rows, each parsed when it is asked for. Memory:
    the file's bytes and ``whole_up_to`` rows at most, whatever the file's length."""
    skip, encoding = text_encoding(data)
    # the header ends at the first line end of any kind: CR alone is a Macintosh export's
    end = min((i for i in (data.find(b"\n", skip), data.find(b"\r", skip)) if i >= 0), default=len(data))
    first_line = data[skip:end].decode(encoding)
    delimiter = _sniff_delimiter(first_line)
    names = [normalise_header(h) for h in next(csv.reader([first_line], delimiter=delimiter))]
    check_headers(names)
    carry, yielded = _python_rows([], names), False
    for rows in _blocks(data, skip, encoding, names, delimiter):
        carry = pa.concat_tables([carry, rows], promote_options="default")
        while part_rows and (yielded or carry.num_rows > whole_up_to) and carry.num_rows >= part_rows:
            yield _part(carry.slice(0, part_rows))
            carry, yielded = carry.slice(part_rows), True
    if carry.num_rows or not yielded:
        yield _part(carry)


def _part(rows: pa.Table) -> pa.Table:
    """The readers' ROW_ERROR column only in a part with a row that does not fit the header."""
    return rows.drop_columns([ROW_ERROR]) if rows.column(ROW_ERROR).null_count == rows.num_rows else rows


def _blocks(data: bytes, skip: int, encoding: str, names: list[str], delimiter: str) -> Iterator[pa.Table]:
    """The rows after the header in order, a block at a time, parsed by Arrow's streaming parser with
    the misfits put back; where Arrow returns nothing but misfits for MISFITS_AHEAD rows (a stray
    delimiter closing every row), by Python's csv module from the first row not returned yet."""
    stream = pa.BufferReader(pa.py_buffer(data).slice(skip))
    if encoding != "utf-8":
        stream = pa.transcoding_input_stream(stream, encoding, "utf-8")
    misfits = _Misfits(names, delimiter)
    try:
        reader = pacsv.open_csv(  # it parses the first block already
            stream,
            # one thread: Arrow then numbers the rows that do not fit, which places them
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1, block_size=BLOCK,
                                           use_threads=False),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=True,
                                             invalid_row_handler=misfits.report),
            convert_options=pacsv.ConvertOptions(column_types={n: pa.string() for n in names},
                                                 strings_can_be_null=True, null_values=[""],
                                                 quoted_strings_can_be_null=True),
        )
        for batch in reader:
            yield misfits.place(as_text(pa.Table.from_batches([batch])), last=False)
        yield misfits.place(as_text(reader.schema.empty_table()), last=True)
        return
    except pa.ArrowInvalid:
        if not misfits.overflow:
            raise
    text = io.BytesIO(data)
    text.seek(skip)
    lines = io.TextIOWrapper(text, encoding=encoding, newline="")
    records = (r for r in csv.reader(lines, delimiter=delimiter) if r)  # blank lines skipped, as Arrow does
    records = itertools.islice(records, misfits.next_number - 1, None)  # the header, the rows returned
    while chunk := list(itertools.islice(records, PYTHON_ROWS)):
        yield _python_rows(chunk, names)


def _python_rows(records: list[list[str]], names: list[str]) -> pa.Table:
    """Rows as Python's csv module reads them: blank cells missing, a row of another width than the
    header's cut or padded and its reason in ROW_ERROR."""
    width = len(names)
    cols: list[list[str | None]] = [[] for _ in names]
    errors = []
    for fields in records:
        for col, v in zip(cols, (fields + [None] * width)[:width]):
            col.append(v if v is not None and v.strip() else None)
        errors.append(None if len(fields) == width else
                      f"has {len(fields)} fields where the header has {width} (truncated, or a stray delimiter)")
    return pa.table([pa.array(c, pa.string()) for c in cols] + [pa.array(errors, pa.string())],
                    names=names + [ROW_ERROR])


class _Misfits:
    """Rows Arrow's parser skipped as not fitting the header, put back where they stood. Arrow numbers
    rows from 1 (the header) without blank lines, and reports a block's misfits before it returns the
    block's rows, often a block ahead; the rows it returns are the others, in order. A block of nothing
    but misfits it does not return at all: past MISFITS_AHEAD of them it is stopped (``overflow``)."""

    def __init__(self, names: list[str], delimiter: str) -> None:
        self.names, self.delimiter = names, delimiter
        self.pending: deque[tuple[int, str]] = deque()
        self.next_number = 2  # the first row after the header
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
        table = pa.concat_tables([rows, _python_rows(fields, self.names)], promote_options="default")
        return table.take(pa.array(order))
