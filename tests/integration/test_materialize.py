"""The real assets, materialised in-process on a fixture inbox, with real DuckDB, GX and Plotly."""

from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipelines.defs.ingest import assets as ingest_assets, checks, gx_checks
from pipelines.defs.marts import assets as marts_assets
from pipelines.defs.report import assets as report_assets
from pipelines.defs.warehouse import assets as warehouse_assets
from pipelines.defs.resources import ChartImagesResource, GreatExpectationsResource, PathsResource, WarehouseResource
from pipelines.lib.sample_files import write_export
from tests.conftest import rows_frame
from tests.sql.test_marts_indicators import FIXTURE

ASSETS = [ingest_assets.ingest, marts_assets.person_periods, marts_assets.indicators,
          report_assets.report_indicators, warehouse_assets.release, report_assets.report_html]
CHECKS = [gx_checks.gx_screening_suite, checks.contract_checks]


def resources(tmp_path: Path) -> dict:
    targets = tmp_path / "targets.csv"  # the test's targets where it wrote them, else none (MH_TARGETS unset)
    return {
        "paths": PathsResource(inbox=str(tmp_path / "inbox"), reports=str(tmp_path / "reports"),
                               targets=str(targets) if targets.exists() else None),
        "warehouse": WarehouseResource(path=str(tmp_path / "wh.duckdb"), memory_limit="1GB"),
        "gx": GreatExpectationsResource(batch_rows=3),
        "chart_images": ChartImagesResource(),
    }


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("mat")
    frame = rows_frame(FIXTURE)
    # the same fixture split over three formats; plus a refused file and a byte-identical re-send
    write_export(frame.iloc[:3].reset_index(drop=True), tmp_path / "inbox" / "a.csv", "excel_cp1251")
    write_export(frame.iloc[3:6].reset_index(drop=True), tmp_path / "inbox" / "b.xlsx", "xlsx")
    write_export(frame.iloc[6:].reset_index(drop=True), tmp_path / "inbox" / "c.parquet", "parquet")
    (tmp_path / "inbox" / "d_resent.csv").write_bytes((tmp_path / "inbox" / "a.csv").read_bytes())
    (tmp_path / "inbox" / "e.csv").write_text("record_id,ФИО\nr9,Иванов Иван\n", encoding="utf-8")
    (tmp_path / "targets.csv").write_text("period,target\nall,10\n")
    result = dg.materialize(ASSETS + CHECKS, resources=resources(tmp_path))
    return tmp_path, result


def test_run_succeeds_and_every_check_passes(run):
    _, result = run
    assert result.success
    evaluations = {e.check_name: e.passed for e in result.get_asset_check_evaluations()}
    assert {k for k in evaluations if k.startswith("gx_")} == {
        "gx_required_fields", "gx_identity", "gx_codes", "gx_ranges", "gx_cascade", "gx_soft_signals"}
    assert len([k for k in evaluations if k.startswith("held_")]) == 18
    # the fixture's last tests are of April 2025: every site is stale today, a warning
    assert not evaluations.pop("site_freshness")
    # r07 and r08: BBBB21985 tested positive at AST-02 on 2025-04-20 under two record_ids (linked on two
    # days): two tests in the figures, perhaps one sent twice, a warning (until 2026-12-07 nothing said so)
    assert not evaluations.pop("tests_repeated")
    assert evaluations["site_lookalikes"]  # ALA-01, AST-02, SHY-01: three sites, none like another
    assert all(evaluations.values()), {k: v for k, v in evaluations.items() if not v}
    freshness = next(e for e in result.get_asset_check_evaluations() if e.check_name == "site_freshness")
    assert freshness.severity == dg.AssetCheckSeverity.WARN
    assert freshness.metadata["last_test_by_stale_site"].value == {
        "ALA-01": "2025-04-02", "AST-02": "2025-04-20", "SHY-01": "2025-02-05"}
    repeated = next(e for e in result.get_asset_check_evaluations() if e.check_name == "tests_repeated")
    assert (repeated.severity, repeated.metadata["failing"].value) == (dg.AssetCheckSeverity.WARN, 1)
    assert repeated.metadata["sample_record_ids"].value == ["r07", "r08"]


def test_the_sql_checks_run_in_one_step_and_subset(run):
    # one step for every SQL check: each costs Dagster ~0.1 s of its own as a step of its own
    source, result = run
    steps = {e.step_key for e in result.all_events if e.event_type == dg.DagsterEventType.STEP_START}
    assert "contract_checks" in steps and not any(s.startswith("staging__screening_") for s in steps)
    # the UI may run one of them alone (on the published warehouse, read only): only it is evaluated
    only = dg.materialize([*ASSETS, checks.contract_checks], resources=resources(source),
                          selection=dg.AssetSelection.checks(dg.AssetCheckKey(dg.AssetKey(["staging", "screening"]),
                                                                                "record_id_unique")))
    assert [(e.check_name, e.passed) for e in only.get_asset_check_evaluations()] == [("record_id_unique", True)]


def test_warehouse_tables(run):
    tmp_path, _ = run
    con = duckdb.connect(str(tmp_path / "wh.duckdb"), read_only=True)
    assert con.execute("SELECT file_name, status, rows_read FROM audit.files ORDER BY 1").fetchall() == [
        ("a.csv", "loaded", 3), ("b.xlsx", "loaded", 3), ("c.parquet", "loaded", 2),
        ("d_resent.csv", "duplicate", 0), ("e.csv", "refused", 0)]
    reason = con.execute("SELECT reason FROM audit.files WHERE file_name = 'e.csv'").fetchall()[0][0]
    assert "фио" in reason and "Иванов" not in reason
    assert con.execute("SELECT numerator, denominator FROM marts.indicators WHERE period = 'all' AND "
                       "dimension = 'total' AND indicator = 'positivity'").fetchall() == [(2, 3)]
    # 2 positives and 3 people are small numbers: the donor copy withholds them
    assert con.execute("SELECT suppressed, numerator FROM report.indicators WHERE period = 'all' AND "
                       "dimension = 'total' AND indicator = 'positives'").fetchall() == [(True, None)]
    assert con.execute("SELECT numerator, denominator FROM marts.indicators WHERE indicator = 'coverage'"
                       ).fetchall() == [(3, 10)]


def test_reports_written_and_show_no_small_numbers(run):
    tmp_path, _ = run
    pages = sorted(p.name for p in (tmp_path / "reports").glob("*.html"))
    assert "index.html" in pages and "report_all_en.html" in pages and "report_2025-Q1_ru.html" in pages
    html = (tmp_path / "reports" / "report_all_en.html").read_text(encoding="utf-8")
    assert "<td>&lt;5</td>" in html and "<script src=" not in html and "<link" not in html


def test_blocking_check_stops_the_report(tmp_path):
    """A GX failure on staging.screening must stop everything downstream."""
    frame = rows_frame(FIXTURE)
    write_export(frame, tmp_path / "inbox" / "a.csv", "field_csv")
    res = resources(tmp_path)
    strict = tmp_path / "suite"
    strict.mkdir()
    (strict / "staging.screening.json").write_text(
        '{"name": "staging.screening", "expectations": [{"type": "expect_column_values_to_be_between",'
        ' "kwargs": {"column": "age", "min_value": 0, "max_value": 30}, "meta": {"group": "ranges"}}]}')
    # over 30: U1 35 (r01, r02), U2 40 (r03, r07, r08), U3 55 (r04, a self-test but an accepted row)
    res["gx"] = GreatExpectationsResource(suite_dir=str(strict))
    result = dg.materialize(ASSETS + [gx_checks.gx_screening_suite], resources=res, raise_on_error=False)
    assert not result.success
    evaluations = {e.check_name: e for e in result.get_asset_check_evaluations()}
    evaluation = evaluations["gx_ranges"]
    assert not evaluation.passed and evaluations["gx_codes"].passed
    assert evaluation.metadata["failed_expectations"].value == 1
    assert evaluation.metadata["unexpected_rows"].value == 6
    assert set(evaluation.metadata["sample_record_ids"].value) == {"r01", "r02", "r03", "r04", "r07", "r08"}
    materialized = {m.asset_key.to_user_string() for m in result.get_asset_materialization_events()
                    for m in [m.event_specific_data.materialization]}
    assert "report/html" not in materialized and "marts/indicators" not in materialized
    assert not (tmp_path / "reports").exists()


def test_check_history_and_late_files(run):
    tmp_path, result = run
    con = duckdb.connect(str(tmp_path / "wh.duckdb"), read_only=True)
    history = dict(con.execute("SELECT check_name, passed FROM audit.check_results WHERE run_id = ?",
                               [result.run_id]).fetchall())
    assert history.get("gx_codes") is True and history.get("rows_accounted") is True
    # each check's count of what it found: every site stale (three), no look-alike site codes
    failing = dict(con.execute("SELECT check_name, failing FROM audit.check_results WHERE run_id = ?",
                               [result.run_id]).fetchall())
    assert (failing["site_freshness"], failing["site_lookalikes"], failing["rows_accounted"]) == (3, 0, 0)
    # the fixture files were written now and hold 2025 tests: all three loaded files are late
    from pipelines.lib.sql import query_rows

    assert query_rows(con, "report.quality_late", {"report_day": 5}) == [(3, 8)]


def test_check_history_is_kept_across_releases(tmp_path):
    frame = rows_frame(FIXTURE)
    write_export(frame, tmp_path / "inbox" / "a.csv", "field_csv")
    for _ in range(2):
        assert dg.materialize(ASSETS + CHECKS, resources=resources(tmp_path)).success
    con = duckdb.connect(str(tmp_path / "wh.duckdb"), read_only=True)
    runs = con.execute("SELECT count(DISTINCT run_id), count(*) FILTER (WHERE check_name = 'record_id_unique') "
                       "FROM audit.check_results").fetchall()
    assert runs == [(2, 2)]


def test_a_first_file_of_held_rows_only_publishes_an_empty_release_until_it_is_sent_corrected(tmp_path):
    # every row's test date typed as a day/month/year with slashes: all 8 held back, none accepted. Until
    # 2026-12-06 report/indicators failed with KeyError 'numerator' and nothing was published
    frame = rows_frame(FIXTURE)
    frame["test_date"] = frame["test_date"].str.replace(r"(\d{4})-(\d\d)-(\d\d)", r"\3/\2/\1", regex=True)
    write_export(frame, tmp_path / "inbox" / "a.csv", "field_csv")
    (tmp_path / "targets.csv").write_text("period,target\nall,10\n")
    result = dg.materialize(ASSETS + CHECKS, resources=resources(tmp_path), raise_on_error=False)
    assert result.success
    evaluations = {e.check_name: e for e in result.get_asset_check_evaluations()}
    assert not evaluations["held_test_date"].passed
    assert evaluations["held_test_date"].metadata["rows_held"].value == len(frame) == 8
    # where they are, as the officer opens a.csv: its eight rows under the header
    places = evaluations["held_test_date"].metadata["first_rows_to_fix"].value.split("\n")[2:]
    assert places == [f"| a.csv | {row} |" for row in range(1, 9)]
    with duckdb.connect(str(tmp_path / "wh.duckdb"), read_only=True) as con:
        assert con.execute("SELECT rows_read, rows_accepted, rows_held FROM audit.files").fetchall() == [(8, 0, 8)]
        assert con.execute("SELECT count(*) FROM report.indicators").fetchall() == [(0,)]
    index = (tmp_path / "reports" / "index.html").read_text(encoding="utf-8")
    assert ("No valid test (a negative or positive result, not a self-test) has been accepted yet, so there is "
            "no report page.") in index
    assert ("Пока не принят ни один валидный тест (отрицательный или положительный результат, не самотест), "
            "поэтому страниц отчёта нет.") in index
    assert "<ul>" not in index and sorted(p.name for p in (tmp_path / "reports").glob("*.html")) == ["index.html"]
    # the same rows sent again with their dates as the contract writes them: accepted, and no longer to fix
    write_export(rows_frame(FIXTURE), tmp_path / "inbox" / "b.csv", "field_csv")
    again = dg.materialize(ASSETS + CHECKS, resources=resources(tmp_path))
    evaluations = {e.check_name: e for e in again.get_asset_check_evaluations()}
    assert evaluations["held_test_date"].passed
    assert (evaluations["held_test_date"].metadata["rows_held"].value,
            evaluations["held_test_date"].metadata["rows_fixed_since"].value) == (0, 8)
    assert evaluations["held_test_date"].metadata["first_rows_to_fix"].value == "none"
    with duckdb.connect(str(tmp_path / "wh.duckdb"), read_only=True) as con:
        assert con.execute("SELECT count(*), count(*) FILTER (WHERE file_name = 'b.csv') "
                           "FROM staging.screening").fetchall() == [(8, 8)]
        # the first file's rows read still add up: its held rows stay, none of them open
        assert con.execute("SELECT count(*) FROM audit.held_rows").fetchall() == [(8,)]
        assert con.execute("SELECT count(*) FROM audit.held_rows_open").fetchall() == [(0,)]
    assert "<ul>" in (tmp_path / "reports" / "index.html").read_text(encoding="utf-8")


def test_a_target_that_cannot_be_right_fails_the_indicators_step_and_publishes_nothing(tmp_path):
    write_export(rows_frame(FIXTURE), tmp_path / "inbox" / "a.csv", "field_csv")
    (tmp_path / "targets.csv").write_text("period,target\nall,10\n2025-Q5,4\n")
    result = dg.materialize(ASSETS, resources=resources(tmp_path), raise_on_error=False)
    (failure,) = [e for e in result.all_events if e.is_step_failure]
    assert failure.step_key == "marts__indicators"
    assert (f"{tmp_path / 'targets.csv'}: line 3, column period: '2025-Q5' is not all, a month YYYY-MM or a "
            "quarter YYYY-Qn") in str(failure.step_failure_data.error)
    assert not (tmp_path / "wh.duckdb").exists() and not (tmp_path / "reports").exists()


def test_a_target_no_one_was_tested_against_warns_and_the_run_publishes(tmp_path):
    write_export(rows_frame(FIXTURE), tmp_path / "inbox" / "a.csv", "field_csv")
    # the fixture tested at ALA-01 in January and March, SHY-01 in February only; "ala-1" is no site's code
    (tmp_path / "targets.csv").write_text("period,target,dimension,category\nall,10,,\n2025-01,6,site_code,ala-01\n"
                                          "2025-01,5,site_code,shy-01\n2025-03,4,site_code,ala-1\n")
    result = dg.materialize(ASSETS, resources=resources(tmp_path))
    (unmet,) = [e for e in result.get_asset_check_evaluations() if e.check_name == "targets_unmet"]
    assert not unmet.passed and unmet.severity == dg.AssetCheckSeverity.WARN
    assert unmet.metadata["unmet_targets"].value == 2
    assert unmet.metadata["cells"].value == ["2025-01 site_code SHY-01", "2025-03 site_code ALA-1"]
    with duckdb.connect(str(tmp_path / "wh.duckdb"), read_only=True) as con:  # the check's history: its count
        assert con.execute("SELECT passed, failing FROM audit.check_results WHERE check_name = 'targets_unmet'"
                           ).fetchall() == [(False, 2)]
    with duckdb.connect(str(tmp_path / "wh.duckdb"), read_only=True) as con:
        assert con.execute("SELECT period, category, numerator, denominator FROM marts.indicators "
                           "WHERE indicator = 'coverage' ORDER BY ALL").fetchall() == [
            ("2025-01", "ALA-01", 1, 6), ("all", "all", 3, 10)]


def inbox_with_r05_held(tmp_path: Path) -> None:
    """a.csv (r01-r03), b.csv (r04-r06, r05 held back for its date) and c.csv (r07, r08), field CSVs."""
    frame = rows_frame(FIXTURE)
    b = frame.iloc[3:6].reset_index(drop=True)
    b.loc[1, "test_date"] = "31/02/2025"
    write_export(frame.iloc[:3].reset_index(drop=True), tmp_path / "inbox" / "a.csv", "field_csv")
    write_export(b, tmp_path / "inbox" / "b.csv", "field_csv")
    write_export(frame.iloc[6:].reset_index(drop=True), tmp_path / "inbox" / "c.csv", "field_csv")


def test_files_missing_from_the_inbox_since_the_published_build_are_warned_of(tmp_path):
    inbox_with_r05_held(tmp_path)
    (tmp_path / "targets.csv").write_text("period,target\nall,10\n")
    first = dg.materialize(ASSETS + CHECKS, resources=resources(tmp_path))
    (removed,) = [e for e in first.get_asset_check_evaluations() if e.check_name == "files_removed"]
    assert removed.passed and removed.metadata["files_removed"].value == 0  # nothing published before
    # b.csv taken out (a share synced in part), c.csv renamed: only b.csv's rows are lost
    (tmp_path / "inbox" / "b.csv").unlink()
    (tmp_path / "inbox" / "c.csv").rename(tmp_path / "inbox" / "z.csv")
    second = dg.materialize(ASSETS + CHECKS, resources=resources(tmp_path))
    assert second.success  # a warning: the smaller figures are published
    (removed,) = [e for e in second.get_asset_check_evaluations() if e.check_name == "files_removed"]
    assert (removed.passed, removed.severity) == (False, dg.AssetCheckSeverity.WARN)
    assert {k: removed.metadata[k].value for k in ("files_removed", "rows_accepted_removed", "rows_held_removed",
                                                   "file_names")} == {
        "files_removed": 1, "rows_accepted_removed": 2, "rows_held_removed": 1, "file_names": ["b.csv"]}
    with duckdb.connect(str(tmp_path / "wh.duckdb"), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM staging.screening").fetchall() == [(5,)]  # r01-r03, r07, r08
        assert con.execute("SELECT passed, failing FROM audit.check_results WHERE check_name = 'files_removed' "
                           "AND run_id = ?", [second.run_id]).fetchall() == [(False, 1)]
    third = dg.materialize(ASSETS + CHECKS, resources=resources(tmp_path))  # the removal was warned of once
    (removed,) = [e for e in third.get_asset_check_evaluations() if e.check_name == "files_removed"]
    assert removed.passed


def test_a_correction_named_as_a_copy_is_judged_first_and_warned_of(tmp_path):
    # the officer's correction of b.csv's held row, saved as a browser names a second download: "b (2).csv"
    # sorts before b.csv (a space before the "."), so r05 is loaded from it first and b.csv's r05 stays held
    inbox_with_r05_held(tmp_path)
    write_export(rows_frame(FIXTURE).iloc[4:5].reset_index(drop=True), tmp_path / "inbox" / "b (2).csv", "field_csv")
    first = dg.materialize(ASSETS + CHECKS, resources=resources(tmp_path))
    found = {e.check_name: e for e in first.get_asset_check_evaluations()}
    judged = found["files_judged_first"]
    assert (judged.passed, judged.severity, judged.metadata["pairs"].value) == (
        False, dg.AssetCheckSeverity.WARN, [{"judged_first": "b (2).csv", "before": "b.csv", "record_ids_in_both": 1}])
    assert found["held_test_date"].metadata["rows_held"].value == 1  # r05 of b.csv, open
    # named to sort after the file it corrects: nothing judged first, the held row fixed
    (tmp_path / "inbox" / "b (2).csv").rename(tmp_path / "inbox" / "b_v2.csv")
    second = dg.materialize(ASSETS + CHECKS, resources=resources(tmp_path))
    found = {e.check_name: e for e in second.get_asset_check_evaluations()}
    assert found["files_judged_first"].passed and found["files_judged_first"].metadata["pairs"].value == []
    assert (found["held_test_date"].passed, found["held_test_date"].metadata["rows_fixed_since"].value) == (True, 1)


def test_rows_a_form_tool_s_review_rejected_are_counted_and_warned_of(tmp_path):
    # c.csv as ODK Central exports it, its ReviewState "rejected" in r07's row: loaded as the others (the
    # contract has no such column), the file's note counting it and a warning naming the file
    inbox_with_r05_held(tmp_path)
    c = rows_frame(FIXTURE).iloc[6:].reset_index(drop=True).assign(ReviewState=["rejected", "approved"])
    write_export(c, tmp_path / "inbox" / "c.csv", "field_csv")
    result = dg.materialize(ASSETS + CHECKS, resources=resources(tmp_path))
    (marked,) = [e for e in result.get_asset_check_evaluations() if e.check_name == "rows_marked_rejected"]
    assert (marked.passed, marked.severity, marked.metadata["files"].value) == (False, dg.AssetCheckSeverity.WARN, 1)
    assert marked.metadata["file_reasons"].value == [
        {"file": "c.csv", "reason": "ignored columns not in the contract: reviewstate; 1 row(s) marked rejected by "
                                    "the form tool's review (column 'reviewstate'), loaded as the others"}]
    with duckdb.connect(str(tmp_path / "wh.duckdb"), read_only=True) as con:
        counted = con.execute("SELECT count(*) FROM staging.screening WHERE record_id IN ('r07', 'r08')").fetchone()
    assert counted == (2,)


def test_a_column_like_the_contracts_left_unread_is_warned_of(tmp_path):
    # c.csv's viral loads under "viral_load": not read (r07 and r08 then held, a vl_date without vl_copies);
    # until 2026-12-07 only c.csv's reason in audit.files noted the column, as any other
    inbox_with_r05_held(tmp_path)
    c = rows_frame(FIXTURE).iloc[6:].reset_index(drop=True).rename(columns={"vl_copies": "viral_load"})
    write_export(c, tmp_path / "inbox" / "c.csv", "field_csv")
    result = dg.materialize(ASSETS + CHECKS, resources=resources(tmp_path))
    (unread,) = [e for e in result.get_asset_check_evaluations() if e.check_name == "columns_unread"]
    assert (unread.passed, unread.severity, unread.metadata["files"].value) == (False, dg.AssetCheckSeverity.WARN, 1)
    assert unread.metadata["file_reasons"].value == [
        {"file": "c.csv", "reason": "ignored columns not in the contract: viral_load (the contract's vl_copies?)"}]

