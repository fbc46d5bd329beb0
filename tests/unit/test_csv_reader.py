"""Property-based: a CSV file read in parts of any size, in blocks of any size, by Arrow's parser or
(where it meets only misfits) Python's from any row on, gives every row in place with its number, as
Python's csv module reads the whole file (the reference: rows that do not fit the header kept, with
their reason; blank rows left out, the rows after them numbered as the file stands)."""

import csv
import io
from collections import Counter
from pathlib import Path

import pyarrow as pa
from hypothesis import HealthCheck, given, settings, strategies as st

from pipelines.lib import csv_misfits, csv_reader, csv_width, scanned_file
from pipelines.lib.readers import ROW_ERROR, ROW_NUMBER, read_parts
from pipelines.lib.scanned_file import scan_file

NAMES = ["record_id", "client_uic", "test_date"]
PEEK = 4  # the rows the reader learns their width from (csv_width.PEEK_RECORDS, made small)
cell = st.text(alphabet="aZ7 Юж;,\"\n\t", max_size=6)
record = st.one_of(st.lists(cell, min_size=3, max_size=3), st.lists(cell, min_size=3, max_size=3),
                   st.lists(cell, min_size=2, max_size=4), st.just([]),  # []: a blank line
                   st.lists(st.sampled_from(["", " "]), min_size=1, max_size=4))  # blank cells, any width


def expected(text: str, delimiter: str) -> list[tuple]:
    """(cells..., reason, row number) of each row that is not blank. Where most of the rows among the
    first PEEK that are not blank, three or more, have the same width beyond the header's, only blank
    fields beyond it (a delimiter closing every row), a row of that width or less, down to the header's,
    fits unless it holds a field beyond the header."""
    rows = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    next(reader)
    records = list(reader)
    first = [f for f in records[:PEEK] if any(v.strip() for v in f)]
    width = 3
    closed = Counter(len(f) for f in first if len(f) > 3 and not any(v.strip() for v in f[3:]))
    if closed:
        (common, count), *_ = closed.most_common(1)
        if count * 2 > len(first) and count >= 3:
            width = common
    others = f" and the other rows {width}" if width != 3 else ""
    for number, fields in enumerate(records, start=1):
        if not any(v.strip() for v in fields):  # blank, whatever its width: left out
            continue
        within = 3 <= len(fields) <= width
        error = None if within and not any(v.strip() for v in fields[3:]) else (
            f"has {len(fields)} fields where the header has 3{'' if within else others} (truncated, or a stray "
            "delimiter)")
        cells = tuple(v if v is not None and v.strip() else None for v in (fields + [None] * 3)[:3])
        rows.append(cells + (error, number))
    return rows


def read_rows(tables: list[pa.Table]) -> list[tuple]:
    """The parts' rows with their numbers: ROW_NUMBER where a part has it, else on from the part before."""
    rows, before = [], 0
    for table in tables:
        cols = [table.column(n).to_pylist() if n in table.column_names else [None] * table.num_rows
                for n in NAMES + [ROW_ERROR]]
        numbers = (table.column(ROW_NUMBER).to_pylist() if ROW_NUMBER in table.column_names
                   else list(range(before + 1, before + table.num_rows + 1)))
        if ROW_NUMBER in table.column_names:  # only where the numbers are not simply on from before
            assert numbers != list(range(before + 1, before + table.num_rows + 1))
        rows += zip(*cols, numbers)
        before = numbers[-1] if numbers else before
    return rows


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records=st.lists(record, max_size=30), delimiter=st.sampled_from([",", ";"]),
       # first rows of the header's width closed with ``closed`` delimiters (blank fields), as some exports write
       first=st.lists(st.lists(cell, min_size=3, max_size=3), max_size=6), closed=st.sampled_from([0, 1, 2]),
       # UTF-16 after its byte-order mark, little-endian ("utf-16" here) or big: until 2026-12-07 refused
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1251", "utf-16", "utf-16-be"]),
       newline=st.sampled_from(["\n", "\r\n", "\r"]),
       block=st.integers(160, 400), part_rows=st.integers(1, 7), whole_up_to=st.integers(0, 10),
       ahead=st.sampled_from([1, 3, 100_000]),
       # a heading typed on two lines (Alt+Enter in Excel), saved quoted: until 2026-12-07 the header was cut
       header=st.sampled_from([NAMES, ["record_id", "Client\nUIC", "test_date"], [*NAMES[:2], "Test\r\nDate"]]))
def test_parts_are_the_whole_file_in_order(tmp_path: Path, monkeypatch, records, delimiter, first, closed,
                                           encoding, newline, block, part_rows, whole_up_to, ahead, header):
    records = [f + [""] * closed for f in first] + records
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, delimiter=delimiter, lineterminator=newline)
    # quoted where it holds a line break, as Excel writes it (the csv module quotes only the line end it writes)
    buf.write(delimiter.join(f'"{h}"' if set(h) & set("\r\n") else h for h in header) + newline)
    for fields in records:
        if not fields:
            buf.write(newline)
        else:
            writer.writerow(fields)
    text = buf.getvalue()
    monkeypatch.setattr(csv_reader, "BLOCK", block)
    monkeypatch.setattr(scanned_file, "BLOCK", block)
    monkeypatch.setattr(csv_misfits, "MISFITS_AHEAD", ahead)  # 1, 3: Python's csv module takes over early
    monkeypatch.setattr(csv_reader, "PYTHON_ROWS", 2)
    monkeypatch.setattr(csv_width, "PEEK_RECORDS", PEEK)
    path = tmp_path / "export.csv"
    path.write_bytes(("\ufeff" + text).encode(encoding) if encoding == "utf-16-be" else text.encode(encoding))
    parts = list(read_parts(path, path.read_bytes(), part_rows, whole_up_to))
    rows = expected(text, delimiter)
    assert read_rows(parts) == rows
    # the same from disk, read through twice a block at a time (the file never held whole)
    assert read_rows(list(read_parts(path, scan_file(path), part_rows, whole_up_to))) == rows
    sizes = [t.num_rows for t in parts]
    if len(rows) > whole_up_to:
        full, rest = divmod(len(rows), part_rows)
        assert sizes == [part_rows] * full + ([rest] if rest else [])
    else:
        assert sizes == [len(rows)]
