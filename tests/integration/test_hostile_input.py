"""Issue 7: broken and hostile files each get a clear reason; identifying data is stored nowhere."""

import hashlib
import io
import json
import os
from pathlib import Path

import dagster as dg
import duckdb
import openpyxl
import pytest

from pipelines.defs.ingest import assets as ingest_assets
from pipelines.defs.resources import GreatExpectationsResource, PathsResource, WarehouseResource
from pipelines.lib import csv_misfits, inbox as inbox_module
from pipelines.lib.contract import REQUIRED
from pipelines.lib.ingest import ingest_inbox
from pipelines.lib.operations import inbox_state
from pipelines.lib.sample_files import write_export
from pipelines.lib.xlsx_parts import DTD_REFUSED
from tests.conftest import failure_alert_of, AS_OF, rows_frame
from tests.sql.test_marts_indicators import FIXTURE

GOOD_CSV = rows_frame(FIXTURE).to_csv(index=False)


def outcome(con, tmp_path, name: str, content: bytes):
    inbox = tmp_path / "in"
    inbox.mkdir(exist_ok=True)
    (inbox / name).write_bytes(content)
    (o,) = ingest_inbox(con, inbox, AS_OF)
    return o


@pytest.mark.parametrize("name, content, status, words", [
    ("empty.csv", b"", "refused", "empty"),
    ("binary.csv", bytes(range(256)) * 4, "refused", "binary"),
    # fields apart by spaces alone: no delimiter ("|" is one since 2026-12-07: test_staging_screening.py)
    ("spaces.csv", GOOD_CSV.replace(",", " ").encode(), "refused", "no delimiter"),
    ("mixed.csv", GOOD_CSV.replace("AAAA", "ЮЛAA").encode() + "ЮЛ".encode("cp1251"), "refused",
     "mixed encodings"),
    ("trunc.parquet", b"PAR1\x00\x00", "refused", "cannot be parsed as PARQUET"),
    ("dup.csv", ("record_id," + GOOD_CSV).encode(), "refused", "more than once"),
    ("x'; DROP TABLE audit.files; --.csv", GOOD_CSV.encode(), "loaded", None),
])
def test_broken_files(con, tmp_path, name, content, status, words):
    o = outcome(con, tmp_path, name, content)
    assert o.status == status, o.reason
    if words:
        assert words in o.reason
    assert con.execute("SELECT count(*) FROM audit.files WHERE file_name = ?", [name]).fetchall() == [(1,)]


def test_truncated_csv_keeps_whole_rows_and_holds_the_cut_one(con, tmp_path):
    cut = GOOD_CSV.encode()[:-25]  # the last row loses its tail
    o = outcome(con, tmp_path, "cut.csv", cut)
    assert o.status == "loaded"
    held = con.execute("SELECT record_id, row_number, reason FROM audit.held_rows").fetchall()
    assert [(r[0], r[1]) for r in held] == [("r08", 8)]
    assert held[0][2].startswith("row: has ")
    assert con.execute("SELECT rows_read, rows_accepted, rows_held FROM audit.files").fetchall() == [(8, 7, 1)]


@pytest.mark.parametrize("ahead", [None, 2])
def test_a_row_written_without_its_last_empty_fields_is_read_with_them(con, tmp_path, monkeypatch, ahead):
    # Excel (deciding a chunk of rows at a time), OnlyOffice and xlsx2csv write a row whose last cells are empty
    # without their delimiters: until 2026-12-07 each such row was held back, "has 12 fields where the header has
    # 18". A row that lacks a required column's field is still held
    if ahead:  # Python's csv module takes over from Arrow's parser after two rows that do not fit
        monkeypatch.setattr(csv_misfits, "MISFITS_AHEAD", ahead)
    header, *rows = GOOD_CSV.splitlines()
    short = [r.rstrip(",") for r in rows]
    short[4] = "r05,DDDD22000,2025-03-01,ALA-01,RUS,relocant,temporary_residence,female,25,msm"  # no result
    o = outcome(con, tmp_path, "short.csv", ("\r\n".join([header, *short]) + "\r\n").encode())
    assert (o.status, o.reason, o.rows_read) == ("loaded", None, 8)
    assert con.execute("SELECT record_id, reason FROM audit.held_rows").fetchall() == [
        ("r05", "row: has 10 fields where the header has 18 (truncated, or a stray delimiter); result: missing "
                "(required)")]
    assert con.execute("SELECT record_id, test_modality, result, previously_diagnosed, linked_date::VARCHAR, "
                       "care_location, art_start_date::VARCHAR, vl_date::VARCHAR, vl_copies FROM staging.screening "
                       "ORDER BY 1").fetchall() == [
        ("r01", "community", "negative", None, None, None, None, None, None),
        ("r02", "mobile", "positive", None, "2025-02-10", "KAZ", "2025-02-20", "2025-06-01", 400),
        ("r03", "facility", "positive", "yes", "2025-01-20", "home_remote", None, None, None),
        ("r04", "self_test", "positive", None, None, None, None, None, None),
        ("r06", "community", "indeterminate", None, None, None, None, None, None),
        ("r07", "community", "positive", "yes", "2025-04-25", "KAZ", "2025-05-01", "2025-08-01", 5000),
        ("r08", "community", "positive", "yes", "2025-04-26", "home_remote", "2025-05-01", "2025-08-01", 20)]


def test_a_short_last_line_without_a_line_end_is_held_as_cut(con, tmp_path):
    # the file's end: an export cut short there may have lost the fields after it, whatever they are. The same
    # line with its line end is a row written without its last empty fields (above)
    header, *rows = GOOD_CSV.splitlines()
    rows[-1] = "r08,BBBB21985,2025-04-20,AST-02,UZB,relocant,work_permit,female,40,sw,community,positive,yes"
    outcome(con, tmp_path, "cut.csv", "\n".join([header, *rows]).encode())
    assert con.execute("SELECT record_id, row_number, reason FROM audit.held_rows").fetchall() == [
        ("r08", 8, "row: has 13 fields where the header has 18, on the file's last line, which has no line end "
                   "(cut short?)")]
    (tmp_path / "in" / "cut.csv").unlink()
    outcome(con, tmp_path, "ended.csv", ("\n".join([header, *rows]) + "\n").encode())
    assert con.execute("SELECT record_id, linked_date FROM staging.screening WHERE file_name = 'ended.csv' AND "
                       "record_id = 'r08'").fetchall() == [("r08", None)]


@pytest.mark.parametrize("kind, part_rows", [("csv", None), ("csv", 3), ("xlsx", None)])
def test_blank_rows_leave_held_rows_numbered_as_the_file_shows_them(tmp_path, monkeypatch, kind, part_rows):
    # the officer opens the file at the row a reason names: the blank rows before it count, and hold nothing
    header, *rows = GOOD_CSV.splitlines()
    rows[5] = rows[5].replace(",30,", ",300,")  # r06: an age out of range
    rows[7] = "r01," + rows[7].split(",", 1)[1]  # r08's cells under r01's id: a conflict with row 1
    blank = "  " if kind == "csv" else None  # a line of spaces (one field: a misfit, but blank)
    # data rows 1-11: r01, r02, (blank), r03, r04, (blank cells), r05, (empty), r06, r07, r01 again
    body = [rows[0], rows[1], blank, rows[2], rows[3], " ," + "," * 16, rows[4], blank, rows[5], rows[6], rows[7]]
    inbox = tmp_path / "in"
    inbox.mkdir()
    if kind == "csv":
        body[7] = ""  # and an empty line
        (inbox / "gaps.csv").write_text("\n".join([header, *body]) + "\n\n", encoding="utf-8")
    else:
        wb = openpyxl.Workbook()
        for line in [header, *body]:
            wb.active.append([] if line is None else [c or None for c in line.split(",")])  # []: a row left out
        wb.save(inbox / "gaps.xlsx")
    if part_rows:  # read in parts of three rows: the numbers carry from part to part
        monkeypatch.setattr(inbox_module, "PART_ROWS", 4)
        monkeypatch.setattr(inbox_module, "BATCH_ROWS", part_rows)
    con = duckdb.connect()
    ingest_inbox(con, inbox, AS_OF)
    held = con.execute("SELECT row_number, record_id, reason, raw FROM audit.held_rows ORDER BY 1").fetchall()
    assert [(r[0], r[1]) for r in held] == [(9, "r06"), (11, "r01")]
    assert held[0][2] == "age: '300' is not a whole number from 0 to 100"
    assert held[1][2] == f"record_id: 'r01' was already loaded from gaps.{kind} row 1 with different content"
    raw = json.loads(held[1][3])  # its text fetched again from the file, by its number
    assert (raw["record_id"], raw["linked_date"], raw["vl_copies"]) == ("r01", "2025-04-26", "20")
    assert con.execute("SELECT rows_read, rows_accepted, rows_held, rows_duplicate FROM audit.files").fetchall() == [
        (8, 6, 2, 0)]
    assert con.execute("SELECT list(row_number ORDER BY row_number) FROM staging.screening").fetchall() == [
        ([1, 2, 4, 5, 7, 10],)]


@pytest.mark.parametrize("part_rows", [None, 3])
def test_identifiers_beyond_the_headings_refuse_the_file(tmp_path, monkeypatch, part_rows):
    # a phone number in a sheet column without a heading, or in a CSV row's field beyond the header (in
    # the file's last part): the file carries it, and is refused whole; a harmless note there is ignored
    if part_rows:
        monkeypatch.setattr(inbox_module, "PART_ROWS", 4)
        monkeypatch.setattr(inbox_module, "BATCH_ROWS", part_rows)
    frame = rows_frame(FIXTURE)
    phone = "+7 701 555 43 21"
    inbox = tmp_path / "in"
    inbox.mkdir()
    lines = frame.to_csv(index=False).splitlines()
    (inbox / "a.csv").write_text("\n".join(lines[:-1] + [lines[-1] + ",ask " + phone]) + "\n", encoding="utf-8")
    (inbox / "b.csv").write_text("\n".join(lines[:-1] + [lines[-1] + ",,see notes"]) + "\n", encoding="utf-8")
    # a header that ends in a delimiter: the rows' own last field is a column without a heading
    (inbox / "e.csv").write_text("\n".join([lines[0] + ","] + [r + "," for r in lines[1:-1]] + [lines[-1] + "," + phone])
                                 + "\n", encoding="utf-8")
    for name, note in (("c.xlsx", phone), ("d.xlsx", "see notes")):
        wb = openpyxl.Workbook()
        for row in frame.itertuples(index=False):
            wb.active.append(list(row))
        wb.active.insert_rows(1)
        for i, h in enumerate(frame.columns, start=1):
            wb.active.cell(1, i, h)
        wb.active["U5"] = note  # three columns right of the last heading
        wb.save(inbox / name)
    con = duckdb.connect()
    ingest_inbox(con, inbox, AS_OF)
    # d.xlsx holds b.csv's rows again: seven duplicates, and the row b.csv held for its extra field
    assert con.execute("SELECT file_name, status, rows_read, rows_accepted, rows_held, rows_duplicate, reason "
                       "FROM audit.files ORDER BY 1").fetchall() == [
        ("a.csv", "refused", 0, 0, 0, 0, "column 'field 19 (no heading)' contains a value that looks like a phone "
         "number in row 8: files with direct identifiers are refused"),
        ("b.csv", "loaded", 8, 7, 1, 0, "ignored columns not in the contract: field 20 (no heading)"),
        ("c.xlsx", "refused", 0, 0, 0, 0, "column 'column U (no heading)' contains a value that looks like a "
         "phone number in row 4: files with direct identifiers are refused"),  # the sheet's row 5
        ("d.xlsx", "loaded", 8, 1, 0, 7, "ignored columns not in the contract: column U (no heading)"),
        ("e.csv", "refused", 0, 0, 0, 0, "column 'field 19 (no heading)' contains a value that looks like a phone "
         "number in row 8: files with direct identifiers are refused")]
    assert con.execute("SELECT row_number, reason FROM audit.held_rows").fetchall() == [
        (8, "row: has 20 fields where the header has 18 (truncated, or a stray delimiter)")]
    dump = "\n".join(str(r) for t in ("audit.files", "audit.held_rows", "staging.screening")
                     for r in con.execute(f"SELECT * FROM {t}").fetchall())
    assert "555 43 21" not in dump and "see notes" not in dump


def test_a_rows_trailing_delimiters_are_fields_that_hold_nothing(tmp_path):
    # Excel ends each row of a CSV with a delimiter for every empty column of the sheet's used range:
    # thousands where a formatted cell lies far out. Until 2026-12-07 a file of 500 rows so written took a
    # minute and a half to read, its reason listing every empty field as a column ignored
    lines = GOOD_CSV.splitlines()
    pad = "," * 2000
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "a.csv").write_text("\n".join(line + pad for line in lines) + "\n", encoding="utf-8")
    # an identifier in the last of them is found as anywhere else
    (inbox / "b.csv").write_text("\n".join([line + pad for line in lines[:-1]] + [lines[-1] + pad + "+7 701 555 43 21"])
                                 + "\n", encoding="utf-8")
    con = duckdb.connect()
    ingest_inbox(con, inbox, AS_OF)
    assert con.execute("SELECT file_name, status, rows_read, rows_accepted, rows_held, rows_duplicate, reason "
                       "FROM audit.files ORDER BY 1").fetchall() == [
        ("a.csv", "loaded", 8, 8, 0, 0, None),
        ("b.csv", "refused", 0, 0, 0, 0, "column 'field 2018 (no heading)' contains a value that looks like a phone "
         "number in row 8: files with direct identifiers are refused")]


def test_rows_closed_by_a_delimiter_the_header_lacks_are_loaded_as_the_plain_file(tmp_path):
    # an export that closes each row with a delimiter but not its header line, or only the header line
    # (Windows-1251, ";"): until 2026-12-07 every row of either was held, "has 19 fields where the header has 18"
    lines = GOOD_CSV.splitlines()
    files = {"plain.csv": GOOD_CSV.encode(),
             "rows.csv": "\n".join([lines[0]] + [r + "," for r in lines[1:]]).encode(),
             "header.csv": "\r\n".join([lines[0] + ";"] + lines[1:]).replace(",", ";").encode("cp1251"),
             # the last row closed twice: neither the header's width nor the other rows'
             "twice.csv": "\n".join([lines[0]] + [r + "," for r in lines[1:-1]] + [lines[-1] + ",,"]).encode()}
    outcomes = {}
    for name, content in files.items():
        con = duckdb.connect()
        (tmp_path / name).mkdir()
        o = outcome(con, tmp_path / name, name, content)
        outcomes[name] = (o.status, o.reason, con.execute(
            "SELECT rows_read, rows_accepted, rows_held, rows_duplicate FROM audit.files").fetchall(),
            con.execute("SELECT * EXCLUDE (file_name) FROM staging.screening ORDER BY record_id").fetchall(),
            con.execute("SELECT row_number, reason FROM audit.held_rows").fetchall())
    assert outcomes["plain.csv"][2] == [(8, 8, 0, 0)]  # the fixture's eight rows, all valid
    assert outcomes["header.csv"] == outcomes["plain.csv"]
    # the rows as the plain file's, the file's note saying how it was read: a heading deleted from the header
    # line alone (its values then one column off) would look the same
    note = ("its rows end in 1 delimiter its header line lacks, read as blank fields past its 18 columns: if a "
            "heading was deleted from the header line instead, the columns after it were read out of place; "
            "check the header")
    assert outcomes["rows.csv"] == ("loaded", note) + outcomes["plain.csv"][2:]
    status, reason, counts, accepted, held = outcomes["twice.csv"]
    assert (status, reason, counts) == ("loaded", note, [(8, 7, 1, 0)])
    assert accepted == outcomes["plain.csv"][3][:-1]
    assert held == [(8, "row: has 20 fields where the header has 18 and the other rows 19 (truncated, or a stray "
                         "delimiter)")]


def test_a_files_own_row_error_column_holds_no_row_back(tmp_path):
    # a column named like the readers' own, as in a re-export of what a reader gave: ignored and noted
    def counts(frame):
        con = duckdb.connect()
        write_export(frame, tmp_path / "in" / "own.csv", "field_csv")
        (o,) = ingest_inbox(con, tmp_path / "in", AS_OF)
        return o.reason, con.execute("SELECT rows_read, rows_accepted, rows_held FROM audit.files").fetchall()

    frame = rows_frame(FIXTURE)
    _, plain = counts(frame)
    reason, own = counts(frame.assign(_row_error="held, says the file"))
    assert reason == "ignored columns not in the contract: _row_error (a column of the file)"
    assert own == plain and plain[0][0] == len(frame)


def test_huge_cell_is_held_with_a_short_reason(con, tmp_path):
    frame = rows_frame(FIXTURE)
    frame.loc[0, "country_of_origin"] = "Q" * 1_000_000
    write_export(frame, tmp_path / "in" / "big.csv", "field_csv")
    ingest_inbox(con, tmp_path / "in", AS_OF)
    (reason,) = con.execute("SELECT reason FROM audit.held_rows WHERE record_id = 'r01'").fetchall()[0]
    assert reason.startswith("country_of_origin: 'QQQQ") and len(reason) < 200


def test_an_optional_column_under_another_name_is_noted_as_the_contracts_it_may_be(con, tmp_path):
    # "viral_load" beside vl_date: ignored (its values not read), and until 2026-12-07 noted as any other
    # column; "linkd_date" mistyped likewise
    frame = rows_frame(FIXTURE).rename(columns={"vl_copies": "viral_load", "linked_date": "linkd_date"})
    o = outcome(con, tmp_path, "a.csv", frame.to_csv(index=False).encode())
    assert (o.status, o.reason) == ("loaded", "ignored columns not in the contract: linkd_date (the contract's "
                                              "linked_date?), viral_load (the contract's vl_copies?)")


def test_a_column_under_another_name_beside_the_contracts_own_is_noted_as_any_other(con, tmp_path):
    # "viral_load" and "gender" beside vl_copies and sex: the contract's columns were read, so the others are
    # no other names for them (until 2026-12-07 "viral_load" was noted as the contract's vl_copies, and warned)
    frame = rows_frame(FIXTURE).assign(viral_load="1", gender="m")
    o = outcome(con, tmp_path, "a.csv", frame.to_csv(index=False).encode())
    assert (o.status, o.reason) == ("loaded", "ignored columns not in the contract: viral_load, gender")


def test_a_template_headed_in_russian_alone_is_refused_naming_the_headings_meant(con, tmp_path):
    # until 2026-12-07 the reason listed the missing columns and the header, cut at 200 characters
    russian = {"record_id": "Код записи", "client_uic": "УИК", "test_date": "Дата теста", "sex": "Пол",
               "age": "Возраст", "result": "Результат", "vl_copies": "ВН (копий/мл)"}
    frame = rows_frame(FIXTURE).rename(columns=russian)
    o = outcome(con, tmp_path, "ru.csv", frame.to_csv(index=False, sep=";").encode("cp1251"))
    assert o.status == "refused" and o.reason.startswith(
        "required columns missing: record_id, client_uic, test_date, sex, age, result; 'код записи' may be "
        "record_id, 'уик' may be client_uic, 'дата теста' may be test_date, 'пол' may be sex, 'возраст' may be "
        "age, 'результат' may be result: head each with the contract's name, alone or in brackets after its own "
        "(\"Дата теста (test_date)\") (header read: код записи, уик, дата теста, site_code, ")


def test_extra_columns_ignored_and_noted(con, tmp_path):
    frame = rows_frame(FIXTURE).assign(comment="ok", team="B")
    write_export(frame, tmp_path / "in" / "extra.csv", "field_csv")
    (o,) = ingest_inbox(con, tmp_path / "in", AS_OF)
    assert o.status == "loaded" and o.reason == "ignored columns not in the contract: comment, team"


def test_a_repeated_heading_outside_the_contract_is_ignored_and_searched_for_identifiers_as_any(con, tmp_path):
    # until 2026-12-07 a file with two "comment" columns was refused for the repeat
    frame = rows_frame(FIXTURE)
    text = frame.assign(comment="ok", team="B").to_csv(index=False).replace("team", "Comment", 1)
    o = outcome(con, tmp_path, "two.csv", text.encode())
    assert (o.status, o.rows_read, o.reason) == ("loaded", len(frame), "ignored columns not in the contract: "
                                                                        "comment, comment (2nd)")
    lines = text.splitlines()
    lines[3] = lines[3][:-1] + "+7 701 555 43 21"  # the second "comment" column, last, of the file's row 3
    (tmp_path / "in" / "two.csv").unlink()
    o = outcome(con, tmp_path, "phone.csv", "\n".join(lines).encode())
    assert (o.status, o.reason) == ("refused", "column 'comment (2nd)' contains a value that looks like a phone "
                                               "number in row 3: files with direct identifiers are refused")


def test_a_form_tools_export_with_its_submission_columns_loads(con, tmp_path):
    # KoboToolbox's CSV export: its meta columns around the contract's, each submission's "_uuid" among them.
    # Until 2026-12-07 a UUID whose last group is twelve digits (one in ~280) refused the file as an IIN
    frame = rows_frame(FIXTURE)
    uuids = [f"{i:08x}-5eda-47d5-abb9-{782507923986 + i}" for i in range(len(frame))]
    kobo = frame.assign(start=frame["test_date"] + "T09:12:33.123+05:00", _id=[str(312456780 + i) for i in
                        range(len(frame))], _uuid=uuids, _status="submitted_via_web", _submitted_by="ngo_almaty",
                        _index=[str(i + 1) for i in range(len(frame))])
    o = outcome(con, tmp_path, "kobo.csv", kobo.to_csv(index=False).encode())
    assert (o.status, o.rows_read, o.reason) == (
        "loaded", len(frame), "ignored columns not in the contract: start, _id, _uuid, _status, _submitted_by, _index")
    kobo.loc[2, "_uuid"] += " тел. 87015554321"  # what a cell holds beside its UUID is searched: row 3
    (tmp_path / "in" / "kobo.csv").unlink()
    o = outcome(con, tmp_path, "phone.csv", kobo.to_csv(index=False).encode())
    assert (o.status, o.reason) == ("refused", "column '_uuid' contains a value that looks like a phone number "
                                               "in row 3: files with direct identifiers are refused")


def test_an_odk_central_export_of_a_form_with_groups_loads(con, tmp_path):
    # ODK Central's CSV export: each field asked in a group headed after the group, "client-client_uic", the
    # submission's meta columns around them. Until 2026-12-07 refused, "required columns missing"
    frame = rows_frame(FIXTURE)
    groups = {c: ("client" if c in ("client_uic", "sex", "age") else "visit") for c in frame.columns
              if c != "record_id"}
    odk = frame.rename(columns={c: f"{g}-{c}" for c, g in groups.items()})
    odk.insert(0, "SubmissionDate", "2025-03-31T10:15:32.123Z")
    odk["meta-instanceID"] = [f"uuid:{i:08x}-5eda-47d5-abb9-{782507923986 + i}" for i in range(len(frame))]
    odk["KEY"], odk["ReviewState"] = odk["meta-instanceID"], "approved"
    o = outcome(con, tmp_path, "odk.csv", odk.to_csv(index=False).encode())
    assert (o.status, o.rows_read, o.reason) == (
        "loaded", len(frame), "ignored columns not in the contract: submissiondate, meta-instanceid, key, reviewstate")
    # every row accepted, its values read under the grouped headings: r02's and r07's viral loads (400, 5000)
    assert con.execute("SELECT count(*), count(DISTINCT client_uic), sum(vl_copies), count(held.record_id) "
                   "FROM staging.screening LEFT JOIN audit.held_rows held USING (record_id)").fetchone() == (
        8, 5, 5420, 0)


def test_a_column_of_birth_dates_headed_as_a_russian_register_heads_it_refuses_its_file(con, tmp_path):
    # "Д/р" (дата рождения) over dates alone, which no cell check takes for a date of birth: until 2026-12-07
    # the file loaded, the column ignored
    frame = rows_frame(FIXTURE).assign(**{"Д/р": "15.03.1990"})
    o = outcome(con, tmp_path, "dob.csv", frame.to_csv(index=False, sep=";").encode("cp1251"))
    assert (o.status, o.reason) == ("refused", "column 'д/р' looks like a date of birth: files with direct "
                                               "identifiers are refused")


def test_a_date_of_birth_typed_as_the_age_refuses_its_file(con, tmp_path):
    # row 3's age is its client's date of birth: until 2026-12-07 the row was held back, the date quoted in
    # its reason and kept in audit.held_rows.raw
    frame = rows_frame(FIXTURE)
    frame.loc[2, "age"] = "15.03.1990"
    o = outcome(con, tmp_path, "dob.csv", frame.to_csv(index=False).encode())
    assert (o.status, o.rows_read, o.reason) == (
        "refused", 0, "column 'age' contains a value that looks like a date of birth in row 3: files with direct "
                      "identifiers are refused")
    assert con.execute("SELECT count(*) FROM audit.held_rows").fetchone() == (0,)


def test_an_export_with_a_forms_gps_location_is_refused(con, tmp_path):
    # KoboToolbox adds a form's geopoint as "_geolocation" ([lat, lon]) and "_<question>_latitude" beside its
    # own columns (start, end, _uuid, _submission_time): where a test was done, to metres. Until 2026-12-07
    # such an export loaded, the location columns ignored
    frame = rows_frame(FIXTURE)
    n = len(frame)
    frame.insert(0, "start", ["2025-03-01T10:02:11.000+05:00"] * n)
    frame["_gps_latitude"] = ["43.2567"] * n
    frame["_geolocation"] = ["[43.2567, 76.9286]"] * n
    frame["_uuid"] = [f"0b9f6c1e-0000-4000-8000-{i:012d}" for i in range(n)]
    o = outcome(con, tmp_path, "kobo.csv", frame.to_csv(index=False).encode())
    assert (o.status, o.rows_read, o.reason) == (
        "refused", 0, "column '_gps_latitude' looks like a location (GPS coordinates): files with direct "
                      "identifiers are refused")
    assert con.execute("SELECT count(*) FROM staging.screening").fetchone() == (0,)


@pytest.mark.parametrize("heading, numbers", [
    ("№ патента", ["12345678", "87654321"]), ("Миграционная карта", ["ALA 1234567", "AST 7654321"]),
    ("work_permit_no", ["WP-2025-001234", "WP-2025-004321"]), ("Номер удостоверения", ["043218765", "051234987"])])
def test_a_column_of_migration_or_id_document_numbers_is_refused_by_its_heading(con, tmp_path, heading, numbers):
    # a work patent's, a migration card's, a work permit's or an ID card's number names a migrant to the
    # migration police; no cell check knows these numbers' forms: until 2026-12-07 such a file loaded, the
    # column ignored
    frame = rows_frame(FIXTURE)
    frame[heading] = (numbers * len(frame))[:len(frame)]
    o = outcome(con, tmp_path, "docs.csv", frame.to_csv(index=False).encode())
    kind = "passport or ID number" if "удостоверения" in heading else "migration document number"
    assert (o.status, o.rows_read, o.reason) == (
        "refused", 0, f"column '{heading.lower()}' looks like a {kind}: files with direct identifiers are refused")
    assert con.execute("SELECT count(*) FROM staging.screening").fetchone() == (0,)


def test_nested_parquet_columns_outside_the_contract_are_ignored_and_searched(con, tmp_path):
    # a partner's tooling writes lists, structs and maps beside the contract's columns: until 2026-12-06 each
    # refused its file as unparsable (Arrow casts none to text); read as JSON text they are searched too
    import pyarrow as pa
    import pyarrow.parquet as pq

    frame = rows_frame(FIXTURE)
    n = len(frame)
    table = pa.Table.from_pandas(frame, preserve_index=False).append_column(
        "tags", pa.array([["mobile", "night"]] * n)).append_column(
        "visit", pa.array([{"team": "B", "n": 2}] * n)).append_column(
        "extra", pa.array([[("k", "v")]] * n, pa.map_(pa.string(), pa.string())))
    buf = io.BytesIO()
    pq.write_table(table, buf)
    o = outcome(con, tmp_path, "nested.parquet", buf.getvalue())
    assert (o.status, o.rows_read, o.reason) == ("loaded", 8, "ignored columns not in the contract: tags, visit, extra")
    contact = pa.array([None] * 5 + [{"phone": "+7 701 555 43 21"}] + [None] * (n - 6))
    buf = io.BytesIO()
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False).append_column("contact", contact), buf)
    (tmp_path / "in" / "nested.parquet").unlink()
    o = outcome(con, tmp_path, "contact.parquet", buf.getvalue())
    assert (o.status, o.reason) == ("refused", "column 'contact' contains a value that looks like a phone number "
                                               "in row 6: files with direct identifiers are refused")


def test_workbook_with_several_sheets_reads_the_first_and_merged_header_is_refused(con, tmp_path):
    frame = rows_frame(FIXTURE)
    buf = io.BytesIO()
    with __import__("pandas").ExcelWriter(buf, engine="openpyxl") as xw:
        frame.to_excel(xw, sheet_name="data", index=False)
        frame.head(2).to_excel(xw, sheet_name="notes", index=False)
    o = outcome(con, tmp_path, "sheets.xlsx", buf.getvalue())
    assert (o.status, o.rows_read) == ("loaded", 8)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["record_id", None, "test_date"])
    ws.merge_cells("A1:B1")
    ws.append(["r1", "AIBU11990", "2025-01-01"])
    buf2 = io.BytesIO()
    wb.save(buf2)
    (tmp_path / "in" / "sheets.xlsx").unlink()
    o2 = outcome(con, tmp_path, "merged.xlsx", buf2.getvalue())
    assert o2.status == "refused" and "empty cell" in o2.reason


def materialized_ingest(tmp_path, inbox) -> tuple[duckdb.DuckDBPyConnection, str, str]:
    """The ingest asset run on ``inbox``: its build, the text of every row it wrote, and the run's logs."""
    instance = dg.DagsterInstance.ephemeral()
    result = dg.materialize([ingest_assets.ingest], instance=instance, resources={
        "paths": PathsResource(inbox=str(inbox)), "warehouse": WarehouseResource(path=str(tmp_path / "wh.duckdb")),
        "gx": GreatExpectationsResource()})
    assert result.success
    con = duckdb.connect(str(tmp_path / "wh.building.duckdb"), read_only=True)
    dump = "\n".join(str(r) for t in ("audit.files", "audit.held_rows", "staging.screening")
                     for r in con.execute(f"SELECT * FROM {t}").fetchall())
    return con, dump, "\n".join(str(e) for e in instance.all_logs(result.run_id))


def test_identifying_file_leaves_no_trace(tmp_path):
    phone, person = "+7 701 555 43 21", "Иванов Иван Иванович"
    inbox = tmp_path / "inbox"
    frame = rows_frame(FIXTURE)
    write_export(frame, inbox / "a.csv", "field_csv")
    write_export(frame.assign(notes=[phone] + [""] * 7), inbox / "b.csv", "field_csv")
    write_export(frame.assign(фио=[person] * 8), inbox / "c.csv", "field_csv")
    # workbooks whose first sheet is clean: a hidden sheet named after a person, without a heading row,
    # and a sheet of contacts whose heading says so
    for name, title, rows in (("d.xlsx", "Иванов", [[person, phone]]),
                              ("e.xlsx", "contacts", [["uic", "note", "Телефон"], ["AAAA11990", "", phone]])):
        with __import__("pandas").ExcelWriter(inbox / name, engine="openpyxl") as xw:
            frame.to_excel(xw, sheet_name="data", index=False)
            xw.book.create_sheet(title)
            for row in rows:
                xw.book[title].append(row)
            xw.book[title].sheet_state = "hidden"
    con, dump, logs = materialized_ingest(tmp_path, inbox)
    assert con.execute("SELECT file_name, status FROM audit.files ORDER BY 1").fetchall() == [
        ("a.csv", "loaded"), ("b.csv", "refused"), ("c.csv", "refused"), ("d.xlsx", "refused"), ("e.xlsx", "refused")]
    assert con.execute("SELECT reason FROM audit.files WHERE file_name LIKE '%.xlsx' ORDER BY file_name").fetchall() == [
        # column A's name was not seen until the evening of 2026-12-05 (headings are read in lower case)
        # said to be hidden since 2026-12-07: the officer sees one tab
        ("worksheet 2 (hidden) of the workbook: the first row's cell in column A looks like a person's name: "
         "files with direct identifiers are refused",),
        ("worksheet 2 (hidden) of the workbook: column C looks like a phone number: files with direct identifiers "
         "are refused",)]
    for secret in (phone, "555 43 21", person, "Иванов"):
        assert secret not in dump and secret not in logs


def test_a_file_named_with_an_identifier_is_refused_and_its_name_withheld(tmp_path):
    phone, email = "+7 701 555 43 21", "ivan.petrov@mail.ru"
    inbox = tmp_path / "inbox"
    frame = rows_frame(FIXTURE)
    write_export(frame, inbox / "a_2025-03.csv", "field_csv")
    write_export(frame.assign(notes="x"), inbox / f"Иванов {phone}.csv", "field_csv")  # clean content
    write_export(frame.assign(notes="y"), inbox / f"b_{email}.xlsx", "xlsx")
    digests = {n: hashlib.sha256((inbox / n).read_bytes()).hexdigest()
               for n in (f"Иванов {phone}.csv", f"b_{email}.xlsx")}
    con, dump, logs = materialized_ingest(tmp_path, inbox)
    said = "the file's name contains what looks like {}: files with direct identifiers are refused and the " \
           "name is not stored or shown; rename the file without it to load it"
    assert con.execute("SELECT file_name, status, reason, rows_read FROM audit.files ORDER BY 1").fetchall() == sorted([
        ("a_2025-03.csv", "loaded", None, 8),
        (f"(name withheld) {digests[f'Иванов {phone}.csv'][:12]}.csv", "refused", said.format("a phone number"), 0),
        (f"(name withheld) {digests[f'b_{email}.xlsx'][:12]}.xlsx", "refused", said.format("an e-mail address"), 0)])
    assert con.execute("SELECT count(*) FROM staging.screening").fetchone() == (con.execute(
        "SELECT rows_accepted FROM audit.files WHERE file_name = 'a_2025-03.csv'").fetchone())
    assert "(name withheld)" in logs
    for secret in (phone, "555 43 21", "Иванов", email, "petrov"):
        assert secret not in dump and secret not in logs


TITLED = "the header is in row {} of the file: delete the {} row(s) above it (a title, or blank rows), as the header " \
         "must be the first row"


def _append_records(sheet) -> None:
    frame = rows_frame(FIXTURE)
    sheet.append(list(frame.columns))
    for row in frame.itertuples(index=False):
        sheet.append([None if v != v else v for v in row])  # NaN: an empty cell


def _saved(book: openpyxl.Workbook) -> bytes:
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def _titled_workbook(title_rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    for row in title_rows:
        book.active.append(row)
    _append_records(book.active)
    return _saved(book)


@pytest.mark.parametrize("heading, values", [
    ("Наличие патента", ["да", "нет"]), ("Паспорт", ["есть", None]), ("Документ", ["паспорт", "ВНЖ"]),
    ("passport", [None, None]), ("phonenumber", [None, None]), ("_geolocation", [None, None]),
    ("Телефон", ["нет", None]), ("Д/р", [None, None]), ("ФИО", [None, " "]), ("e-mail", [None, None]),
    ("ФИО", ["-", "н/д"]), ("Адрес", ["—", "N/A"]),
    # a document's or a phone's column with fewer than five digits once its dates are out: until 2026-12-08
    # refused for the digit
    ("Паспорт", ["есть с 2024", None]), ("Телефон", ["есть, 2 шт.", "нет"]), ("№ патента", ["до 31.12.2025", "нет"])])
def test_a_number_headed_column_without_a_digit_holds_no_number_and_loads(con, tmp_path, heading, values):
    # whether a migrant has a patent, a passport or a phone, or which document, is no number; an empty column
    # (a form tool's "phonenumber" or "_geolocation" the form does not fill, a template's "ФИО" left blank or
    # a dash in every row)
    # holds none: until 2026-12-07 each refused its file by the heading alone. A digit anywhere in the column,
    # or a value at all in one headed as a name or an e-mail, refuses it as before
    frame = rows_frame(FIXTURE)
    frame[heading] = (values * len(frame))[:len(frame)]
    o = outcome(con, tmp_path, "docs.csv", frame.to_csv(index=False).encode())
    assert (o.status, o.reason) == ("loaded", f"ignored columns not in the contract: {heading.lower()}")
    frame.loc[3, heading] = "AA1234567"
    (tmp_path / "b").mkdir()
    o = outcome(con, tmp_path / "b", "docs.csv", frame.to_csv(index=False).encode())
    assert o.status == "refused" and o.reason.startswith(f"column '{heading.lower()}' looks like a")


def test_a_form_tools_submitter_names_are_staffs_and_load_but_a_phone_number_there_refuses(con, tmp_path):
    # ODK Central adds "SubmitterName" (the app or web user: a counsellor), KoboToolbox "_submitted_by": until
    # 2026-12-07 every export whose users had people's names was refused as carrying a person's name. Only
    # the name is not looked for there: a phone number in it still refuses, and a name in any other column
    frame = rows_frame(FIXTURE)
    n = len(frame)
    frame["SubmitterID"] = ["5"] * n
    frame["SubmitterName"] = (["Aigerim Sadykova", "Марат Ахметов"] * n)[:n]
    frame["_submitted_by"] = (["Айгерим Садыкова"] * n)
    o = outcome(con, tmp_path, "odk.csv", frame.to_csv(index=False).encode())
    assert (o.status, o.rows_read) == ("loaded", n)
    frame.loc[2, "SubmitterName"] = "Марат Ахметов +7 701 555 43 21"
    (tmp_path / "b").mkdir()
    o = outcome(con, tmp_path / "b", "odk.csv", frame.to_csv(index=False).encode())
    assert (o.status, o.reason) == ("refused", "column 'submittername' contains a value that looks like a phone "
                                               "number in row 3: files with direct identifiers are refused")
    frame.loc[2, "SubmitterName"] = "Марат Ахметов"
    frame["counsellor"] = frame["SubmitterName"]
    (tmp_path / "c").mkdir()
    o = outcome(con, tmp_path / "c", "odk.csv", frame.to_csv(index=False).encode())
    assert (o.status, o.reason) == ("refused", "column 'counsellor' contains a value that looks like a person's "
                                               "name in row 1: files with direct identifiers are refused")


def test_a_document_property_with_an_identifier_refuses_its_workbook(con, tmp_path):
    # a title or comments typed in File, Info, or a custom property: until 2026-12-08 (forty-fifth session)
    # such a workbook loaded, as none is a cell's value. The author (Office's user: a counsellor's name), a
    # title naming no one and a sensitivity label's custom properties (GUIDs, a date-time) load
    from openpyxl.packaging.custom import StringProperty

    book = openpyxl.Workbook()
    _append_records(book.active)
    book.properties.creator = "Иванова Мария Петровна"
    book.properties.lastModifiedBy = "Сапарова Айгерим"
    book.properties.title = "ALA-01, март 2025"
    guid = "3f2a6b1c-8d4e-4f5a-9b6c-7d8e9f0a1b2c"
    for name, value in [("Enabled", "true"), ("SetDate", "2025-03-04T09:15:27Z"), ("SiteId", guid),
                        ("ActionId", "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"), ("ContentBits", "0")]:
        book.custom_doc_props.append(StringProperty(name=f"MSIP_Label_{guid}_{name}", value=value))
    assert outcome(con, tmp_path, "a.xlsx", _saved(book)).status == "loaded"
    for i, (edit, what, kind) in enumerate([
            (lambda b: setattr(b.properties, "description", "перезвонить: +7 701 555 43 21"), "comments", "a phone"),
            (lambda b: setattr(b.properties, "title", "Клиент Иванов Сергей"), "title", "a person's name"),
            (lambda b: b.custom_doc_props.append(StringProperty(name="Контакт", value="ivanov@mail.ru")),
             "a custom property", "an e-mail address")]):
        edited = openpyxl.load_workbook(io.BytesIO(_saved(book)))
        edit(edited)
        (tmp_path / str(i)).mkdir()
        o = outcome(con, tmp_path / str(i), f"b{i}.xlsx", _saved(edited))
        assert (o.status, o.reason) == (
            "refused", f"the workbook's document properties ({what}) hold what looks like {kind}"
                       f"{' number' if kind == 'a phone' else ''}: files with direct identifiers are refused (File, "
                       "Info, Check for Issues, Inspect Document: remove Document Properties)")


def _noted(notes: dict[str, str]) -> bytes:
    """The fixture's records as a workbook with a counsellor's notes on cells (by reference: text)."""
    from openpyxl.comments import Comment

    book = openpyxl.Workbook()
    _append_records(book.active)
    for ref, text in notes.items():
        book.active[ref].comment = Comment(text, "counsellor")
    return _saved(book)


def _note_refused(ref: str, kind: str) -> str:
    return (f"the note on cell {ref} of worksheet 1 holds what looks like {kind}: files with direct identifiers are "
            "refused (delete the note: right-click the cell, Delete Note or Delete Comment)")


def test_a_note_on_a_cell_with_a_phone_number_refuses_its_workbook(con, tmp_path):
    # a counsellor's note on a client's UIC, shown when the cell is pointed at: until 2026-12-07 such a
    # workbook loaded (no cell's value holds a note). A note that names no one loads with its workbook
    assert outcome(con, tmp_path, "a.xlsx", _noted({"B2": "повторный визит через 3 мес."})).status == "loaded"
    noted = _noted({"B2": "повторный визит через 3 мес.", "B4": "перезвонить: +7 701 555 43 21"})
    (tmp_path / "b").mkdir()
    o = outcome(con, tmp_path / "b", "b.xlsx", noted)
    assert (o.status, o.reason) == ("refused", _note_refused("B4", "a phone number"))
    # a notes part declaring a DTD, which Excel never writes: until 2026-12-07 (forty-fourth session) left
    # unread, the workbook loaded with its notes unsearched
    from tests.conftest import rezipped

    dtd = rezipped(noted, {"xl/comments/comment1.xml": lambda b: b'<!DOCTYPE x [<!ENTITY a "a">]>' + b})
    (tmp_path / "c").mkdir()
    o = outcome(con, tmp_path / "c", "c.xlsx", dtd)
    assert (o.status, o.reason) == ("refused", DTD_REFUSED)


def _cache_of(rows: list[list[object]]) -> tuple[str, str]:
    """A pivot cache's definition and records for ``rows`` (a heading row, then values), as Excel saves
    them: text values shared and given by index, numbers given."""
    from xml.sax.saxutils import quoteattr

    fields, shared = [], []
    for i, name in enumerate(rows[0]):
        texts = list(dict.fromkeys(str(r[i]) for r in rows[1:] if r[i] is not None and not isinstance(r[i], int)))
        shared.append(texts)
        items = "".join(f"<s v={quoteattr(t)}/>" for t in texts)
        fields.append(f"<cacheField name={quoteattr(str(name))}><sharedItems>{items}</sharedItems></cacheField>")
    records = "".join("<r>" + "".join(
        "<m/>" if v is None else f'<n v="{v}"/>' if isinstance(v, int) else f'<x v="{shared[i].index(str(v))}"/>'
        for i, v in enumerate(row)) + "</r>" for row in rows[1:])
    return f"<cacheFields>{''.join(fields)}</cacheFields>", records


def test_a_pivot_tables_copy_of_a_register_with_names_refuses_its_workbook(con, tmp_path):
    # a pivot table made from a register with names, the register's sheet then deleted: Excel keeps the
    # register's rows in the pivot cache. Until 2026-12-07 such a workbook loaded. A pivot table over the
    # records themselves loads with its workbook, its source data saved or not
    from tests.unit.test_xlsx_pivots import with_pivot_cache

    book = openpyxl.Workbook()
    _append_records(book.active)
    records = [[c.value for c in row] for row in book.active.iter_rows()]
    data = _saved(book)
    for saved in (True, False):
        fields, rows = _cache_of(records)
        (tmp_path / f"own{saved}").mkdir()
        o = outcome(con, tmp_path / f"own{saved}", "a.xlsx", with_pivot_cache(data, fields, rows if saved else None))
        assert (o.status, o.rows_read) == ("loaded", len(records) - 1)
    register = [["Район", "ФИО", "Тестов"], ["Алмалинский", "Иванов Сергей Петрович", 3],
                ["Ауэзовский", "Петрова Анна", 2]]
    fields, rows = _cache_of(register)
    for name, saved in (("b.xlsx", rows), ("c.xlsx", None)):  # the names are kept without the source data too
        (tmp_path / name).mkdir()
        o = outcome(con, tmp_path / name, name, with_pivot_cache(data, fields, saved))
        assert (o.status, o.reason) == (
            "refused", "pivot table cache 1 of the workbook (the source rows a pivot table keeps, even of a deleted "
                       "sheet): column 2 looks like a name: files with direct identifiers are refused "
                       "(delete the pivot table, or paste it as values)")
    register[0][1] = "Комментарий"  # a heading that says nothing: the names are found among the values
    fields, rows = _cache_of(register)
    (tmp_path / "d").mkdir()
    o = outcome(con, tmp_path / "d", "d.xlsx", with_pivot_cache(data, fields, rows))
    assert o.reason.startswith("pivot table cache 1 of the workbook (the source rows a pivot table keeps, even of a "
                               "deleted sheet): column 2 contains a value that looks like a person's name in row 1")


def test_a_formulas_cached_copy_of_another_workbook_with_names_refuses_its_workbook(con, tmp_path):
    # =VLOOKUP(A2,'[Регистр.xlsx]Лист1'!$A:$D,2,0) keeps the register's cells in the workbook, shown or not:
    # until 2026-12-07 such a workbook loaded. A link to a list of sites loads with its workbook
    from tests.unit.test_xlsx_links import with_external_link

    book = openpyxl.Workbook()
    _append_records(book.active)
    data = _saved(book)
    sites = ('<sheetData sheetId="0"><row r="1"><cell r="A1" t="str"><v>site</v></cell></row>'
             '<row r="2"><cell r="A2" t="str"><v>ALA-01</v></cell><cell r="B2"><v>12</v></cell></row></sheetData>')
    o = outcome(con, tmp_path, "a.xlsx", with_external_link(data, sites))
    assert (o.status, o.rows_read) == ("loaded", book.active.max_row - 1)
    register = ('<sheetData sheetId="0"><row r="4"><cell r="B4" t="str"><v>AIBU11990</v></cell>'
                '<cell r="C4" t="str"><v>+7 701 555 43 21</v></cell></row></sheetData>')
    (tmp_path / "b").mkdir()
    o = outcome(con, tmp_path / "b", "b.xlsx", with_external_link(data, register))
    assert (o.status, o.reason) == (
        "refused", "linked sheet 1 of the workbook (the cells of another workbook its formulas refer to, kept in "
                   "the file): column C contains a value that looks like a phone number in row 4: files with "
                   "direct identifiers are refused (Data, Edit Links, Break Link: the formulas become their values)")


def test_a_text_box_or_a_charts_kept_labels_with_identifiers_refuse_their_workbook(con, tmp_path):
    # written in a text box instead of a note, or kept by a chart after its source rows were deleted: until
    # 2026-12-07 such a workbook loaded. A chart of sites' tests, and a text box saying nothing of a client,
    # load with their workbook
    from tests.unit.test_xlsx_drawings import _chart, _shape, with_drawing

    book = openpyxl.Workbook()
    _append_records(book.active)
    data = _saved(book)
    o = outcome(con, tmp_path, "a.xlsx", with_drawing(data, 1, _shape("Данные за март"),
                                                      _chart("Тесты", ["ALA-01", "AST-02"], [12, 3])))
    assert (o.status, o.rows_read) == ("loaded", book.active.max_row - 1)
    for name, drawn, reason in (
            ("b.xlsx", with_drawing(data, 1, _shape("перезвонить: +7 701 555 43 21")),
             "a text box on worksheet 1 holds what looks like a phone number: files with direct identifiers are "
             "refused (delete the text box)"),
            ("c.xlsx", with_drawing(data, 1, "", _chart("Тесты", ["Иванов Сергей Петрович"], [1])),
             "a chart on worksheet 1 keeps a label or value that looks like a person's name: files with direct "
             "identifiers are refused (a chart keeps its source's labels when their rows are deleted: delete the "
             "chart)"),
            ("d.xlsx", with_drawing(data, 1, _shape("Иванов Сергей Петрович", "перезвонить")),
             "a text box on worksheet 1 holds what looks like a person's name: files with direct identifiers are "
             "refused (delete the text box)")):
        (tmp_path / name).mkdir()
        o = outcome(con, tmp_path / name, name, drawn)
        assert (o.status, o.reason) == ("refused", reason)


def test_a_workbook_holding_what_cannot_be_searched_is_refused(con, tmp_path):
    # a register inserted in a sheet as an object, or the data model a pivot table "with the data model" keeps:
    # a copy of rows the search cannot read. Until 2026-12-07 such a workbook loaded
    from tests.conftest import rezipped

    book = openpyxl.Workbook()
    _append_records(book.active)
    data = _saved(book)
    for name, part, reason in (
            ("a.xlsx", "xl/embeddings/Microsoft_Excel_Worksheet.xlsx",
             "the workbook holds a file inserted in a sheet as an object (an embedded file), which cannot be "
             "searched for identifiers: a file that may carry them is refused (delete the object: select it on its "
             "sheet, Delete, or send the records as CSV UTF-8)"),
            ("b.xlsx", "xl/model/item.data",
             "the workbook holds a data model (Power Pivot, or a pivot table made with the data model), which "
             "cannot be searched for identifiers: a file that may carry them is refused (remove it: Data, Manage "
             "Data Model, or make the pivot table again without the data model, or send the records as CSV "
             "UTF-8)")):
        (tmp_path / name).mkdir()
        o = outcome(con, tmp_path / name, name, rezipped(data, added={part: b"PK\x03\x04 ..."}))
        assert (o.status, o.reason) == ("refused", reason)


def test_a_sheet_named_after_a_client_refuses_its_workbook(con, tmp_path):
    # a tab per client, named by the client ("Иванов С.П."), or by a phone number: until 2026-12-07 such a
    # workbook loaded (no cell holds a sheet's name). A tab named as the month or the site, or by a counsellor's
    # first name alone, loads
    book = openpyxl.Workbook()
    _append_records(book.active)
    book.active.title = "Март 2025"
    book.create_sheet("ALA-01")["A1"] = "site"
    book.create_sheet("Айгерим")["A1"] = "site"
    o = outcome(con, tmp_path, "a.xlsx", _saved(book))
    assert (o.status, o.rows_read) == ("loaded", book.active.max_row - 1)
    for name, title, kind in (("b.xlsx", "Иванов С.П.", "a person's name"), ("c.xlsx", "8 701 555 43 21",
                                                                             "a phone number")):
        book["ALA-01"].title = title
        (tmp_path / name).mkdir()
        o = outcome(con, tmp_path / name, name, _saved(book))
        assert (o.status, o.reason) == ("refused", f"the name of worksheet 2 looks like {kind}: files with direct "
                                                   "identifiers are refused (rename the sheet: right-click its tab, "
                                                   "Rename)")
        book[title].title = "ALA-01"


def test_a_page_header_or_a_drop_down_list_naming_a_client_refuses_its_workbook(con, tmp_path):
    # a printed register's header, or a list of clients to pick from: until 2026-12-07 such a workbook loaded
    # (neither is a cell's value). A header giving the site and month, and a list of yes and no, load
    from openpyxl.worksheet.datavalidation import DataValidation

    book = openpyxl.Workbook()
    _append_records(book.active)
    book.active.oddHeader.center.text = "ALA-01, март 2025"
    answers = DataValidation(type="list", formula1='"Да,Нет"')
    book.active.add_data_validation(answers)
    answers.add("P2")
    o = outcome(con, tmp_path, "a.xlsx", _saved(book))
    assert (o.status, o.rows_read) == ("loaded", book.active.max_row - 1)
    book.active.oddFooter.left.text = "Исполнитель: Иванова Мария Петровна"
    (tmp_path / "b").mkdir()
    o = outcome(con, tmp_path / "b", "b.xlsx", _saved(book))
    assert (o.status, o.reason) == (
        "refused", "the page header or footer of worksheet 1 holds what looks like a person's name: files with "
                   "direct identifiers are refused (Insert, Header & Footer: delete it)")
    book.active.oddFooter.left.text = ""
    clients = DataValidation(type="list", formula1='"Иванов С.П.,Петрова А.А."')
    book.active.add_data_validation(clients)
    clients.add("Q2")
    (tmp_path / "c").mkdir()
    o = outcome(con, tmp_path / "c", "c.xlsx", _saved(book))
    assert (o.status, o.reason) == (
        "refused", "the drop-down list of worksheet 1 holds what looks like a person's name: files with direct "
                   "identifiers are refused (Data, Data Validation: delete the list)")


def test_a_hyperlink_leading_to_an_identifier_refuses_its_workbook(con, tmp_path):
    # a cell showing "написать" that links to a client's e-mail address: until 2026-12-07 such a workbook loaded
    # (the cell's value was searched, not where it leads). A link to a web page loads with its workbook
    book = openpyxl.Workbook()
    _append_records(book.active)
    column = book.active.max_column + 1
    book.active.cell(1, column, "contact")
    book.active.cell(2, column, "руководство").hyperlink = "https://www.who.int/publications/i/item/9789240096394"
    o = outcome(con, tmp_path, "a.xlsx", _saved(book))
    assert (o.status, o.rows_read) == ("loaded", book.active.max_row - 1)
    # an e-mail address, a phone number, or a scan named after its client (its name's letters %-escaped)
    for name, target, kind in (("b", "mailto:ivanov.sergei@mail.ru", "an e-mail address"),
                               ("c", "tel:+77015554321", "a phone number"),
                               ("d", "file:///C:/%D0%A1%D0%BA%D0%B0%D0%BD%D1%8B/%D0%98%D0%B2%D0%B0%D0%BD%D0%BE%D0%B2"
                                     "%20%D0%A1.%D0%9F.%20%D0%BF%D0%B0%D1%81%D0%BF%D0%BE%D1%80%D1%82.pdf",
                                "a person's name"),
                               # saved with underscores for spaces: until 2026-12-08 taken for one word
                               ("e", "file:///C:/Scans/Ivanov_Sergei_passport.pdf", "a person's name"),
                               ("f", "C:\\Сканы\\иванов_сергей\\паспорт.jpg", "a person's name")):
        book.active.cell(3, column, "написать").hyperlink = target
        (tmp_path / name).mkdir()
        o = outcome(con, tmp_path / name, f"{name}.xlsx", _saved(book))
        assert (o.status, o.reason) == (
            "refused", f"a hyperlink on worksheet 1 leads to what looks like {kind}: files with direct identifiers "
                       "are refused (remove the hyperlink: right-click its cell, Remove Hyperlink)")


@pytest.mark.parametrize("name, content, row", [
    # a report's title above the table, as sheets are made to be printed: until 2026-12-07 refused as
    # "required columns missing" (CSV: "no delimiter found in the header line")
    ("a.csv", ("Отчёт ALA-01 за март 2025\n" + GOOD_CSV).encode(), 2),
    ("b.csv", ("Отчёт ALA-01 за март 2025;;;\r\n\r\n" + GOOD_CSV.replace(",", ";")).encode("cp1251"), 3),
    ("c.xlsx", _titled_workbook([["Отчёт ALA-01 за март 2025"], [], ["сайт ALA-01", None, "март"]]), 4),
])
def test_a_title_above_the_header_is_named_with_the_header_row(con, tmp_path, name, content, row):
    o = outcome(con, tmp_path, name, content)
    assert (o.status, o.reason, o.rows_read) == ("refused", TITLED.format(row, row - 1), 0)


def test_records_on_a_later_worksheet_are_named_by_its_place(con, tmp_path):
    # a template's instructions sheet first: until 2026-12-07 refused as "required columns missing" alone
    book = openpyxl.Workbook()
    book.active.title = "Инструкция"
    book.active.append(["Заполните лист 'Данные' по образцу"])
    _append_records(book.create_sheet("Данные"))
    book.create_sheet("Справочник").append(["code", "meaning"])
    o = outcome(con, tmp_path, "a.xlsx", _saved(book))
    assert (o.status, o.reason, o.rows_read) == (
        "refused", "the records are on worksheet 2, not the first shown: move that worksheet first (or save it as "
                   "a workbook of its own), as the rows of the first worksheet shown are read as the records", 0)
    book["Данные"].sheet_state = "hidden"  # on a hidden worksheet: the officer is told to unhide it
    (tmp_path / "in" / "a.xlsx").unlink()
    o = outcome(con, tmp_path, "b.xlsx", _saved(book))
    assert o.reason.startswith("the records are on worksheet 2 (hidden), not the first shown: unhide that worksheet "
                               "and move it first (or save it")


def test_a_hidden_worksheet_before_the_records_is_passed_over_and_searched(con, tmp_path):
    # a template's lists of values on a hidden first worksheet, the records on the one tab the officer sees:
    # until 2026-12-07 the hidden one was read as the records ("the records are on worksheet 2, not the first")
    book = openpyxl.Workbook()
    book.active.title = "Списки"
    for code in ("labour_migrant", "relocant", "kandas"):
        book.active.append([code])
    book.active.sheet_state = "hidden"
    _append_records(book.create_sheet("Данные"))
    o = outcome(con, tmp_path, "a.xlsx", _saved(book))
    assert (o.status, o.rows_read) == ("loaded", 8)
    assert con.execute("SELECT count(*) FROM staging.screening").fetchall() == [(8,)]
    book["Списки"].append(["+7 701 555 43 21"])  # and it is searched for identifiers as every other sheet
    (tmp_path / "in" / "a.xlsx").unlink()
    o = outcome(con, tmp_path, "b.xlsx", _saved(book))
    assert (o.status, o.reason) == ("refused", "worksheet 1 (hidden) of the workbook: column A contains a value that "
                                               "looks like a phone number in row 4: files with direct identifiers are "
                                               "refused")


def test_rows_under_merged_cells_are_held_naming_the_cells_and_every_row_is_counted(con, tmp_path):
    # site_code merged over r01-r03 (sheet rows 2-4, one outreach day) and test_modality over r06-r07 (rows 7-8):
    # Excel keeps the value in the first cell only. Until 2026-12-07 r02 and r03 were held as "site_code:
    # missing (required)" with no word of why, and r07 was accepted without a modality.
    book = openpyxl.Workbook()
    _append_records(book.active)
    book.active.merge_cells("D2:D4")
    book.active.merge_cells("K7:K8")
    o = outcome(con, tmp_path, "merged.xlsx", _saved(book))
    assert (o.status, o.rows_read) == ("loaded", 8)
    assert con.execute("SELECT rows_accepted, rows_held, rows_duplicate FROM audit.files").fetchall() == [(5, 3, 0)]
    what = "whose value Excel keeps in the first cell only: unmerge them and fill in each row's value"
    assert con.execute("SELECT record_id, row_number, reason FROM audit.held_rows ORDER BY row_number").fetchall() == [
        ("r02", 2, f"row: cell D3 (site_code) is part of merged cells D2:D4, {what}; site_code: missing (required)"),
        ("r03", 3, f"row: cell D4 (site_code) is part of merged cells D2:D4, {what}; site_code: missing (required)"),
        ("r07", 7, f"row: cell K8 (test_modality) is part of merged cells K7:K8, {what}")]


def test_rows_whose_contract_cells_hold_formulas_are_held_and_nothing_of_them_is_loaded(con, tmp_path):
    # a template's ids made by a formula (one text in every row) and each row's site taken from a settings
    # sheet: until 2026-12-07 r01's row was loaded under the id '="ALA01-"&...' with the site "=SETTINGS!$B$1"
    # (published as a site) and the seven others held as changed rows under that id
    book = openpyxl.Workbook()
    _append_records(book.active)
    for row in range(2, 10):
        book.active[f"A{row}"] = '="ALA01-"&TEXT(ROW()-1,"0000")'
        book.active[f"D{row}"] = "=Settings!$B$1"
    book.active["Q5"] = "=P5"  # r04's vl_date from its art_start_date: one more cell named in its row
    book.create_sheet("Settings").append(["site", "ALA-01"])
    o = outcome(con, tmp_path, "formulas.xlsx", _saved(book))
    assert (o.status, o.rows_read) == ("loaded", 8)
    assert con.execute("SELECT rows_accepted, rows_held FROM audit.files").fetchall() == [(0, 8)]
    assert con.execute("SELECT count(*) FROM staging.screening").fetchall() == [(0,)]
    held = dict(con.execute("SELECT row_number, reason FROM audit.held_rows").fetchall())
    assert held[1] == ("row: cells A2 (record_id), D2 (site_code) hold formulas, read as their text, not their "
                       "results: replace the formulas by their values (copy the column, then Paste Special > Values)")
    assert held[4].startswith("row: cells A5 (record_id), D5 (site_code), Q5 (vl_date) hold formulas,")
    assert sorted(held) == list(range(1, 9))


def test_a_title_holding_an_identifier_refuses_for_it_and_a_header_far_down_is_not_looked_for(con, tmp_path):
    o = outcome(con, tmp_path, "a.xlsx", _titled_workbook([["Отчёт ALA-01, тел. +7 701 555 43 21"]]))
    assert (o.status, o.reason) == ("refused", "the first row's cell in column 1 looks like a phone number: files "
                                               "with direct identifiers are refused")
    (tmp_path / "b").mkdir()
    o = outcome(con, tmp_path / "b", "b.csv", ("Отчёт\n" + "\n" * 10 + GOOD_CSV).encode())  # row 12
    assert (o.status, o.reason) == ("refused", "no delimiter found in the header line (expected ',' or ';', or a "
                                               "tab or '|')")


def test_a_file_without_its_header_row_is_refused_without_quoting_its_first_record(con, tmp_path):
    # the header line left out: the first record is read as the header ("undocumented", a heading that
    # says "document", would refuse it by its heading)
    body = GOOD_CSV.split("\n", 1)[1].replace("undocumented", "work_permit")
    first = body.split("\n", 1)[0]
    o = outcome(con, tmp_path, "a.csv", body.encode())
    assert (o.status, o.reason) == ("refused", "required columns missing: " + ", ".join(REQUIRED)
                                    + " (the first row holds numbers, so it is not shown: is the header row missing?)")
    phone = "+7 701 555 43 21"
    (tmp_path / "b").mkdir()
    o = outcome(con, tmp_path / "b", "b.csv", (first.rstrip(",") + "," + phone + "\n" + body).encode())
    # r01 .. negative: twelve cells, then the phone
    assert (o.status, o.reason) == ("refused", "the first row's cell in column 13 looks like a phone number: "
                                               "files with direct identifiers are refused")
    stored = "\n".join(str(r) for r in con.execute("SELECT * FROM audit.files").fetchall())
    for cell in first.split(",") + [phone]:
        if len(cell) > 4:  # the record's UIC, date, site and codes
            assert cell not in stored


@pytest.mark.parametrize("name, said", [
    ("b_2025-04.csv", "'b_2025-04.csv' in the inbox cannot be read (Permission denied); close or fix it and run again"),
    ("b +7 701 555 43 21.csv", "a file whose name carries an identifier in the inbox cannot be read (Permission "
                               "denied); close or fix it and run again"),
])
def test_a_file_that_cannot_be_read_stops_the_run_naming_it_as_stored(tmp_path, monkeypatch, name, said):
    inbox = tmp_path / "inbox"
    write_export(rows_frame(FIXTURE), inbox / "a_2025-03.csv", "field_csv")
    write_export(rows_frame(FIXTURE), inbox / name, "field_csv")
    real_open = Path.open

    def locked(self, *args, **kwargs):  # as Excel on a shared folder locks the workbook it has open
        if self.name == name:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", locked)  # read_bytes opens the file too
    instance = dg.DagsterInstance.ephemeral()
    result = dg.materialize([ingest_assets.ingest], instance=instance, raise_on_error=False, resources={
        "paths": PathsResource(inbox=str(inbox)), "warehouse": WarehouseResource(path=str(tmp_path / "wh.duckdb")),
        "gx": GreatExpectationsResource()})
    assert not result.success
    (failure,) = [e for e in result.all_events if e.event_type == dg.DagsterEventType.STEP_FAILURE]
    assert said in failure.event_specific_data.error.cause.message
    logs = "\n".join(str(e) for e in instance.all_logs(result.run_id))
    assert "555 43 21" not in logs and not (tmp_path / "wh.duckdb").exists()
    # the officer's alert says which file and what to do (until 2026-12-06: only that the ingest failed)
    message = failure_alert_of(instance, result, tmp_path / "alerts")["message"]
    assert message.endswith("ingest: " + said) and "555 43 21" not in message


def test_a_file_name_that_is_not_utf8_is_read_as_windows_1251(con, tmp_path):
    # a name written on a Russian-locale desktop and copied as its bytes were: the run stopped on it
    inbox = tmp_path / "inbox"
    frame = rows_frame(FIXTURE)
    write_export(frame, inbox / "a_2025-06.csv", "field_csv")
    later = frame.copy()
    later.loc[0, "site_code"] = "SHY-01"  # r01 again with other content: held, its text read again
    name = "Алматы_2025-07.csv"
    write_export(later, inbox / "b.csv", "field_csv")
    os.rename(inbox / "b.csv", os.fsencode(inbox) + b"/" + name.encode("cp1251"))
    assert name.encode("cp1251") in os.listdir(os.fsencode(inbox))  # not UTF-8 on disk
    ingest_inbox(con, inbox, AS_OF)
    assert con.execute("SELECT file_name, status, rows_read, rows_accepted, rows_held, rows_duplicate FROM audit.files"
                       " ORDER BY file_name").fetchall() == [("a_2025-06.csv", "loaded", 8, 8, 0, 0),
                                                             (name, "loaded", 8, 0, 1, 7)]
    ((file_name, row_number, raw),) = con.execute("SELECT file_name, row_number, raw FROM audit.held_rows").fetchall()
    assert (file_name, row_number, json.loads(raw)["site_code"]) == (name, 1, "SHY-01")


def test_files_that_would_share_a_stored_name_are_each_stored_under_their_own(tmp_path):
    # the same name in two encodings (a Windows-1251 copy beside a UTF-8 one), and the same bytes under
    # two identifying names (withheld under one hash): under one name the second file's rows were lost
    # (rows_read 0) and its held row's text was read from the other file
    inbox = tmp_path / "inbox"
    frame = rows_frame(FIXTURE)
    name = "Алматы_2025-07.csv"
    write_export(frame, inbox / name, "field_csv")
    later = frame.copy()
    later.loc[0, "site_code"] = "SHY-01"  # r01 again with other content: held; r02-r08 duplicates
    write_export(later, inbox / "b.csv", "field_csv")
    os.rename(inbox / "b.csv", os.fsencode(inbox) + b"/" + name.encode("cp1251"))
    phone = "+7 701 555 43 21"
    for copy in (f"Иванов {phone}.csv", f"копия Иванов {phone}.csv"):
        write_export(frame.iloc[:5], inbox / copy, "field_csv")
    withheld = f"(name withheld) {hashlib.sha256((inbox / f'Иванов {phone}.csv').read_bytes()).hexdigest()[:12]}"
    con, dump, logs = materialized_ingest(tmp_path, inbox)
    assert con.execute("SELECT file_name, status, rows_read, rows_accepted, rows_held, rows_duplicate FROM audit.files"
                       " ORDER BY rowid").fetchall() == [  # in processing order: the UTF-8 name first
        (name, "loaded", 8, 8, 0, 0), ("Алматы_2025-07 (2).csv", "loaded", 8, 0, 1, 7),
        (f"{withheld}.csv", "refused", 0, 0, 0, 0), (f"{withheld} (2).csv", "refused", 0, 0, 0, 0)]
    ((file_name, row_number, raw),) = con.execute("SELECT file_name, row_number, raw FROM audit.held_rows").fetchall()
    assert (file_name, row_number, json.loads(raw)["site_code"]) == ("Алматы_2025-07 (2).csv", 1, "SHY-01")
    assert (f"2 file(s) would share a name with another inbox file (the same name in another encoding, or the same"
            f" bytes under two withheld names): stored as Алматы_2025-07 (2).csv, {withheld} (2).csv; rename them"
            " to tell them apart") in logs
    assert phone not in logs and "Иванов" not in logs and phone not in dump
    # the sensor and the incremental plan know the files by the same names
    stored = con.execute("SELECT file_name FROM audit.files").fetchall()
    assert sorted(inbox_state(inbox)) == sorted(r[0] for r in stored)


def test_folders_lock_files_and_hidden_files_in_the_inbox_are_not_inbox_files(tmp_path):
    inbox = tmp_path / "inbox"
    write_export(rows_frame(FIXTURE), inbox / "a_2025-06.csv", "field_csv")
    folder = inbox / "Иванов +7 701 555 43 21"
    write_export(rows_frame(FIXTURE), folder / "b_2025-07.csv", "field_csv")
    (inbox / "~$c_2025-08.xlsx").write_bytes(b"\x0bofficer" + bytes(157))  # Excel's owner file of an open workbook
    (inbox / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    con, dump, logs = materialized_ingest(tmp_path, inbox)
    assert con.execute("SELECT file_name, status FROM audit.files").fetchall() == [("a_2025-06.csv", "loaded")]
    assert ("1 folder(s) inside the inbox are not read: only files directly in it are; move their files into the"
            " inbox itself") in logs
    assert "Иванов" not in logs and "555 43 21" not in logs


@pytest.mark.parametrize("text, reason", [
    # a note line after the records: a row that does not fit the header, its text in record_id
    (GOOD_CSV + "Контакт Иванова: +7 701 555 43 21\n",
     "column 'record_id' contains a value that looks like a phone number in row 9"),
    (GOOD_CSV + "r99,Иванов Иван +7 701 555 43 21,2025-03-01\n",
     "column 'client_uic' contains a value that looks like a phone number in row 9"),
    (GOOD_CSV.replace("r02,", "r02 тел 87015554321,", 1),
     "column 'record_id' contains a value that looks like a phone number in row 2"),
])
def test_a_phone_amid_words_in_a_contract_column_refuses_the_file(con, tmp_path, text, reason):
    o = outcome(con, tmp_path, "a.csv", text.encode())
    assert (o.status, o.reason) == ("refused", reason + ": files with direct identifiers are refused")
    assert con.execute("SELECT count(*) FROM audit.held_rows").fetchone() == (0,)


@pytest.mark.parametrize("text, column, row", [
    (GOOD_CSV + "r99,Рахимов Рустам Алишерович,2025-03-01\n", "client_uic", 9),  # held with its text before
    (GOOD_CSV.replace("r02,", "Асан уулу Бакыт,", 1), "record_id", 2),
    (rows_frame(FIXTURE).assign(notes=[""] * 4 + ["к врачу Иванову А.П."] + [""] * 3).to_csv(index=False), "notes", 5),
    # in lower case, as typed on a phone (until 2026-12-06 the file loaded)
    (rows_frame(FIXTURE).assign(notes=[""] * 2 + ["звонила иванова мария петровна"] + [""] * 5).to_csv(index=False),
     "notes", 3),
    # a name alone: an id's whole, the only note, most of a column (until the evening of 2026-12-05: held with its
    # text; loaded; the column ignored)
    (GOOD_CSV + "r99,Rakhimov Rustam,2025-03-01\n", "client_uic", 9),
    (rows_frame(FIXTURE).assign(notes=[""] * 6 + ["Иванова Анна", ""]).to_csv(index=False), "notes", 7),
    (rows_frame(FIXTURE).assign(client=["", "Asanov Bakyt"] + ["Rakhimov Rustam"] * 6).to_csv(index=False),
     "client", 2),
])
def test_a_persons_name_anywhere_refuses_the_file(con, tmp_path, text, column, row):
    o = outcome(con, tmp_path, "a.csv", text.encode())
    assert (o.status, o.reason) == ("refused", f"column '{column}' contains a value that looks like a person's name"
                                               f" in row {row}: files with direct identifiers are refused")
    assert con.execute("SELECT count(*) FROM audit.held_rows").fetchone() == (0,)
    dump = "\n".join(str(r) for r in con.execute("SELECT * FROM audit.files").fetchall())
    assert not any(w in dump for w in ("Рахимов", "Асан", "Иванов", "иванов", "Rakhimov", "Asanov"))


@pytest.mark.parametrize("heading, fmt", [
    ("Иванова Мария Петровна", "excel_cp1251"), ("Rakhimov R.A.", "xlsx"), ("Асан уулу Бакыт", "parquet"),
])
def test_a_persons_name_as_a_heading_refuses_the_file(con, tmp_path, heading, fmt):
    # the readers give headings in lower case: until the evening of 2026-12-05 no name was recognised in one,
    # the file loaded, and audit.files kept it ("ignored columns not in the contract: иванова мария петровна")
    frame = rows_frame(FIXTURE)
    frame.insert(2, heading, ["x"] * len(frame))
    suffix = {"xlsx": ".xlsx", "parquet": ".parquet"}.get(fmt, ".csv")
    write_export(frame, tmp_path / "in" / f"a{suffix}", fmt)
    (o,) = ingest_inbox(con, tmp_path / "in", AS_OF)
    assert (o.status, o.reason) == ("refused", "the first row's cell in column 3 looks like a person's name: files"
                                               " with direct identifiers are refused")
    dump = "\n".join(str(r) for r in con.execute("SELECT * FROM audit.files").fetchall()).lower()
    assert heading.lower().split()[0] not in dump


@pytest.mark.parametrize("heading", ["TURSUNOV KHAIRULLO", "Наличие признаков"])
def test_a_heading_that_may_be_a_name_alone_is_not_shown(con, tmp_path, heading):
    # in lower case the two cannot be told apart: the file loads, and the ignored column is named by its place
    frame = rows_frame(FIXTURE)
    frame.insert(2, heading, ["да"] * len(frame))
    o = outcome(con, tmp_path, "a.csv", frame.to_csv(index=False).encode())
    assert (o.status, o.reason) == ("loaded", "ignored columns not in the contract: column 3 (heading not shown)")
    dump = "\n".join(str(r) for r in con.execute("SELECT * FROM audit.files").fetchall()).lower()
    assert heading.lower().split()[0] not in dump


def test_headings_that_hold_an_identifiers_word_but_announce_none_load(con, tmp_path):
    # refused until the evening of 2026-12-05 ("column 'mobile_unit' looks like a phone number")
    frame = rows_frame(FIXTURE).assign(mobile_unit="van 2", undocumented="yes", outpatient="no")
    o = outcome(con, tmp_path, "a.csv", frame.to_csv(index=False).encode())
    assert (o.status, o.rows_read, o.reason) == (
        "loaded", 8, "ignored columns not in the contract: mobile_unit, undocumented, outpatient")


def test_places_and_words_that_end_as_surnames_do_not_refuse_the_file(con, tmp_path):
    frame = rows_frame(FIXTURE).assign(**{"region": ["Rostov Oblast", "Kirov Street"] * 4, "Кол-во Тестов": "2",
                                          "notes": ["Heroin User", "НЕТ ДОКУМЕНТОВ", "Ким Сергей звонил", ""] * 2})
    o = outcome(con, tmp_path, "a.csv", frame.to_csv(index=False).encode())
    assert (o.status, o.rows_read) == ("loaded", 8)


def test_a_surname_beside_a_given_name_in_a_note_refuses_the_file(con, tmp_path):
    # a surname and a given name on the list, amid other words: until 2026-12-08 such notes loaded (a name
    # without a patronymic or initials was one only as a cell's whole); the reason names no one
    frame = rows_frame(FIXTURE).assign(notes=["", "повторно", "Иванов Сергей, перезвонить", ""] * 2)
    o = outcome(con, tmp_path, "a.csv", frame.to_csv(index=False).encode())
    assert (o.status, o.reason) == ("refused", "column 'notes' contains a value that looks like a person's name in"
                                               " row 3: files with direct identifiers are refused")
    (tmp_path / "b").mkdir()
    o = outcome(con, tmp_path / "b", "b.xlsx", _noted({"B3": "звонила Dilnoza Karimova, придёт в пятницу"}))
    assert (o.status, o.reason) == ("refused", _note_refused("B3", "a person's name"))
    dump = "\n".join(str(r) for r in con.execute("SELECT * FROM audit.files").fetchall()).lower()
    assert "иванов" not in dump and "karimova" not in dump


@pytest.mark.parametrize("ids", [[f"2025-{n:06d}" for n in range(1, 9)], [f"{n:06d}-2025" for n in range(12340, 12348)]])
def test_ids_numbered_from_a_year_load(con, tmp_path, ids):
    # a partner's ids "2025-000123" or "000123-2025" were taken for phone numbers until 2026-12-06: every
    # file of them refused; a zero-width space amid a phone's digits in a note refuses it now
    frame = rows_frame(FIXTURE).assign(record_id=ids)
    o = outcome(con, tmp_path, "a.csv", frame.to_csv(index=False).encode())
    assert (o.status, o.rows_read, o.reason) == ("loaded", 8, None)
    assert con.execute("SELECT list(record_id ORDER BY record_id) FROM staging.screening").fetchall() == [(ids,)]
    frame["notes"] = ["", "тел 8701\u200b555\u200b43\u200b21"] * 4
    (tmp_path / "b").mkdir()
    o = outcome(con, tmp_path / "b", "b.csv", frame.assign(record_id=[f"b{i}" for i in ids]).to_csv(index=False).encode())
    assert (o.status, o.reason) == ("refused", "column 'notes' contains a value that looks like a phone number in row"
                                               " 2: files with direct identifiers are refused")


def test_a_names_column_under_a_dotted_heading_refuses_the_file(con, tmp_path):
    # "Ф.И.О." with names alone, which no value check recognises: before 2026-12-05 the column was
    # ignored as not in the contract and the file loaded
    frame = rows_frame(FIXTURE).assign(**{"Ф.И.О.": ["Rakhimov Rustam", "Karimova Dilnoza"] * 4})
    o = outcome(con, tmp_path, "a.csv", frame.to_csv(index=False).encode())
    assert (o.status, o.reason) == ("refused", "column 'ф.и.о.' looks like a name: files with direct identifiers"
                                               " are refused")
    dump = "\n".join(str(r) for r in con.execute("SELECT * FROM audit.files").fetchall())
    assert "Rakhimov" not in dump and con.execute("SELECT count(*) FROM staging.screening").fetchone() == (0,)


@pytest.mark.parametrize("column, values, row", [
    ("notes", [""] * 2 + ["паспорт AA1234567"] + [""] * 5, 3),  # loaded before 2026-12-05
    ("care_location", ["home"] * 6 + ["passport N12345678", "home"], 7),  # held with its text before
    ("doc", ["", "x", "AA1234567", "AB7654321", "FA1122334", "N12345678", "AA7654321", ""], 3),  # ignored before
])
def test_a_passport_number_refuses_the_file(con, tmp_path, column, values, row):
    frame = rows_frame(FIXTURE).assign(**{column: values})
    o = outcome(con, tmp_path, "a.csv", frame.to_csv(index=False).encode())
    assert (o.status, o.reason) == ("refused", f"column '{column}' contains a value that looks like a passport or"
                                               f" ID number in row {row}: files with direct identifiers are refused")
    dump = "\n".join(str(r) for t in ("audit.files", "audit.held_rows")
                      for r in con.execute(f"SELECT * FROM {t}").fetchall())
    assert "1234567" not in dump and con.execute("SELECT count(*) FROM staging.screening").fetchone() == (0,)
