"""GX on a fixed sample above sample_rows: which rows, how many, and that a failure in the sample fails."""

from __future__ import annotations

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
    assert (e.success, e.unexpected_count) == (False, 6)


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
