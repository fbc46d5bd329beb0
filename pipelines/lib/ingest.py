"""Inbox -> warehouse: judge every row of the files ``inbox`` reads, and keep the file-level audit.

Dagster-free so that it is unit-tested directly. The contract itself is SQL
(sql/staging/screening.sql); ``inbox`` reads the files and refuses what must be refused.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

from pipelines.lib import uic
from pipelines.lib.cells import rows_through, without_controls
from pipelines.lib.clock import Clock
from pipelines.lib.column_likeness import UNREAD_MARK, meant_column
from pipelines.lib.contract import COLUMNS, READ_AS, READER_COLUMNS, heading_shown, is_unheaded
from pipelines.lib.countries import country_aliases
from pipelines.lib.inbox import InboxReading, file_parts, reading_inbox
from pipelines.lib.incremental import OrderConflict, Previous, contract_fingerprint
from pipelines.lib.readers import ROW_ERROR, ROW_NUMBER, FileRefused
from pipelines.lib.review_states import rejected_note, rejected_rows
from pipelines.lib.sql import query_rows, registered, run_sql

EARLIEST = dt.date(2015, 1, 1)  # the contract's earliest test date
FILE_LIST_SCHEMA = pa.schema([
    ("file_seq", pa.int32()), ("file_name", pa.string()), ("sha256", pa.string()), ("status", pa.string()),
    ("reason", pa.string()), ("rows_read", pa.int64()), ("arrived_at", pa.timestamp("s")),
    ("processed", pa.bool_()), ("prev_accepted", pa.int64()), ("prev_held", pa.int64()),
    ("prev_duplicate", pa.int64())])
RAW_SCHEMA = pa.schema(
    [("file_seq", pa.int32()), ("row_number", pa.int64())] + [(c, pa.string()) for c in COLUMNS]
    + [(ROW_ERROR, pa.string())]
)


@dataclass
class FileOutcome:
    file_name: str
    sha256: str
    status: str  # loaded | duplicate | refused
    reason: str | None = None
    rows_read: int = 0
    arrived_at: dt.datetime | None = None
    ignored_columns: list[str] = field(default_factory=list)
    read_as: str | None = None  # how the reader took the file where it had to judge (contract.READ_AS)
    rejected: dict[str, int] = field(default_factory=dict)  # rows a form tool's review marked rejected, by column

    def note(self) -> str | None:
        """The loaded file's reason: the columns ignored, the rows a form tool's review marked rejected
        (``review_states``), and how it was read where the reader judged."""
        ignored = "ignored columns not in the contract: " + ", ".join(self.ignored_columns)
        return "; ".join(filter(None, [ignored if self.ignored_columns else None, rejected_note(self.rejected),
                                       self.read_as])) or None


def _conform(table: pa.Table, seq: int, first_row: int = 0) -> pa.Table:
    """``table``'s cells as RAW_SCHEMA, numbered by the reader (ROW_NUMBER: a blank row was left out) or
    from ``first_row`` + 1 (a part of a file: the number of the row before it)."""
    n = table.num_rows
    numbers = (table.column(ROW_NUMBER) if ROW_NUMBER in table.column_names
               else pa.array(np.arange(first_row + 1, first_row + n + 1, dtype=np.int64)))
    cols = [pa.array(np.full(n, seq, dtype=np.int32)), numbers]
    for c in COLUMNS:
        cols.append(without_controls(table.column(c)) if c in table.column_names else pa.nulls(n, pa.string()))
    cols.append(table.column(ROW_ERROR) if ROW_ERROR in table.column_names else pa.nulls(n, pa.string()))
    return pa.Table.from_arrays(cols, schema=RAW_SCHEMA)


def _ignored(name: str, place: int, absent: list[str]) -> str:
    """A column outside the contract as the file's reason notes it: with the contract's column it may be
    meant as, of those ``absent`` from the file ("viral_load (the contract's vl_copies?)"), as the
    ``columns_unread`` warning finds it."""
    shown = heading_shown(name, place)
    meant = meant_column(name, absent) if shown == name else None
    return f"{shown} ({UNREAD_MARK}{meant}?)" if meant else shown


def read_inbox(con: duckdb.DuckDBPyConnection, reading: InboxReading, params: dict,
               seen: dict[str, str], clock: Clock) -> dict[int, FileOutcome]:
    """Judge the rows of the files ``reading`` reads (``reading.batches``) by the per-row rules, a
    batch of files at a time (DuckDB keeps the verdicts in ``screening_checked``); return their
    outcomes. ``seen``: digest -> name of files loaded before."""
    with registered(con, "file_rows", RAW_SCHEMA.empty_table()):  # the rules' view is bound to its shape
        run_sql(con, "staging.screening_rules", params)
    outcomes: dict[int, FileOutcome] = {}
    for read in reading.batches:
        batch: list[tuple[int, pa.Table]] = []
        for seq, path, digest, table, first_row in read:
            if seq not in outcomes:  # the file's first part
                arrived = clock.time(path.stat().st_mtime)
                outcomes[seq] = FileOutcome(reading.names[seq], digest, "loaded", arrived_at=arrived)
            out = outcomes[seq]
            if out.status == "duplicate":
                continue
            if first_row == 0 and digest in seen:
                out.status, out.reason = "duplicate", f"same bytes as {seen[digest]}, already loaded"
                continue
            if isinstance(table, FileRefused):
                if out.rows_read:  # a part of it judged already: the whole file is refused, none of it kept
                    batch = [(s, t) for s, t in batch if s != seq]
                    run_sql(con, "staging.screening_file_refused", {"file_seq": seq})
                    seen.pop(digest, None)
                out.status, out.reason, out.rows_read, out.ignored_columns = "refused", str(table), 0, []
                out.rejected = {}
                continue
            if first_row == 0:
                seen[digest] = out.file_name
            # a later part may bring a column of its own: a CSV row's field beyond the header. One without a
            # heading or a value is noted nowhere (Excel ends each row with a delimiter for every empty column
            # of a sheet's used range: thousands, where a formatted cell lies far out)
            absent = [c for c in COLUMNS if c not in table.column_names]
            added = [_ignored(c, i, absent) for i, c in enumerate(table.column_names, start=1)
                     if c not in COLUMNS and c not in READER_COLUMNS
                     and not (is_unheaded(c) and table.column(i - 1).null_count == table.num_rows)]
            for c in table.column_names:
                if c not in COLUMNS and (n := rejected_rows(c, table.column(c))):
                    out.rejected[c] = out.rejected.get(c, 0) + n
            noted = set(out.ignored_columns)
            out.ignored_columns += [c for c in added if c not in noted]
            if first_row == 0 and READ_AS in (table.schema.metadata or {}):
                out.read_as = table.schema.metadata[READ_AS].decode()
            out.reason = out.note()
            out.rows_read += table.num_rows
            batch.append((seq, _conform(table, seq, first_row)))
        if batch:
            # one statement over many rows: DuckDB splits it over both cores, a small file alone is not
            with registered(con, "file_rows", pa.concat_tables([t for _, t in batch])):
                run_sql(con, "staging.screening_file")
    return outcomes


def fill_conflict_raw(con: duckdb.DuckDBPyConnection, reading: InboxReading) -> None:
    """Rows held only because an earlier file loaded the record_id with other content passed every
    per-row rule, so their text as read was not kept: read those files again for them (rare), in parts
    as the ingest read them (a registry's yearly export conflicting with the monthly files before it)."""
    paths = dict(zip(reading.names, reading.paths))
    for file_name, rows in query_rows(con, "staging.held_without_raw"):
        path, first_row = paths[file_name], 0
        for part in file_parts(path, None, reading.timezone):
            last_row = rows_through(part, first_row)
            wanted = rows[bisect.bisect_right(rows, first_row):bisect.bisect_right(rows, last_row)]
            if wanted:
                with registered(con, "file_rows", _conform(part, 0, first_row)):
                    run_sql(con, "staging.held_raw", {"file_name": file_name, "rows": wanted})
            first_row = last_row


def load_reference(con: duckdb.DuckDBPyConnection) -> None:
    """Country spellings as a temp table the contract SQL joins to."""
    aliases = country_aliases()
    with registered(con, "aliases", pa.table({"alias": list(aliases), "iso3": list(aliases.values())})):
        run_sql(con, "staging.ref_countries")


def ingest_inbox(con: duckdb.DuckDBPyConnection, inbox: Path, as_of: dt.date,
                 previous: Previous | None = None, clock: Clock = Clock()) -> list[FileOutcome]:
    """``ingest_read`` of the inbox, read from here on (the ingest asset starts the reading earlier)."""
    with reading_inbox(inbox, previous, clock.timezone) as reading:
        return ingest_read(con, reading, as_of, clock)


def ingest_read(con: duckdb.DuckDBPyConnection, reading: InboxReading, as_of: dt.date,
                clock: Clock = Clock()) -> list[FileOutcome]:
    """Build ``staging.screening``, ``audit.held_rows`` and ``audit.files`` from the files ``reading``
    reads: every file of the inbox, or (``reading.previous``; ``con``: a copy of the published build)
    the new files only. No test may be later than ``as_of``; a file arrived at its modification time on
    ``clock`` (the programme's)."""
    previous, known = reading.previous, reading.known
    load_reference(con)
    run_sql(con, "macros.indicators")  # is_valid_test: staging.uic_folds counts each UIC's valid tests
    if previous is None:
        run_sql(con, "staging.screening_reset")
    seen = {f["sha256"]: f["file_name"] for f in known.values() if f["status"] == "loaded"}
    fresh = read_inbox(con, reading, {"as_of": as_of, "earliest": EARLIEST, "timezone": reading.timezone}, seen, clock)
    outcomes, rows = [], []
    for i, name in enumerate(reading.names):
        f = known.get(name)
        o = fresh[i] if f is None else FileOutcome(f["file_name"], f["sha256"], f["status"], f["reason"],
                                                   int(f["rows_read"]), f["arrived_at"])
        outcomes.append(o)
        rows.append({"file_seq": i, "file_name": o.file_name, "sha256": o.sha256, "status": o.status,
                     "reason": o.reason, "rows_read": o.rows_read, "arrived_at": o.arrived_at,
                     "processed": f is None, **{f"prev_{k}": None if f is None else int(f[f"rows_{k}"])
                                                for k in ("accepted", "held", "duplicate")}})
    with registered(con, "file_outcomes", pa.Table.from_pylist(rows, schema=FILE_LIST_SCHEMA)):
        run_sql(con, "staging.file_list")
    if previous is not None:
        run_sql(con, "staging.screening_preloaded")
        if previous.among:
            for new_file, published_file in query_rows(con, "staging.order_conflicts"):
                raise OrderConflict(f"full rebuild: {new_file} sorts before {published_file}, which is already "
                                    "loaded, and shares a record_id with it (file order decides)")
    run_sql(con, "staging.screening")
    run_sql(con, "audit.held_rows_open")
    files_read = [r["file_name"] for r in rows if r["processed"]]
    uic.fold_new_uics(con, files_read, incremental=previous is not None)
    run_sql(con, "audit.tests_repeated")  # a view over staging.uic_folds, which the fold brings up to date
    fill_conflict_raw(con, reading)
    run_sql(con, "audit.files")
    run_sql(con, "audit.build", {"contract_sha": contract_fingerprint(), "as_of": as_of, "timezone": reading.timezone,
                                 "mode": "full" if previous is None else "incremental",
                                 "files_read": files_read})
    run_sql(con, "staging.screening_done")
    return outcomes
