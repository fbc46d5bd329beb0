"""sql/marts/person_periods.sql: a repeat tester's rows, one per period, on a hand-computed fixture.

P tests six times: 20 Jan at ALA-01 and 5 Jan at AST-02 (listed in that order), positive on 10 Feb
at SHY-01 (linked, home_remote), positive on 3 Mar at ALA-01 (linked, KAZ), and twice on 1 May, x9 at
SHY-01 and x5 at AST-02 (same day: the smaller record_id comes first). S tests once, in April.
"""

import datetime as dt

import pytest

from tests.conftest import build_marts, load_staging, rows_frame

FIXTURE = """
record_id|client_uic|test_date|site_code|country_of_origin|migrant_group|residence_status|sex|age|key_population|test_modality|result|previously_diagnosed|linked_date|care_location|art_start_date|vl_date|vl_copies
x1|PPPP11990|2025-01-20|ALA-01|TJK|labour_migrant|undocumented|male|35|pwid|community|negative| | | | | |
x2|PPPP11990|2025-01-05|AST-02|TJK|labour_migrant|undocumented|male|35|pwid|community|negative| | | | | |
x3|PPPP11990|2025-02-10|SHY-01|TJK|labour_migrant|undocumented|male|35|pwid|mobile|positive| |2025-02-12|home_remote| | |
x4|PPPP11990|2025-03-03|ALA-01|TJK|labour_migrant|undocumented|male|35|pwid|facility|positive|yes|2025-03-05|KAZ| | |
x9|PPPP11990|2025-05-01|SHY-01|TJK|labour_migrant|undocumented|male|35|pwid|community|negative| | | | | |
x5|PPPP11990|2025-05-01|AST-02|TJK|labour_migrant|undocumented|male|35|pwid|community|negative| | | | | |
s1|SSSS22000|2025-04-01|ALA-01|UZB|relocant|work_permit|female|25|sw|community|negative| | | | | |
"""

D = dt.date


@pytest.fixture
def person_periods(con):
    load_staging(con, rows_frame(FIXTURE))
    build_marts(con)
    return con.execute(
        "SELECT period, client_uic, tests, site_code, care_location, first_test_date, positive, linked, repeat_tester "
        "FROM marts.person_periods ORDER BY client_uic, period").fetchall()


def test_one_row_per_person_and_period_from_the_first_test_in_it(person_periods):
    p, s = "PPPP11990", "SSSS22000"
    assert person_periods == [
        ("2025-01", p, 2, "AST-02", "not_linked", D(2025, 1, 5), False, False, True),
        ("2025-02", p, 1, "SHY-01", "home_remote", D(2025, 2, 10), True, True, True),
        ("2025-03", p, 1, "ALA-01", "KAZ", D(2025, 3, 3), True, True, True),
        ("2025-05", p, 2, "AST-02", "not_linked", D(2025, 5, 1), False, False, True),
        ("2025-Q1", p, 4, "AST-02", "home_remote", D(2025, 1, 5), True, True, True),
        ("2025-Q2", p, 2, "AST-02", "not_linked", D(2025, 5, 1), False, False, True),
        ("all", p, 6, "AST-02", "home_remote", D(2025, 1, 5), True, True, True),
        ("2025-04", s, 1, "ALA-01", "not_linked", D(2025, 4, 1), False, False, False),
        ("2025-Q2", s, 1, "ALA-01", "not_linked", D(2025, 4, 1), False, False, False),
        ("all", s, 1, "ALA-01", "not_linked", D(2025, 4, 1), False, False, False),
    ]


SAME_DAY = """
record_id|client_uic|test_date|site_code|country_of_origin|migrant_group|residence_status|sex|age|key_population|test_modality|result|previously_diagnosed|linked_date|care_location|art_start_date|vl_date|vl_copies
y7|QQQQ11985|2025-06-02|ALA-01|KGZ|labour_migrant|work_permit|male|40|msm|community|positive|no|2025-06-04|KAZ|2025-06-10|2025-06-20|400
y3|QQQQ11985|2025-06-02|SHY-01|KGZ|labour_migrant|work_permit|male|40|msm|mobile|positive|no|2025-06-03|home_remote|2025-06-05|2025-06-20|2000
"""


def test_same_day_positives_the_smaller_record_id_gives_care_location_and_breaks_the_viral_load_tie(con):
    """Two linked positive tests on one day, listed y7 then y3: y3 is the first (same date, smaller
    record_id), so the care location is home_remote; both viral loads are dated 20 June, so the latest
    is y7's (larger record_id): 400 copies, suppressed."""
    load_staging(con, rows_frame(SAME_DAY))
    build_marts(con)
    rows = con.execute(
        "SELECT period, tests, site_code, care_location, positive, linked, on_art, viral_load, vl_suppressed "
        "FROM marts.person_periods ORDER BY period").fetchall()
    assert rows == [(period, 2, "SHY-01", "home_remote", True, True, True, 400, True)
                    for period in ("2025-06", "2025-Q2", "all")]
