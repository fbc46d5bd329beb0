"""The indicator build counts people with one valid test by month and adds months up; this checks it
against the plain way (group marts.person_periods by period and category) on the whole sample."""

from __future__ import annotations

import duckdb
import pytest

DIMENSIONS = ["country_of_origin", "migrant_group", "residence_status", "key_population", "sex", "age_band",
              "site_code", "care_location"]


@pytest.mark.parametrize("dimension", DIMENSIONS + ["total"])
def test_person_counts_equal_a_plain_group_by_of_person_periods(sample_build, dimension):
    with duckdb.connect(str(sample_build[0]), read_only=True) as con:
        category = "'all'" if dimension == "total" else dimension  # a column name from the list above
        plain = con.execute(f"""
            SELECT period, {category} AS category, count(*) AS people_tested,
                   count(*) FILTER (WHERE positive), count(*) FILTER (WHERE new_diagnosis),
                   count(*) FILTER (WHERE linked), count(*) FILTER (WHERE on_art),
                   count(*) FILTER (WHERE vl_tested), count(*) FILTER (WHERE vl_suppressed)
            FROM marts.person_periods GROUP BY ALL ORDER BY ALL""").fetchall()
        built = con.execute("""
            PIVOT (SELECT period, category, indicator, numerator FROM marts.indicators
                   WHERE dimension = ? AND indicator IN ('people_tested', 'positives', 'new_diagnoses', 'linked',
                                                          'on_art', 'vl_tested', 'vl_suppressed'))
            ON indicator IN ('people_tested', 'positives', 'new_diagnoses', 'linked', 'on_art', 'vl_tested',
                             'vl_suppressed')
            USING first(numerator) ORDER BY ALL""", [dimension]).fetchall()
    built = [r for r in built if r[2] > 0]  # categories seen only in tests have no people
    assert len(plain) >= 17 and built == plain  # 12 months, 4 quarters and all, at least


def test_tests_count_equals_a_plain_group_by_of_valid_tests(sample_build):
    with duckdb.connect(str(sample_build[0]), read_only=True) as con:
        plain = con.execute("""
            SELECT p.period, v.country_of_origin, count(*) FROM marts.valid_tests AS v,
                   unnest(['all', v.month, v.quarter]) AS p(period) GROUP BY ALL ORDER BY ALL""").fetchall()
        built = con.execute("""
            SELECT period, category, numerator FROM marts.indicators
            WHERE dimension = 'country_of_origin' AND indicator = 'tests' ORDER BY ALL""").fetchall()
    assert built == plain and len(plain) > 20
