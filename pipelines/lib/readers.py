"""Read one inbox file of any of the four formats into Arrow tables of text cells (``cells``): a CSV by
pipelines/lib/csv_reader.py, a workbook by pipelines/lib/xlsx_reader.py, Parquet here."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipelines.lib.cells import (ROW_ERROR, ROW_NUMBER, FileRefused, as_text, check_headers, distinct_headers,
                                 unparsable)
from pipelines.lib.clock import PROGRAMME_TIMEZONE
from pipelines.lib.contract import normalise_headers
from pipelines.lib.csv_reader import csv_parts
from pipelines.lib.scanned_file import FileChanged, ScannedFile, source
from pipelines.lib.xlsx_reader import COMPOUND_FILE, ZIP_ARCHIVE, read_xlsx

__all__ = ["ROW_ERROR", "ROW_NUMBER", "SUPPORTED", "FileRefused", "read_file", "read_parts"]
SUPPORTED = (".csv", ".xlsx", ".parquet")
# What a file of another kind than these three needs, as the officer would do it
_SAVE_AS = {".xls": "an Excel 97-2003 workbook: open it in Excel and save it as .xlsx or as CSV UTF-8",
            ".xlsm": "a workbook with macros: save it as .xlsx (Excel Workbook) or as CSV UTF-8",
            ".xlsb": "a binary workbook: save it as .xlsx (Excel Workbook) or as CSV UTF-8",
            ".ods": "a LibreOffice or OpenOffice sheet: save it as .xlsx or as CSV UTF-8",
            # a sheet Excel saved as "Unicode Text" or "Text (Tab delimited)" is a CSV file in all but its name
            ".txt": "text: a sheet Excel saved as \"Unicode Text\" or \"Text (Tab delimited)\" is read when named "
                    ".csv; else save the sheet as CSV UTF-8 (.csv)",
            ".tsv": "tab-separated text: name it .csv (a tab is read as the delimiter)",
            # sites send a month's files packed to mail them; what is inside is not read (nor searched)
            ".zip": "an archive: unpack its files into the inbox and remove it",
            ".rar": "an archive: unpack its files into the inbox and remove it",
            ".7z": "an archive: unpack its files into the inbox and remove it"}


def read_file(path: Path, data: bytes | ScannedFile | None = None, timezone: str = PROGRAMME_TIMEZONE) -> pa.Table:
    """An Arrow table of string columns named by normalised header, in file row order (blank rows left
    out; ROW_NUMBER gives the rows' numbers when one was: ``cells.numbered``). ``data``: the
    file's bytes when the caller has read them (to hash exactly what is parsed), or a CSV file's scan
    (read from disk again, checked to be the bytes hashed), else they are read. ``timezone``: the
    programme's, in which a Parquet timestamp with a zone is dated (``cells.as_text``)."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        hint = f" ({_SAVE_AS[suffix]})" if suffix in _SAVE_AS else ""
        raise FileRefused(f"unsupported file type {suffix or '(none)'}: expected .csv, .xlsx or .parquet{hint}")
    if data is None:
        data = path.read_bytes()
    if not data:
        raise FileRefused("the file is empty (0 bytes)")
    named_otherwise(suffix, source(data).head)
    try:
        if suffix == ".csv":
            table = next(csv_parts(data))
        elif suffix == ".xlsx":
            table = read_xlsx(data)
        else:
            table = _read_parquet(data, timezone)
    except (FileRefused, FileChanged):
        raise
    except Exception as exc:  # any parser failure refuses the file with the parser's own words
        raise unparsable(suffix, exc) from exc
    check_headers(table.column_names)
    return table


def read_parts(path: Path, data: bytes | ScannedFile, part_rows: int, whole_up_to: int,
               timezone: str = PROGRAMME_TIMEZONE) -> Iterator[pa.Table]:
    """``read_file`` in parts: a CSV or Parquet file of more than ``whole_up_to`` rows in parts of
    ``part_rows`` rows, in row order, each parsed when it is asked for (a registry's single export of
    ten million rows read whole took gigabytes of text); any other file in one part. A part that cannot
    be parsed raises FileRefused when it is reached."""
    suffix = path.suffix.lower()
    if data:
        named_otherwise(suffix, source(data).head)
    if suffix == ".csv" and data:
        yield from _refusing(suffix, csv_parts(data, part_rows, whole_up_to))
        return
    if suffix != ".parquet" or not data:
        yield read_file(path, data, timezone)
        return
    held_or_scanned = source(data)
    with held_or_scanned.open_seekable() as seekable:
        try:
            file = pq.ParquetFile(seekable)
            small = file.metadata.num_rows <= whole_up_to
        except FileChanged:
            raise
        except Exception as exc:
            raise unparsable(suffix, exc) from exc
        if small:
            yield read_file(path, data, timezone)
            return
        distinct_headers(normalise_headers(file.schema_arrow.names))
        batches = file.iter_batches(batch_size=part_rows)
        yield from _refusing(suffix, (_parquet_text(pa.Table.from_batches([b]), timezone) for b in batches))
    held_or_scanned.verify()


_PARQUET = b"PAR1"  # how a Parquet file begins (and ends)
_KIND = {".csv": "CSV text", ".parquet": "Parquet"}


def named_otherwise(suffix: str, head: bytes) -> None:
    """Raise FileRefused where a file's first bytes (``head``) are another kind's than its ending (``suffix``)
    says: a file renamed to pass an upload form, or saved under another ending. The parsers would say
    "binary content" or "Parquet magic bytes not found in footer". A workbook's other mismatches are
    xlsx_reader.workbook_readable's."""
    if suffix not in SUPPORTED:  # refused for its ending (read_file), saying what to do with such a file
        return
    named = f"named {suffix}"
    if suffix != ".parquet" and head.startswith(_PARQUET):
        raise FileRefused(f"a Parquet file {named}: name it .parquet")
    if suffix == ".xlsx":
        return
    if head.startswith(ZIP_ARCHIVE):
        raise FileRefused(f"a zip archive (an Excel workbook?) {named}, not {_KIND[suffix]}: name a workbook .xlsx; "
                          "an archive of files: unpack them into the inbox and remove it")
    if head.startswith(COMPOUND_FILE):
        raise FileRefused(f"an Excel 97-2003 or password-protected workbook {named}: open it in Excel and save it "
                          "as .xlsx (without a password) or as CSV UTF-8")
    if suffix == ".parquet" and not head.startswith(_PARQUET) and (b"\x00" not in head[:4096]
                                                                  or head.startswith((b"\xff\xfe", b"\xfe\xff"))):
        raise FileRefused("text (a CSV file?) named .parquet, not Parquet: name a CSV file .csv")


def _refusing(suffix: str, parts: Iterator[pa.Table]) -> Iterator[pa.Table]:
    """``parts``, a parser's failure on any of them raised as the file's refusal in the parser's words."""
    while True:
        try:
            part = next(parts, None)
        except (FileRefused, FileChanged):  # FileChanged: the file, not its content
            raise
        except Exception as exc:
            raise unparsable(suffix, exc) from exc
        if part is None:
            return
        yield part


def _read_parquet(data: bytes | ScannedFile, timezone: str) -> pa.Table:
    held_or_scanned = source(data)
    with held_or_scanned.open_seekable() as seekable:
        # refused before the data is read (a repeat Arrow reads, but which column's cell a record's is cannot be
        # known); not pq.read_table, which refuses any repeat in words that quote every name of the file
        file = pq.ParquetFile(seekable)
        distinct_headers(normalise_headers(file.schema_arrow.names))
        table = _parquet_text(file.read(), timezone)
    held_or_scanned.verify()
    return table


def _parquet_text(table: pa.Table, timezone: str) -> pa.Table:
    """A Parquet file's rows (whole or a part) as text cells under normalised headers."""
    return as_text(table.rename_columns(distinct_headers(normalise_headers(table.column_names))), timezone)
