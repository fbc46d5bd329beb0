"""sql/checks/*.sql on tiny staging tables: a passing and a failing input each, expected rows by hand."""

import datetime as dt

import dagster as dg
import pandas as pd

from pipelines.defs.ingest.checks import held_rows, site_lookalikes
from pipelines.lib.sql import query_rows, run_sql
from tests.conftest import load_staging


def staging_with_ids(con, ids: list[str]) -> None:
    load_staging(con, pd.DataFrame({"record_id": ids, "client_uic": [f"ABCD1{1990 + i}" for i in range(len(ids))]},
                                   dtype=object))


def test_record_id_unique_passes_when_every_record_id_is_once(con):
    staging_with_ids(con, ["r1", "r2", "r3"])
    assert query_rows(con, "checks.record_id_unique") == [(0, None)]


def test_record_id_unique_names_each_repeated_record_id_once(con):
    # r2 twice and r5 three times: two record_ids fail; r1, r3, r4 are fine
    staging_with_ids(con, ["r5", "r1", "r2", "r5", "r3", "r2", "r4", "r5"])
    assert query_rows(con, "checks.record_id_unique") == [(2, ["r2", "r5"])]


def build_adding(con, files_read: list[str]) -> None:
    con.execute("CREATE SCHEMA IF NOT EXISTS audit")
    con.execute("CREATE OR REPLACE TABLE audit.build AS SELECT 'incremental' AS mode, ?::VARCHAR[] AS files_read",
                [files_read])


def test_record_id_unique_added_finds_repeats_that_involve_an_added_row(con):
    # old.csv holds the published rows; new.csv was added by this build
    load_staging(con, pd.DataFrame({
        "record_id": ["r1", "r2", "r3", "r1", "n1", "n1", "n2"],
        "file_name": ["old.csv", "old.csv", "old.csv", "new.csv", "new.csv", "new.csv", "new.csv"],
    }, dtype=object))
    build_adding(con, ["new.csv"])
    # r1: published once and added again; n1: added twice; r2, r3, n2 once
    assert query_rows(con, "checks.record_id_unique_added") == [(2, ["n1", "r1"])]
    assert query_rows(con, "checks.record_id_unique") == [(2, ["n1", "r1"])]  # the full check agrees


def test_record_id_unique_added_passes_when_the_added_ids_are_new(con):
    load_staging(con, pd.DataFrame({"record_id": ["r1", "r2", "n1"], "file_name": ["old.csv", "old.csv", "new.csv"]},
                                   dtype=object))
    build_adding(con, ["new.csv", "refused.xlsx"])  # a file read but not loaded adds no row
    assert query_rows(con, "checks.record_id_unique_added") == [(0, None)]


def staging_with_folds(con, folds: list[tuple[str, str, str]]) -> None:
    """(record_id, client_uic, folded UIC) per row."""
    load_staging(con, pd.DataFrame({"record_id": [f[0] for f in folds], "client_uic": [f[1] for f in folds]},
                                   dtype=object))
    con.execute("CREATE TABLE staging.uic_folds (client_uic VARCHAR, latin VARCHAR)")
    con.executemany("INSERT INTO staging.uic_folds VALUES (?, ?)", sorted({(f[1], f[2]) for f in folds}))
    run_sql(con, "staging.uic_lookalike_groups")  # as a full build's ingest does


def test_uic_lookalikes_passes_when_no_two_uics_fold_alike(con):
    staging_with_folds(con, [("r1", "ABCD11990", "ABCD11990"), ("r2", "ABCD11990", "ABCD11990"),
                             ("r3", "ЖЖЖЖ11990", "ЖЖЖЖ11990")])  # one UIC tested twice is not a look-alike
    assert query_rows(con, "checks.uic_lookalikes") == [(0, None)]


def test_uic_lookalikes_counts_groups_and_samples_the_first_groups_whole(con):
    # twelve groups of two UICs folding to K01 .. K12; group i's rows are r(13-i)a and r(13-i)b, so the
    # later groups hold the smallest record_ids; r00 is a UIC alone
    rows = [("r00", "SOLO", "SOLO")]
    for i in range(1, 13):
        rows += [(f"r{13 - i:02d}a", f"K{i:02d}-latin", f"K{i:02d}"), (f"r{13 - i:02d}b", f"K{i:02d}-cyr", f"K{i:02d}")]
    staging_with_folds(con, rows)
    # the ten smallest record_ids of groups K01 .. K10 (r12* .. r03*): r03a .. r07b
    assert query_rows(con, "checks.uic_lookalikes") == [
        (12, ["r03a", "r03b", "r04a", "r04b", "r05a", "r05b", "r06a", "r06b", "r07a", "r07b"])]


def test_lookalike_groups_kept_up_to_date_as_uics_are_added_equal_grouping_them_all(con):
    import pyarrow as pa

    from pipelines.lib.sql import registered

    staging_with_folds(con, [("r1", "AAA", "AAA"), ("r2", "ААА", "AAA"), ("r3", "BBB", "BBB"),
                             ("r4", "KKK", "KKK"), ("r5", "ККК", "KKK"), ("r6", "КKK", "KKK")])
    groups = "SELECT latin, uics FROM staging.uic_lookalike_groups ORDER BY latin"
    assert con.execute(groups).fetchall() == [("AAA", 2), ("KKK", 3)]
    # a new file's UICs: a third AAA, a first partner for BBB, a new group CCC and a UIC alone
    added = [("АAA", "AAA"), ("ВВВ", "BBB"), ("CCC", "CCC"), ("ССС", "CCC"), ("DDD", "DDD")]
    con.executemany("INSERT INTO staging.uic_folds VALUES (?, ?)", added)
    table = pa.table({"client_uic": [a[0] for a in added], "latin": [a[1] for a in added]})
    with registered(con, "uic_folded", table):
        run_sql(con, "staging.uic_lookalike_groups_added")
    # KKK untouched; AAA 2 -> 3; BBB and CCC become groups; DDD is alone
    assert con.execute(groups).fetchall() == [("AAA", 3), ("BBB", 2), ("CCC", 2), ("KKK", 3)]
    run_sql(con, "staging.uic_lookalike_groups")  # grouping every fold again: the same rows
    assert con.execute(groups).fetchall() == [("AAA", 3), ("BBB", 2), ("CCC", 2), ("KKK", 3)]


def test_an_incremental_build_runs_a_checks_added_rows_variant_where_there_is_one(con):
    from pipelines.lib.incremental import check_sql

    build_adding(con, ["new.csv"])
    assert check_sql(con, "record_id_unique") == ("checks.record_id_unique_added", True)
    assert check_sql(con, "uic_lookalikes") == ("checks.uic_lookalikes", False)  # has no such variant
    con.execute("UPDATE audit.build SET mode = 'full'")
    assert check_sql(con, "record_id_unique") == ("checks.record_id_unique", False)


def staging_with_sites(con, sites: list[str]) -> None:
    load_staging(con, pd.DataFrame({"record_id": [f"r{i}" for i in range(len(sites))], "site_code": sites},
                                   dtype=object))


def test_site_lookalikes_passes_when_codes_differ_by_more_than_their_writing(con):
    # ALA-01 and ALA-10, AST-02 and AST-20, SHY-01 and SHY-11: different numbers; ЖАЛ-1 and ЖАЛ-2 too
    staging_with_sites(con, ["ALA-01", "ALA-01", "ALA-10", "AST-02", "AST-20", "SHY-01", "SHY-11", "ЖАЛ-1",
                             "ЖАЛ-2"])
    assert query_rows(con, "checks.site_lookalikes") == []


def test_site_lookalikes_groups_codes_that_differ_by_punctuation_spacing_zeros_or_lookalike_letters(con):
    # ALA-01 (3 tests), ALA01 (1), ALA 1 (1), ala/001 as read upper-case ALA/001 (1): one site written four
    # ways; AST-02Ж and its twin written with Cyrillic А and Т (the ingest leaves a code that is not Latin
    # whole as typed: Ж); АСТ-02Ж (Cyrillic С looks like C, not S) is ACT: apart; AST-02 and SHY-01 alone
    staging_with_sites(con, ["ALA-01", "ALA01", "ALA-01", "ALA 1", "ALA/001", "ALA-01", "AST-02Ж", "АSТ-02Ж",
                             "АСТ-02Ж", "AST-02", "AST-02", "SHY-01"])
    assert query_rows(con, "checks.site_lookalikes") == [
        ("ALA1", ["ALA 1", "ALA-01", "ALA/001", "ALA01"], [1, 3, 1, 1]),
        ("AST2Ж", ["AST-02Ж", "АSТ-02Ж"], [1, 1])]


def test_the_site_lookalikes_check_warns_with_the_codes_and_their_tests(con):
    staging_with_sites(con, ["ALA-01", "ALA-01", "ALA01", "SHY-01"])
    found = site_lookalikes(con)
    assert (found.passed, found.severity) == (False, dg.AssetCheckSeverity.WARN)
    assert found.metadata["lookalike_groups"].value == 1
    assert found.metadata["tests_by_code"].value == {"ALA1": {"ALA-01": 2, "ALA01": 1}}
    con.execute("UPDATE staging.screening SET site_code = 'ALA-01' WHERE site_code = 'ALA01'")
    fixed = site_lookalikes(con)
    assert fixed.passed and fixed.metadata["lookalike_groups"].value == 0


def held_and_accepted(con) -> None:
    """Accepted rows and held rows of a.csv and b.csv (processed in that order), by hand."""
    load_staging(con, pd.DataFrame({"record_id": ["r1", "r2", "r3", "r6"],
                                    "file_name": ["b.csv", "a.csv", "a.csv", "a.csv"]}, dtype=object))
    con.execute("UPDATE staging.screening SET row_number = CASE record_id WHEN 'r1' THEN 1 WHEN 'r2' THEN 1 "
                "WHEN 'r3' THEN 5 ELSE 4 END")
    con.execute("CREATE SCHEMA IF NOT EXISTS audit")
    con.execute("""CREATE TABLE audit.held_rows AS SELECT * FROM (VALUES
        ('a.csv', 2, 'r1', 'age: ...', ['age'], '{}'),              -- sent again corrected in b.csv: fixed
        ('b.csv', 2, 'r2', 'record_id: ...', ['record_id'], '{}'),  -- other content than a.csv's r2: open
        ('a.csv', 3, 'r3', 'sex: ...; age: ...', ['sex', 'age'], '{}'),  -- r3 accepted from row 5: fixed
        ('a.csv', 6, NULL, 'record_id: ...', ['record_id'], '{}'),  -- no record_id: never fixed by another
        ('a.csv', 7, 'r6', 'age: ...', ['age'], '{}'),              -- r6 accepted from row 4, before it: open
        ('a.csv', 8, 'r9', 'test_date: ...', ['test_date'], '{}')   -- never accepted: open
    ) AS t(file_name, row_number, record_id, reason, reason_columns, raw)""")
    run_sql(con, "audit.held_rows_open")


def test_held_rows_open_leaves_out_rows_sent_again_corrected(con):
    held_and_accepted(con)
    assert con.execute("SELECT file_name, row_number, record_id FROM audit.held_rows_open "
                       "ORDER BY file_name, row_number").fetchall() == [
        ("a.csv", 6, None), ("a.csv", 7, "r6"), ("a.csv", 8, "r9"), ("b.csv", 2, "r2")]


def test_held_checks_count_the_rows_still_to_fix_and_pass_when_all_were_fixed(con):
    held_and_accepted(con)
    found = {r.check_name: r for r in held_rows(con, ["age", "sex", "record_id", "vl_copies"])}
    # age: r1, r3 fixed, r6 open; sex: r3 fixed; record_id: the row without one and r2 open
    assert [(k, r.passed, r.metadata["rows_held"].value, r.metadata["rows_fixed_since"].value,
             r.metadata["sample_record_ids"].value) for k, r in found.items()] == [
        ("held_age", False, 1, 2, ["r6"]), ("held_sex", True, 0, 1, []),
        ("held_record_id", False, 2, 0, ["r2"]), ("held_vl_copies", True, 0, 0, [])]
    assert {r.severity for r in found.values()} == {dg.AssetCheckSeverity.WARN}
    # where the open ones are, by file and row: the row without a record_id too
    head = "| file | row (1 = the first under the header) |\n|---|---|\n"
    assert found["held_age"].metadata["first_rows_to_fix"].value == head + "| a.csv | 7 |"
    assert found["held_record_id"].metadata["first_rows_to_fix"].value == head + "| a.csv | 6 |\n| b.csv | 2 |"
    assert found["held_sex"].metadata["first_rows_to_fix"].value == "none"


def test_held_checks_list_at_most_ten_places_and_keep_a_file_name_in_its_cell(con):
    load_staging(con, pd.DataFrame({"record_id": ["other"], "file_name": ["x|y.csv"]}, dtype=object))
    con.execute("CREATE SCHEMA IF NOT EXISTS audit")
    con.execute("""CREATE TABLE audit.held_rows AS SELECT 'x|y.csv' AS file_name, i AS row_number,
        'r' || i AS record_id, 'age: ...' AS reason, ['age'] AS reason_columns, '{}' AS raw FROM range(1, 13) t(i)""")
    run_sql(con, "audit.held_rows_open")
    (age,) = held_rows(con, ["age"])
    lines = age.metadata["first_rows_to_fix"].value.split("\n")
    assert age.metadata["rows_held"].value == 12 and len(lines) == 2 + 10
    assert lines[2] == "| x\\|y.csv | 1 |" and lines[-1] == "| x\\|y.csv | 10 |"


def files_table(con, rows: list[tuple]) -> None:
    con.execute("CREATE SCHEMA IF NOT EXISTS audit")
    con.execute("CREATE OR REPLACE TABLE audit.files (file_name VARCHAR, sha256 VARCHAR, status VARCHAR, "
                "rows_accepted BIGINT, rows_held BIGINT)")
    con.executemany("INSERT INTO audit.files VALUES (?, ?, ?, ?, ?)", rows)


def test_files_removed_lists_published_loaded_files_absent_by_name_and_by_bytes(con, tmp_path):
    import duckdb

    with duckdb.connect(str(tmp_path / "published.duckdb")) as prev:
        files_table(prev, [("a.csv", "h1", "loaded", 10, 1), ("b.csv", "h2", "loaded", 7, 2),
                           ("c.csv", "h3", "loaded", 5, 0), ("d.csv", "h4", "loaded", 3, 0),
                           ("e.csv", "h5", "refused", 0, 0), ("f.csv", "h1", "duplicate", 0, 0),
                           ("g.csv", "h6", "loaded", 4, 4)])
    # a.csv as it was; b.csv gone; c.csv sent again corrected (other bytes); d.csv renamed z.csv; e.csv (refused)
    # and f.csv (a duplicate) gone, which gave no rows; g.csv gone
    files_table(con, [("a.csv", "h1", "loaded", 10, 1), ("c.csv", "h9", "loaded", 6, 0),
                      ("z.csv", "h4", "loaded", 3, 0)])
    run_sql(con, "audit.previous_attach", {"path": str(tmp_path / "published.duckdb")})
    assert query_rows(con, "checks.files_removed") == [(2, 11, 6, ["b.csv", "g.csv"])]
    files_table(con, [("a.csv", "h1", "loaded", 10, 1), ("b.csv", "h2", "loaded", 7, 2),
                      ("c.csv", "h3", "loaded", 5, 0), ("d.csv", "h4", "loaded", 3, 0), ("g.csv", "h6", "loaded", 4, 4)])
    assert query_rows(con, "checks.files_removed") == [(0, 0, 0, [])]


def test_files_judged_first_pairs_a_copy_sorting_first_with_its_original_when_they_share_record_ids(con):
    from pipelines.defs.ingest.file_checks import files_judged_first

    # "a (2).csv" corrects r1 (held in a.csv) and repeats r2; "b-fixed.csv" shares nothing with b.csv; c_v2.csv
    # sorts after c.csv
    load_staging(con, pd.DataFrame({"record_id": ["r1", "r2", "r3", "r4", "r5", "r6", "r6b"],
                                    "file_name": ["a (2).csv", "a (2).csv", "a.csv", "b-fixed.csv", "b.csv",
                                                  "c.csv", "c_v2.csv"]}, dtype=object))
    files_table(con, [(n, "h", "loaded", 1, 0) for n in ("a (2).csv", "a.csv", "b-fixed.csv", "b.csv", "c.csv",
                                                         "c_v2.csv")])
    con.execute("""CREATE TABLE audit.held_rows AS SELECT * FROM (VALUES
        ('a.csv', 1, 'r1', 'age: ...', ['age'], '{}'), ('a.csv', 2, 'r2', 'record_id: ...', ['record_id'], '{}'),
        ('c_v2.csv', 1, 'r6', 'record_id: ...', ['record_id'], '{}')
    ) AS t(file_name, row_number, record_id, reason, reason_columns, raw)""")
    result = files_judged_first(None, con)
    assert (result.passed, result.severity, result.metadata["files_judged_first"].value) == (
        False, dg.AssetCheckSeverity.WARN, 1)
    assert result.metadata["pairs"].value == [{"judged_first": "a (2).csv", "before": "a.csv", "record_ids_in_both": 2}]


def test_columns_unread_lists_the_loaded_files_whose_ignored_column_looks_like_the_contracts(con):
    from pipelines.defs.ingest.file_checks import columns_unread

    con.execute("""CREATE SCHEMA IF NOT EXISTS audit; CREATE TABLE audit.files AS SELECT * FROM (VALUES
        ('a.csv', 'loaded', 'ignored columns not in the contract: comment, viral_load (the contract''s vl_copies?)'),
        ('b.csv', 'loaded', 'ignored columns not in the contract: comment'),
        ('c.csv', 'refused', 'required columns missing: age (header read: ...)'),
        ('d.csv', 'loaded', NULL)) AS t(file_name, status, reason)""")
    result = columns_unread(None, con)
    assert (result.passed, result.severity, result.metadata["files"].value) == (False, dg.AssetCheckSeverity.WARN, 1)
    assert result.metadata["file_reasons"].value == [{"file": "a.csv", "reason": "ignored columns not in the "
                                                      "contract: comment, viral_load (the contract's vl_copies?)"}]
    con.execute("DELETE FROM audit.files WHERE file_name = 'a.csv'")
    result = columns_unread(None, con)
    assert (result.passed, result.metadata["files"].value, result.metadata["file_reasons"].value) == (True, 0, [])


def test_rows_marked_rejected_lists_the_loaded_files_whose_note_counts_them(con):
    from pipelines.defs.ingest.file_checks import rows_marked_rejected

    con.execute("""CREATE SCHEMA IF NOT EXISTS audit; CREATE TABLE audit.files AS SELECT * FROM (VALUES
        ('a.csv', 'loaded', 'ignored columns not in the contract: reviewstate; 2 row(s) marked rejected by the '
                            'form tool''s review (column ''reviewstate''), loaded as the others'),
        ('b.csv', 'loaded', 'ignored columns not in the contract: reviewstate'),
        ('c.csv', 'refused', 'required columns missing: age (header read: ...)'),
        ('d.csv', 'loaded', NULL)) AS t(file_name, status, reason)""")
    result = rows_marked_rejected(None, con)
    assert (result.passed, result.severity, result.metadata["files"].value) == (False, dg.AssetCheckSeverity.WARN, 1)
    assert [r["file"] for r in result.metadata["file_reasons"].value] == ["a.csv"]
    con.execute("DELETE FROM audit.files WHERE file_name = 'a.csv'")
    result = rows_marked_rejected(None, con)
    assert (result.passed, result.metadata["files"].value, result.metadata["file_reasons"].value) == (True, 0, [])


def test_files_judged_first_passes_when_no_name_extends_another_before_it(con):
    from pipelines.defs.ingest.file_checks import files_judged_first

    load_staging(con, pd.DataFrame({"record_id": ["r1", "r1"], "file_name": ["a.csv", "a_v2.csv"]}, dtype=object))
    files_table(con, [("a.csv", "h1", "loaded", 1, 0), ("a_v2.csv", "h2", "loaded", 0, 1)])
    con.execute("CREATE TABLE audit.held_rows AS SELECT 'a_v2.csv' AS file_name, 1 AS row_number, 'r1' AS record_id")
    result = files_judged_first(None, con)
    assert (result.passed, result.metadata["files_judged_first"].value, result.metadata["pairs"].value) == (True, 0, [])


REST = "|labour_migrant|work_permit|male|35|pwid|{modality}|{result}||||||"


def ingested(con, tmp_path, files: dict[str, list[str]]) -> None:
    """Each file's rows, "record_id|client_uic|test_date|site_code[|result[|modality]]", through the ingest."""
    from pipelines.lib.ingest import ingest_inbox
    from pipelines.lib.sample_files import write_export
    from tests.conftest import AS_OF, rows_frame
    from tests.sql.test_staging_screening import HEADER

    for name, rows in files.items():
        lines = [f"{rid}|{uic}|{date}|{site}|TJK" + REST.format(result=rest[0] if rest else "negative",
                                                                 modality=rest[1] if len(rest) > 1 else "community")
                 for rid, uic, date, site, *rest in (r.split("|") for r in rows)]
        write_export(rows_frame("\n".join([HEADER, *lines])), tmp_path / "in" / name, "field_csv")
    ingest_inbox(con, tmp_path / "in", AS_OF)


def test_tests_repeated_passes_when_no_test_is_sent_twice(con, tmp_path):
    # one person tested on two days, another twice on a day with other results, a third at two sites
    ingested(con, tmp_path, {"a.csv": ["a1|AIBU11990|2025-03-01|ALA-01", "a2|AIBU11990|2025-03-02|ALA-01",
                                       "a3|ZZZZ11990|2025-03-05|ALA-01|negative",
                                       "a4|ZZZZ11990|2025-03-05|ALA-01|positive",
                                       "a5|YYYY11990|2025-03-05|ALA-01", "a6|YYYY11990|2025-03-05|AST-02"]})
    assert con.execute("SELECT count(*) FROM staging.screening").fetchone() == (6,)
    assert query_rows(con, "checks.tests_repeated") == [(0, None)]


def test_tests_repeated_counts_the_copies_of_a_test_under_other_record_ids(con, tmp_path):
    # b.csv is a site's history exported again from a new tool: a1 as b1, a6 as b5 and b6 (three copies:
    # two beyond the first); self-tests repeated count in no figure, so are not counted (a5, b4)
    ingested(con, tmp_path, {
        "a.csv": ["a1|AIBU11990|2025-03-01|ALA-01", "a2|ZZZZ11990|2025-03-05|ALA-01",
                  "a5|XXXX11990|2025-03-06|ALA-01|negative|self_test", "a6|WWWW11990|2025-03-07|ALA-01"],
        "b.csv": ["b1|AIBU11990|2025-03-01|ALA-01", "b2|AIBU11990|2025-03-02|ALA-01",
                  "b4|XXXX11990|2025-03-06|ALA-01|negative|self_test", "b5|WWWW11990|2025-03-07|ALA-01",
                  "b6|WWWW11990|2025-03-07|ALA-01"]})
    assert con.execute("SELECT count(*) FROM staging.screening").fetchone() == (9,)
    assert query_rows(con, "checks.tests_repeated") == [(3, ["a1", "b1", "a6", "b5", "b6"])]
    # every row of them, for the officer to find in the files (record-level, as held rows are)
    march = dt.date(2025, 3, 1)
    assert con.execute("SELECT * FROM audit.tests_repeated ORDER BY test_group, file_name, row_number").fetchall() == [
        (1, "a.csv", 1, "a1", "AIBU11990", march, "ALA-01", "negative"),
        (1, "b.csv", 1, "b1", "AIBU11990", march, "ALA-01", "negative"),
        (2, "a.csv", 4, "a6", "WWWW11990", dt.date(2025, 3, 7), "ALA-01", "negative"),
        (2, "b.csv", 4, "b5", "WWWW11990", dt.date(2025, 3, 7), "ALA-01", "negative"),
        (2, "b.csv", 5, "b6", "WWWW11990", dt.date(2025, 3, 7), "ALA-01", "negative")]
