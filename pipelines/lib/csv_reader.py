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

import pyarrow as pa
import pyarrow.csv as pacsv

from pipelines.lib.cells import ROW_ERROR, FileRefused, as_text, check_headers
from pipelines.lib.contract import normalise_header

BOM = b"\xef\xbb\xbf"
BLOCK = 1 << 24  # bytes parsed at a time (~140,000 rows of an export)


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


def sniff_delimiter(header_line: str) -> str:
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
    end = data.find(b"\n", skip)
    first_line = data[skip:None if end < 0 else end].decode(encoding).rstrip("\r")
    delimiter = sniff_delimiter(first_line)
    names = [normalise_header(h) for h in next(csv.reader([first_line], delimiter=delimiter))]
    check_headers(names)
    stream = pa.BufferReader(pa.py_buffer(data).slice(skip))
    if encoding != "utf-8":
        stream = pa.transcoding_input_stream(stream, encoding, "utf-8")
    misfits = _Misfits(names, delimiter)
    reader = pacsv.open_csv(
        stream,
        # one thread: Arrow then numbers the rows that do not fit, which places them
        read_options=pacsv.ReadOptions(column_names=names, skip_rows=1, block_size=BLOCK, use_threads=False),
        parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=True,
                                         invalid_row_handler=misfits.report),
        convert_options=pacsv.ConvertOptions(
            column_types={n: pa.string() for n in names}, strings_can_be_null=True,
            null_values=[""], quoted_strings_can_be_null=True,
        ),
    )
    carry, yielded = as_text(reader.schema.empty_table()), False
    for batch in itertools.chain(reader, [None]):  # None: the end, where the last misfits are placed
        rows = reader.schema.empty_table() if batch is None else pa.Table.from_batches([batch])
        rows = misfits.place(as_text(rows), last=batch is None)
        carry = pa.concat_tables([carry, rows], promote_options="default")
        while part_rows and (yielded or carry.num_rows > whole_up_to) and carry.num_rows >= part_rows:
            yield carry.slice(0, part_rows)
            carry, yielded = carry.slice(part_rows), True
    if carry.num_rows or not yielded:
        yield carry


class _Misfits:
    """Rows the parser skipped as not fitting the header, put back where they stood. Arrow numbers rows
    from 1 (the header) without blank lines, and reports a block's misfits before it returns the block's
    rows, often a block ahead; the rows it returns are the others, in order."""

    def __init__(self, names: list[str], delimiter: str) -> None:
        self.names, self.delimiter = names, delimiter
        self.pending: deque[tuple[int, int, str]] = deque()
        self.next_number = 2  # the first row after the header

    def report(self, row: pacsv.InvalidRow) -> str:
        if row.number is None:
            raise RuntimeError("the CSV parser did not number a row that does not fit the header")
        self.pending.append((row.number, row.actual_columns, row.text))
        return "skip"

    def place(self, rows: pa.Table, last: bool) -> pa.Table:
        """``rows`` (the next rows that fit) with the misfits that stood among or right after them; at
        the ``last``, every misfit left."""
        pieces, taken, n = [], 0, rows.num_rows
        while self.pending and (last or self.pending[0][0] <= self.next_number + n - taken):
            number, fields, text = self.pending.popleft()
            before = number - self.next_number
            if not 0 <= before <= n - taken:
                raise RuntimeError(f"the CSV parser numbered a row {number} out of order")
            pieces += [rows.slice(taken, before), self._row(fields, text)]
            taken += before
            self.next_number = number + 1
        self.next_number += n - taken
        if not pieces:
            return rows
        pieces.append(rows.slice(taken))
        return pa.concat_tables(pieces, promote_options="default")

    def _row(self, fields: int, text: str) -> pa.Table:
        cells = next(csv.reader(io.StringIO(text), delimiter=self.delimiter), [])
        cells = (cells + [None] * len(self.names))[: len(self.names)]
        row = {n: [v if v is not None and v.strip() else None] for n, v in zip(self.names, cells)}
        row[ROW_ERROR] = [f"has {fields} fields where the header has {len(self.names)} "
                          "(truncated, or a stray delimiter)"]
        return pa.table({k: pa.array(v, pa.string()) for k, v in row.items()})
