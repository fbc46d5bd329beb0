"""The month partitions (job rebuild_months): a month's slice rebuilt on a copy of the sample warehouse,
re-runs identical, a backfill range picking up changed monthly targets, and nothing else touched."""

from __future__ import annotations

import shutil
from pathlib import Path

import dagster as dg
import duckdb
import pandas as pd
import pytest

from pipelines.defs.marts.jobs import rebuild_months
from pipelines.defs.partitions import test_months
from pipelines.defs.resources import GreatExpectationsResource, PathsResource, WarehouseResource

TABLES = {
    "staging.screening": "record_id",
    "marts.person_periods": "period, client_uic",
    "marts.indicators": "period, dimension, category, indicator",
    "report.indicators": "period, dimension, category, indicator",
}


def snapshot(path: Path) -> dict[str, pd.DataFrame]:
    with duckdb.connect(str(path), read_only=True) as con:
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY {order}").df() for t, order in TABLES.items()}


def run_month(wh: Path, tmp: Path, month: str, targets: Path) -> dg.ExecuteInProcessResult:
    resources = {"warehouse": WarehouseResource(path=str(wh), memory_limit="1GB"),
                 "paths": PathsResource(reports=str(tmp / "reports"), targets=str(targets)),
                 "gx": GreatExpectationsResource()}
    return rebuild_months.execute_in_process(partition_key=month, resources=resources)


@pytest.fixture
def warehouse_copy(sample_build, tmp_path) -> Path:
    wh = tmp_path / "wh.duckdb"
    shutil.copyfile(sample_build[0], wh)
    return wh


def test_rerunning_a_month_gives_identical_tables(warehouse_copy, tmp_path):
    before = snapshot(warehouse_copy)
    targets = Path(__file__).resolve().parents[2] / "data" / "targets.csv"
    for _ in range(2):
        result = run_month(warehouse_copy, tmp_path, "2025-03", targets)
        assert result.success
        after = snapshot(warehouse_copy)
        for table in TABLES:
            pd.testing.assert_frame_equal(after[table], before[table], obj=table)
    march = [e for e in result.get_asset_materialization_events()
             if e.asset_key == dg.AssetKey(["marts", "indicators"])]
    assert march and march[0].materialization.metadata["rebuilt_month"].value == "2025-03"
    assert (tmp_path / "reports" / "report_2025-03_en.html").is_file()
    assert not list(tmp_path.glob("*.patch.duckdb*")), "the private copy is swapped in, not left behind"
    revisions, targets_unmet = sorted(result.get_asset_check_evaluations(), key=lambda e: e.check_name)
    assert (targets_unmet.check_name, targets_unmet.passed) == ("targets_unmet", True)  # all,2500 is met
    assert (revisions.check_name, revisions.passed, revisions.metadata["revised_rows"].value,
            revisions.metadata["previous_release"].value) == ("small_revisions", True, 0, True)


def test_a_month_rebuild_that_revises_a_published_figure_by_one_warns(warehouse_copy, tmp_path):
    # the release before (the only one published) says one test more in March 2025 than the staging holds:
    # the rebuild's March total differs from it by one, in that row only
    with duckdb.connect(str(warehouse_copy)) as con:
        ((tests,),) = con.execute("UPDATE report.indicators SET numerator = numerator + 1 WHERE period = '2025-03' "
                                  "AND dimension = 'total' AND indicator = 'tests' AND NOT suppressed "
                                  "RETURNING numerator").fetchall()
        assert con.execute("UPDATE audit.released_figures SET numerator = numerator + 1 WHERE period = '2025-03' "
                           "AND dimension = 'total' AND indicator = 'tests' RETURNING numerator").fetchall() \
            == [(tests,)]
    result = run_month(warehouse_copy, tmp_path, "2025-03", Path(__file__).resolve().parents[2] / "data" / "targets.csv")
    assert result.success and tests > 5
    (revisions,) = [e for e in result.get_asset_check_evaluations() if e.check_name == "small_revisions"]
    assert revisions.severity == dg.AssetCheckSeverity.WARN and not revisions.passed
    assert revisions.metadata["revised_rows_by_period"].value == {"2025-03": 1}
    assert revisions.metadata["rebuilt_month"].value == "2025-03"
    with duckdb.connect(str(warehouse_copy), read_only=True) as con:  # both releases' figures are kept now
        kept = con.execute("SELECT numerator FROM audit.released_figures WHERE period = '2025-03' "
                           "AND dimension = 'total' AND indicator = 'tests' ORDER BY numerator").fetchall()
    assert kept == [(tests - 1,), (tests,)]


def test_backfill_of_a_range_applies_new_monthly_targets_to_those_months_only(warehouse_copy, tmp_path):
    targets = tmp_path / "targets.csv"
    targets.write_text("period,target\nall,2500\n2025-02,400\n2025-03,400\n2025-04,400\n")
    before = snapshot(warehouse_copy)
    keys = test_months.get_partition_keys_in_range(dg.PartitionKeyRange("2025-02", "2025-03"))
    assert keys == ["2025-02", "2025-03"]
    for key in keys:  # what a backfill launches: one run per month
        result = run_month(warehouse_copy, tmp_path, key, targets)
        assert result.success
    # April's target gives no coverage figure until April is rebuilt: the month job warns of it
    (unmet,) = [e for e in result.get_asset_check_evaluations() if e.check_name == "targets_unmet"]
    assert (unmet.passed, unmet.severity, unmet.metadata["cells"].value, unmet.metadata["rebuilt_month"].value) \
        == (False, dg.AssetCheckSeverity.WARN, ["2025-04 total all"], "2025-03")
    after = snapshot(warehouse_copy)
    with duckdb.connect(str(warehouse_copy), read_only=True) as con:
        # people with a valid test in the month, counted straight from staging, not through the marts
        people = dict(con.execute("""
            SELECT strftime(test_date, '%Y-%m'), count(DISTINCT client_uic) FROM staging.screening
            WHERE result IN ('negative', 'positive') AND coalesce(test_modality, '') <> 'self_test'
              AND test_date >= DATE '2025-02-01' AND test_date < DATE '2025-04-01' GROUP BY 1""").fetchall())
    ind = after["marts.indicators"]
    cov = ind[ind.indicator == "coverage"].set_index("period")
    assert sorted(cov.index) == ["2025-02", "2025-03", "all"]  # April's target waits for April's rebuild
    for month in ("2025-02", "2025-03"):
        assert cov.loc[month, "numerator"] == people[month] and cov.loc[month, "denominator"] == 400
    assert abs(cov.loc["2025-03", "value"] - people["2025-03"] / 400) < 1e-12
    old = before["marts.indicators"]
    untouched = ~ind.period.isin(keys)
    pd.testing.assert_frame_equal(ind[untouched & (ind.indicator != "coverage")].reset_index(drop=True),
                                  old[~old.period.isin(keys) & (old.indicator != "coverage")].reset_index(drop=True))
    not_cov = ind[ind.period.isin(keys) & (ind.indicator != "coverage")].reset_index(drop=True)
    pd.testing.assert_frame_equal(not_cov, old[old.period.isin(keys)].reset_index(drop=True))
    pd.testing.assert_frame_equal(after["marts.person_periods"], before["marts.person_periods"])
    rep = after["report.indicators"]
    assert set(rep[rep.indicator == "coverage"].period) == {"2025-02", "2025-03", "all"}


def test_a_month_without_tests_changes_nothing(warehouse_copy, tmp_path):
    before = snapshot(warehouse_copy)
    targets = Path(__file__).resolve().parents[2] / "data" / "targets.csv"
    assert run_month(warehouse_copy, tmp_path, "2016-01", targets).success
    after = snapshot(warehouse_copy)
    for table in TABLES:
        pd.testing.assert_frame_equal(after[table], before[table], obj=table)


def test_a_month_rebuild_needs_a_published_warehouse(tmp_path):
    (tmp_path / "t.csv").write_text("period,target\nall,10\n")
    with pytest.raises(FileNotFoundError, match="run the main job"):
        run_month(tmp_path / "none.duckdb", tmp_path, "2025-03", tmp_path / "t.csv")
    assert not (tmp_path / "none.duckdb").exists()
