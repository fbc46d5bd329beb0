"""Reading files as they arrive, and refusing the ones that cannot be read."""

import pytest

import datetime as dt
import io
import tempfile
import zipfile
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipelines.lib import csv_reader, scanned_file, xlsx_reader, xlsx_sheet
from pipelines.lib.cells import (ROW_ERROR, ROW_NUMBER, column_text, distinct_headers, may_hold, numbered,
                                 rows_through, unnumbered_if_in_sequence, without_controls)
from pipelines.lib.contract import READ_AS
from pipelines.lib.csv_width import widened
from pipelines.lib.text_encoding import BOM, text_encoding
from pipelines.lib.readers import FileRefused, read_file, read_parts

_TEMPORARY_DIRECTORY = tempfile.TemporaryDirectory

CSV = "record_id,client_uic, TEST_DATE \nr1,aibu11990,2025-03-01\nr2,ЮЛAL22002,2025-03-02\n"


def test_utf8_csv_headers_normalised(tmp_path):
    p = tmp_path / "a.csv"
    p.write_text(CSV, encoding="utf-8")
    t = read_file(p)
    assert t.column_names == ["record_id", "client_uic", "test_date"]
    assert t.column("client_uic").to_pylist() == ["aibu11990", "ЮЛAL22002"]


def _written(frame: pd.DataFrame, p: Path) -> Path:
    """``frame`` saved as the file ``p`` names: CSV, Parquet or a workbook."""
    if p.suffix == ".csv":
        frame.to_csv(p, index=False)
    elif p.suffix == ".parquet":
        frame.to_parquet(p)
    else:
        frame.to_excel(p, index=False)
    return p


@pytest.mark.parametrize("suffix", [".csv", ".parquet", ".xlsx"])
def test_headings_with_invisible_format_characters_are_the_contracts(tmp_path, suffix):
    # a zero-width space, a word joiner, a soft hyphen copied with a heading: until 2026-12-06 the file was
    # refused, "required columns missing: record_id" beside a header that showed "record_id"
    frame = pd.DataFrame({"\u200brecord_id": ["r1"], "client_uic\u2060": ["aibu11990"], "TEST\u00ad_DATE": ["2025-03-01"]})
    t = read_file(_written(frame, tmp_path / f"a{suffix}"))
    assert t.column_names == ["record_id", "client_uic", "test_date"]
    assert t.column("client_uic").to_pylist() == ["aibu11990"]


@pytest.mark.parametrize("suffix", [".csv", ".parquet", ".xlsx"])
def test_headings_are_the_contract_s_whatever_separates_their_words(tmp_path, suffix):
    # a template's "Record ID", a tool's "client-uic", "Test Date", "TestDate": until 2026-12-07 the file was
    # refused, "required columns missing"; a heading of other words stays as written
    frame = pd.DataFrame({"Record ID": ["r1"], "client-uic": ["aibu11990"], "TestDate": ["2025-03-01"],
                          "vl.copies (copies/mL)": ["50"], "Site – Code": ["ALA-01"], "age [years]": ["30"],
                          "Record ID notes": ["x"], "---": ["y"], "(note)": ["z"], "Sex (телефон)": ["+7 701"]})
    # a note naming an identifier keeps its heading, which the identifier checks then see (and refuse)
    assert read_file(_written(frame, tmp_path / f"a{suffix}")).column_names == [
        "record_id", "client_uic", "test_date", "vl_copies", "site_code", "age", "record id notes", "---", "(note)",
        "sex (телефон)"]


@pytest.mark.parametrize("suffix", [".csv", ".parquet", ".xlsx"])
def test_a_bilingual_template_s_headings_are_the_contract_s(tmp_path, suffix):
    # a template headed in Russian with the contract's names beside: until 2026-12-07 refused, "required
    # columns missing". Two of the contract's names in one heading, or another part naming an identifier
    # ("ФИО / client_uic"), keep the heading whole: not a column, and the identifier checks see it
    frame = pd.DataFrame({"Код записи / record_id": ["r1"], "client_uic | УИК": ["aibu11990"],
                          "Дата теста (test_date)": ["2025-03-01"], "Код сайта\nsite_code": ["ALA-01"],
                          "Пол / Sex": ["male"], "linked_date / art_start_date": ["x"], "ФИО / age": ["y"],
                          "Примечание / notes": ["z"]})
    assert read_file(_written(frame, tmp_path / f"a{suffix}")).column_names == [
        "record_id", "client_uic", "test_date", "site_code", "sex", "linked_date / art_start_date", "фио / age",
        "примечание / notes"]
    from pipelines.lib.header_words import header_identifier

    assert header_identifier("фио / age") == "name"  # the file is then refused for it


@pytest.mark.parametrize("suffix", [".csv", ".parquet", ".xlsx"])
def test_a_form_tools_headings_with_their_groups_are_the_contract_s(tmp_path, suffix):
    # ODK Central's export names a field in a group after the groups, joined by "-" (until 2026-12-07 refused,
    # "required columns missing"); KoboToolbox's by "/". A group named as an identifier keeps the heading whole
    frame = pd.DataFrame({"meta-instanceID": ["uuid:1"], "client-client_uic": ["aibu11990"],
                          "visit-test-test_date": ["2025-03-01"], "care-VL-Copies": ["50"], "client/sex": ["male"],
                          "a/b/site_code": ["ALA-01"], "phone-age": ["30"], "x-": ["y"],
                          # a word before the name that makes it another's: kept as written
                          "visit-pre-test_date": ["2025-02-28"], "Partner-Age": ["31"], "pre/test_date": ["z"]})
    assert read_file(_written(frame, tmp_path / f"a{suffix}")).column_names == [
        "meta-instanceid", "client_uic", "test_date", "vl_copies", "sex", "site_code", "phone-age", "x-",
        "visit-pre-test_date", "partner-age", "pre/test_date"]
    from pipelines.lib.header_words import header_identifier

    assert header_identifier("phone-age") == "phone number"  # the file is then refused for it


def test_a_contract_column_in_two_of_a_form_s_groups_refuses_its_file(tmp_path):
    p = _written(pd.DataFrame({"record_id": ["r1"], "visit1-test_date": ["2025-03-01"],
                               "visit2-test_date": ["2025-04-01"]}), tmp_path / "a.csv")
    with pytest.raises(FileRefused, match="column 'test_date' appears more than once in the header"):
        read_file(p)


def test_excel_s_csv_ms_dos_reads_as_its_windows_1251_csv(tmp_path):
    # "CSV (MS-DOS)" on a Russian Windows writes DOS code page 866: until 2026-12-07 read as Windows-1251, its
    # Cyrillic UICs and country names garbled ("ЮЛ" as "ћ‹") and held back. Each of the sample's Windows-1251
    # exports, saved so, reads as it does.
    samples = [p for p in sorted((Path(__file__).resolve().parents[2] / "data" / "inbox").glob("*.csv"))
               if text_encoding(p.read_bytes()) == (0, "cp1251")]
    assert len(samples) == 7
    for sample in samples:
        (tmp_path / "dos.csv").write_bytes(sample.read_bytes().decode("cp1251").encode("cp866"))
        assert text_encoding((tmp_path / "dos.csv").read_bytes()) == (0, "cp866")
        assert read_file(tmp_path / "dos.csv") == read_file(sample), sample.name


def test_a_quote_left_open_in_the_header_takes_no_row_as_a_heading(tmp_path):
    # a stray quote before "test_date" and another in the row after it, which pair: the header is its first
    # line, as before 2026-12-07 (a heading's line break is in a quoted field without a delimiter)
    p = tmp_path / "stray.csv"
    p.write_text('record_id,client_uic,"test_date,site_code\nr1,Иванов Иван",2025-03-01,ALA-01\n', encoding="utf-8")
    assert read_file(p).column_names[:3] == ["record_id", "client_uic", "test_date,site_code"]
    assert "иванов иван" not in " ".join(read_file(p).column_names).lower()


def test_cp1251_semicolon_and_bom(tmp_path):
    p = tmp_path / "b.csv"
    p.write_bytes(CSV.replace(",", ";").encode("cp1251"))
    assert read_file(p).column("client_uic").to_pylist()[1] == "ЮЛAL22002"
    q = tmp_path / "c.csv"
    q.write_bytes(b"\xef\xbb\xbf" + CSV.replace(",", ";").encode("utf-8"))
    assert read_file(q).column_names[0] == "record_id"


def test_line_ends_of_any_kind(tmp_path):
    for end in ("\n", "\r\n", "\r"):  # CR alone: "CSV (Macintosh)" as older Excel for Mac saves it
        p = tmp_path / "ends.csv"
        p.write_bytes(end.join(["record_id;client_uic", "r1;AAAA11990", "r2;BBBB11990", ""]).encode("cp1251"))
        t = read_file(p)
        assert t.column_names == ["record_id", "client_uic"]
        assert t.column("record_id").to_pylist() == ["r1", "r2"], end


def test_may_hold_searches_a_slices_own_text():
    # the line-end and header searches: a Parquet file's parts are slices of one buffer, which searched whole
    # made the header search take 1.8 s of a ten-million-row ingest (until 2026-12-07)
    column = pa.chunked_array([pa.array(["r1", "record_id", "r3", None, "a\nb", "r6"])])
    assert may_hold(column, b"ecord") and may_hold(column, b"\n", b"\r")
    assert not may_hold(column.slice(2), b"ecord") and not may_hold(column.slice(0, 4), b"\n", b"\r")
    assert may_hold(column.slice(1, 1), b"ecord") and may_hold(column.slice(4, 1), b"\r", b"\n")
    assert not may_hold(column.slice(3, 1), b"r") and not may_hold(pa.chunked_array([pa.array([1, 2])]), b"1")
    assert not may_hold(pa.chunked_array([], pa.string()), b"r")


def test_without_controls_reads_a_tab_as_a_space_and_a_nul_as_nothing():
    column = pa.chunked_array([pa.array(["ALA-01\t", "A\x00B", "\x00", None, "x\r\ny", "é\x1a"]),
                               pa.array(["plain"])])
    assert without_controls(column).to_pylist() == ["ALA-01 ", "AB", None, None, "x  y", "é", "plain"]
    plain = pa.chunked_array([pa.array(["ALA-01", "Ж 7"]), pa.array([None], pa.string())])
    assert without_controls(plain) is plain  # untouched where no byte is a control character
    sliced = pa.chunked_array([pa.array(["a\t", "b", "c"])]).slice(1)
    assert without_controls(sliced) is sliced  # a slice's own bytes looked at


def test_a_file_of_another_kind_than_its_ending_says_so(tmp_path):
    # renamed to pass an upload form: until 2026-12-07 "binary content, not a text CSV file", or Arrow's
    # "Parquet magic bytes not found in footer. Either the file is corrupted or this is not a parquet file."
    frame = pd.DataFrame({"record_id": ["r1"], "client_uic": ["AIBU11990"]})
    workbook, parquet, text = (_written(frame, tmp_path / n) for n in ("w.xlsx", "p.parquet", "t.csv"))
    for content, name, reason in (
            (workbook, "a.csv", "a zip archive (an Excel workbook?) named .csv, not CSV text: name a workbook .xlsx"),
            (parquet, "b.csv", "a Parquet file named .csv: name it .parquet"),
            (parquet, "c.xlsx", "a Parquet file named .xlsx: name it .parquet"),
            (workbook, "d.parquet", "a zip archive (an Excel workbook?) named .parquet, not Parquet: name a "
                                    "workbook .xlsx"),
            (text, "e.parquet", "text (a CSV file?) named .parquet, not Parquet: name a CSV file .csv"),
            # UTF-16 text (Excel's "Unicode Text"), NULs among its bytes: until 2026-12-07 Arrow's words
            ("utf-16", "f.parquet", "text (a CSV file?) named .parquet, not Parquet: name a CSV file .csv")):
        p = tmp_path / name
        p.write_bytes(content.read_bytes() if content != "utf-16" else text.read_text().encode("utf-16"))
        for read in (lambda: read_file(p), lambda: list(read_parts(p, p.read_bytes(), 10, 0))):
            with pytest.raises(FileRefused) as refused:
                read()
            assert str(refused.value).startswith(reason), name
    # each as its own ending says: read
    assert [read_file(p).column("record_id").to_pylist() for p in (workbook, parquet, text)] == [["r1"]] * 3
    # an ending not read at all is refused for it, whatever the content (a workbook zipped to mail it)
    p = tmp_path / "f.zip"
    p.write_bytes(workbook.read_bytes())
    with pytest.raises(FileRefused, match=r"^unsupported file type \.zip: .* \(an archive: unpack its files"):
        list(read_parts(p, p.read_bytes(), 10, 0))


def test_dos_end_of_file_mark_is_no_row(tmp_path):
    # Ctrl+Z on a line of its own, as `copy /a` and older tools end a file: until 2026-12-07 a row held as
    # "has 1 fields where the header has 2", which no one could mend in Excel. Beside a value it is a value
    p = tmp_path / "z.csv"
    p.write_bytes(b"record_id;client_uic\r\nr1;AAAA11990\r\n\x1a\r\nr2;BBBB11990\r\n\x1a")
    t = read_file(p)
    assert t.column("record_id").to_pylist() == ["r1", "r2"] and ROW_ERROR not in t.column_names
    assert t.column(ROW_NUMBER).to_pylist() == [1, 3]  # the mark's line numbered, as a blank line is
    p.write_bytes(b"record_id;client_uic\r\nr1;AAAA11990\r\n\x1ar2\r\n")
    assert read_file(p).column(ROW_ERROR).to_pylist() == [
        None, "has 1 fields where the header has 2 (truncated, or a stray delimiter)"]


def test_quoted_commas_and_newlines(tmp_path):
    p = tmp_path / "q.csv"
    p.write_text('record_id,site_code\nr1,"ALA-01, ""main"""\n', encoding="utf-8")
    assert read_file(p).column("site_code").to_pylist() == ['ALA-01, "main"']


HEADINGS = "record_id,client_uic,test_date,site_code,country_of_origin,migrant_group,residence_status,sex,age," \
           "key_population,result,notes"


def _record(i: int, key_population: str = "sw", notes: str = "") -> str:
    return f"r{i},AIBU11990,2025-03-01,ALA-01,TJK,labour_migrant,work_permit,male,35,{key_population},negative,{notes}"


@pytest.mark.parametrize("rows, reason", [
    # a quote opened at a field's start and never closed: the rest of the file was one value, the row held as
    # "has 3 fields where the header has 12" and the three records after it lost unseen (until 2026-12-07; this
    # file was refused for "a value that looks like a phone number" in the dates it swallowed)
    ([_record(1), _record(2, '"sw'), _record(3), _record(4), _record(5)],
     "row 2: the value in column 'key_population' begins with a quote that is not closed where its line ends, so "
     "the 3 line(s) after it were read into that one value, 3 of them with a record's fields"),
    # in the last column the row has every field: its note held the records after it
    ([_record(1), _record(2, notes='"call back'), _record(3)],
     "row 2: the value in column 'notes' begins with a quote that is not closed where its line ends, so the 1 "
     "line(s) after it were read into that one value, 1 of them with a record's fields"),
    # closed by a quote further down: the lines up to it
    ([_record(1, '"sw'), _record(2), _record(3, notes='a "quoted" word'), _record(4)],
     "row 1: the value in column 'key_population' begins with a quote that is not closed where its line ends, so "
     "the 2 line(s) after it were read into that one value, 2 of them with a record's fields"),
])
def test_a_quote_left_open_refuses_the_file_naming_its_row_and_column(tmp_path, rows, reason):
    p = tmp_path / "a.csv"
    p.write_text("\n".join([HEADINGS] + rows) + "\n", encoding="utf-8")
    with pytest.raises(FileRefused) as refused:
        read_file(p)
    assert str(refused.value).startswith(reason + ": close the quote, or write a quote within a value as two")
    p.write_text("\r\n".join([HEADINGS.replace(",", ";")] + [r.replace(",", ";") for r in rows]) + "\r\n",
                 encoding="cp1251")  # Excel's, by semicolons
    with pytest.raises(FileRefused, match=reason.replace("(", r"\(").replace(")", r"\)")):
        read_file(p)


def test_a_value_on_several_lines_is_read_as_one(tmp_path, monkeypatch):
    # a note typed on two lines (Alt+Enter), quoted as it should be, even with a record's worth of commas on
    # its first line: not a quote left open
    note = '"called 3 times, no answer, left a message, will call again, mon, tue, wed, thu, fri, sat, sun\nagain"'
    p = tmp_path / "a.csv"
    p.write_text("\n".join([HEADINGS, _record(1), _record(2, notes=note), _record(3)]) + "\n", encoding="utf-8")
    table = read_file(p)
    assert table.column("record_id").to_pylist() == ["r1", "r2", "r3"] and ROW_ERROR not in table.column_names
    assert table.column("notes").to_pylist()[1].endswith("sun\nagain")
    # in a part of its own, further on: the row named as the file numbers it
    monkeypatch.setattr(csv_reader, "BLOCK", 4096)
    monkeypatch.setattr(scanned_file, "BLOCK", 4096)
    rows = [_record(i) for i in range(1, 2_001)]
    rows[1_994] = _record(1_995, notes='"no "" doubled quote')
    p.write_text("\n".join([HEADINGS] + rows) + "\n", encoding="utf-8")
    with pytest.raises(FileRefused, match=r"^row 1995: the value in column 'notes' .* the 5 line\(s\) after it"):
        list(read_parts(p, p.read_bytes(), part_rows=500, whole_up_to=0))
    # taking more than a block (16 MB; here 4,096 bytes) into one value: until 2026-12-07 "cannot be parsed as
    # CSV: ArrowInvalid: straddling object straddles two block boundaries (try to increase block size?)"
    rows[1_994], rows[1_733] = _record(1_995), _record(1_734, notes='"no "" doubled quote')
    p.write_text("\n".join([HEADINGS] + rows) + "\n", encoding="utf-8")
    with pytest.raises(FileRefused, match=r"^a row after row 1\d{3} runs on for more than 4,096 bytes, over many "
                                          "lines: a value begun with a quote that is never closed"):
        list(read_parts(p, p.read_bytes(), part_rows=500, whole_up_to=0))


def test_utf16_text_is_read_as_the_text_it_holds(tmp_path, monkeypatch):
    # Excel's "Unicode Text" (tab-separated UTF-16, little-endian, after its byte-order mark) named .csv, and a
    # database tool's big-endian export: until 2026-12-07 (forty-fourth session) refused as "UTF-16 text".
    # A file the inbox does not hold in memory is read the same, from a UTF-8 copy of its own
    rows = [["record_id", "client_uic", "country_of_origin"], ["r1", "ЮЛAL22002", "Таджикистан"],
            ["r2", "AIBU11990", "Кыргызстан 🇰🇬"]]
    # Without its mark, as SQL Server's "bcp -w" writes it: until 2026-12-08 refused as binary content
    for codec, delimiter, mark in (("utf-16-le", "\t", "\ufeff"), ("utf-16-be", ",", "\ufeff"),
                                   ("utf-16-le", ",", ""), ("utf-16-be", "\t", "")):
        p = tmp_path / f"{codec}{mark and '-marked'}.csv"
        p.write_bytes((mark + "\r\n".join(delimiter.join(r) for r in rows) + "\r\n").encode(codec))
        for data in (p.read_bytes(), scanned_file.scan_file(p)):
            table = read_file(p, data)
            assert table.column_names == rows[0]
            assert [list(r.values()) for r in table.to_pylist()] == rows[1:]
    folders = []
    monkeypatch.setattr(tempfile, "TemporaryDirectory", lambda **kw: _Kept(folders, **kw))
    read_file(p, scanned_file.scan_file(p))
    assert folders and not any(Path(f).exists() for f in folders)  # the copy is deleted once read


class _Kept:
    """tempfile.TemporaryDirectory, its folder's name noted."""

    def __init__(self, folders: list[str], **kwargs) -> None:
        self._dir = _TEMPORARY_DIRECTORY(**kwargs)
        folders.append(self._dir.name)

    def __enter__(self) -> str:
        return self._dir.__enter__()

    def __exit__(self, *exc) -> None:
        self._dir.__exit__(*exc)


@pytest.mark.parametrize("content, words", [
    (b"", "empty"),
    (b"\x00\x01\x02binary\x00", "binary"),
    # UTF-16 (read since 2026-12-07, forty-fourth session) that is none: a lone surrogate, an odd byte at the end
    ("\ufeffrecord_id\tclient_uic\r\nr1\tAIBU11990\r\n".encode("utf-16-le") + b"\x00\xd8",
     "UTF-16-LE text .* bytes that are not UTF-16: save the sheet as \"CSV UTF-8\""),
    ("\ufeffrecord_id,client_uic\nr1,AIBU11990\n".encode("utf-16-be") + b"\x00", "UTF-16-BE text"),
    ("\ufeffrecord_id,client_uic\nr1,\x00\n".encode("utf-16-le"), "binary"),
    ("record_id,client_uic\nr1,AIBU11990\n".encode("utf-16-le") + b"\x00\xd8",  # without its mark
     "UTF-16-LE text \\(without a byte-order mark\\) with bytes that are not UTF-16"),
    ("record\x00_id,client_uic\n".encode("utf-16-le"), "binary"),
    (b"\x00\x00\x01\x00" + "record_id,client_uic".encode("utf-16-le"), "binary"),  # not ASCII beside NULs first
    ("record_id,client_uic\nr1,ЮЛ".encode("utf-8") + "ЮЛ".encode("cp1251"), "mixed encodings"),
    (b"record_id client_uic\nr1 x\n", "no delimiter"),
    (b"record_id,record_id\nr1,r2\n", "more than once"),
])
def test_refused_with_reason(tmp_path, content, words):
    p = tmp_path / "bad.csv"
    p.write_bytes(content)
    with pytest.raises(FileRefused, match=words):
        read_file(p)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet"])
def test_a_repeated_header_name_is_quoted_only_when_it_holds_no_number(tmp_path, suffix):
    # a file without its header row whose first record repeats a phone number in two columns
    for header, reason in ((["record_id", "notes", "record_id"],
                            "column 'record_id' appears more than once in the header"),
                           (["r1", "+7 701 555 43 21", "+7 701 555 43 21"],
                            "the name of column 3 appears more than once in the header (column 2 too; the first row "
                            "holds numbers, so it is not shown: is the header row missing?)"),
                           (["r1", "Rakhimov Rustam", "Rakhimov Rustam"],  # quoted until the evening of 2026-12-05
                            "the name of column 3 appears more than once in the header (column 2 too; it may be a "
                            "person's name, so it is not shown)")):
        path = tmp_path / f"a{suffix}"
        frame = pd.DataFrame([["x", "y", "z"]], columns=header)
        if suffix == ".csv":
            path.write_text(frame.to_csv(index=False), encoding="utf-8")
        elif suffix == ".xlsx":
            frame.to_excel(path, index=False)
        else:
            pq.write_table(pa.table([pa.array([v]) for v in ("x", "y", "z")], names=header), path)
        with pytest.raises(FileRefused) as refused:
            read_file(path)
        assert str(refused.value) == reason


def test_unsupported_and_broken_workbook(tmp_path):
    (tmp_path / "a.txt").write_text("x")
    with pytest.raises(FileRefused, match="unsupported"):
        read_file(tmp_path / "a.txt")
    # a workbook cut short (its archive's directory is at its end), and text named .xlsx: until 2026-12-07
    # both read "cannot be parsed as XLSX: BadZipFile: File is not a zip file"
    (tmp_path / "b.xlsx").write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(FileRefused, match=r"^the workbook is cut short or damaged \(its archive has no end"):
        read_file(tmp_path / "b.xlsx")
    (tmp_path / "c.xlsx").write_text("record_id,client_uic\nr1,AIBU11990\n")
    with pytest.raises(FileRefused, match=r"^not an Excel workbook: its content is of another kind"):
        read_file(tmp_path / "c.xlsx")
    # a whole archive that is no workbook: the parser's own words, as before
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("notes.txt", "x")
    (tmp_path / "d.xlsx").write_bytes(archive.getvalue())
    with pytest.raises(FileRefused, match="cannot be parsed as XLSX"):
        read_file(tmp_path / "d.xlsx")


def _encrypted_workbook(password: str) -> bytes:
    """A workbook as Excel saves it with a password: encrypted inside Office's compound-file container."""
    import openpyxl
    from msoffcrypto.format.ooxml import OOXMLFile

    book = openpyxl.Workbook()
    book.active.append(["record_id", "client_uic", "test_date"])
    book.active.append(["r1", "AIBU11990", "2025-03-01"])
    plain, encrypted = io.BytesIO(), io.BytesIO()
    book.save(plain)
    plain.seek(0)
    OOXMLFile(plain).encrypt(password, encrypted)
    return encrypted.getvalue()


def test_a_workbook_of_chart_sheets_alone_says_so(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    book.create_chartsheet("chart").add_chart(openpyxl.chart.BarChart())
    book.remove(book["Sheet"])
    book.save(tmp_path / "a.xlsx")
    with pytest.raises(FileRefused, match="^the workbook has no worksheet, only chart sheets: the records must be on "
                                          "a worksheet$"):
        read_file(tmp_path / "a.xlsx")


def test_a_password_protected_or_old_workbook_is_refused_saying_what_to_do(tmp_path):
    # until 2026-12-07 both read "cannot be parsed as XLSX: BadZipFile: File is not a zip file"
    (tmp_path / "a.xlsx").write_bytes(_encrypted_workbook("secret"))
    with pytest.raises(FileRefused, match=r"^a password-protected workbook: .*remove the password"):
        read_file(tmp_path / "a.xlsx")
    # the same container holding no encrypted workbook (its stream renamed, names of the same length): what
    # Excel 97-2003 writes, an .xls file named .xlsx
    renamed = ("EncryptedPackage".encode("utf-16-le"), "WorkbookContents".encode("utf-16-le"))
    old = _encrypted_workbook("secret").replace(*renamed)
    (tmp_path / "b.xlsx").write_bytes(old)
    with pytest.raises(FileRefused, match=r"^an Excel 97-2003 workbook \(\.xls\) named \.xlsx: .*save it as \.xlsx"):
        read_file(tmp_path / "b.xlsx")


def _strict(workbook: bytes) -> bytes:
    """``workbook`` in the namespaces of Excel's "Strict Open XML Spreadsheet" (ISO/IEC 29500 Strict)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(workbook)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            part = zin.read(info.filename).replace(b"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
                                                   b"http://purl.oclc.org/ooxml/spreadsheetml/main")
            zout.writestr(info, part.replace(b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
                                             b"http://purl.oclc.org/ooxml/officeDocument/relationships"))
    return out.getvalue()


def test_a_strict_open_xml_workbook_is_refused_saying_how_to_save_it(tmp_path):
    # openpyxl finds no worksheet in one: until 2026-12-07 refused as "the first sheet has no header row"
    import openpyxl

    book, plain = openpyxl.Workbook(), io.BytesIO()
    book.active.append(["record_id", "client_uic"])
    book.save(plain)
    (tmp_path / "a.xlsx").write_bytes(_strict(plain.getvalue()))
    with pytest.raises(FileRefused, match=r"^a workbook saved as Strict Open XML, which is not read: open it in "
                                          r"Excel and save it as Excel Workbook \(\.xlsx\) or as CSV UTF-8$"):
        read_file(tmp_path / "a.xlsx")
    (tmp_path / "b.xlsx").write_bytes(plain.getvalue())  # the same workbook as Excel saves it by default
    assert read_file(tmp_path / "b.xlsx").column_names == ["record_id", "client_uic"]


REQUIRED = ("record_id", "client_uic", "test_date", "site_code", "country_of_origin", "migrant_group",
            "residence_status", "sex", "age", "key_population", "result")  # as the contract says


def _sheet_at(tmp_path, cells: dict[str, object]):
    import openpyxl

    book = openpyxl.Workbook()
    for ref, value in cells.items():
        book.active[ref] = value
    path = tmp_path / "a.xlsx"
    book.save(path)
    return path


@pytest.mark.parametrize("cells, reason", [
    # a table begun lower or further right, as hand-made sheets are: until 2026-12-07 "the first sheet has no
    # header row" and "the header row has an empty cell (merged or missing header cells)"
    ({**{f"{chr(65 + i)}3": name for i, name in enumerate(REQUIRED)}, "A4": "r1"},
     "the header is in row 3 of the file: delete the 2 row(s) above it (a title, or blank rows), as the header "
     "must be the first row"),
    ({"B1": "record_id", "C1": "client_uic", "B2": "r1"},
     "the header begins in column B: delete the empty column(s) before it, as the header must begin in column A"),
    ({"A1": "record_id", "C1": "client_uic", "A2": "r1"},  # a gap amid the headings: merged, or one missing
     "the header row has an empty cell in column B (merged or missing header cells): give each column its own "
     "heading in row 1, or delete an empty column"),
    ({"A1": "record_id", "C1": "client_uic", "F1": "test_date"},  # until 2026-12-07 no column was named
     "the header row has an empty cell in columns B, D, E (merged or missing header cells): give each column its "
     "own heading in row 1, or delete an empty column"),
    ({"A1": "record_id", "C1": "client_uic", "F1": "test_date", "XFD1": "note"},  # until 2026-12-07 every one
     "the header row has an empty cell in columns B, D, E, G:XFC (merged or missing header cells): give each "
     "column its own heading in row 1, or delete an empty column"),
    ({"A1": "record_id", "D1": "client_uic"},
     "the header row has an empty cell in columns B, C (merged or missing header cells): give each column its own "
     "heading in row 1, or delete an empty column"),
    ({"A1": "record_id", "E1": "client_uic"},
     "the header row has an empty cell in columns B:D (merged or missing header cells): give each column its own "
     "heading in row 1, or delete an empty column"),
    ({"A5": "note"}, "the first sheet has no header row"),
])
def test_a_sheet_whose_table_does_not_begin_at_a1_is_refused_saying_where_it_begins(tmp_path, cells, reason):
    with pytest.raises(FileRefused) as refused:
        read_file(_sheet_at(tmp_path, cells))
    assert str(refused.value) == reason


@pytest.mark.parametrize("suffix, advice", [
    (".xls", "an Excel 97-2003 workbook: open it in Excel and save it as .xlsx or as CSV UTF-8"),
    (".ods", "a LibreOffice or OpenOffice sheet: save it as .xlsx or as CSV UTF-8"),
    (".zip", "an archive: unpack its files into the inbox and remove it"),
    (".tsv", "tab-separated text: name it .csv (a tab is read as the delimiter)"),
    # until 2026-12-07 (forty-fourth session) "save the sheet as CSV UTF-8": UTF-16 was refused
    (".txt", "text: a sheet Excel saved as \"Unicode Text\" or \"Text (Tab delimited)\" is read when named .csv; "
             "else save the sheet as CSV UTF-8 (.csv)"),
    (".pdf", None),
])
def test_a_file_of_another_kind_is_refused_with_what_it_needs(tmp_path, suffix, advice):
    (tmp_path / f"a{suffix}").write_bytes(b"x")
    with pytest.raises(FileRefused) as refused:
        read_file(tmp_path / f"a{suffix}")
    said = f"unsupported file type {suffix}: expected .csv, .xlsx or .parquet"
    assert str(refused.value) == (f"{said} ({advice})" if advice else said)


def test_xlsx_formula_is_text_never_evaluated(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["record_id", "site_code"])
    ws.append(["r1", '=HYPERLINK("http://x","y")'])
    wb.save(tmp_path / "f.xlsx")
    assert read_file(tmp_path / "f.xlsx").column("site_code").to_pylist() == ['=HYPERLINK("http://x","y")']


def test_xlsx_rows_and_columns_beyond_a_stated_range_too_small_are_read(tmp_path):
    # a workbook states its used range in <dimension>; some writers state it too small
    _workbook(tmp_path / "w.xlsx", [["record_id", "client_uic", "site_code"]] +
              [[f"r{i}", "ABCD11990", "ALA-01"] for i in range(10)])
    with zipfile.ZipFile(tmp_path / "w.xlsx") as z:
        parts = {i: z.read(i.filename) for i in z.infolist()}
    with zipfile.ZipFile(tmp_path / "small.xlsx", "w") as z:
        for info, data in parts.items():
            if info.filename == "xl/worksheets/sheet1.xml":
                assert b'<dimension ref="A1:C11"' in data
                data = data.replace(b'<dimension ref="A1:C11"', b'<dimension ref="A1:B3"')
            z.writestr(info, data)
    table = read_file(tmp_path / "small.xlsx")
    assert table.column_names == ["record_id", "client_uic", "site_code"]
    assert table.column("record_id").to_pylist() == [f"r{i}" for i in range(10)]
    assert table.column("site_code").to_pylist() == ["ALA-01"] * 10


def test_a_workbook_made_into_text_columns_a_block_at_a_time_is_the_same(tmp_path, monkeypatch):
    rows = [["record_id", "age", "test_date"]]
    for i in range(11):  # blank rows (empty, or whitespace only) fall in and across blocks
        rows.append([f"r{i}", 20 + i, dt.date(2025, 1, 1 + i)] if i % 4 else [None, "  ", None])
    _workbook(tmp_path / "w.xlsx", rows)
    whole = read_file(tmp_path / "w.xlsx")
    assert whole.column("record_id").to_pylist() == [f"r{i}" for i in range(11) if i % 4]
    assert whole.column("test_date").to_pylist()[0] == "2025-01-02"
    for block in (1, 2, 3, 5):
        monkeypatch.setattr(xlsx_reader, "XLSX_BLOCK", block)
        assert read_file(tmp_path / "w.xlsx") == whole
    _workbook(tmp_path / "h.xlsx", [["record_id", "age"], [None, None]])
    assert read_file(tmp_path / "h.xlsx").num_rows == 0


def test_column_text_is_cell_text_of_each_value():
    # a column of text only takes the short way; any other value, cell_text's
    assert column_text(["a", " ", None, "", "\u00a0b "]) == ["a", None, None, None, "\u00a0b "]
    assert column_text([2.0, 2.5, True, dt.date(2025, 3, 1), dt.datetime(2025, 3, 1, 8, 30), 7, " "]) == [
        "2", "2.5", "true", "2025-03-01", "2025-03-01 08:30:00", "7", None]
    assert column_text(()) == []


def test_a_date_time_cell_in_a_date_column_of_a_workbook_is_its_date(tmp_path, monkeypatch):
    # a field tool's timestamps in test_date: date cells (Excel has no other kind), so their dates; a
    # date-time elsewhere keeps its time, and text that is not a date stays text (held by the contract)
    stamp = dt.datetime(2025, 3, 1, 8, 30)
    _workbook(tmp_path / "w.xlsx", [["record_id", "Test_Date", "notes", "vl_date"],
                                    ["r1", stamp, stamp, "2025-03-02 09:00:00"],
                                    ["r2", dt.datetime(2025, 3, 2), None, dt.datetime(2025, 3, 3, 23, 59, 59)]])
    expected = {"test_date": ["2025-03-01", "2025-03-02"], "notes": ["2025-03-01 08:30:00", None],
                "vl_date": ["2025-03-02 09:00:00", "2025-03-03"]}
    table = read_file(tmp_path / "w.xlsx")
    assert {c: table.column(c).to_pylist() for c in expected} == expected
    # the same from openpyxl, which reads what the sheet reader leaves
    monkeypatch.setattr(xlsx_sheet, "sheet_rows", lambda data, merged: (_ for _ in ()).throw(ValueError("left")))
    assert read_file(tmp_path / "w.xlsx") == table
    assert column_text([stamp, dt.date(2025, 3, 1)], date_only=True) == ["2025-03-01", "2025-03-01"]


def test_a_workbook_s_rows_under_merged_cells_carry_their_reason_by_either_reader(tmp_path, monkeypatch):
    # site_code merged over an outreach day's rows 2-4 (its value in B2), a blank row 5, notes merged (not
    # in the contract): the sheet's rows 3 and 4 (data rows 2 and 3) are to be held
    import openpyxl

    wb = openpyxl.Workbook()
    for row in [("record_id", "site_code", "notes"), ("r1", "ALA-01", "day 1"), ("r2",), ("r3",), (), ("r4", "AST-02")]:
        wb.active.append(row)
    wb.active.merge_cells("B2:B4")
    wb.active.merge_cells("C2:C6")
    wb.save(tmp_path / "m.xlsx")
    table = read_file(tmp_path / "m.xlsx")
    assert table.column("record_id").to_pylist() == ["r1", "r2", "r3", "r4"]
    assert table.column(ROW_NUMBER).to_pylist() == [1, 2, 3, 5]
    assert [r and r.split(", whose")[0] for r in table.column(ROW_ERROR).to_pylist()] == [
        None, "cell B3 (site_code) is part of merged cells B2:B4", "cell B4 (site_code) is part of merged cells B2:B4",
        None]
    monkeypatch.setattr(xlsx_sheet, "sheet_rows", lambda data, merged: (_ for _ in ()).throw(ValueError("left")))
    assert read_file(tmp_path / "m.xlsx") == table  # openpyxl's cells, the ranges from a pass of their own


def test_encoding_prefers_utf8():
    assert text_encoding("Россия".encode("utf-8")) == (0, "utf-8")
    assert text_encoding("Россия".encode("cp1251")) == (0, "cp1251")
    assert text_encoding(b"\xef\xbb\xbf" + "Россия".encode("utf-8")) == (3, "utf-8")


def test_windows_1251_that_happens_to_pair_as_utf8_is_windows_1251():
    # a capital letter then Ё, №, « or a no-break space pairs as UTF-8 does ("ЖЁ" is C6 A8, UTF-8's "ƨ"): until
    # 2026-12-06 a file whose only such text was that was read as UTF-8 (its UICs held with "ƨ" in them), or
    # refused as mixed when a byte that is not UTF-8 came later
    for text in ("r1,AЖЁA11990\n", "r1,AЖЁЁ11990\n", "r1,ПЁАЛ11990,Таджикистан\n", "ТЕСТ\u00a0№5\n", "ФЁ«x»\n"):
        assert text_encoding(text.encode("cp1251")) == (0, "cp1251"), text
    # UTF-8 text of these files stays so: Russian, Kazakh, Uzbek, typography, a Turkish or French name, Greek
    for text in ("Россия,Таджикистан,ЁЛКА №5 «x» –", "Қазақстан Әлия Өмір Ұлан Үміт", "Oʻzbekiston Ўзбекистон",
                 "Şahin Yılmaz, Türkiye", "café résumé", "Ελλάδα", "r1,AAAA11990\n"):
        assert text_encoding(text.encode("utf-8")) == (0, "utf-8"), text
    # UTF-8 then Windows-1251: still mixed
    with pytest.raises(FileRefused, match="mixed encodings"):
        text_encoding("Россия ".encode("utf-8") + "Россия".encode("cp1251"))


def test_parquet_blank_cells_are_missing_and_others_kept_as_written(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "export.parquet"
    pq.write_table(pa.table({
        "record_id": ["R1", "R2", "R3", "R4", "R5", "R6"],
        "site_code": ["", "  ", "\u00a0\t", " ALM-01 ", "ALM-02", None],  # empty, spaces, NBSP + tab
        "sex": ["male", "female", "male", "male", "female", "male"],  # no blank at all
        "linked_date": pa.array([None] * 6, pa.string()),
    }), path)
    table = read_file(path)
    assert table.column("site_code").to_pylist() == [None, None, None, " ALM-01 ", "ALM-02", None]
    assert table.column("sex").to_pylist() == ["male", "female", "male", "male", "female", "male"]
    assert table.column("linked_date").to_pylist() == [None] * 6
    assert all(t == pa.string() for t in table.schema.types)


def test_a_parquet_instant_is_dated_in_the_programmes_time_zone(tmp_path):
    # a partner's tool stamping tests in UTC (or Moscow time): Almaty is UTC+5, so 19:00 UTC is midnight
    # there and 21:30 UTC on 31 March is 02:30 on 1 April. Until 2026-12-07 each was dated in its own zone,
    # the April tests counted in March. A timestamp without a zone is the wall clock, dated as written.
    utc = [dt.datetime(2026, 3, 31, h, m, tzinfo=dt.timezone.utc) for h, m in ((18, 59), (19, 0), (21, 30))]
    moscow = dt.timezone(dt.timedelta(hours=3))
    path = tmp_path / "tool.parquet"
    pq.write_table(pa.table({
        "record_id": ["r1", "r2", "r3"],
        "test_date": pa.array(utc, pa.timestamp("ms", tz="UTC")),
        "linked_date": pa.array([dt.datetime(2026, 3, 31, 23, 30, tzinfo=moscow)] * 3, pa.timestamp("us", tz="+03:00")),
        "vl_date": pa.array([dt.datetime(2026, 3, 31, 23, 30)] * 3, pa.timestamp("ns")),
    }), path)
    table = read_file(path)
    assert table.column("test_date").to_pylist() == ["2026-03-31", "2026-04-01", "2026-04-01"]
    assert table.column("linked_date").to_pylist() == ["2026-04-01"] * 3  # 20:30 UTC: 01:30 in Almaty
    assert table.column("vl_date").to_pylist() == ["2026-03-31"] * 3
    # another programme's zone (MH_TIMEZONE), and a file read in parts, the same way
    in_utc = read_file(path, timezone="UTC")
    assert in_utc.column("test_date").to_pylist() == ["2026-03-31"] * 3
    assert in_utc.column("linked_date").to_pylist() == ["2026-03-31"] * 3
    assert pa.concat_tables(read_parts(path, path.read_bytes(), 2, 1)) == table
    assert pa.concat_tables(read_parts(path, path.read_bytes(), 2, 1, timezone="UTC")) == in_utc


def test_the_bytes_given_are_parsed_not_the_files_current_ones(tmp_path):
    # the ingest hashes the bytes it read and parses those: a file replaced in between changes neither
    p = tmp_path / "a.csv"
    p.write_text("record_id,client_uic\nr9,ZZZZ11999\n", encoding="utf-8")
    t = read_file(p, CSV.encode("utf-8"))
    assert t.column("record_id").to_pylist() == ["r1", "r2"]


def test_a_large_parquet_file_is_read_in_parts_of_the_same_cells(tmp_path):
    p = tmp_path / "registry.parquet"
    table = pa.table({" Record_ID ": [f"r{i}" for i in range(10)], "age": [20 + i for i in range(10)],
                      "test_date": [dt.date(2025, 1, 1 + i) for i in range(10)]})
    pq.write_table(table, p, row_group_size=4)
    data = p.read_bytes()
    parts = list(read_parts(p, data, part_rows=3, whole_up_to=5))
    assert [t.num_rows for t in parts] == [3, 3, 3, 1]
    assert pa.concat_tables(parts) == read_file(p)
    assert parts[0].column_names == ["record_id", "age", "test_date"]
    assert parts[3].to_pylist() == [{"record_id": "r9", "age": "29", "test_date": "2025-01-10"}]
    assert [t.num_rows for t in read_parts(p, data, part_rows=3, whole_up_to=10)] == [10]  # small: whole
    book = tmp_path / "a.xlsx"
    _workbook(book, [["record_id"], ["r1"], ["r2"]])
    assert [t.num_rows for t in read_parts(book, book.read_bytes(), part_rows=1, whole_up_to=1)] == [2]


def _workbook(path, rows):
    import openpyxl

    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    wb.save(path)


# a registry's export: Windows-1251, semicolons, a quoted line break, a blank line, rows with a field
# too few or too many and a last row cut short
REGISTRY = ("Record_ID;client_uic;test_date\n"
            "r1;AAAA11990;2025-03-01\n"
            'r2;"ЮЛ\nAL";2025-03-02\n'
            "r3;BBBB11990\n"
            "\n"
            "r4;CCCC11990;2025-03-04\n"
            "r5;DDDD11990;2025-03-05;extra\n"
            "r6;  ;2025-03-06\n"
            "r7;EEEE11990;2025-03-07\n"
            "r8;ЖЖЖЖ11990;2025-03-08\n"
            "r9;GGGG11990;2025-03-09\n"
            "r10;HHHH1")
TWO = "has 2 fields where the header has 3 (truncated, or a stray delimiter)"
REGISTRY_ROWS = [
    ("r1", "AAAA11990", "2025-03-01", None), ("r2", "ЮЛ\nAL", "2025-03-02", None),
    ("r3", "BBBB11990", None, TWO), ("r4", "CCCC11990", "2025-03-04", None),
    ("r5", "DDDD11990", "2025-03-05", "has 4 fields where the header has 3 (truncated, or a stray delimiter)"),
    ("r6", None, "2025-03-06", None), ("r7", "EEEE11990", "2025-03-07", None),
    ("r8", "ЖЖЖЖ11990", "2025-03-08", None), ("r9", "GGGG11990", "2025-03-09", None), ("r10", "HHHH1", None, TWO),
]


def _rows(tables) -> list[tuple]:
    table = pa.concat_tables(tables, promote_options="default")
    names = ["record_id", "client_uic", "test_date", "_row_error"]
    return list(zip(*(table.column(n).to_pylist() if n in table.column_names else [None] * table.num_rows
                      for n in names)))


@pytest.mark.parametrize("block", [1 << 24, 50, 84])  # one block; small blocks whose misfits are reported ahead
def test_a_csv_file_in_parts_keeps_every_row_in_place(tmp_path, monkeypatch, block):
    monkeypatch.setattr(csv_reader, "BLOCK", block)
    p = tmp_path / "registry.csv"
    p.write_bytes(REGISTRY.encode("cp1251"))
    data = p.read_bytes()
    parts = list(read_parts(p, data, part_rows=3, whole_up_to=5))
    assert [t.num_rows for t in parts] == [3, 3, 3, 1]
    assert _rows(parts) == REGISTRY_ROWS
    assert _rows([read_file(p)]) == REGISTRY_ROWS
    # the blank line is the file's fourth row: r4 is its fifth, and so on; only the part it was left out
    # of says so, the parts after it are numbered on from it
    assert [t.column(ROW_NUMBER).to_pylist() if ROW_NUMBER in t.column_names else None for t in parts] == [
        None, [5, 6, 7], None, None]
    assert read_file(p).column(ROW_NUMBER).to_pylist() == [1, 2, 3, 5, 6, 7, 8, 9, 10, 11]
    assert [t.num_rows for t in read_parts(p, data, part_rows=3, whole_up_to=10)] == [10]  # small: whole


def test_a_field_beyond_the_header_in_every_row_keeps_every_row_in_place(tmp_path, monkeypatch):
    # each row is a misfit, placed back in bulk, its field beyond the header in a column of its own
    monkeypatch.setattr(csv_reader, "BLOCK", 64)
    p = tmp_path / "excel.csv"
    p.write_text("record_id;client_uic\n" + "".join(f"r{i};AAAA{i:05d};x\n" for i in range(9)), encoding="utf-8")
    parts = list(read_parts(p, p.read_bytes(), part_rows=4, whole_up_to=4))
    assert [t.num_rows for t in parts] == [4, 4, 1]
    table = pa.concat_tables(parts)
    assert table.column("record_id").to_pylist() == [f"r{i}" for i in range(9)]
    assert table.column("client_uic").to_pylist() == [f"AAAA{i:05d}" for i in range(9)]
    assert table.column("field 3 (no heading)").to_pylist() == ["x"] * 9
    assert set(table.column("_row_error").to_pylist()) == {
        "has 3 fields where the header has 2 (truncated, or a stray delimiter)"}


@pytest.mark.parametrize("block", [1 << 24, 64])
def test_a_delimiter_closing_every_row_or_only_the_header_ends_it(tmp_path, monkeypatch, block):
    # some exports close each row with a delimiter, but not the header line, or only the header line:
    # until 2026-12-07 every row was held, "has 3 fields where the header has 2"
    monkeypatch.setattr(csv_reader, "BLOCK", block)
    rows = [f"r{i};AAAA{i:05d}" for i in range(9)]
    p = tmp_path / "rows.csv"
    # the habit of most rows; the fourth lacks the delimiter (it fits), the fifth has two, the sixth a value there
    p.write_text("\n".join(["record_id;client_uic"] + [r + ";" for r in rows[:3]] + [rows[3], rows[4] + ";;",
                 rows[5] + ";x"] + [r + ";" for r in rows[6:]]) + "\n", encoding="utf-8")
    table = pa.concat_tables(read_parts(p, p.read_bytes(), part_rows=4, whole_up_to=4), promote_options="default")
    assert table.column("record_id").to_pylist() == [f"r{i}" for i in range(9)]
    assert table.column("client_uic").to_pylist() == [f"AAAA{i:05d}" for i in range(9)]
    assert table.column("_row_error").to_pylist() == [None] * 4 + [
        "has 4 fields where the header has 2 and the other rows 3 (truncated, or a stray delimiter)",
        "has 3 fields where the header has 2 (truncated, or a stray delimiter)", None, None, None]
    assert table.column("field 3 (no heading)").to_pylist() == [None] * 5 + ["x", None, None, None]
    assert table.schema.metadata == {READ_AS: widened(3, 2).encode()}  # the file's note says how it was read
    q = tmp_path / "header.csv"
    q.write_text("record_id;client_uic;;\n" + "\n".join(rows[:4] + [rows[4] + ";"]) + "\n", encoding="utf-8")
    table = read_file(q)
    assert table.column_names == ["record_id", "client_uic"] and table.schema.metadata is None
    assert table.column("client_uic").to_pylist() == [f"AAAA{i:05d}" for i in range(5)]


def test_rows_too_few_to_show_a_habit_of_closing_delimiters_are_held(tmp_path):
    # two rows each with a blank field beyond the header may be rows whose values moved right (a delimiter
    # typed within an unquoted value) as well as an export's habit: held, as the header says
    p = tmp_path / "two.csv"
    p.write_text("record_id;client_uic\nr1;AAAA11990;\nr2;BBBB11990;\n", encoding="utf-8")
    assert read_file(p).column("_row_error").to_pylist() == [
        "has 3 fields where the header has 2 (truncated, or a stray delimiter)"] * 2


def test_a_late_second_encoding_refuses_the_csv_before_any_part(tmp_path, monkeypatch):
    monkeypatch.setattr(csv_reader, "BLOCK", 64)
    head = "record_id,client_uic\n" + "".join(f"r{i},ЮЛAL{i:05d}\n" for i in range(20))
    p = tmp_path / "mixed.csv"
    p.write_bytes(head.encode("utf-8") + "r20,ЮЛ".encode("cp1251"))
    parts = read_parts(p, p.read_bytes(), part_rows=2, whole_up_to=2)
    offset = len(head.encode("utf-8")) + 4  # "r20," then the first byte that is not UTF-8
    with pytest.raises(FileRefused, match=f"UTF-8 text up to byte {offset}, then bytes that are not UTF-8"):
        next(parts)
    bom = tmp_path / "bom.csv"
    bom.write_bytes(b"\xef\xbb\xbf" + head.encode("utf-8") + "r20,ЮЛ".encode("cp1251"))
    with pytest.raises(FileRefused, match=f"starts as UTF-8 but byte {offset} is not UTF-8"):
        next(read_parts(bom, bom.read_bytes(), part_rows=2, whole_up_to=2))


def test_a_csv_that_is_ascii_until_a_late_block_is_read_as_windows_1251(tmp_path, monkeypatch):
    monkeypatch.setattr(csv_reader, "BLOCK", 64)
    rows = [f"r{i},AAAA{i:05d}" for i in range(30)] + ["r30,ЮЛЖЖ11990"]
    p = tmp_path / "late.csv"
    p.write_bytes(("record_id,client_uic\n" + "\n".join(rows) + "\n").encode("cp1251"))
    parts = list(read_parts(p, p.read_bytes(), part_rows=4, whole_up_to=4))
    assert len(parts) == 8 and parts[-1].column("client_uic").to_pylist() == ["AAAA00028", "AAAA00029", "ЮЛЖЖ11990"]


def test_a_parquet_part_that_cannot_be_read_refuses_the_file(tmp_path):
    p = tmp_path / "cut.parquet"
    pq.write_table(pa.table({"record_id": [f"r{i}" for i in range(1000)]}), p, row_group_size=100)
    # the footer (the file's index of row groups) is intact; the eighth row group's bytes are zeros
    chunk = pq.ParquetFile(p).metadata.row_group(7).column(0)
    start = chunk.dictionary_page_offset if chunk.has_dictionary_page else chunk.data_page_offset
    data = bytearray(p.read_bytes())
    data[start:start + chunk.total_compressed_size] = bytes(chunk.total_compressed_size)
    parts = read_parts(p, bytes(data), part_rows=100, whole_up_to=10)
    firsts = [next(parts).column("record_id")[0].as_py() for _ in range(7)]
    assert firsts == ["r0", "r100", "r200", "r300", "r400", "r500", "r600"]  # read until the broken one
    with pytest.raises(FileRefused, match="cannot be parsed as PARQUET"):
        next(parts)


def test_numbered_leaves_out_blank_rows_and_keeps_the_others_numbers():
    rows = pa.table({"a": ["x", None, None, "y", None], "_row_error": [None, None, "has 1 fields", None, None]})
    got = numbered(rows, 10)  # rows 11-15 of a file; 12 and 15 are blank, 13 a misfit (kept)
    assert got.column("a").to_pylist() == ["x", None, "y"]
    assert got.column(ROW_NUMBER).to_pylist() == [11, 13, 14]
    assert rows_through(got, 10) == 14
    part, through = unnumbered_if_in_sequence(got, 10)
    assert part.column(ROW_NUMBER).to_pylist() == [11, 13, 14] and through == 14
    plain = numbered(pa.table({"a": ["x", "y"], "b": [None, None]}), 14)  # "a" has no gap: nothing blank
    part, through = unnumbered_if_in_sequence(plain, 14)
    assert part.column_names == ["a", "b"] and through == 16
    after_blank, through = unnumbered_if_in_sequence(plain, 13)  # row 14, before these, was left out
    assert after_blank.column(ROW_NUMBER).to_pylist() == [15, 16] and through == 16
    assert rows_through(pa.table({"a": ["x", "y"]}), 7) == 9  # no numbers: on from the part before
    assert numbered(pa.table({"a": pa.array([None, None], pa.string())}), 0).num_rows == 0


def test_a_workbooks_other_sheets_are_read_whole_for_the_identifier_checks(tmp_path, monkeypatch):
    import openpyxl

    from pipelines.lib import xlsx_sheet

    wb = openpyxl.Workbook()
    wb.active.append(["record_id"])
    wb.active.append(["r1"])
    wb.create_sheet("chart data")  # an empty sheet
    notes = wb.create_sheet("notes")
    notes.append(["Phone", None, "phone", 2025])  # headings: one, none, one seen before, a number
    notes.append(["+7 701 555 43 21", "x", None, None, "beyond the headings"])
    notes.sheet_state = "hidden"
    wb.save(tmp_path / "w.xlsx")
    data = (tmp_path / "w.xlsx").read_bytes()
    (empty_place, empty, empty_letters), (place, table, letters) = xlsx_reader.xlsx_other_sheets(data)
    assert (str(empty_place), str(place)) == ("worksheet 2", "worksheet 3 (hidden)")  # the officer sees two tabs
    assert empty.num_columns == 0 and empty_letters == []
    assert table.column_names == ["phone", "", "", "2025", ""]
    assert letters == ["A", "B", "C", "D", "E"]
    assert [table.column(i).to_pylist() for i in range(5)] == [
        ["Phone", "+7 701 555 43 21"], [None, "x"], ["phone", None], ["2025", None], [None, "beyond the headings"]]

    def unusual(_data, records):  # what xlsx_sheet leaves to openpyxl: the same tables from openpyxl
        raise xlsx_sheet.Unusual("test")

    monkeypatch.setattr(xlsx_sheet, "worksheets", unusual)
    assert list(xlsx_reader.xlsx_other_sheets(data)) == [(empty_place, empty, empty_letters), (place, table, letters)]
    _workbook(tmp_path / "one.xlsx", [["record_id"], ["r1"]])
    assert list(xlsx_reader.xlsx_other_sheets((tmp_path / "one.xlsx").read_bytes())) == []


def test_a_workbooks_other_sheets_are_read_in_blocks(tmp_path, monkeypatch):
    # a sheet of 300,000 rows beside ten records took 0.49 GB as Python objects (1.26 GB for 1,000,000, against
    # 0.54 GB in blocks): read XLSX_BLOCK rows at a time into Arrow, as the records' sheet is
    import openpyxl

    wb = openpyxl.Workbook(write_only=True)
    wb.create_sheet("data").append(["record_id"])
    archive = wb.create_sheet("archive")
    archive.append(["record_id", "site_code", "note"])
    for i in range(1, 2_500):  # the note in the second block only; the site code up to the first block's end
        archive.append([f"r{i:04d}", "ALA-01" if i < 1_000 else None, "+7 701 555 43 21" if i == 1_234 else None])
    wb.save(tmp_path / "w.xlsx")
    monkeypatch.setattr(xlsx_reader, "XLSX_BLOCK", 1_000)
    longest = []

    def column_text(cells, *args):  # how many cells are made text at once
        longest.append(len(cells))
        return text(cells, *args)

    text = xlsx_reader.column_text
    monkeypatch.setattr(xlsx_reader, "column_text", column_text)
    ((_, table, letters),) = xlsx_reader.xlsx_other_sheets((tmp_path / "w.xlsx").read_bytes())
    assert max(longest) == 1_000  # 2,500 with the whole sheet as rows
    assert letters == ["A", "B", "C"] and table.column_names == ["record_id", "site_code", "note"]
    assert table.column("record_id").to_pylist() == ["record_id"] + [f"r{i:04d}" for i in range(1, 2_500)]
    assert table.column("site_code").to_pylist() == ["site_code"] + ["ALA-01"] * 999 + [None] * 1_500
    assert table.column("note").to_pylist() == ["note"] + [None] * 1_233 + ["+7 701 555 43 21"] + [None] * 1_265


def test_cells_beyond_the_headings_are_columns_of_their_own(tmp_path, monkeypatch):
    # in no column of the contract, but where the identifier checks see them
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["record_id", "age"])
    ws.append(["r1", 30, None, "call +7 701 555 43 21"])  # column D has no heading
    ws.append(["r2", 31])
    ws["F3"].font = openpyxl.styles.Font(bold=True)  # a formatted empty cell: no column
    ws["D4"] = "only beyond"  # a row with a cell beyond the headings only: a row, not a blank one
    wb.save(tmp_path / "w.xlsx")
    table = read_file(tmp_path / "w.xlsx")
    assert table.column_names == ["record_id", "age", "column D (no heading)"]
    assert table.column("column D (no heading)").to_pylist() == ["call +7 701 555 43 21", None, "only beyond"]
    assert table.column("record_id").to_pylist() == ["r1", "r2", None]
    monkeypatch.setattr(xlsx_reader, "XLSX_BLOCK", 1)  # blocks without the column: the same table
    assert read_file(tmp_path / "w.xlsx") == table
    p = tmp_path / "extra.csv"
    p.write_text("record_id;age\nr1;30;;+7 701 555 43 21\nr2;31\nr3;32;\n", encoding="utf-8")
    table = read_file(p)
    assert table.column_names == ["record_id", "age", "_row_error", "field 4 (no heading)"]
    assert table.column("field 4 (no heading)").to_pylist() == ["+7 701 555 43 21", None, None]
    assert table.column("_row_error").to_pylist() == [
        "has 4 fields where the header has 2 (truncated, or a stray delimiter)", None,
        "has 3 fields where the header has 2 (truncated, or a stray delimiter)"]  # its third field is blank


def test_a_formatted_empty_cell_far_out_adds_no_column_and_no_work(tmp_path):
    # one formatted cell in column XFD, the last, made every row of its block (or sheet) that long: a
    # workbook of two records took minutes, or more memory than the machine has (a MemoryError at 6 GB)
    import openpyxl

    from pipelines.lib.identifiers import workbook_identifiers

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["record_id", "age"])
    ws.append(["r1", 30])
    ws.append(["r2", 31, None, "note"])  # a value beyond the headings, in column D
    ws.cell(row=200_000, column=16_384).font = openpyxl.styles.Font(bold=True)
    lists = wb.create_sheet("lists")
    lists.append(["site", None, None])
    lists.append(["ALA-01", None, "+7 701 555 43 21"])  # a phone number in column C
    lists.cell(row=200_000, column=16_384).font = openpyxl.styles.Font(bold=True)
    wb.save(tmp_path / "w.xlsx")
    table = read_file(tmp_path / "w.xlsx")
    assert table.column_names == ["record_id", "age", "column D (no heading)"]
    assert table.column("record_id").to_pylist() == ["r1", "r2"]
    assert table.column("column D (no heading)").to_pylist() == [None, "note"]
    data = (tmp_path / "w.xlsx").read_bytes()
    ((place, sheet, letters),) = xlsx_reader.xlsx_other_sheets(data)
    assert letters == ["A", "C"] and sheet.num_rows == 200_000  # the empty column B and XFD hold nothing
    assert sheet.column(0).to_pylist()[:3] == ["site", "ALA-01", None]
    assert sheet.column(1).to_pylist()[:3] == [None, "+7 701 555 43 21", None]
    with pytest.raises(FileRefused, match="worksheet 2 of the workbook: column C .*phone"):
        workbook_identifiers(data)


def test_a_header_field_without_a_name_is_named_by_its_place(tmp_path):
    # trailing delimiters (two here: the header would have had '' twice and been refused) or a gap
    p = tmp_path / "a.csv"
    p.write_text("record_id;;age;;\nr1;x;30;;\n", encoding="utf-8")
    table = read_file(p)
    assert table.column_names == ["record_id", "field 2 (no heading)", "age", "field 4 (no heading)",
                                  "field 5 (no heading)"]
    assert table.to_pylist() == [{"record_id": "r1", "field 2 (no heading)": "x", "age": "30",
                                  "field 4 (no heading)": None, "field 5 (no heading)": None}]
    pq.write_table(pa.table({"record_id": ["r1"], " ": ["y"]}), tmp_path / "a.parquet")
    assert read_file(tmp_path / "a.parquet").column_names == ["record_id", "field 2 (no heading)"]


def test_blank_rows_of_a_sheet_keep_the_sheets_numbering(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["record_id", "age"])
    ws["A2"] = "r1"
    ws["A3"], ws["B3"] = "  ", None  # a row of blank cells: sheet row 3, data row 2
    ws["B5"] = 40  # row 4 missing from the sheet; data row 4 has an age only (a record to hold)
    ws["A7"] = "r7"
    ws["A9"].font = openpyxl.styles.Font(bold=True)  # a formatted empty row at the end
    wb.save(tmp_path / "gaps.xlsx")
    table = read_file(tmp_path / "gaps.xlsx")
    assert table.column("record_id").to_pylist() == ["r1", None, "r7"]
    assert table.column("age").to_pylist() == [None, "40", None]
    assert table.column(ROW_NUMBER).to_pylist() == [1, 4, 6]
    _workbook(tmp_path / "plain.xlsx", [["record_id"], ["r1"], ["r2"], [None]])  # blank rows only at the end
    assert read_file(tmp_path / "plain.xlsx").column_names == ["record_id"]


def _in_format(path, rows):
    """``rows`` (the first the header; None: a blank row, which Parquet has not) as a file of its type."""
    if path.suffix == ".parquet":
        body = [r for r in rows[1:] if r is not None]
        pq.write_table(pa.table({h: [r[i] if i < len(r) else None for r in body] for i, h in enumerate(rows[0])}),
                       path)
    elif path.suffix == ".csv":
        path.write_text("\n".join("" if r is None else ",".join(map(str, r)) for r in rows) + "\n", encoding="utf-8")
    else:
        _workbook(path, [[None] * len(rows[0]) if r is None else r for r in rows])


@pytest.mark.parametrize("suffix", [".csv", ".parquet", ".xlsx"])
def test_a_files_own_row_number_column_is_just_another_column(tmp_path, suffix):
    # its cells must not become the numbers of the rows held back
    p = tmp_path / f"a{suffix}"
    _in_format(p, [["record_id", "_Row_Number"], ["r1", 7], None, ["r2", 8]])
    table = read_file(p)
    own = "_row_number (a column of the file)"
    assert table.column(own).to_pylist() == ["7", "8"]
    if suffix == ".parquet":
        assert ROW_NUMBER not in table.column_names
    else:  # the readers' own numbers beside it: the blank second row was left out
        assert table.column(ROW_NUMBER).to_pylist() == [1, 3]


@pytest.mark.parametrize("suffix", [".csv", ".parquet", ".xlsx"])
def test_a_files_own_row_error_column_is_just_another_column(tmp_path, suffix):
    # its cells must not become the reasons rows are held for
    p = tmp_path / f"a{suffix}"
    _in_format(p, [["record_id", "_Row_Error", "client_uic"], ["r1", "held says the file", "AIBU11990"], ["r2"]])
    table = read_file(p)
    own = "_row_error (a column of the file)"
    assert table.column_names[:2] == ["record_id", own]
    assert table.column(own).to_pylist()[0] == "held says the file"
    if suffix == ".csv":  # the readers' own column beside it, for the row cut short (it lacks a required column)
        assert table.column("_row_error").to_pylist() == [
            None, "has 1 fields where the header has 3 (truncated, or a stray delimiter)"]
    else:
        assert "_row_error" not in table.column_names


def test_the_first_byte_beyond_ascii_is_found_in_any_megabyte():
    # the encoding's sniff looks from there: found a megabyte at a time, at a megabyte's edge too
    from pipelines.lib.text_encoding import _first_beyond_ascii

    ascii_mb = b"a" * (1 << 20)
    assert _first_beyond_ascii(ascii_mb * 3, 3 << 20) is None
    assert _first_beyond_ascii(ascii_mb + "Ж".encode(), (1 << 20) + 2) == 1 << 20
    assert _first_beyond_ascii(b"x" * 10 + "Ж".encode() + ascii_mb, 12) == 10
    assert _first_beyond_ascii(b"x" * 10 + "Ж".encode(), 10) is None  # not before ``end``


@pytest.mark.parametrize("bom, hint, delimiter", [(b"", b"sep=;\r\n", ";"), (BOM, b"sep=,\n", ","),
                                                  (b"", b"sep=\t\r", "\t"), (b"", b"sep=|\n", "|")])
def test_excels_delimiter_hint_line_is_read_as_the_delimiter(tmp_path, bom, hint, delimiter):
    # until 2026-12-06 refused, its header read as "sep=..."; "sep=|" until 2026-12-07
    p = tmp_path / "hinted.csv"
    text = delimiter.join(["record_id", "site_code", "age"]) + "\n" + delimiter.join(["r1", "ALA-01", "35"])
    p.write_bytes(bom + hint + text.encode())
    t = read_file(p)
    assert t.column("record_id").to_pylist() == ["r1"]
    assert t.column("age").to_pylist() == ["35"] and t.num_rows == 1


def test_a_workbook_that_would_unpack_to_far_more_than_it_holds_is_refused_unread(tmp_path):
    # 80 MB of one repeated byte packs into some 80 KB: a "zip bomb" of a sheet (until 2026-12-06 read,
    # which a larger one would have taken the run's memory or hours)
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", b" " * (80 * 2**20))
    with pytest.raises(FileRefused, match=r"would unpack to 83,886,0\d\d bytes \(xl/worksheets/sheet1.xml: "
                                          r"83,886,080 from [0-9,]+\), far more than a sheet of records"):
        read_file(bomb)


def test_a_large_workbook_of_records_is_not_taken_for_a_bomb():
    # 1.5 million numbered rows of the same two cells (as repetitive as a sheet of records gets): 126 MB, more
    # than PACKED_LARGE, packed some 11 to 1: less than PACKED_RATIO
    sheet = "".join(f'<row r="{i}"><c r="A{i}" t="s"><v>0</v></c><c r="B{i}"><v>35</v></c></row>'
                    for i in range(1, 1_500_000))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", sheet)
    (part,) = zipfile.ZipFile(buf).infolist()
    assert part.file_size > xlsx_reader.PACKED_LARGE and part.file_size < xlsx_reader.PACKED_RATIO * part.compress_size
    xlsx_reader.workbook_readable(buf.getvalue())  # no refusal


def test_repeated_headings_are_told_apart_by_their_count_past_the_names_the_file_has():
    names = ["note", "x", "note", "note (2nd)", "note", "note", "note", "note", "note", "note", "note", "note"]
    assert distinct_headers(names) == ["note", "x", "note (3rd)", "note (2nd)", "note (4th)", "note (5th)",
                                       "note (6th)", "note (7th)", "note (8th)", "note (9th)", "note (10th)",
                                       "note (11th)"]
    with pytest.raises(FileRefused, match="column 'age' appears more than once"):
        distinct_headers(["record_id", "age", "note", "age"])


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet"])
def test_a_repeated_heading_outside_the_contract_is_read_as_columns_of_their_own(tmp_path, suffix):
    # two "Комментарий" columns (a template's two notes): until 2026-12-07 the file was refused, "column
    # 'комментарий' appears more than once in the header", though the contract ignores both
    header = ["record_id", "Комментарий", "client_uic", "комментарий ", "Комментарий"]
    rows = [["r1", "a", "AIBU11990", "b", "c"], ["r2", None, "ЮЛAL22002", "d", None]]
    path = tmp_path / f"a{suffix}"
    if suffix == ".parquet":
        pq.write_table(pa.table([pa.array(c, pa.string()) for c in zip(*rows)], names=header), path)
    else:
        _written(pd.DataFrame(rows, columns=header), path)
    t = read_file(path)
    assert t.column_names == ["record_id", "комментарий", "client_uic", "комментарий (2nd)", "комментарий (3rd)"]
    assert t.select([0, 2]).to_pylist() == [{"record_id": "r1", "client_uic": "AIBU11990"},
                                           {"record_id": "r2", "client_uic": "ЮЛAL22002"}]
    assert [t.column(i).to_pylist() for i in (1, 3, 4)] == [["a", None], ["b", "d"], ["c", None]]
    parts = list(read_parts(path, path.read_bytes(), part_rows=1, whole_up_to=0))  # a large file's way
    assert [p.column_names for p in parts] == [t.column_names] * (1 if suffix == ".xlsx" else 2)
