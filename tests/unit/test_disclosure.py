"""Disclosure control: primary and complementary suppression on hand-made cells."""

import pandas as pd

from pipelines.lib.disclosure import HIDDEN, PUB, SUP, apply, suppress


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
