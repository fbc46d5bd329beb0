"""UICs with Cyrillic look-alike letters read as Latin ones (А -> A, ...): the key the uic_lookalikes
check groups on, kept per UIC in staging.uic_folds with its number of valid tests (fold_new_uics).
Done on the bytes of an Arrow string array: DuckDB's ``translate`` takes ~0.3 µs a UIC (3.5 s of both
cores for ten million), this ~0.1 µs on one."""

from __future__ import annotations

from collections.abc import Iterator

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from pipelines.lib.sql import query_arrow_reader, registered, run_sql

FOLD_BATCH_ROWS = 500_000  # UICs folded at a time (DuckDB hands over ~100,000 a batch)
FOLDED = pa.schema([("client_uic", pa.string()), ("latin", pa.string()), ("valid_tests", pa.int64())])
CYRILLIC = "АВЕКМНОРСТХ"
LATIN = "ABEKMHOPCTX"
# In UTF-8 each of these letters is the byte D0 and a second byte; Latin is one ASCII byte.
_LEAD = 0xD0
_LATIN_OF_SECOND = np.zeros(256, np.uint8)
for _c, _l in zip(CYRILLIC, LATIN):
    _b = _c.encode()
    assert len(_b) == 2 and _b[0] == _LEAD
    _LATIN_OF_SECOND[_b[1]] = ord(_l)


def fold_array(arr: pa.StringArray) -> pa.StringArray:
    """The strings with every look-alike letter replaced by its Latin twin (nulls stay null)."""
    n = len(arr)
    if n == 0:
        return arr
    offsets = np.frombuffer(arr.buffers()[1], dtype=np.int32)[arr.offset: arr.offset + n + 1]
    base = int(offsets[0])
    data = np.frombuffer(arr.buffers()[2], dtype=np.uint8)[base: int(offsets[-1])]
    # D0 only ever starts a character, so the byte after it belongs to the same string
    leads = np.flatnonzero(data[:-1] == _LEAD)
    leads = leads[_LATIN_OF_SECOND[data[leads + 1]] != 0]
    if not len(leads):
        return arr
    out = data.copy()
    out[leads + 1] = _LATIN_OF_SECOND[data[leads + 1]]
    out = np.delete(out, leads)
    starts = offsets - base
    new_offsets = (starts - np.searchsorted(leads, starts)).astype(np.int32)
    # the validity bits of a slice start at its offset: taken afresh, they start at 0 like the rest
    valid = pc.is_valid(arr).buffers()[1] if arr.null_count else None
    return pa.StringArray.from_buffers(n, pa.py_buffer(new_offsets), pa.py_buffer(out), valid, arr.null_count)


def fold_new_uics(con: duckdb.DuckDBPyConnection, files: list[str], incremental: bool) -> None:
    """Bring ``staging.uic_folds`` up to date with ``files`` (those read in this run): append their new
    UICs, look-alike letters read as Latin, with their number of valid tests; add the valid tests of UICs
    it held already; and bring ``staging.uic_lookalike_groups`` up to date: all of it in a full build,
    the groups of the new UICs' folds when adding to a published build.

    The UICs stream from a second connection to the build, folded a batch at a time, into one INSERT on
    this one: held here whole, the ten million of a 10M-record build took ~0.4 GB outside DuckDB's
    memory limit. What an incremental build keeps (its returning people, its new folds) is as large as
    its new files."""
    known: list[pa.RecordBatch] = []
    latin: list[pa.Array] = []

    def folded(batches: pa.RecordBatchReader) -> Iterator[pa.RecordBatch]:
        for batch in batches:
            if incremental:  # a full build starts from an empty table: every UIC is new
                held = pc.is_valid(batch.column("fold_row"))
                known.append(batch.filter(pc.and_(held, pc.greater(batch.column("valid_tests"), 0))))
                batch = batch.filter(pc.invert(held))
            fold = fold_array(batch.column("client_uic").cast(pa.string()))
            if incremental:
                latin.append(fold)
            yield pa.record_batch([batch.column("client_uic"), fold, batch.column("valid_tests")], schema=FOLDED)

    with con.cursor() as reading:
        batches = query_arrow_reader(reading, "staging.uic_counts", {"files": files}, FOLD_BATCH_ROWS)
        with registered(con, "uic_folded", pa.RecordBatchReader.from_batches(FOLDED, folded(batches))):
            run_sql(con, "staging.uic_folds")
    if not incremental:
        run_sql(con, "staging.uic_lookalike_groups")
        return
    if known:
        with registered(con, "uic_counted", pa.Table.from_batches(known).select(["fold_row", "valid_tests"])):
            run_sql(con, "staging.uic_folds_counted")
    with registered(con, "uic_folded", pa.table({"latin": pa.chunked_array(latin, pa.string())})):
        run_sql(con, "staging.uic_lookalike_groups_added")
