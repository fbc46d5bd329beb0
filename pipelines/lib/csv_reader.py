"""A CSV file's rows as text cells, streamed: decoded and parsed a block at a time, never as one string,
from its bytes or from disk (a ``ScannedFile``: never held whole).

UTF-8 (with or without BOM), Windows-1251 or DOS code page 866, told apart before a row is parsed; UTF-16
read as the UTF-8 it holds (``utf16``). A row that does not fit the header is kept where it stood, its
fields as Python's csv module reads them and its reason in ROW_ERROR, so that the contract holds it back
with its row number; a blank line is left out, the rows after it keeping their numbers (ROW_NUMBER).
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Iterator

import pyarrow as pa
import pyarrow.csv as pacsv

from pipelines.lib.cells import (
    ROW_ERROR, FileRefused, as_text, distinct_headers, numbered, unnumbered_if_in_sequence,
)
from pipelines.lib.csv_misfits import Misfits, python_rows, quote_left_open
from pipelines.lib.contract import READ_AS, TITLE_ROWS, header_row_among, normalise_headers, title_above_header
from pipelines.lib.csv_width import (PEEK_BYTES, held_beyond, last_row_held, misfit, rows_width, unended_fields,
                                     widened)
from pipelines.lib.scanned_file import HeldFile, ScannedFile, source
from pipelines.lib.text_encoding import BLOCK
from pipelines.lib.utf16 import utf8_of

PYTHON_ROWS = 50_000  # rows parsed at a time by Python's csv module


def _sniff_delimiter(header_line: str) -> str | None:
    """The delimiter the header line holds most of; "|" only where it holds none of the others, as a database's
    export writes it (psql's unaligned output, a registry's dump: until 2026-12-07 refused)."""
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=counts.get)
    if counts[best]:
        return best
    return "|" if "|" in header_line else None


def _no_delimiter(below: str) -> FileRefused:
    """Why a file whose first line has no delimiter is refused: a header further down (a title line above
    it; ``below``: the text from the first line's end) is said so, else there is no header to take."""
    lines = below.splitlines()[:TITLE_ROWS + 1]  # the first: the first line's end, so a line's place is its row
    found = header_row_among(next(csv.reader([line], delimiter=_sniff_delimiter(line) or ",")) if line else []
                             for line in lines)
    if found is not None:
        return FileRefused(title_above_header(found + 1))
    return FileRefused("no delimiter found in the header line (expected ',' or ';', or a tab or '|')")


def _separator_line(data: bytes, skip: int) -> tuple[int, str | None]:
    """Excel's delimiter hint, a line "sep=;" before the header that exports meant for Excel carry: (where
    the header starts, the delimiter), or (skip, None) without one (until 2026-12-06 such a file was refused,
    its header read as "sep=")."""
    hint = re.match(rb"sep=([,;\t|])(\r\n|\n|\r)", data[skip:skip + 7])
    return (skip + hint.end(), hint.group(1).decode()) if hint else (skip, None)


def csv_parts(data: bytes | ScannedFile | HeldFile, part_rows: int | None = None, whole_up_to: int = 0
              ) -> Iterator[pa.Table]:
    """The rows of a CSV file in order: in one part (``part_rows`` None, or a file of at most
    ``whole_up_to`` rows), else in parts of ``part_rows`` rows, each parsed when it is asked for. Blank
    lines are left out and numbered (``numbered``). Memory: ``whole_up_to`` rows at most, and the file's
    bytes when given them, whatever the file's length."""
    data = source(data)
    skip, encoding = data.text_encoding()
    if encoding.startswith("utf-16"):  # read as the UTF-8 it holds, its rows numbered as in the file
        with utf8_of(data, skip, encoding) as utf8:
            yield from csv_parts(utf8, part_rows, whole_up_to)
        return
    head = data.head  # the whole file when held, else its first block: the header is in it
    skip, hinted = _separator_line(head, skip)
    end, body = _header_end(head, skip)
    first_line = head[skip:end].decode(encoding)
    delimiter = hinted or _sniff_delimiter(first_line)
    if delimiter is None:
        raise _no_delimiter(head[end:end + 2**16].decode(encoding, errors="replace"))
    names = normalise_headers(next(csv.reader([first_line], delimiter=delimiter)))
    names = distinct_headers(names)
    header_width = len(names)
    peek = head[body:body + PEEK_BYTES]
    if len(peek) < PEEK_BYTES and body + len(peek) < len(data):  # the first block ends within: read on
        with data.open(body) as stream:
            peek = stream.read(PEEK_BYTES)
    names = rows_width(names, peek.decode(encoding, errors="replace"), delimiter, cut=body + len(peek) < len(data))
    note = widened(len(names), header_width)
    carry, yielded, read, through = numbered(python_rows([], names), 0), False, 0, 0
    blocks = _blocks(data, body, encoding, names, delimiter, header_width)
    cut = unended_fields(data.tail(PEEK_BYTES), encoding, delimiter) if len(data) > body else None
    if cut is not None and cut < min(len(names), header_width):
        blocks = last_row_held(blocks, misfit(cut, header_width, ", on the file's last line, which has no line end "
                                                                 "(cut short?)"))
    for rows in blocks:
        if len(names) > header_width:
            rows = held_beyond(rows, len(names), header_width)
        quote_left_open(rows, read, delimiter, len(names))
        carry = pa.concat_tables([carry, numbered(rows, read)], promote_options="default")
        read += rows.num_rows
        while part_rows and (yielded or carry.num_rows > whole_up_to) and carry.num_rows >= part_rows:
            part, through = _part(carry.slice(0, part_rows), through, note)
            yield part
            carry, yielded = carry.slice(part_rows), True
    if carry.num_rows or not yielded:
        yield _part(carry, through, note)[0]


# a header record: fields up to its first line end outside quotes, a quoted field holding line ends (a
# heading's, without a delimiter: a quote left open in the header would otherwise take the rows after it,
# up to the next quote, as headings, and show them in a refusal)
_HEADER_RECORD = re.compile(rb'(?:[^"\r\n]|"[^"\r\n]*"|"[^",;]*")*')


def _header_end(head: bytes, skip: int) -> tuple[int, int]:
    """(where the header, from ``skip``, ends; where the rows begin). The header ends at its first line end
    outside quotes, of any kind (CR alone is a Macintosh export's): a heading typed on two lines in Excel
    (Alt+Enter, "Код сайта / site_code" in a bilingual template) is saved quoted, its line break inside, and
    until 2026-12-07 the header was cut there. A quote left open: at the first line end, as before."""
    end = _HEADER_RECORD.match(head, skip).end()
    if end < len(head) and head[end] not in b"\r\n":
        end = min((i for i in (head.find(b"\n", skip), head.find(b"\r", skip)) if i >= 0), default=len(head))
    return end, end + (2 if head[end:end + 2] == b"\r\n" else 1 if end < len(head) else 0)


def _part(rows: pa.Table, before: int, note: str | None) -> tuple[pa.Table, int]:
    """The readers' ROW_ERROR column only in a part with a row that does not fit the header, ROW_NUMBER
    only in one with a blank line left out before its last row, the ``note`` on how the file was read
    (READ_AS) where there is one; and its last row's number."""
    if rows.column(ROW_ERROR).null_count == rows.num_rows:
        rows = rows.drop_columns([ROW_ERROR])
    if note:
        rows = rows.replace_schema_metadata({READ_AS: note.encode()})
    return unnumbered_if_in_sequence(rows, before)


def _blocks(data: ScannedFile | HeldFile, body: int, encoding: str, names: list[str], delimiter: str,
            header_width: int) -> Iterator[pa.Table]:
    """The rows after the header in order, a block at a time, parsed by Arrow's streaming parser with
    the misfits put back; where Arrow returns nothing but misfits for MISFITS_AHEAD rows (a stray
    delimiter closing every row), by Python's csv module from the first row not returned yet."""
    if body >= len(data):  # a header alone: Arrow would refuse a stream of nothing as an empty file
        yield python_rows([], names)
        return
    stream = data.arrow_stream(body)
    if encoding != "utf-8":
        stream = pa.transcoding_input_stream(stream, encoding, "utf-8")
    misfits = Misfits(names, delimiter, header_width)
    try:
        reader = pacsv.open_csv(  # it parses the first block already
            stream,
            # one thread: Arrow then numbers the rows that do not fit, which places them
            read_options=pacsv.ReadOptions(column_names=names, block_size=BLOCK,
                                           use_threads=False),
            # blank lines as rows (of empty cells): numbered, then left out, like every blank row
            parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=True,
                                             ignore_empty_lines=False, invalid_row_handler=misfits.report),
            convert_options=pacsv.ConvertOptions(column_types={n: pa.string() for n in names},
                                                 strings_can_be_null=True, null_values=[""],
                                                 quoted_strings_can_be_null=True),
        )
        for batch in reader:
            yield misfits.place(as_text(pa.Table.from_batches([batch])), last=False)
        yield misfits.place(as_text(reader.schema.empty_table()), last=True)
        return
    except pa.ArrowInvalid as exc:
        if "straddles two block boundaries" in str(exc):  # Arrow's words for a row longer than a block
            raise FileRefused(
                f"a row after row {misfits.next_number - 1} runs on for more than {BLOCK:,} bytes, over many lines: "
                "a value begun with a quote that is never closed (a quote within a value must be written as two: "
                "\"\"), which takes every line after it into that value: close the quote and send the file again"
            ) from exc
        if not misfits.overflow:
            raise
    lines = io.TextIOWrapper(data.open(body), encoding=encoding, newline="")
    records = csv.reader(lines, delimiter=delimiter)  # a blank line is a record of no field, as for Arrow
    records = itertools.islice(records, misfits.next_number - 1, None)  # the rows returned
    while chunk := list(itertools.islice(records, PYTHON_ROWS)):
        yield python_rows(chunk, names, header_width)
