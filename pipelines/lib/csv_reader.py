"""A CSV file's rows as text cells, streamed: decoded and parsed a block at a time, never as one string.

UTF-8 (with or without BOM) or Windows-1251, told apart before a row is parsed. A row that does not fit
the header is kept where it stood, its fields as Python's csv module reads them and its reason in
ROW_ERROR, so that the contract holds it back with its row number; a blank line is left out, the rows
after it keeping their numbers (ROW_NUMBER).
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import re
from collections.abc import Iterator

import pyarrow as pa
import pyarrow.csv as pacsv

from pipelines.lib.cells import (
    ROW_ERROR, FileRefused, as_text, check_headers, numbered, unnumbered_if_in_sequence,
)
from pipelines.lib.csv_misfits import Misfits, python_rows
from pipelines.lib.contract import normalise_headers
from pipelines.lib.person_names import LOWER, UPPER

BOM = b"\xef\xbb\xbf"
BLOCK = 1 << 24  # bytes parsed at a time (~140,000 rows of an export)
PYTHON_ROWS = 50_000  # rows parsed at a time by Python's csv module


# What the text of these files is written in: ASCII, the letters of the alphabets migrants here write
# (Russian, Kazakh, Uzbek, Kyrgyz, Tajik, Ukrainian, Belarusian) and the typography Excel and Word put in
# (no-break space, quotes, dashes, numero sign, ...); read as UTF-8 also Latin letters with accents (a
# Turkish or French name). Windows-1251 bytes that happen to pair as UTF-8 does (a capital letter, then Ё, ё,
# №, « or a no-break space) read as UTF-8 give other characters: "ЖЁ", C6 A8, reads "ƨ".
_LETTERS = f"\\x00-\\x7f{UPPER}{LOWER}ЄєЇїҐґ"
_TYPOGRAPHY = "\\u00a0«»–—‘’“”„…№"
_NOT_UTF8_TEXT = re.compile(f"[^{_LETTERS}{_TYPOGRAPHY}\\u00c0-\\u00d6\\u00d8-\\u00f6\\u00f8-\\u017f\\u00ad°•‚ʻʼ]")
_NOT_CP1251_TEXT = re.compile(f"[^{_LETTERS}{_TYPOGRAPHY}]")
_SNIFF = 1 << 16  # UTF-8 text looked at from its first byte beyond ASCII on
_BEYOND_ASCII = re.compile(rb"[\x80-\xff]")
_ASCII_STEP = 1 << 20


def _cp1251_throughout(data: bytes) -> bool:
    """Whether ``data`` read as Windows-1251 is all text these files are written in."""
    try:
        return not _NOT_CP1251_TEXT.search(data.decode("cp1251"))
    except UnicodeDecodeError:  # byte 0x98, which Windows-1251 leaves unassigned
        return False


def _unexpected_as_utf8(data: bytes, end: int | None = None) -> bool:
    """Whether ``data`` (up to ``end``, valid UTF-8 there), read as UTF-8 from its first byte beyond ASCII,
    holds a character these files are not written in."""
    end = len(data) if end is None else end
    first = _first_beyond_ascii(data, end)
    if first is None:
        return False
    window = data[first:min(end, first + _SNIFF)]
    return bool(_NOT_UTF8_TEXT.search(window.decode("utf-8", errors="ignore")))


def _first_beyond_ascii(data: bytes, end: int) -> int | None:
    """Where the first byte beyond ASCII is before ``end``, if any: a megabyte at a time by ``isascii``
    (~30x a regular expression's search: an ASCII export of 120 MB took 0.58 s so, 0.02 s now)."""
    for start in range(0, end, _ASCII_STEP):
        stop = min(end, start + _ASCII_STEP)
        if not data[start:stop].isascii():
            return _BEYOND_ASCII.search(data, start, stop).start()
    return None


def text_encoding(data: bytes) -> tuple[int, str]:
    """(bytes before the text, encoding): UTF-8 after a BOM or when valid throughout, else Windows-1251;
    a file mixing both is refused, as is binary content. Windows-1251 bytes may happen to be valid UTF-8 up
    to a point or throughout (a cp1251 "ЖЁ" reads as UTF-8 "ƨ"): where UTF-8 would give a character these
    files are not written in and Windows-1251 none, the file is Windows-1251 (until 2026-12-06 such a file was
    read as UTF-8, its rows held with a "ƨ" in their UICs, or refused as mixing the two)."""
    if data.startswith(BOM):
        bad, _ = _first_invalid_utf8(data, len(BOM))
        if bad is not None:
            raise FileRefused(f"mixed encodings: starts as UTF-8 but byte {bad - len(BOM)} is not UTF-8")
        return len(BOM), "utf-8"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # what Excel's "Unicode Text" saves: say so, not "binary"
        raise FileRefused("UTF-16 text (Excel's \"Unicode Text\"), not UTF-8 or Windows-1251: save the sheet "
                          "as \"CSV UTF-8\" or as a workbook (.xlsx)")
    if b"\x00" in data[:4096]:
        raise FileRefused("binary content, not a text CSV file")
    bad, non_ascii_before = _first_invalid_utf8(data, 0)
    if bad is None:
        if _unexpected_as_utf8(data) and _cp1251_throughout(data):
            return 0, "cp1251"
        return 0, "utf-8"
    if non_ascii_before and not (_unexpected_as_utf8(data, bad) and _cp1251_throughout(data)):
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


def _separator_line(data: bytes, skip: int) -> tuple[int, str | None]:
    """Excel's delimiter hint, a line "sep=;" before the header that exports meant for Excel carry: (where
    the header starts, the delimiter), or (skip, None) without one (until 2026-12-06 such a file was refused,
    its header read as "sep=")."""
    hint = re.match(rb"sep=([,;\t])(\r\n|\n|\r)", data[skip:skip + 7])
    return (skip + hint.end(), hint.group(1).decode()) if hint else (skip, None)


def csv_parts(data: bytes, part_rows: int | None = None, whole_up_to: int = 0) -> Iterator[pa.Table]:
    """The rows of a CSV file in order: in one part (``part_rows`` None, or a file of at most
    ``whole_up_to`` rows), else in parts of ``part_rows`` rows, each parsed when it is asked for. Blank
    lines are left out and numbered (``numbered``). Memory: the file's bytes and ``whole_up_to`` rows at
    most, whatever the file's length."""
    skip, encoding = text_encoding(data)
    skip, hinted = _separator_line(data, skip)
    # the header ends at the first line end of any kind: CR alone is a Macintosh export's
    end = min((i for i in (data.find(b"\n", skip), data.find(b"\r", skip)) if i >= 0), default=len(data))
    first_line = data[skip:end].decode(encoding)
    delimiter = hinted or _sniff_delimiter(first_line)
    names = normalise_headers(next(csv.reader([first_line], delimiter=delimiter)))
    check_headers(names)
    carry, yielded, read, through = numbered(python_rows([], names), 0), False, 0, 0
    for rows in _blocks(data, skip, encoding, names, delimiter):
        carry = pa.concat_tables([carry, numbered(rows, read)], promote_options="default")
        read += rows.num_rows
        while part_rows and (yielded or carry.num_rows > whole_up_to) and carry.num_rows >= part_rows:
            part, through = _part(carry.slice(0, part_rows), through)
            yield part
            carry, yielded = carry.slice(part_rows), True
    if carry.num_rows or not yielded:
        yield _part(carry, through)[0]


def _part(rows: pa.Table, before: int) -> tuple[pa.Table, int]:
    """The readers' ROW_ERROR column only in a part with a row that does not fit the header, ROW_NUMBER
    only in one with a blank line left out before its last row; and its last row's number."""
    if rows.column(ROW_ERROR).null_count == rows.num_rows:
        rows = rows.drop_columns([ROW_ERROR])
    return unnumbered_if_in_sequence(rows, before)


def _blocks(data: bytes, skip: int, encoding: str, names: list[str], delimiter: str) -> Iterator[pa.Table]:
    """The rows after the header in order, a block at a time, parsed by Arrow's streaming parser with
    the misfits put back; where Arrow returns nothing but misfits for MISFITS_AHEAD rows (a stray
    delimiter closing every row), by Python's csv module from the first row not returned yet."""
    stream = pa.BufferReader(pa.py_buffer(data).slice(skip))
    if encoding != "utf-8":
        stream = pa.transcoding_input_stream(stream, encoding, "utf-8")
    misfits = Misfits(names, delimiter)
    try:
        reader = pacsv.open_csv(  # it parses the first block already
            stream,
            # one thread: Arrow then numbers the rows that do not fit, which places them
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1, block_size=BLOCK,
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
    except pa.ArrowInvalid:
        if not misfits.overflow:
            raise
    text = io.BytesIO(data)
    text.seek(skip)
    lines = io.TextIOWrapper(text, encoding=encoding, newline="")
    records = csv.reader(lines, delimiter=delimiter)  # a blank line is a record of no field, as for Arrow
    records = itertools.islice(records, misfits.next_number - 1, None)  # the header, the rows returned
    while chunk := list(itertools.islice(records, PYTHON_ROWS)):
        yield python_rows(chunk, names)
