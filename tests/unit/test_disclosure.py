"""Disclosure control: primary and complementary suppression on hand-made cells."""

import pandas as pd

from pipelines.lib.disclosure import HIDDEN, PUB, SUP, apply, held_relations, least_values, suppress
from pipelines.lib.disclosure_cells import cells_of as cells_of_marts


def cells_of(**kw):
    return {tuple(k.split("/")): v for k, v in kw.items()}


def c(period, dim, cat, count):
    return (period, dim, cat, count)


def test_primary_and_complementary_across_categories():
    cells = {c("all", "total", "all", "tests"): 20, c("all", "sex", "female", "tests"): 3,
             c("all", "sex", "male", "tests"): 7, c("all", "sex", "other", "tests"): 10}
    s = suppress(cells)
    assert s[c("all", "sex", "female", "tests")] == SUP  # 3 is 1-4
    assert s[c("all", "sex", "male", "tests")] == SUP    # smallest other: else 20 - 10 - 7 = 3
    assert s[c("all", "sex", "other", "tests")] == PUB
    assert s[c("all", "total", "all", "tests")] == PUB


def test_two_withheld_counts_that_leave_two_are_not_left_alone():
    # 7 tests, 5 of them "other": female and male withheld hold 2 between them, and a count shown withheld
    # is not zero (the reports show a zero), so each was 1 (until 2026-12-06 published so): "other" too
    cells = {c("all", "total", "all", "tests"): 7, c("all", "sex", "female", "tests"): 1,
             c("all", "sex", "male", "tests"): 1, c("all", "sex", "other", "tests"): 5}
    s = suppress(cells)
    assert [s[k] for k in cells] == [PUB, SUP, SUP, SUP]
    # 1 and 2: 3 between them, each 1 or 2: enough
    cells[c("all", "total", "all", "tests")], cells[c("all", "sex", "male", "tests")] = 8, 2
    assert [suppress(cells)[k] for k in cells] == [PUB, SUP, SUP, PUB]


def test_zero_stays_visible_and_needs_no_protection():
    cells = {c("all", "total", "all", "positives"): 9, c("all", "sex", "female", "positives"): 0,
             c("all", "sex", "male", "positives"): 9}
    assert set(suppress(cells).values()) == {PUB}


def test_small_complement_suppresses_the_numerator():
    # 10 positives, 7 linked: publishing both tells that 3 were not linked
    cells = {c("all", "total", "all", "positives"): 10, c("all", "total", "all", "linked"): 7}
    s = suppress(cells)
    assert s[c("all", "total", "all", "linked")] == SUP
    assert s[c("all", "total", "all", "positives")] == PUB


def test_months_within_a_quarter():
    cells = {c("2025-01", "total", "all", "tests"): 3, c("2025-02", "total", "all", "tests"): 10,
             c("2025-03", "total", "all", "tests"): 12, c("2025-Q1", "total", "all", "tests"): 25,
             c("all", "total", "all", "tests"): 25}
    s = suppress(cells)
    assert s[c("2025-01", "total", "all", "tests")] == SUP
    assert s[c("2025-02", "total", "all", "tests")] == SUP
    assert s[c("2025-03", "total", "all", "tests")] == PUB
    assert s[c("2025-Q1", "total", "all", "tests")] == PUB


def test_site_level_positives_are_never_published():
    cells = {c("all", "total", "all", "positives"): 12, c("all", "site_code", "ALA-01", "positives"): 12}
    assert suppress(cells)[c("all", "site_code", "ALA-01", "positives")] == HIDDEN


def _marts_rows(rows):
    return pd.DataFrame(rows, columns=["period", "dimension", "category", "indicator", "numerator", "denominator",
                                       "value", "ci_low", "ci_high"])


def test_apply_to_no_indicators_yet_is_an_empty_table_of_its_columns():
    # a first file whose rows were all held back: until 2026-12-06 the report step failed with
    # KeyError 'numerator' (an empty list of rows to keep selected no columns)
    r = apply(_marts_rows([]))
    assert r.empty and list(r.columns) == ["period", "dimension", "category", "indicator", "numerator",
                                           "denominator", "value", "ci_low", "ci_high", "suppressed", "mark"]


def test_apply_withholds_proportions_on_suppressed_counts_and_drops_site_positives():
    m = _marts_rows([
        ("all", "total", "all", "people_tested", 40, None, 40.0, None, None),
        ("all", "total", "all", "positives", 3, None, 3.0, None, None),
        ("all", "total", "all", "positivity", 3, 40, 0.075, 0.03, 0.2),
        ("all", "site_code", "ALA-01", "people_tested", 40, None, 40.0, None, None),
        ("all", "site_code", "ALA-01", "positives", 3, None, 3.0, None, None),
        ("all", "site_code", "ALA-01", "positivity", 3, 40, 0.075, 0.03, 0.2),
    ])
    r = apply(m)
    assert list(r["indicator"][r["dimension"] == "site_code"]) == ["people_tested"]
    pos = r[(r["dimension"] == "total") & (r["indicator"] == "positivity")].iloc[0]
    assert bool(pos["suppressed"]) and pos["value"] is None and pos["numerator"] is None
    people = r[(r["dimension"] == "total") & (r["indicator"] == "people_tested")].iloc[0]
    assert not people["suppressed"] and people["numerator"] == 40


def _cells(table: dict[str, dict[str, int]]) -> dict:
    """``{period: {category or "total": tests}}`` of migrant_group, as cells; no cell for an absent category."""
    return {c(p, "total" if k == "total" else "migrant_group", "all" if k == "total" else k, "tests"): v
            for p, row in table.items() for k, v in row.items()}


def test_a_count_given_away_by_several_sums_together_is_protected():
    # The sample's case, by care location then (whose tests are not published since 2026-12-06), here
    # by migrant group: each rule alone holds after the per-relation pass (every suppressed cell
    # shares each sum with another unpublished one), yet with October's labour migrants and total, the
    # quarter's labour migrants and total published: relocants + students = 219 - 209 = 10 in October
    # and 396 - 383 = 13 in the quarter; the students' quarter is their October (no other month has
    # one), so the relocants' November = their quarter - their October = 13 - 10 = 3.
    q4 = {"relocant": 11, "student": 2, "labour_migrant": 383, "total": 396}
    cells = _cells({"2025-10": {"relocant": 8, "student": 2, "labour_migrant": 209, "total": 219},
                    "2025-11": {"relocant": 3, "labour_migrant": 164, "total": 167},
                    "2025-12": {"labour_migrant": 10, "total": 10},
                    "2025-Q4": q4, "all": q4})
    s = suppress(cells)
    assert s[c("2025-11", "migrant_group", "relocant", "tests")] == SUP
    differences = [(c(p, "migrant_group", "labour_migrant", "tests"), c(p, "total", "all", "tests"))
                   for p in ("2025-10", "2025-Q4", "all")]
    october, *quarter = [all(s[x] == PUB for x in pair) for pair in differences]
    assert not (october and any(quarter)), "relocants + students known in October and the quarter"


def test_tests_and_people_by_care_location_are_never_published():
    # Everyone negative or not linked is "not_linked": its tests are the total's less the linked
    # positives' (here 3 + 2 = 5 of 200). Published, KAZ's 3 tests were protected by withholding
    # not_linked's, which only the month's total then could protect (the sample's December).
    cells = {c("2025-12", "total", "all", "tests"): 200, c("2025-12", "care_location", "KAZ", "tests"): 3,
             c("2025-12", "care_location", "home_remote", "tests"): 2,
             c("2025-12", "care_location", "not_linked", "tests"): 195,
             c("2025-12", "total", "all", "positives"): 9, c("2025-12", "care_location", "KAZ", "positives"): 3,
             c("2025-12", "care_location", "home_remote", "positives"): 2,
             c("2025-12", "care_location", "not_linked", "positives"): 4}
    s = suppress(cells)
    assert [k[2] for k, v in s.items() if v == HIDDEN] == ["KAZ", "home_remote", "not_linked"]
    assert all(k[3] == "tests" for k, v in s.items() if v == HIDDEN)
    assert s[c("2025-12", "total", "all", "tests")] == PUB
    # the positives by care location are the cascade's: published, and protected among themselves
    by_location = [s[c("2025-12", "care_location", k, "positives")] for k in ("KAZ", "home_remote", "not_linked")]
    assert by_location == [SUP] * 3
    assert s[c("2025-12", "total", "all", "positives")] == PUB


def test_apply_drops_tests_people_and_positivity_by_care_location():
    m = _marts_rows([
        ("all", "total", "all", "tests", 41, None, 41.0, None, None),
        ("all", "total", "all", "people_tested", 40, None, 40.0, None, None),
        ("all", "total", "all", "positives", 6, None, 6.0, None, None),
        ("all", "care_location", "not_linked", "tests", 41, None, 41.0, None, None),
        ("all", "care_location", "not_linked", "people_tested", 40, None, 40.0, None, None),
        ("all", "care_location", "not_linked", "positives", 6, None, 6.0, None, None),
        ("all", "care_location", "not_linked", "positivity", 6, 40, 0.15, 0.07, 0.29),
        ("all", "care_location", "not_linked", "coverage", 40, 50, 0.8, 0.67, 0.89),
    ])
    r = apply(m)
    assert list(r["indicator"][r["dimension"] == "care_location"]) == ["positives"]
    assert list(r["numerator"][r["dimension"] == "care_location"]) == [6]


# The sample's fourth quarter in small: tests and people tested of October, November and the quarter
NOVEMBER = [(p, "total", "all", ind, v, None, float(v), None, None) for p, ind, v in (
    ("2025-10", "tests", 3), ("2025-10", "people_tested", 3), ("2025-11", "tests", 167),
    ("2025-11", "people_tested", 162), ("2025-Q4", "tests", 170), ("2025-Q4", "people_tested", 165))]


def test_a_withheld_count_the_published_figures_show_to_be_5_or_more_is_marked_so():
    # The sample's November: October's 3 tests are withheld, and with them November's 167, the smaller
    # other month of the quarter (170). November's 162 people tested are published, and the tests are at
    # least the people: "withheld", not "<5". October's tests are at least its people (withheld: 1 or more)
    # and at most 170 - 162: "<5" (they are 3), as are its people.
    m = _marts_rows(NOVEMBER)
    r = apply(m)
    marks = {(p, i): (bool(sup), None if pd.isna(mark) else mark)
             for p, i, sup, mark in zip(r["period"], r["indicator"], r["suppressed"], r["mark"])}
    assert marks == {("2025-10", "tests"): (True, "<5"), ("2025-10", "people_tested"): (True, "<5"),
                     ("2025-11", "tests"): (True, "withheld"), ("2025-11", "people_tested"): (False, None),
                     ("2025-Q4", "tests"): (False, None), ("2025-Q4", "people_tested"): (False, None)}


def test_a_proportion_is_marked_by_its_numerator_and_a_published_row_not_at_all():
    # 3 positives of 40: positivity and the cascade withheld; linked 0 of the 3 is withheld with its
    # percentage and reads "<5" (a number under 5, as 0 is)
    m = _marts_rows([
        ("all", "total", "all", "people_tested", 40, None, 40.0, None, None),
        ("all", "total", "all", "positives", 3, None, 3.0, None, None),
        ("all", "total", "all", "positivity", 3, 40, 0.075, 0.03, 0.2),
        ("all", "total", "all", "linked", 0, 3, 0.0, 0.0, 0.56),
    ])
    r = apply(m).set_index("indicator")
    assert pd.isna(r.loc["people_tested", "mark"]) and not r.loc["people_tested", "suppressed"]
    assert [r.loc[k, "mark"] for k in ("positives", "positivity", "linked")] == ["<5", "<5", "<5"]


def test_a_part_is_at_least_its_whole_less_the_most_its_other_parts_can_be():
    # people tested: 10 = women's 7 + men's 3; the men's 3 are withheld, and the women's 7 with them. The men
    # are at most their published 5 tests, so the women at least 10 - 5 = 5: "withheld"; the men at least
    # 10 - 7 (the women's tests): "<5" (until the bounds from above were used, the women's read "<5")
    m = _marts_rows([("2025-03", dim, cat, ind, v, None, float(v), None, None) for dim, cat, ind, v in (
        ("total", "all", "tests", 12), ("total", "all", "people_tested", 10),
        ("sex", "female", "tests", 7), ("sex", "female", "people_tested", 7),
        ("sex", "male", "tests", 5), ("sex", "male", "people_tested", 3))])
    r = apply(m)
    marks = {(cat, i): None if pd.isna(mark) else mark
             for cat, i, mark in zip(r["category"], r["indicator"], r["mark"])}
    assert marks == {("all", "tests"): None, ("all", "people_tested"): None, ("female", "tests"): None,
                     ("female", "people_tested"): "withheld", ("male", "tests"): None,
                     ("male", "people_tested"): "<5"}


def test_the_least_values_read_no_unpublished_figure():
    # a mark must tell nothing the published figures do not: the same least values whatever the withheld
    # and hidden counts are
    m = _marts_rows(NOVEMBER)
    cells = cells_of_marts(m)
    status = suppress(cells)
    constraints = held_relations(cells)[2]
    other = {c: v if status[c] == PUB else v + 1000 for c, v in cells.items()}
    assert least_values(other, status, constraints) == least_values(cells, status, constraints)
    assert least_values(cells, status, constraints)[("2025-11", "total", "all", "tests")] == 162
