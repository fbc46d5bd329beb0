"""sql/marts/cells.sql, scope.sql and cells_published.sql through pipelines.lib.marts.refresh_indicators:
after files are added, the cells of the people in them are taken out and put back recomputed, and
marts.indicators equals a build from every valid test.

Published: the fixture of test_marts_indicators (file fixture.csv). Added file later.csv:
r09 U1 (AAAA11990) negative in May at AST-02; r10 U6 (FFFF21992), new, positive in May at ALA-01;
r11 U4 (DDDD22000) negative on 10 February at SHY-01, earlier than U4's published test (r05, March,
ALA-01); r12 U2 (BBBB21985) positive on 1 April at AST-02, linked home_remote, before r07 (KAZ).
"""

import pandas as pd
import pytest

from pipelines.lib.marts import build_indicators, build_person_periods, definition_fingerprint, refresh_indicators
from pipelines.lib.targets import empty_targets
from tests.conftest import indicator, load_staging, rows_frame
from tests.sql.test_marts_indicators import FIXTURE

ADDED = """
record_id|client_uic|test_date|site_code|country_of_origin|migrant_group|residence_status|sex|age|key_population|test_modality|result|previously_diagnosed|linked_date|care_location|art_start_date|vl_date|vl_copies|file_name
r09|AAAA11990|2025-05-03|AST-02|TJK|labour_migrant|undocumented|male|35|pwid|community|negative| | | | | | |later.csv
r10|FFFF21992|2025-05-04|ALA-01|KGZ|student|unknown|female|33|none|mobile|positive|no| | | | | |later.csv
r11|DDDD22000|2025-02-10|SHY-01|RUS|relocant|temporary_residence|female|25|msm|mobile|negative| | | | | | |later.csv
r12|BBBB21985|2025-04-01|AST-02|UZB|relocant|work_permit|female|40|sw|community|positive|yes|2025-04-03|home_remote| | | |later.csv
"""
ORDER = "SELECT * FROM marts.indicators ORDER BY period, dimension, category, indicator"


def loaded_files(con, names: list[str]) -> None:
    con.execute("CREATE SCHEMA IF NOT EXISTS audit")
    con.execute("CREATE OR REPLACE TABLE audit.files AS SELECT unnest(?::VARCHAR[]) AS file_name, 'loaded' AS status",
                [names])


@pytest.fixture
def added(con):
    load_staging(con, rows_frame(FIXTURE))
    loaded_files(con, ["fixture.csv"])
    build_person_periods(con)
    first = refresh_indicators(con, empty_targets())
    assert first == "indicators from every valid test: the build has no earlier indicators"
    before = con.execute(ORDER).df()
    load_staging(con, pd.concat([rows_frame(FIXTURE), rows_frame(ADDED)], ignore_index=True))
    loaded_files(con, ["fixture.csv", "later.csv"])
    how = refresh_indicators(con, empty_targets())
    return con, before, how


def test_only_the_added_peoples_periods_are_recomputed(added):
    con, before, how = added
    # periods of the added valid tests: 2025-02, 2025-04, 2025-05, their quarters Q1, Q2, and all
    assert how == "indicators added to: 1 file(s) not counted yet, 6 period(s) recomputed for the people they touch"
    after = con.execute(ORDER).df()
    untouched = before[before.period == "2025-01"].reset_index(drop=True)
    pd.testing.assert_frame_equal(after[after.period == "2025-01"].reset_index(drop=True), untouched)


@pytest.mark.parametrize("period, dimension, category, name, expected", [
    ("all", "total", "all", "tests", 10),            # 6 published + 4 added
    ("all", "total", "all", "people_tested", 4),     # U1, U2, U4 and the new U6
    ("all", "total", "all", "positives", 3),         # U1, U2, U6
    ("all", "total", "all", "new_diagnoses", 2),     # U1 and U6 (U2 was diagnosed before)
    ("all", "site_code", "ALA-01", "people_tested", 2),  # U1, U6; U4's earliest test moved to SHY-01
    ("all", "site_code", "SHY-01", "people_tested", 1),  # U4
    ("all", "site_code", "SHY-01", "tests", 2),          # r02, r11
    ("all", "site_code", "AST-02", "tests", 5),          # r03, r07, r08, r09, r12
    ("2025-02", "total", "all", "people_tested", 2),     # U1, U4
    ("2025-05", "total", "all", "positives", 1),         # a new period: U6
    ("2025-04", "care_location", "home_remote", "tests", 3),  # U2's earliest linked test is r12 now
])
def test_added_cells_hand_computed(added, period, dimension, category, name, expected):
    con, _, _ = added
    assert indicator(con, period, dimension, category, name)[0] == expected


def test_a_cell_nobody_is_left_in_is_gone(added):
    con, before, _ = added
    kaz = (before.period == "2025-04") & (before.dimension == "care_location") & (before.category == "KAZ")
    assert before[kaz & (before.indicator == "people_tested")].numerator.tolist() == [1]
    assert indicator(con, "2025-04", "care_location", "KAZ", "people_tested") is None
    assert indicator(con, "2025-Q2", "care_location", "KAZ", "people_tested") is None


def test_equals_a_build_from_every_valid_test(added):
    con, _, _ = added
    incremental = con.execute(ORDER).df()
    build_indicators(con, empty_targets())
    pd.testing.assert_frame_equal(con.execute(ORDER).df(), incremental)


def test_other_definitions_or_a_file_gone_build_from_every_valid_test(added):
    con, _, _ = added
    assert con.execute("SELECT definition_sha, files FROM audit.marts_build").fetchall() == [
        (definition_fingerprint(), ["fixture.csv", "later.csv"])]
    con.execute("UPDATE audit.marts_build SET definition_sha = 'older'")
    assert refresh_indicators(con, empty_targets()).endswith("the indicator definitions changed")
    loaded_files(con, ["later.csv"])
    assert refresh_indicators(con, empty_targets()).endswith("1 counted file(s) are no longer loaded")
