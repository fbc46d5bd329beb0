"""Read one inbox file of any of the four formats into an Arrow table of text cells.

Every cell becomes text (or null when empty) so that the contract is judged in one place
(sql/staging/screening.sql) whatever the format; dates typed as dates become ISO text.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from pipelines.lib.contract import normalise_header

SUPPORTED = (".csv", ".xlsx", ".parquet")


class FileRefused(Exception):
    """The file as a whole cannot be used; the message says why (never a cell value)."""


def read_file(path: Path, data: bytes | None = None) -> pa.Table:
    """An Arrow table of string columns named by normalised header, in file row order. ``data``: the
    file's bytes when the caller has read them (to hash exactly what is parsed), else they are read."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise FileRefused(f"unsupported file type {suffix or '(none)'}: expected .csv, .xlsx or .parquet")
    if data is None:
        data = path.read_bytes()
    if not data:
        raise FileRefused("the file is empty (0 bytes)")
    try:
        if suffix == ".csv":
            table = _read_csv(data)
        elif suffix == ".xlsx":
            table = _read_xlsx(data)
        else:
            table = _read_parquet(data)
    except FileRefused:
        raise
    except Exception as exc:  # any parser failure refuses the file with the parser's own words
        raise _unparsable(suffix, exc) from exc
    _check_headers(table.column_names)
    return table


def read_parts(path: Path, data: bytes, part_rows: int, whole_up_to: int) -> Iterator[pa.Table]:
    """``read_file`` in parts: a Parquet file of more than ``whole_up_to`` rows in parts of at most
    ``part_rows`` rows, in row order, never decoded whole (a registry's single export of ten million rows
    read whole took gigabytes of text); any other file in one part. A part that cannot be parsed raises
    FileRefused when it is reached."""
    if path.suffix.lower() != ".parquet" or not data:
        yield read_file(path, data)
        return
    try:
        file = pq.ParquetFile(pa.BufferReader(data))
        small = file.metadata.num_rows <= whole_up_to
    except Exception as exc:
        raise _unparsable(".parquet", exc) from exc
    if small:
        yield read_file(path, data)
        return
    _check_headers([normalise_header(n) for n in file.schema_arrow.names])
    parts = file.iter_batches(batch_size=part_rows)
    while True:
        try:
            part = next(parts, None)
        except Exception as exc:
            raise _unparsable(".parquet", exc) from exc
        if part is None:
            return
        yield _parquet_text(pa.Table.from_batches([part]))


def _unparsable(suffix: str, exc: Exception) -> FileRefused:
    return FileRefused(f"cannot be parsed as {suffix[1:].upper()}: {type(exc).__name__}: {exc}"[:300])


def _check_headers(names: list[str]) -> None:
    seen: set[str] = set()
    for n in names:
        if n in seen:
            raise FileRefused(f"column {n!r} appears more than once in the header")
        seen.add(n)


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM) or Windows-1251; a file mixing both is refused."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise FileRefused(f"mixed encodings: starts as UTF-8 but byte {exc.start} is not UTF-8") from exc
    if b"\x00" in data[:4096]:
        raise FileRefused("binary content, not a text CSV file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        head = data[: exc.start]
        if any(b >= 0x80 for b in head):
            raise FileRefused(
                f"mixed encodings: UTF-8 text up to byte {exc.start}, then bytes that are not UTF-8"
            ) from exc
        return data.decode("cp1251", errors="strict")


def _sniff_delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=counts.get)
    if counts[best] == 0:
        raise FileRefused("no delimiter found in the header line (expected ',' or ';')")
    return best


ROW_ERROR = "_row_error"  # a row that does not fit the header: kept and held back, never dropped


def _read_csv(data: bytes) -> pa.Table:
    text = decode_text(data)
    first_line = text.split("\n", 1)[0].rstrip("\r")
    delimiter = _sniff_delimiter(first_line)
    header = next(csv.reader([first_line], delimiter=delimiter))
    names = [normalise_header(h) for h in header]
    _check_headers(names)
    malformed: list[int] = []

    def skip(row) -> str:
        malformed.append(row.number)
        return "skip"

    table = pacsv.read_csv(
        io.BytesIO(text.encode("utf-8")),
        read_options=pacsv.ReadOptions(column_names=names, skip_rows=1, block_size=1 << 24),
        parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=True, invalid_row_handler=skip),
        convert_options=pacsv.ConvertOptions(
            column_types={n: pa.string() for n in names}, strings_can_be_null=True,
            null_values=[""], quoted_strings_can_be_null=True,
        ),
    )
    if malformed:  # the careful path: every row, in order, the misfits marked
        return _read_csv_rowwise(text, delimiter, names)
    return _as_text(table)


def _read_csv_rowwise(text: str, delimiter: str, names: list[str]) -> pa.Table:
    cols: dict[str, list[str | None]] = {n: [] for n in names + [ROW_ERROR]}
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    next(reader)
    for fields in reader:
        if not fields:
            continue
        error = None
        if len(fields) != len(names):
            error = f"has {len(fields)} fields where the header has {len(names)} (truncated, or a stray delimiter)"
        fields = (fields + [None] * len(names))[: len(names)]
        for n, v in zip(names, fields):
            cols[n].append(v if v is not None and v.strip() else None)
        cols[ROW_ERROR].append(error)
    return pa.table({n: pa.array(v, pa.string()) for n, v in cols.items()})


def _cell_text(v: object) -> str | None:
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


def _read_xlsx(data: bytes) -> pa.Table:
    import openpyxl  # formulas are read as their text (=HYPERLINK(...)) and never evaluated

    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        ws = wb.worksheets[0]
        rows = ws.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None or all(h is None for h in header):
            raise FileRefused("the first sheet has no header row")
        width = max(i for i, h in enumerate(header) if h is not None) + 1
        names = [normalise_header(h) for h in header[:width]]
        if any(not n for n in names):
            raise FileRefused("the header row has an empty cell (merged or missing header cells)")
        cols: list[list[str | None]] = [[] for _ in names]
        for row in rows:
            cells = [_cell_text(v) for v in (row[:width] if row else ())]
            if all(c is None for c in cells):
                continue  # Excel keeps formatted empty rows; they carry no record
            cells += [None] * (width - len(cells))
            for i, c in enumerate(cells):
                cols[i].append(c)
    finally:
        wb.close()
    return pa.table({n: pa.array(c, pa.string()) for n, c in zip(names, cols)})


def _read_parquet(data: bytes) -> pa.Table:
    return _parquet_text(pq.read_table(pa.BufferReader(data)))


def _parquet_text(table: pa.Table) -> pa.Table:
    """A Parquet file's rows (whole or a part) as text cells under normalised headers."""
    return _as_text(table.rename_columns([normalise_header(n) for n in table.column_names]))


def _as_text(table: pa.Table) -> pa.Table:
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
            cols.append(pa.array([_cell_text(v) for v in col.to_pylist()], pa.string()))
        else:
            cols.append(col.cast(pa.string()))
    return pa.table(cols, names=table.column_names)
