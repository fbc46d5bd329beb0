"""GX on a fixed sample above sample_rows: which rows, how many, and that a failure in the sample fails."""

from __future__ import annotations

import pytest

from pipelines.defs.resources import GreatExpectationsResource
from tests.conftest import load_staging, rows_frame
from tests.sql.test_marts_indicators import FIXTURE

STRICT_AGE = ('{"name": "staging.screening", "expectations": [{"type": "expect_column_values_to_be_between",'
              ' "kwargs": {"column": "age", "min_value": 0, "max_value": 30}, "meta": {"group": "ranges"}}]}')


def _strict_suite(tmp_path):
    (tmp_path / "staging.screening.json").write_text(STRICT_AGE)
    return str(tmp_path)


def test_every_row_up_to_sample_rows(con, tmp_path):
    load_staging(con, rows_frame(FIXTURE))
    stats = GreatExpectationsResource(suite_dir=_strict_suite(tmp_path), batch_rows=3,
                                      sample_rows=8).validate_screening(con)
    assert (stats.rows, stats.rows_total, stats.batches) == (8, 8, 3)
    (e,) = stats.expectations
    # ages over 30: r01 r02 (35), r03 r07 r08 (40), r04 (55)
    assert (e.success, e.unexpected_count) == (False, 6) and not stats.in_worker


def test_a_fixed_sample_above_sample_rows(con, tmp_path):
    frame = rows_frame(FIXTURE)
    load_staging(con, frame)
    # stride ceil(8 / 3) = 3: the rows whose record_id hashes to 0 modulo 3
    chosen = {r for (r,) in con.execute(
        "SELECT record_id FROM staging.screening WHERE hash(record_id) % 3 = 0").fetchall()}
    assert 0 < len(chosen) < 8, "the fixture should split; pick other ids if DuckDB's hash changes"
    resource = GreatExpectationsResource(suite_dir=_strict_suite(tmp_path), batch_rows=2, sample_rows=3)
    first, second = resource.validate_screening(con), resource.validate_screening(con)
    assert (first.rows, first.rows_total) == (len(chosen), 8)
    over_30 = {r for r, age in zip(frame.record_id, frame.age) if int(age) > 30}
    (e,) = first.expectations
    assert e.unexpected_count == len(chosen & over_30) and e.success == (not chosen & over_30)
    assert set(e.sample_ids) == chosen & over_30
    assert second.expectations[0].unexpected_count == e.unexpected_count  # the same rows every run


def test_a_prepared_worker_process_gives_the_same_results(con, tmp_path):
    load_staging(con, rows_frame(FIXTURE))
    resource = GreatExpectationsResource(suite_dir=_strict_suite(tmp_path), batch_rows=3, sample_rows=8)
    resource.prepare()
    worker = resource._worker._proc
    stats = resource.validate_screening(con)
    assert worker.wait(30) == 0 and resource._worker is None  # one validation, then it exits
    assert stats.in_worker
    (e,) = stats.expectations
    # as in-process (above): 8 rows in 3 batches, six ages over 30
    assert (stats.rows, stats.rows_total, stats.batches) == (8, 8, 3)
    assert (e.success, e.unexpected_count, e.element_count) == (False, 6, 8)
    assert sorted(e.sample_ids) == ["r01", "r02", "r03", "r04", "r07", "r08"]


def test_sent_is_called_once_the_worker_has_every_batch_and_before_its_answer(con, tmp_path, monkeypatch):
    load_staging(con, rows_frame(FIXTURE))
    resource = GreatExpectationsResource(suite_dir=_strict_suite(tmp_path), batch_rows=3, sample_rows=8)
    resource.prepare()
    worker = resource._worker
    calls = []
    answer = worker._answer
    monkeypatch.setattr(worker, "_answer", lambda: (calls.append("answer read"), answer())[1])

    def sent() -> None:  # the GX check launches the image browser here, while the worker validates
        calls.append(("sent", "every batch written" if worker._proc.stdin.closed else "batches pending"))

    stats = resource.validate_screening(con, sent=sent)
    assert calls == [("sent", "every batch written"), "answer read"]
    assert stats.in_worker and stats.batches == 3
    in_process = []
    GreatExpectationsResource(suite_dir=_strict_suite(tmp_path)).validate_screening(
        con, sent=lambda: in_process.append(1))
    assert in_process == [1]  # unprepared: at once, GX then validates in this process


def test_rows_handed_over_early_are_validated_and_the_check_reads_nothing(con, tmp_path, monkeypatch):
    load_staging(con, rows_frame(FIXTURE))
    resource = GreatExpectationsResource(suite_dir=_strict_suite(tmp_path), batch_rows=3, sample_rows=8)
    assert resource.submit_screening(con) == 0  # no worker prepared: nothing handed over
    resource.prepare()
    worker = resource._worker
    assert resource.submit_screening(con) == 8  # the ingest, at its end
    assert resource.submit_screening(con) == 0  # once
    con.execute("DROP TABLE staging.screening")  # the check's connection is not read again
    calls = []
    answer = worker._answer
    monkeypatch.setattr(worker, "_answer", lambda: (calls.append("answer read"), answer())[1])

    def sent() -> None:
        calls.append(("sent", "every batch written" if worker._proc.stdin.closed else "batches pending"))

    stats = resource.validate_screening(con, sent=sent)
    assert calls == [("sent", "every batch written"), "answer read"]
    assert stats.in_worker and stats.submitted_early and resource._worker is None
    (e,) = stats.expectations
    # as validated in the check (above): 8 rows in 3 batches, six ages over 30
    assert (stats.rows, stats.rows_total, stats.batches) == (8, 8, 3)
    assert (e.success, e.unexpected_count) == (False, 6)


def test_the_ingest_hands_the_rows_over_only_when_the_gx_check_follows():
    from types import SimpleNamespace

    import dagster as dg

    from pipelines.defs.resources import SCREENING, gx_follows

    def run(assets, checks):
        return SimpleNamespace(asset_selection=assets, asset_check_selection=checks)

    html = dg.AssetKey(["report", "html"])
    assert gx_follows(run(None, None))  # a whole job (refresh_all)
    assert gx_follows(run(frozenset({SCREENING, html}), None))  # the main command: --select '*'
    assert not gx_follows(run(frozenset({html}), None))
    assert not gx_follows(run(frozenset(), None))  # not known
    assert gx_follows(run(frozenset({SCREENING}), frozenset({dg.AssetCheckKey(SCREENING, "gx_ranges")})))
    # the record_id check alone: GX's answer would never be read
    assert not gx_follows(run(frozenset({SCREENING}), frozenset({dg.AssetCheckKey(SCREENING, "record_id_unique")})))


def test_a_worker_failure_raises_with_its_traceback(con, tmp_path):
    load_staging(con, rows_frame(FIXTURE))
    (tmp_path / "staging.screening.json").write_text(
        '{"name": "staging.screening", "expectations": [{"type": "expect_no_such_thing", "kwargs": {}}]}')
    resource = GreatExpectationsResource(suite_dir=str(tmp_path))
    resource.prepare()
    with pytest.raises(RuntimeError, match=r"(?s)failed in its worker process.*ExpectNoSuchThing"):
        resource.validate_screening(con)


def test_a_run_without_the_check_stops_the_worker_its_ingest_started(tmp_path, monkeypatch):
    import dagster as dg

    from pipelines.defs import resources
    from pipelines.defs.ingest import assets as ingest_assets
    from pipelines.lib.sample_files import write_export

    started = []

    class Recorded(resources.GxWorker):  # the real worker, remembered so that the test can look at it
        def __init__(self) -> None:
            super().__init__()
            started.append(self)

    monkeypatch.setattr(resources, "GxWorker", Recorded)
    write_export(rows_frame(FIXTURE), tmp_path / "inbox" / "a.csv", "field_csv")
    result = dg.materialize(
        [ingest_assets.ingest],
        resources={"paths": resources.PathsResource(inbox=str(tmp_path / "inbox")),
                   "warehouse": resources.WarehouseResource(path=str(tmp_path / "wh.duckdb")),
                   "gx": GreatExpectationsResource()})
    assert result.success
    (worker,) = started
    assert worker._proc.poll() is not None  # stopped when the run's resources were torn down


def test_in_a_run_the_ingest_starts_the_worker_and_the_check_validates_in_it(tmp_path):
    import dagster as dg

    from pipelines.defs.ingest import assets as ingest_assets, gx_checks
    from pipelines.defs.resources import ChartImagesResource, PathsResource, WarehouseResource
    from pipelines.lib.sample_files import write_export

    write_export(rows_frame(FIXTURE), tmp_path / "inbox" / "a.csv", "field_csv")
    instance = dg.DagsterInstance.ephemeral()
    result = dg.materialize(
        [ingest_assets.ingest, gx_checks.gx_screening_suite], instance=instance,
        resources={"paths": PathsResource(inbox=str(tmp_path / "inbox")),
                   "warehouse": WarehouseResource(path=str(tmp_path / "wh.duckdb")), "gx": GreatExpectationsResource(),
                   "chart_images": ChartImagesResource()})
    assert result.success
    said = [e.user_message for e in instance.all_logs(result.run_id) if "GX validated" in e.user_message]
    assert said == ["GX validated 8 of 8 rows in 1 batch, in its worker process"]


def test_arrow_batches_become_the_frames_duckdb_would_give():
    import duckdb
    import pandas as pd

    from pipelines.lib.gx_validation import as_frame

    con = duckdb.connect()
    # the columns of checks.gx_batch's kinds: text (dates too), an unsigned and a signed integer
    sql = ("SELECT * FROM (VALUES ('r1', 35::UTINYINT, 400::BIGINT, '2025-01-10'), "
           "('r2', 40::UTINYINT, NULL::BIGINT, NULL)) t(record_id, age, vl_copies, vl_date)")
    frame = as_frame(con.sql(sql).to_arrow_table())
    # an integer column with a null is pandas' nullable integer, as .df() gives it; without, numpy's
    assert str(frame["vl_copies"].dtype) == "Int64" and frame["vl_copies"].tolist() == [400, pd.NA]
    assert str(frame["age"].dtype) == "uint8" and frame["age"].tolist() == [35, 40]
    pd.testing.assert_frame_equal(frame, con.execute(sql).df())
    already = con.execute(sql).df()
    assert as_frame(already) is already
