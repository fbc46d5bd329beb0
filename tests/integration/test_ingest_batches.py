"""Files are read in batches of about BATCH_ROWS rows, the next batch while this one is judged: how
the files fall into batches changes nothing the ingest writes."""

import json
import shutil
import time
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
import pytest

from pipelines.lib import inbox as inbox_module
from pipelines.lib import ingest, uic
from pipelines.lib.clock import PROGRAMME_TIMEZONE
from pipelines.lib.identifiers import find_identifiers
from pipelines.lib.readers import ROW_ERROR, FileRefused, read_file
from pipelines.lib.sample_files import write_bench_inbox
from pipelines.lib.sql import run_sql
from tests.conftest import AS_OF

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "inbox"
TABLES = {
    "staging.screening": "SELECT * FROM staging.screening ORDER BY record_id",
    "audit.held_rows": "SELECT * FROM audit.held_rows ORDER BY file_name, row_number",
    "audit.files": "SELECT * FROM audit.files ORDER BY file_name",
}


def ingest_with_batches(inbox: Path, batch_rows: int, monkeypatch) -> tuple[dict, int]:
    judged = []

    def counting(con, name, params=None):
        if name == "staging.screening_file":
            judged.append(con.execute("SELECT count(*) FROM file_rows").fetchall()[0][0])
        return run_sql(con, name, params)

    monkeypatch.setattr(inbox_module, "BATCH_ROWS", batch_rows)
    monkeypatch.setattr(ingest, "run_sql", counting)
    con = duckdb.connect()
    ingest.ingest_inbox(con, inbox, AS_OF)
    out = {name: con.execute(sql).fetchall() for name, sql in TABLES.items()}
    con.close()
    return out, judged


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    """The bundled sample, plus a second copy of one file (same bytes: a duplicate file) and a file
    that is refused (a phone column), so that batches also hold files without rows to judge."""
    box = tmp_path / "inbox"
    shutil.copytree(SAMPLE, box)
    shutil.copyfile(box / "ala-01_2025-02.csv", box / "ala-01_2025-02_again.csv")
    (box / "ala-01_2025-03_phones.csv").write_text("record_id,client_uic,phone\nx1,AIBU11990,+7 701 123 4567\n")
    return box


def test_any_batching_writes_the_same(inbox, monkeypatch):
    one, judged_once = ingest_with_batches(inbox, 10**9, monkeypatch)
    many, judged_small = ingest_with_batches(inbox, 1, monkeypatch)
    assert len(judged_once) == 1
    # a batch closes at the first file that brings it to one row: each loaded file is judged alone
    loaded = [r for r in one["audit.files"] if r[2] == "loaded"]
    assert len(judged_small) == len(loaded) > 30
    assert sum(judged_small) == judged_once[0] == sum(r[3] for r in loaded)
    assert many == one
    statuses = {r[0]: r[2] for r in one["audit.files"]}
    assert statuses["ala-01_2025-02_again.csv"] == "duplicate"
    assert statuses["ala-01_2025-03_phones.csv"] == "refused"


def test_the_files_are_read_from_before_the_build_is_opened(inbox, monkeypatch):
    # the ingest asset enters reading_inbox, then opens the build (a copy of the published one when
    # adding files): the reading must already be under way, and the build the same as without it
    read = []
    real = inbox_module.read_checked
    monkeypatch.setattr(inbox_module, "read_checked",
                        lambda path, data, timezone: read.append(path.name) or real(path, data, timezone))
    expected, _ = ingest_with_batches(inbox, inbox_module.BATCH_ROWS, monkeypatch)
    read.clear()
    with inbox_module.reading_inbox(inbox, None, PROGRAMME_TIMEZONE) as reading:
        deadline = time.monotonic() + 30
        while not read and time.monotonic() < deadline:
            time.sleep(0.01)
        assert read, "no file was read before the batches were asked for"
        con = duckdb.connect()
        ingest.ingest_read(con, reading, AS_OF)
    assert sorted(read) == sorted(p.name for p in inbox.iterdir())  # every file once
    assert {name: con.execute(sql).fetchall() for name, sql in TABLES.items()} == expected
    con.close()


def test_the_uics_are_folded_a_batch_at_a_time(tmp_path, monkeypatch):
    # folded whole, every UIC of a build was held in Python at once (~0.4 GB at ten million records)
    write_bench_inbox(tmp_path / "inbox", 20_000)
    sizes: list[int] = []
    fold_array = uic.fold_array
    monkeypatch.setattr(uic, "fold_array", lambda arr: sizes.append(len(arr)) or fold_array(arr))
    monkeypatch.setattr(uic, "FOLD_BATCH_ROWS", 2048)
    con = duckdb.connect()
    ingest.ingest_inbox(con, tmp_path / "inbox", AS_OF)
    folds = dict(con.execute("SELECT client_uic, latin FROM staging.uic_folds").fetchall())
    (distinct,) = con.execute("SELECT count(DISTINCT client_uic) FROM staging.screening").fetchone()
    con.close()
    assert len(sizes) > 5 and max(sizes) <= 2048 and sum(sizes) == len(folds) == distinct > 15_000
    latin = str.maketrans(uic.CYRILLIC, uic.LATIN)
    assert folds == {u: u.translate(latin) for u in folds}
    assert sum(u != f for u, f in folds.items()) > 1000  # look-alike letters were there to fold


def registry_export(path: Path, last_site: str | None = None) -> int:
    """Every row of the bundled sample (held ones too) as one Parquet file of small row groups, as a
    registry exports a year at once; ``last_site``: the last row's site_code. Returns its rows."""
    tables = []
    for f in sorted(SAMPLE.iterdir()):
        try:
            table = read_file(f)
        except FileRefused:
            continue
        if find_identifiers(table) is None:  # the file with a phone column is refused
            tables.append(table)
    table = pa.concat_tables(tables, promote_options="default")
    table = table.drop_columns([c for c in table.column_names if c == ROW_ERROR])
    if last_site is not None:
        sites = table.column("site_code").to_pylist()
        table = table.set_column(table.column_names.index("site_code"), "site_code",
                                 pa.array(sites[:-1] + [last_site], pa.string()))
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".parquet":
        pq.write_table(table, path, row_group_size=50)
        return table.num_rows
    # a CSV export, with a row of a field too many in the middle and the last row cut short: both kept
    # in place and held back
    lines = table.to_pandas().to_csv(sep=";", index=False, lineterminator="\n").splitlines(keepends=True)
    lines.insert(len(lines) // 2, "x-extra;" + lines[len(lines) // 2])
    path.write_text("".join(lines)[:-30], encoding="utf-8")
    return table.num_rows + 1


def ingest_parts(inbox: Path, part_rows: int, whole_up_to: int, monkeypatch,
                 calls: list | None = None) -> tuple[dict, int]:
    """The tables ingested with these sizes, and how many batches were judged; ``calls`` gets the
    (name, parameters) of every SQL statement run."""
    calls = [] if calls is None else calls
    monkeypatch.setattr(inbox_module, "BATCH_ROWS", part_rows)
    monkeypatch.setattr(inbox_module, "PART_ROWS", whole_up_to)
    monkeypatch.setattr(ingest, "run_sql", lambda con, name, params=None: (
        calls.append((name, params))) or run_sql(con, name, params))
    con = duckdb.connect()
    ingest.ingest_inbox(con, inbox, AS_OF)
    out = {name: con.execute(sql).fetchall() for name, sql in TABLES.items()}
    con.close()
    return out, sum(name == "staging.screening_file" for name, _ in calls)


@pytest.mark.parametrize("name", ["registry_2025.parquet", "registry_2025.csv"])
def test_a_large_file_is_judged_in_parts_as_if_read_whole(tmp_path, monkeypatch, name):
    rows = registry_export(tmp_path / "inbox" / name)
    whole, judged_whole = ingest_parts(tmp_path / "inbox", 10_000, 10_000, monkeypatch)
    parts, judged_parts = ingest_parts(tmp_path / "inbox", 64, 100, monkeypatch)
    assert judged_whole == 1 and judged_parts == -(-rows // 64) > 30
    assert parts == whole  # row numbers included: a held row names its row in the file
    (file,) = parts["audit.files"]
    assert file[0] == name and file[2] == "loaded" and file[3] == rows
    held = parts["audit.held_rows"]
    assert len(held) > 10 and max(r[1] for r in held) > 64
    if name.endswith(".csv"):  # the misfits, where they stood, whatever part they fell in
        misfits = [(r[1], r[3]) for r in held if "fields where the header has" in r[3]]
        assert [n for n, _ in misfits] == [rows // 2, rows]
        assert misfits[0][1].startswith("row: has 19 fields where the header has 18") and "row: has " in misfits[1][1]


@pytest.mark.parametrize("name", ["registry_2025.parquet", "registry_2025.csv"])
def test_identifying_data_in_a_late_part_refuses_the_whole_file(tmp_path, monkeypatch, name):
    # the parts before it were judged; none of the file may stay, and the other files are untouched
    registry_export(tmp_path / "inbox" / name, last_site="ivan.petrov@example.kz")
    shutil.copyfile(SAMPLE / "ala-01_2025-01.csv", tmp_path / "inbox" / "ala-01_2025-01.csv")
    out, judged = ingest_parts(tmp_path / "inbox", 64, 100, monkeypatch)
    files = {r[0]: r for r in out["audit.files"]}
    assert files[name][2] == "refused" and files[name][3] == 0
    assert "site_code" in files[name][7] and "ivan" not in files[name][7]
    assert judged > 30  # parts of it had been judged before the refusing one
    loaded = files["ala-01_2025-01.csv"]
    assert loaded[2] == "loaded"
    assert {r[-2] for r in out["staging.screening"]} == {"ala-01_2025-01.csv"}
    assert len(out["staging.screening"]) == loaded[4]
    assert {r[0] for r in out["audit.held_rows"]} <= {"ala-01_2025-01.csv"}


def test_a_late_parquet_part_that_cannot_be_read_refuses_the_whole_file(tmp_path, monkeypatch):
    name = "registry_2025.parquet"
    path = tmp_path / "inbox" / name
    rows = registry_export(path)
    meta = pq.ParquetFile(path).metadata
    assert meta.num_row_groups > 4
    # the last row group's record_id chunk zeroed: the footer reads, the parts before it parse
    last = meta.row_group(meta.num_row_groups - 1)
    chunk = last.column(0)
    start = chunk.dictionary_page_offset if chunk.has_dictionary_page else chunk.data_page_offset
    data = bytearray(path.read_bytes())
    data[start:start + chunk.total_compressed_size] = bytes(chunk.total_compressed_size)
    path.write_bytes(bytes(data))
    shutil.copyfile(SAMPLE / "ala-01_2025-01.csv", tmp_path / "inbox" / "ala-01_2025-01.csv")
    out, judged = ingest_parts(tmp_path / "inbox", 64, 100, monkeypatch)
    files = {r[0]: r for r in out["audit.files"]}
    assert files[name][2] == "refused" and files[name][3] == 0
    assert files[name][7].startswith("cannot be parsed as PARQUET")
    assert judged >= (rows - last.num_rows) // 64 > 30  # its parts before the broken one were judged, then taken back
    assert {r[-2] for r in out["staging.screening"]} == {"ala-01_2025-01.csv"}
    assert len(out["staging.screening"]) == files["ala-01_2025-01.csv"][4]
    assert {r[0] for r in out["audit.held_rows"]} <= {"ala-01_2025-01.csv"}


def test_rows_held_for_a_conflict_get_their_text_from_the_parts_they_stand_in(tmp_path, monkeypatch):
    # an earlier file loaded three of a large file's record_ids with other content: those rows of the
    # large file are held, and their text as read is fetched from it again, part by part
    inbox = tmp_path / "inbox"
    rows = registry_export(inbox / "registry_2025.csv")
    con = duckdb.connect()
    ingest.ingest_inbox(con, inbox, AS_OF)
    accepted = con.execute("SELECT row_number, record_id, site_code FROM staging.screening ORDER BY 1").fetchall()
    con.close()
    picked = [next(r for r in accepted if r[0] > at) for at in (10, rows // 3, 2 * rows // 3)]
    cells = read_file(inbox / "registry_2025.csv").to_pylist()
    earlier = []
    for n, record_id, site in picked:
        row = dict(cells[n - 1])
        assert row["record_id"] == record_id
        row["site_code"] = "SHY-01" if site != "SHY-01" else "ALA-01"
        earlier.append(row)
    pa_csv.write_csv(pa.Table.from_pylist(earlier), inbox / "a_first.csv")
    calls: list = []
    parts, _ = ingest_parts(inbox, 64, 100, monkeypatch, calls)
    fetched = [p["rows"] for name, p in calls if name == "staging.held_raw"]
    # each from the part it stands in (the export repeats some of its own record_ids too), parts
    # without one skipped
    assert fetched[:3] == [[n] for n, _, _ in picked] and all(len({(r - 1) // 64 for r in f}) == 1 for f in fetched)
    calls.clear()
    whole, _ = ingest_parts(inbox, 10_000, 10_000, monkeypatch, calls)
    assert [p["rows"] for name, p in calls if name == "staging.held_raw"] == [sum(fetched, [])]
    assert parts == whole
    held = {(r[1], r[2]): r for r in parts["audit.held_rows"] if r[0] == "registry_2025.csv"}
    for n, record_id, site in picked:
        _, _, _, reason, _, raw = held[n, record_id]
        assert reason.startswith(f"record_id: '{record_id}' was already loaded from a_first.csv")
        assert json.loads(raw)["site_code"] == site and json.loads(raw)["record_id"] == record_id
