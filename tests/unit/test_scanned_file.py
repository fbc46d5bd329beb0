"""A CSV file is read from disk a block at a time, twice (hash and encoding, then its cells), never held
whole; the second reading is checked to be of the bytes the first hashed."""

import hashlib
import io
import tracemalloc
from pathlib import Path

import pytest

from pipelines.lib import csv_reader, inbox, scanned_file, text_encoding
from pipelines.lib.clock import PROGRAMME_TIMEZONE
from pipelines.lib.inbox import file_data, file_parts, read_checked
from pipelines.lib.readers import read_parts
from pipelines.lib.scanned_file import ScannedFile, scan_file

HEADER = ("record_id,client_uic,test_date,site_code,country_of_origin,migrant_group,residence_status,sex,age,"
          "key_population,result\n")


def export(rows: int) -> str:
    return HEADER + "".join(f"r{i},AAAA1199{i % 10},2025-03-01,ALA-01,TJK,labour_migrant,undocumented,male,30,"
                            "pwid,negative\n" for i in range(rows))


@pytest.fixture(autouse=True)
def never_held(monkeypatch):
    monkeypatch.setattr(inbox, "HELD_BYTES", 0)  # every CSV and Parquet file as a large one is read


def test_a_csv_file_is_known_by_the_hash_of_its_bytes(tmp_path: Path, monkeypatch):
    p = tmp_path / "ala-01_2025-03.csv"
    p.write_bytes(export(3).encode("cp1251"))
    monkeypatch.setattr(inbox, "HELD_BYTES", p.stat().st_size)
    assert file_data(p)[1] == p.read_bytes()  # up to the size: held
    monkeypatch.setattr(inbox, "HELD_BYTES", p.stat().st_size - 1)
    digest, data = file_data(p)
    assert isinstance(data, ScannedFile) and len(data) == p.stat().st_size
    assert digest == hashlib.sha256(p.read_bytes()).hexdigest()
    assert [t.column("record_id").to_pylist() for t in file_parts(p, data)] == [["r0", "r1", "r2"]]


@pytest.mark.parametrize("replacement", [export(4), export(3).replace("AAAA", "BBBB"), export(2)])
def test_a_file_changed_between_its_two_readings_stops_the_run_naming_it(tmp_path: Path, replacement: str):
    # longer, the same length, shorter: a copy under way, or the file replaced while the run read it. Until
    # 2026-12-06 a file was read once; read twice, the cells might come from other bytes than those hashed
    p = tmp_path / "ala-01_2025-03.csv"
    p.write_text(export(3), encoding="utf-8")
    first = p.stat().st_size
    _, data = file_data(p)
    p.write_text(replacement, encoding="utf-8")
    second = len(replacement.encode())
    with pytest.raises(OSError, match=(
            f"^'ala-01_2025-03.csv' in the inbox changed while the run read it \\({first} bytes when first read, "
            f"{second} the second time\\): run again once it is complete$")) as caught:
        list(read_checked(p, data))
    assert not isinstance(caught.value, scanned_file.FileChanged)  # named here, the scan's own words cut
    p.write_text(export(3), encoding="utf-8")  # put back as it was: read as scanned
    assert sum(t.num_rows for t in read_checked(p, data)) == 3


def test_a_file_that_cannot_be_read_the_second_time_says_so(tmp_path: Path):
    p = tmp_path / "ala-01_2025-03.csv"
    p.write_text(export(3), encoding="utf-8")
    data = scan_file(p)
    p.unlink()  # taken out of a synced share meanwhile: not a refusal, which would be kept for its bytes
    with pytest.raises(OSError, match="^'ala-01_2025-03.csv' in the inbox could not be read the second time "
                                      r"\(No such file or directory\): run again once it is complete$"):
        list(read_checked(p, data))


def test_a_large_csv_file_is_never_held_whole(tmp_path: Path, monkeypatch):
    # blocks of 64 KB for a file of ~18 MB read in parts of 20,000 rows: what Python holds is of the blocks'
    # size, not the file's (until 2026-12-06 the file's bytes: 0.8 GB above the run's peak for a registry's
    # single export of 1.2 GB; the same run's peak for a file of 2.4 GB stays at that of 1.2 GB now)
    for module in (csv_reader, scanned_file, text_encoding):
        monkeypatch.setattr(module, "BLOCK", 1 << 16)
    p = tmp_path / "registry.csv"
    p.write_text(export(200_000), encoding="utf-8")
    size = p.stat().st_size
    assert size > 16_000_000

    small = tmp_path / "small.csv"
    small.write_text(export(3), encoding="utf-8")
    list(file_parts(small, scan_file(small)))  # what the reading imports on first use is not measured

    def peak(read) -> int:
        tracemalloc.start()
        try:
            assert sum(t.num_rows for t in read()) == 200_000
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    assert peak(lambda: read_parts(p, scan_file(p), 20_000, 0)) < size / 5
    assert peak(lambda: read_parts(p, p.read_bytes(), 20_000, 0)) > size  # what the measure would have seen


def test_an_inbox_read_so_gives_what_it_gave_read_whole(tmp_path: Path, monkeypatch):
    # the sample's inbox: Excel's cp1251 and ";" files, a BOM, blank and misfit rows, Parquet files, files refused
    sample = Path(__file__).resolve().parents[2] / "data" / "inbox"

    def read() -> list[tuple]:
        with inbox.reading_inbox(sample, None, PROGRAMME_TIMEZONE) as reading:
            return [(seq, path.name, digest, str(part) if isinstance(part, inbox.FileRefused) else part, first)
                    for batch in reading.batches for seq, path, digest, part, first in batch]

    streamed = read()
    monkeypatch.setattr(inbox, "HELD_BYTES", 2**40)
    held = read()
    assert streamed == held
    assert sum(1 for r in held if r[1].endswith(".csv")) == 23  # its 23 CSV files, in a part each
    assert sum(1 for r in held if r[1].endswith(".parquet")) == 7  # and 7 Parquet files
    assert any(isinstance(r[3], str) for r in held if r[1].endswith(".csv"))  # a CSV file refused, both ways


def parquet_export(path: Path, rows: int) -> None:
    import pandas as pd

    frame = pd.read_csv(io.StringIO(export(rows)), dtype=str)
    frame["client_uic"] = [f"{chr(65 + i % 26)}{chr(65 + i // 26 % 26)}XY1{1950 + i % 50}" for i in range(rows)]
    frame.to_parquet(path, row_group_size=5_000)


def test_a_large_parquet_file_is_read_from_disk_as_from_its_bytes(tmp_path: Path):
    p = tmp_path / "registry.parquet"
    parquet_export(p, 12_000)
    digest, data = file_data(p)
    assert isinstance(data, ScannedFile) and digest == hashlib.sha256(p.read_bytes()).hexdigest()
    for part_rows, whole_up_to in ((5_000, 0), (5_000, 20_000)):  # in parts, and whole
        scanned = list(read_parts(p, data, part_rows, whole_up_to))
        assert scanned == list(read_parts(p, p.read_bytes(), part_rows, whole_up_to))
        assert [t.num_rows for t in scanned] == ([5_000, 5_000, 2_000] if whole_up_to == 0 else [12_000])


@pytest.mark.parametrize("whole_up_to", [0, 20_000])
def test_a_parquet_file_changed_while_read_stops_the_run_naming_it(tmp_path: Path, monkeypatch, whole_up_to: int):
    monkeypatch.setattr(inbox, "PART_ROWS", whole_up_to)  # in parts, and whole
    monkeypatch.setattr(inbox, "BATCH_ROWS", 5_000)
    p = tmp_path / "registry.parquet"
    parquet_export(p, 12_000)
    _, data = file_data(p)
    before = p.stat().st_size
    parquet_export(p, 11_000)  # replaced meanwhile: its rows would be counted, and the other bytes recorded
    with pytest.raises(OSError, match=f"^'registry.parquet' in the inbox changed while the run read it \\({before:,} "
                                      f"bytes when first read, {p.stat().st_size:,} after\\): run again"):
        for _ in file_parts(p, data):
            pass


def test_a_large_parquet_file_gone_before_it_is_parsed_stops_the_run(tmp_path: Path):
    # not a refusal, which would be kept for its bytes: taken out of a synced share meanwhile
    p = tmp_path / "registry.parquet"
    parquet_export(p, 12_000)
    _, data = file_data(p)
    p.unlink()
    with pytest.raises(OSError, match="^'registry.parquet' in the inbox could not be read the second time "
                                      r"\(No such file or directory\): run again once it is complete$"):
        list(read_checked(p, data))


@pytest.mark.parametrize("name", ["registry.parquet", "registry.csv"])
def test_a_file_cut_short_after_its_hash_is_not_refused_under_that_hash(tmp_path: Path, monkeypatch, name: str):
    # a copy still under way when the run read it: refused as unreadable under the whole file's hash, it
    # would have stayed refused once complete (a file of the same bytes is not read again)
    (tmp_path / "in").mkdir()
    p = tmp_path / "in" / name
    if name.endswith(".parquet"):
        parquet_export(p, 12_000)
    else:
        p.write_text(export(3), encoding="utf-8")
    real = inbox.scan_file

    def hashed_then_cut(path: Path) -> ScannedFile:
        scanned = real(path)
        path.write_bytes(path.read_bytes()[:60])  # the parser refuses what is left
        return scanned

    monkeypatch.setattr(inbox, "scan_file", hashed_then_cut)
    with inbox.reading_inbox(tmp_path / "in", None, PROGRAMME_TIMEZONE) as reading:
        with pytest.raises(OSError, match=f"^'{name}' in the inbox changed while the run read it"):
            list(reading.batches)


def test_a_large_csv_files_last_line_is_judged_by_its_own_last_bytes(tmp_path: Path):
    # a row without its last empty fields is read; on the last line without a line end it may be cut short:
    # ScannedFile.tail reads those bytes from disk, as HeldFile gives them from memory
    p = tmp_path / "ala-01_2025-03.csv"
    text = export(4).replace(",result\n", ",result,linked_date,vl_copies\n").replace(",negative\n", ",negative,,\n")
    for end, reason in (("\n", None), ("", "has 11 fields where the header has 13, on the file's last line, which "
                                             "has no line end (cut short?)")):
        p.write_text(text.removesuffix(",,\n") + end, encoding="utf-8")
        _, data = file_data(p)
        assert isinstance(data, ScannedFile) and data.tail(5) == p.read_bytes()[-5:]
        (part,) = file_parts(p, data)
        assert part.column("record_id").to_pylist() == ["r0", "r1", "r2", "r3"]
        errors = part.column("_row_error").to_pylist() if "_row_error" in part.column_names else [None] * 4
        assert errors == [None, None, None, reason]
