"""report.indicators' small_revisions check, materialised: late files adding five tests to a published
month change its figures by five, one more late test by one, which a donor holding both reports could
subtract; the check warns of the second, and the run goes on. Before a release is marked as sent, every
release published is compared with; after, those sent."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import duckdb

from pipelines.lib.sample_files import write_export
from tests.conftest import rows_frame
from tests.integration.test_materialize import ASSETS, resources
from tests.sql.test_staging_screening import HEADER

LETTERS = "ABCDEFGHIJKLMNOPQRST"


def row_of(i: int, month: str) -> str:
    return (f"r{i}|AB{LETTERS[i]}A11990|{month}-{10 + i:02d}|ALA-01|TJK|labour_migrant|work_permit|male|35|pwid|"
            "community|negative||||||")


def write_tests(path: Path, first: int, n: int, month: str = "2025-01", *more: str) -> None:
    """``n`` negative tests of different people in ``month``, all alike but for record_id and UIC; then
    ``more`` rows."""
    rows = [row_of(i, month) for i in range(first, first + n)] + list(more)
    write_export(rows_frame("\n".join([HEADER] + rows)), path, "field_csv")


def revisions(result: dg.ExecuteInProcessResult) -> tuple[bool, dict]:
    (e,) = [e for e in result.get_asset_check_evaluations() if e.check_name == "small_revisions"]
    assert e.severity == dg.AssetCheckSeverity.WARN
    return e.passed, {k: v.value for k, v in e.metadata.items()}


def test_a_revision_by_one_is_flagged_and_one_by_five_is_not(tmp_path):
    inbox = tmp_path / "inbox"
    write_tests(inbox / "a_2025-01.csv", 0, 10)
    first = dg.materialize(ASSETS, resources=resources(tmp_path))
    passed, meta = revisions(first)
    assert passed and meta["previous_release"] is False

    write_tests(inbox / "b_late.csv", 10, 5)
    second = dg.materialize(ASSETS, resources=resources(tmp_path))
    passed, meta = revisions(second)
    # every figure of January, Q1 and the programme moved by 5 or not at all
    assert passed and meta["previous_release"] is True and meta["revised_rows"] == 0 and meta["compared_rows"] > 0

    write_tests(inbox / "c_late.csv", 15, 1)
    third = dg.materialize(ASSETS, resources=resources(tmp_path))
    assert third.success  # a warning: the report is still published
    passed, meta = revisions(third)
    assert not passed and meta["revised_rows"] > 0
    # one test of January 2025: its month, its quarter and the whole programme, nothing else
    assert set(meta["revised_rows_by_period"]) == {"2025-01", "2025-Q1", "all"}
    with duckdb.connect(str(tmp_path / "wh.duckdb"), read_only=True) as con:
        tests = con.execute("SELECT period, numerator FROM report.indicators WHERE dimension = 'total' "
                            "AND indicator = 'tests' ORDER BY period").fetchall()
        history = dict(con.execute("SELECT run_id, (passed, failing) FROM audit.check_results "
                                   "WHERE check_name = 'small_revisions'").fetchall())
    assert tests == [("2025-01", 16), ("2025-Q1", 16), ("all", 16)]
    # by run, not by release time: runs a second apart share it (ordered so, the test failed now and then)
    assert {r.run_id: history[r.run_id] for r in (first, second, third)} == {
        first.run_id: (True, 0), second.run_id: (True, 0), third.run_id: (False, meta["revised_rows"])}
    assert len(history) == 3


def test_before_any_release_is_marked_sent_every_release_published_is_compared_with(tmp_path):
    inbox = tmp_path / "inbox"
    write_tests(inbox / "a_2025-01.csv", 0, 10)
    dg.materialize(ASSETS, resources=resources(tmp_path))  # 10 tests in January
    write_tests(inbox / "b_late.csv", 10, 7)
    passed, meta = revisions(dg.materialize(ASSETS, resources=resources(tmp_path)))
    assert passed and meta["revised_rows"] == 0  # 17: every figure moved by 7 or not at all
    # the site takes its late file back and sends two of its tests: 12, five from the release replaced,
    # two from the first, which a donor may hold (none is marked as sent)
    (inbox / "b_late.csv").unlink()
    write_tests(inbox / "c_late.csv", 10, 2)
    third = dg.materialize(ASSETS, resources=resources(tmp_path))
    passed, meta = revisions(third)
    assert not passed and set(meta["revised_rows_by_period"]) == {"2025-01", "2025-Q1", "all"}
    assert meta["sent_releases"] == 0 and "every release published" in meta["compared_with"]
    assert next(m.metadata["build"].value for m in third.asset_materializations_for_node("ingest")
                if m.asset_key == dg.AssetKey(["staging", "screening"])) == "full"  # carried across it
    with duckdb.connect(str(tmp_path / "wh.duckdb"), read_only=True) as con:
        kept = con.execute("SELECT numerator FROM audit.released_figures WHERE period = '2025-01' "
                           "AND dimension = 'total' AND indicator = 'tests' ORDER BY numerator").fetchall()
    assert kept == [(10,), (12,), (17,)]


def test_once_a_release_is_marked_sent_later_releases_are_checked_against_it(tmp_path):
    from pipelines.defs.report.jobs import mark_report_sent

    inbox = tmp_path / "inbox"
    write_tests(inbox / "a_2025-01.csv", 0, 10)
    dg.materialize(ASSETS, resources=resources(tmp_path))
    warehouse = {k: v for k, v in resources(tmp_path).items() if k in ("warehouse", "paths")}
    assert mark_report_sent.execute_in_process(resources=warehouse).success  # donors have 10 tests in January

    write_tests(inbox / "b_late.csv", 10, 1)
    passed, meta = revisions(dg.materialize(ASSETS, resources=resources(tmp_path)))
    assert not passed and meta["sent_releases"] == 1 and "2025-01" in meta["revised_rows_by_period"]
    # a run that changes nothing in January: the release it replaces has 11 tests too, but donors have 10.
    # Its file sorts before the published ones and repeats b_late.csv's r10 as it was: file order decides
    # which is the duplicate, so a full rebuild, which carries the sent figures over
    write_tests(inbox / "0_2025-02.csv", 11, 5, "2025-02", row_of(10, "2025-01"))
    third = dg.materialize(ASSETS, resources=resources(tmp_path))
    passed, meta = revisions(third)
    assert not passed and "2025-01" in meta["revised_rows_by_period"]
    assert next(m.metadata["build"].value for m in third.asset_materializations_for_node("ingest")
                if m.asset_key == dg.AssetKey(["staging", "screening"])) == "full"
    assert meta["compared_with"] == "the 1 release(s) sent to donors and every release published since"
    # sent again: donors have 11; a run with nothing new passes
    assert mark_report_sent.execute_in_process(resources=warehouse).success
    assert mark_report_sent.execute_in_process(resources=warehouse).success  # to a second donor: not kept twice
    passed, meta = revisions(dg.materialize(ASSETS, resources=resources(tmp_path)))
    assert passed and meta["sent_releases"] == 2 and meta["revised_rows"] == 0
    with duckdb.connect(str(tmp_path / "wh.duckdb"), read_only=True) as con:
        kept = con.execute("SELECT sent_at IS NOT NULL, numerator FROM audit.sent_figures WHERE period = '2025-01' "
                           "AND dimension = 'total' AND indicator = 'tests' ORDER BY numerator").fetchall()
        released = con.execute("SELECT numerator FROM audit.released_figures WHERE period = '2025-01' "
                               "AND dimension = 'total' AND indicator = 'tests'").fetchall()
    assert kept == [(True, 10), (True, 11)]  # carried across the full rebuild in between
    assert released == [(11,)]  # only the release after the second mark; 10, kept until the first, no longer


def test_a_release_whose_reports_were_not_the_ones_sent_is_not_marked(tmp_path):
    from pipelines.defs.report.jobs import mark_report_sent

    inbox = tmp_path / "inbox"
    write_tests(inbox / "a_2025-01.csv", 0, 10)
    dg.materialize(ASSETS, resources=resources(tmp_path))  # reports of 10 tests in January, sent
    write_tests(inbox / "b_late.csv", 10, 1)
    # before the officer marks them, a run publishes 11 and stops before writing its reports
    assert dg.materialize(ASSETS[:-1], resources=resources(tmp_path)).success
    marking = {k: v for k, v in resources(tmp_path).items() if k in ("warehouse", "paths")}
    refused = mark_report_sent.execute_in_process(resources=marking, raise_on_error=False)
    assert not refused.success
    (failure,) = [e for e in refused.all_events if e.event_type == dg.DagsterEventType.STEP_FAILURE]
    message = failure.step_failure_data.user_failure_data.description
    assert "were written from other figures than the published warehouse holds" in message
    assert "Nothing was marked" in message
    with duckdb.connect(str(tmp_path / "wh.duckdb"), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM audit.sent_figures").fetchone() == (0,)
        released = con.execute("SELECT numerator FROM audit.released_figures WHERE period = '2025-01' AND "
                               "dimension = 'total' AND indicator = 'tests' ORDER BY numerator").fetchall()
    assert released == [(10,), (11,)]  # both still compared with: donors hold the first
    # the reports written again from the published warehouse (and sent): now marked
    assert dg.materialize([ASSETS[-1]], resources=resources(tmp_path)).success
    assert mark_report_sent.execute_in_process(resources=marking).success
    with duckdb.connect(str(tmp_path / "wh.duckdb"), read_only=True) as con:
        assert con.execute("SELECT numerator FROM audit.sent_figures WHERE period = '2025-01' AND "
                           "dimension = 'total' AND indicator = 'tests'").fetchall() == [(11,)]
    index = (tmp_path / "reports" / "index.html").read_text(encoding="utf-8")
    assert index.count('<meta name="mh-release" content="') == 1 and "release / выпуск " in index
