"""What a build reads: the inbox's files in processing order, known by their stored names and hashes,
read in a thread in batches of parts, each part checked (identifiers, required columns) before DuckDB
sees it. Dagster-free; ``ingest`` judges what this reads.
"""

from __future__ import annotations

import hashlib
import itertools
import os
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import pyarrow as pa

from pipelines.lib.cells import rows_through
from pipelines.lib.clock import PROGRAMME_TIMEZONE
from pipelines.lib.column_likeness import meant_as
from pipelines.lib.contract import (READER_COLUMNS, REQUIRED, ROW_NUMBER, TITLE_ROWS, header_row_among, header_shown,
                                    title_above_header)
from pipelines.lib.file_names import name_identifier, name_refusal, withheld_name
from pipelines.lib.header_again import header_moved, labels_row_held
from pipelines.lib.identifiers import find_identifiers, workbook_identifiers
from pipelines.lib.incremental import Previous
from pipelines.lib.readers import FileRefused, read_parts
from pipelines.lib.scanned_file import FileChanged, ScannedFile, scan_file, source
from pipelines.lib.settings import InboxMissing, InboxUnreadable
from pipelines.lib.xlsx_reader import xlsx_other_sheets

# rows read before they are judged together (~75 MB as Arrow text). Batches of a million left nothing
# to overlap at 1M rows (all read, then all judged); a quarter of that lets the reading of the next
# batch overlap the judging of this one, and each batch still spans both cores' row groups
# (a 1M-row ingest alone, six interleaved runs each: median 3.7 -> 2.9 s; at 10M no slower, with
# ~0.15 GB less peak memory)
BATCH_ROWS = 250_000
# a CSV or Parquet file of more rows than this is read in parts of BATCH_ROWS (a monthly export at 10M,
# 840,000 rows, is read whole: reading a Parquet file by row groups costs what its parts save)
PART_ROWS = 1_000_000
# a CSV or Parquet file up to this size is read once and held while it is parsed; a larger one is read from
# disk again as it is parsed, never held (``scan_file``): reading twice cost a month's CSV exports of 120 MB
# ~0.15 s in twelve files
HELD_BYTES = 64 * 2**20


def inbox_files(inbox: Path) -> list[Path]:
    """Files in processing order: by name, so that a run is reproducible on any machine. Hidden files are
    not inbox files, nor the owner file Excel keeps beside a workbook it has open (``~$name.xlsx``)."""
    if not inbox.is_dir():
        raise InboxMissing(f"inbox folder {inbox} does not exist (set MH_INBOX)")
    return sorted((p for p in _entries(inbox) if p.is_file() and not p.name.startswith("~$")), key=_order)


def _order(path: Path) -> tuple[str, bool, bytes]:
    # names equal as text (one of them written in Windows-1251) in a fixed order, the UTF-8 one first
    name = display_name(path)
    return name, name != path.name, os.fsencode(path.name)


def inbox_folders(inbox: Path) -> int:
    """How many folders the inbox holds: their files are not read (only the inbox's own are), which the
    run says, without their names (a folder may be named after a client)."""
    return sum(1 for p in _entries(inbox) if p.is_dir()) if inbox.is_dir() else 0


def _entries(inbox: Path) -> Iterator[Path]:
    return (p for p in inbox.iterdir() if not p.name.startswith("."))  # hidden ones are the system's


def display_name(path: Path) -> str:
    """A file's name as text: as the system gives it, or, where its bytes are not UTF-8 (a name written on a
    Russian-locale Windows desktop and copied as it was), read as Windows-1251, as its CSV would be, or as
    DOS code page 866 where only that reads as Russian letters (the names in a zip archive made by
    Windows' own "compressed folder", unpacked by ``unzip``)."""
    try:
        path.name.encode("utf-8")
        return path.name
    except UnicodeEncodeError:  # undecodable bytes, which Python keeps as surrogates
        raw = os.fsencode(path.name)
        # the one with more Russian letters; a tie (no letters, or as many) is Windows-1251
        return max((raw.decode(code, errors="replace") for code in ("cp1251", "cp866")), key=_russian_letters)


def _russian_letters(text: str) -> int:
    return sum(1 for ch in text if "А" <= ch <= "я" or ch in "Ёё")


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    try:
        with path.open("rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
    except OSError as exc:
        raise _unreadable(path, exc) from None
    return h.hexdigest()


def file_data(path: Path) -> tuple[str, bytes | ScannedFile]:
    """A file's SHA-256 and what its cells are read from (``file_source``): the hash is of the bytes parsed."""
    data = file_source(path)
    return (data.digest if isinstance(data, ScannedFile) else hashlib.sha256(data).hexdigest()), data


def file_source(path: Path) -> bytes | ScannedFile:
    """What a file's cells are read from: a CSV or Parquet file of more than HELD_BYTES, its scan (read from
    disk again as it is parsed, never held whole: a registry's single export of gigabytes held its bytes until
    2026-12-06, 0.8 GB above the run's peak for a CSV of 1.2 GB), any other file's bytes (a workbook: Excel's
    rows bound it)."""
    try:
        if path.suffix.lower() in (".csv", ".parquet") and path.stat().st_size > HELD_BYTES:
            return scan_file(path)
        return path.read_bytes()
    except OSError as exc:
        raise _unreadable(path, exc) from None


def _unreadable(path: Path, exc: OSError) -> InboxUnreadable:
    """The error of a file that cannot be read (open in another program, removed, no permission) or that
    changed while it was read (a copy under way): the run stops rather than publish reports that leave it out
    or count rows of other bytes than it records. It names the file as the warehouse does; the system's own
    message (and its chain, cut above) would give an identifying name in full."""
    name = display_name(path)
    name = repr(name) if name_identifier(name) is None else "a file whose name carries an identifier"
    if isinstance(exc, FileChanged):
        return InboxUnreadable(f"{name} in the inbox {exc}: run again once it is complete")
    return InboxUnreadable(f"{name} in the inbox cannot be read ({exc.strerror or type(exc).__name__}); close "
                           "or fix it and run again")


def stored_name(path: Path, sha256: str | None = None) -> str:
    """The name the warehouse and the logs know a file by: its own, or where that carries an identifier
    (``file_names``), one made of its hash (``sha256``, when known; the file is refused)."""
    name = display_name(path)
    return name if name_identifier(name) is None else withheld_name(name, sha256 or sha256_of(path))


def stored_names(paths: list[Path], digests: list[str] | None = None) -> list[str]:
    """The names the files of a listing (``inbox_files``) are stored under, in its order: ``stored_name``,
    each its own (``unique_names``)."""
    return unique_names([stored_name(p, d) for p, d in zip(paths, digests or [None] * len(paths))])


def unique_names(names: list[str]) -> list[str]:
    """``names`` each made its own: a name that an earlier one already has gets a copy counter, as a desktop
    names a copy (``Алматы (2).csv``), that no name of the list has. Two inbox files can share a stored
    name: names that differ only in their encoding (a UTF-8 ``Алматы.csv`` and a Windows-1251 one), or two
    identifying names of the same bytes (both withheld under its hash). Under one name their rows were
    taken for one file's: the second file's rows were lost, and the text of its held rows read from the
    first."""
    taken, given, out = set(names), set(), []
    for name in names:
        if name in given:
            suffix = Path(name).suffix
            stem = name[: len(name) - len(suffix)]
            name = next(c for k in itertools.count(2) if (c := f"{stem} ({k}){suffix}") not in taken)
            taken.add(name)
        given.add(name)
        out.append(name)
    return out


# file_seq, path, SHA-256, the cells of a part of the file or why it is refused, the number of the file's
# row before the part (0: its first part)
ReadFile = tuple[int, Path, str, pa.Table | FileRefused, int]


@dataclass
class InboxReading:
    """What a build reads: the published build it adds to (None: a full build), the inbox's files in
    processing order and their stored names, the batches of the files to read, whose reading has
    begun, the programme's time zone they are read in (``cells.as_text``), and the stored names given a
    copy counter (``unique_names``)."""
    previous: Previous | None
    paths: list[Path]
    names: list[str]
    batches: Iterator[list[ReadFile]]
    timezone: str
    told_apart: list[str] = field(default_factory=list)

    @property
    def known(self) -> dict[str, dict]:
        return published_files(self.previous)


def published_files(previous: Previous | None) -> dict[str, dict]:
    """The published build's files by name (its audit.files rows): not read again."""
    return {f["file_name"]: f for f in previous.files} if previous else {}


@contextmanager
def reading_inbox(inbox: Path, previous: Previous | None, timezone: str) -> Iterator[InboxReading]:
    """Start reading the files a build must read (all, or those not in ``previous``) in a thread, at
    once: entered before the build is opened, the reading of the first batch overlaps the copy of the
    published build an incremental run starts from (~0.8-1 s each for a month of 840,000 rows at 10M:
    one file, read whole, before anything can be judged). At most one batch is read ahead when the
    block ends early."""
    paths, known = inbox_files(inbox), published_files(previous)
    own = [stored_name(p) for p in paths]
    names = unique_names(own)
    with ThreadPoolExecutor(1, thread_name_prefix="inbox-read") as pool:
        yield InboxReading(previous, paths, names,
                           _read_batches([(i, p) for i, p in enumerate(paths) if names[i] not in known], pool,
                                         timezone),
                           timezone, [n for o, n in zip(own, names) if o != n])


def _read_batches(files: list[tuple[int, Path]], pool: ThreadPoolExecutor,
                  timezone: str) -> Iterator[list[ReadFile]]:
    """Each (file_seq, path) with the file's hash and cells (or why it is refused), in order, in
    batches of files of about ``BATCH_ROWS`` rows, read in ``pool``: the first batch from this call on,
    each next one while DuckDB judges the one before (read one file ahead, the judging waited for the
    reading of every other file of a batch: seconds at 10M). At most two batches are in memory."""

    def load(seq: int, path: Path) -> Iterator[ReadFile]:
        # the hash recorded in audit.files is of the very bytes loaded, even when the file is replaced
        # while the run reads it (a later run compares hashes to decide what changed)
        digest, data = file_data(path)
        first_row = 0
        try:
            for part in read_checked(path, data, timezone):
                yield seq, path, digest, part, first_row
                first_row = rows_through(part, first_row)
        except FileRefused as exc:
            try:  # a refusal is kept for the bytes hashed: were they the bytes parsed?
                source(data).verify()
            except FileChanged as changed:
                raise _unreadable(path, changed) from None
            yield seq, path, digest, exc, first_row

    def read_batch() -> list[ReadFile]:
        batch, rows = [], 0
        while rows < BATCH_ROWS and (part := next(todo, None)) is not None:
            batch.append(part)
            rows += 0 if isinstance(part[3], FileRefused) else part[3].num_rows
        return batch

    def batches(ahead: Future) -> Iterator[list[ReadFile]]:
        while batch := ahead.result():
            ahead = pool.submit(read_batch)
            yield batch

    # the files' parts, each file read when its first part is asked for; consumed by one read_batch at
    # a time: the next is submitted after this one ends
    todo = itertools.chain.from_iterable(load(seq, path) for seq, path in files)
    return batches(pool.submit(read_batch))  # submitted here: a generator's body waits for its first next()


def read_checked(path: Path, data: bytes | ScannedFile | None = None,
                 timezone: str = PROGRAMME_TIMEZONE) -> Iterator[pa.Table]:
    """One file's cells (from ``data``, its bytes, when given) in parts (``read_parts``: a CSV or Parquet
    file of more than PART_ROWS rows in parts of BATCH_ROWS), each checked before it is yielded: FileRefused
    is raised where a part carries identifiers (so no identifying cell ever reaches DuckDB), the header
    lacks a required column, or another sheet of a workbook carries identifiers."""
    kind = name_identifier(display_name(path))
    if kind:
        raise FileRefused(name_refusal(kind))
    data = file_source(path) if data is None else data
    before = 0  # the number of the last row of the parts before
    for table in file_parts(path, data, timezone):
        refusal = find_identifiers(table, first_row=before)
        if refusal:
            raise FileRefused(refusal)
        missing = [c for c in REQUIRED if c not in table.column_names]
        if missing:
            # a header further down, or the records on another sheet, said where the first part shows them
            found = None if before else (_header_below(table) or _records_elsewhere(path, data))
            raise FileRefused(found or "required columns missing: " + ", ".join(missing)
                              + meant_as(table.column_names, missing) + header_shown(table.column_names))
        refusal = header_moved(table, before)
        if refusal:
            raise FileRefused(refusal)
        if not before:
            table = labels_row_held(table)
        before = rows_through(table, before)
        if path.suffix.lower() == ".xlsx":
            workbook_identifiers(data)
        yield table


def _records_elsewhere(path: Path, data: bytes | ScannedFile) -> str | None:
    """Why a workbook whose first worksheet shown lacks the required columns is refused, where another has
    them all in its first row (a template's instructions first): else None. The sheet is named by its
    place, as its name may be a client's."""
    if path.suffix.lower() != ".xlsx":
        return None
    for place, sheet, _ in xlsx_other_sheets(data):
        if set(REQUIRED) <= set(sheet.column_names):
            move = "unhide that worksheet and move it first" if place.hidden else "move that worksheet first"
            return (f"the records are on {place}, not the first shown: {move} (or save it as a workbook of its "
                    "own), as the rows of the first worksheet shown are read as the records")
    return None


def _header_below(table: pa.Table) -> str | None:
    """Why a file whose first row lacks the required columns is refused, where one of the rows under it
    holds them all (a title above the header): else None. ``table``: its first part, its cells checked for
    identifiers."""
    top = table.slice(0, TITLE_ROWS)
    cells = [c.to_pylist() for name, c in zip(top.column_names, top.columns) if name not in READER_COLUMNS]
    found = header_row_among(zip(*cells))
    if found is None:
        return None
    row = top.column(ROW_NUMBER)[found].as_py() if ROW_NUMBER in top.column_names else found + 1
    return title_above_header(row + 1)  # the rows under the header are numbered from 1


def file_parts(path: Path, data: bytes | ScannedFile | None = None,
               timezone: str = PROGRAMME_TIMEZONE) -> Iterator[pa.Table]:
    """A file's cells in the parts a build reads it in (``read_parts``; a workbook: one part), unchecked."""
    try:
        yield from read_parts(path, file_source(path) if data is None else data, BATCH_ROWS, PART_ROWS, timezone)
    except FileChanged as exc:
        raise _unreadable(path, exc) from None
