"""sql/marts/person_periods.sql and sql/marts/indicators.sql on a tiny hand-computed fixture.

People: U1 tested negative at ALA-01 in January, positive at SHY-01 in February (linked KAZ, ART,
VL 400). U2 positive at AST-02 in January (already diagnosed, linked remotely, no ART yet), positive
twice on 20 April (linked KAZ, ART; two VL results on the same day: record r08 wins the tie, 20
copies). U3 only self-tested, U5 only indeterminate: they count nowhere. U4 negative, empty modality.
"""

import pytest

from tests.conftest import build_marts, indicator, load_staging, rows_frame

FIXTURE = """
record_id|client_uic|test_date|site_code|country_of_origin|migrant_group|residence_status|sex|age|key_population|test_modality|result|previously_diagnosed|linked_date|care_location|art_start_date|vl_date|vl_copies
r01|AAAA11990|2025-01-10|ALA-01|TJK|labour_migrant|undocumented|male|35|pwid|community|negative| | | | | |
r02|AAAA11990|2025-02-05|SHY-01|TJK|labour_migrant|undocumented|male|35|pwid|mobile|positive| |2025-02-10|KAZ|2025-02-20|2025-06-01|400
r03|BBBB21985|2025-01-15|AST-02|UZB|relocant|work_permit|female|40|sw|facility|positive|yes|2025-01-20|home_remote| | |
r04|CCCC11970|2025-01-15|ALA-01|KGZ|labour_migrant|work_permit|male|55|none|self_test|positive| | | | | |
r05|DDDD22000|2025-03-01|ALA-01|RUS|relocant|temporary_residence|female|25|msm| |negative| | | | | |
r06|EEEE11995|2025-04-02|ALA-01|TJK|labour_migrant|unknown|male|30|pwid|community|indeterminate| | | | | |
r07|BBBB21985|2025-04-20|AST-02|UZB|relocant|work_permit|female|40|sw|community|positive|yes|2025-04-25|KAZ|2025-05-01|2025-08-01|5000
r08|BBBB21985|2025-04-20|AST-02|UZB|relocant|work_permit|female|40|sw|community|positive|yes|2025-04-26|home_remote|2025-05-01|2025-08-01|20
"""


@pytest.fixture
def marts(con):
    load_staging(con, rows_frame(FIXTURE))
    build_marts(con)
    return con


@pytest.mark.parametrize("name, expected", [
    ("tests", 6), ("people_tested", 3), ("positives", 2), ("new_diagnoses", 1),
])
def test_total_counts(marts, name, expected):
    num, den, value, lo, hi = indicator(marts, "all", "total", "all", name)
    assert (num, den, value) == (expected, None, float(expected))


def test_positivity_has_wilson_interval(marts):
    num, den, value, lo, hi = indicator(marts, "all", "total", "all", "positivity")
    assert (num, den) == (2, 3)
    assert value == pytest.approx(2 / 3)
    # Wilson 95 % for 2/3, from published tables: 0.2077 to 0.9385
    assert lo == pytest.approx(0.20765, abs=1e-4)
    assert hi == pytest.approx(0.93851, abs=1e-4)


@pytest.mark.parametrize("name, num, den", [
    ("linked", 2, 2), ("on_art", 2, 2), ("vl_tested", 2, 2), ("vl_suppressed", 2, 2),
])
def test_cascade_whole_programme(marts, name, num, den):
    assert indicator(marts, "all", "total", "all", name)[:2] == (num, den)


def test_latest_viral_load_tie_goes_to_largest_record_id(marts):
    (vl,) = marts.execute(
        "SELECT viral_load FROM marts.person_periods WHERE period = 'all' AND client_uic = 'BBBB21985'"
    ).fetchall()[0]
    assert vl == 20


def test_tests_count_under_row_site_people_under_first_test(marts):
    # U1's second test is at SHY-01 but U1 is a person of ALA-01
    assert indicator(marts, "all", "site_code", "SHY-01", "tests")[0] == 1
    assert indicator(marts, "all", "site_code", "SHY-01", "people_tested")[0] == 0
    assert indicator(marts, "all", "site_code", "ALA-01", "tests")[0] == 2
    assert indicator(marts, "all", "site_code", "ALA-01", "people_tested")[0] == 2
    assert indicator(marts, "all", "site_code", "AST-02", "tests")[0] == 3


def test_care_location_is_the_persons_earliest_linked_positive(marts):
    # whole programme: U2's earliest linked positive is r03 (home_remote); in April it is r07 (KAZ,
    # same day as r08, smallest record_id first)
    assert indicator(marts, "all", "care_location", "home_remote", "people_tested")[0] == 1
    assert indicator(marts, "all", "care_location", "home_remote", "tests")[0] == 3
    assert indicator(marts, "all", "care_location", "KAZ", "tests")[0] == 2
    assert indicator(marts, "all", "care_location", "not_linked", "people_tested")[0] == 1
    assert indicator(marts, "2025-04", "care_location", "KAZ", "positives")[0] == 1
    assert indicator(marts, "2025-04", "care_location", "home_remote", "positives") is None


def test_cascade_uses_only_the_periods_positive_tests(marts):
    # Q1: U2 is positive and linked (r03) but not yet on ART; U1 is on ART
    assert indicator(marts, "2025-Q1", "total", "all", "positives")[0] == 2
    assert indicator(marts, "2025-Q1", "total", "all", "on_art")[:2] == (1, 2)
    assert indicator(marts, "2025-Q1", "total", "all", "vl_tested")[:2] == (1, 1)
    assert indicator(marts, "2025-01", "total", "all", "on_art")[:2] == (0, 1)
    assert indicator(marts, "2025-Q2", "total", "all", "tests")[0] == 2
    assert indicator(marts, "2025-Q2", "total", "all", "people_tested")[0] == 1


def test_self_tests_and_indeterminate_count_nowhere(marts):
    assert indicator(marts, "all", "country_of_origin", "KGZ", "tests") is None
    (n,) = marts.execute("SELECT count(*) FROM marts.person_periods WHERE client_uic IN "
                         "('CCCC11970', 'EEEE11995')").fetchall()[0]
    assert n == 0


def test_empty_modality_is_a_valid_test_and_age_bands_follow_rows(marts):
    assert indicator(marts, "all", "country_of_origin", "RUS", "people_tested")[0] == 1
    assert indicator(marts, "all", "age_band", "25-29", "tests")[0] == 1
    assert indicator(marts, "all", "age_band", "40-44", "tests")[0] == 3
    assert indicator(marts, "all", "age_band", "35-39", "people_tested")[0] == 1


def test_categories_add_up_to_total_for_every_dimension(marts):
    bad = marts.execute("""
        SELECT c.period, c.dimension, c.indicator FROM marts.indicators AS c
        JOIN marts.indicators AS t ON t.period = c.period AND t.indicator = c.indicator
             AND t.dimension = 'total'
        WHERE c.dimension <> 'total' AND c.denominator IS NULL
        GROUP BY ALL HAVING sum(c.numerator) <> any_value(t.numerator)""").fetchall()
    assert bad == []


def test_coverage_against_configured_target(con):
    import pandas as pd

    load_staging(con, rows_frame(FIXTURE))
    build_marts(con, pd.DataFrame({"period": ["all"], "dimension": ["total"], "category": ["all"],
                                   "target": [12]}))
    assert indicator(con, "all", "total", "all", "coverage")[:3] == (3, 12, 0.25)
    assert indicator(con, "2025-Q1", "total", "all", "coverage") is None


def test_targets_unmet_lists_the_targets_of_reported_periods_nobody_in_their_category_was_tested_in(con):
    import pandas as pd

    from pipelines.lib.marts import unmet_targets

    load_staging(con, rows_frame(FIXTURE))
    build_marts(con, pd.DataFrame({
        "period": ["all", "2025-01", "2025-01", "2025-02", "2025-04", "2026-05", "2024-12", "2024-Q4", "2025-Q3"],
        "dimension": ["total", "site_code", "site_code", "site_code", "sex", "total", "total", "total", "total"],
        "category": ["all", "ALA-01", "SHY-01", "ALA-1", "male", "all", "all", "all", "all"],
        "target": [12, 40, 50, 20, 10, 30, 35, 90, 80]}))
    # ALA-01 tested U1 in January (met); SHY-01 tested only in February; "ALA-1" is no site's code; in April
    # the one man (U5, indeterminate) had no valid test; December 2024 and its quarter, before the first
    # tests (January 2025), have none; 2026-05 and 2025-Q3 come after the latest reported month (April) and
    # quarter (Q2), so are not listed (targets set in advance)
    assert unmet_targets(con).to_dict("records") == [
        {"period": "2024-12", "dimension": "total", "category": "all", "target": 35},
        {"period": "2024-Q4", "dimension": "total", "category": "all", "target": 90},
        {"period": "2025-01", "dimension": "site_code", "category": "SHY-01", "target": 50},
        {"period": "2025-02", "dimension": "site_code", "category": "ALA-1", "target": 20},
        {"period": "2025-04", "dimension": "sex", "category": "male", "target": 10}]
    assert indicator(con, "2025-01", "site_code", "ALA-01", "coverage")[:2] == (1, 40)
