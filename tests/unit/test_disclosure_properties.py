"""Property-based: for any small figures that add up as the definitions say (categories to their total,
months to their quarter and quarters to the programme, a cascade step within the one before), the
attacker of tests/integration/test_disclosure_attack.py recovers nothing from what disclosure control
publishes: no count of 1-4 shown, no suppressed count alone in a relation, no small gap between a
numerator and its denominator."""

from __future__ import annotations

import itertools

import pandas as pd
from hypothesis import given, settings, strategies as st

from pipelines.lib.disclosure import apply
from tests.integration import test_disclosure_attack as attack

MONTHS = ("2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06")
QUARTERS = {"2025-Q1": MONTHS[:3], "2025-Q2": MONTHS[3:]}
SEXES, SITES = ("female", "male", "other"), ("ALA-01", "SHY-01")
STEPS = attack.COUNTS  # tests, people_tested, positives, ... vl_suppressed: each within one before it
# each count within the one it is a part of (tests: at most one a person in a period here, so people add up)
WITHIN = {"people_tested": "tests", "positives": "people_tested", "new_diagnoses": "positives",
          "linked": "positives", "on_art": "positives", "vl_tested": "on_art", "vl_suppressed": "vl_tested"}


@st.composite
def cascade(draw: st.DrawFn) -> dict[str, int]:
    """One month's counts for one sex at one site: small, so that many are 1-4."""
    counts = {"tests": draw(st.sampled_from([0, 0, 1, 2, 3, 5, 8, 12, 30, 60]))}
    # most people are tested once in a month: people tested often equal the tests, where the bound
    # people <= tests is tight and so most telling
    counts["people_tested"] = draw(st.one_of(st.just(counts["tests"]), st.integers(0, counts["tests"])))
    for step in STEPS[2:]:
        counts[step] = draw(st.integers(0, counts[WITHIN[step]]))
    return counts


def marts_of(base: dict[tuple[str, str, str], dict[str, int]]) -> pd.DataFrame:
    """marts.indicators' rows for every period, the total, sex and site, summed from ``base``."""
    periods = {m: [m] for m in MONTHS} | QUARTERS | {"all": MONTHS}
    groups = [("total", "all", lambda sex, site: True)]
    groups += [("sex", s, lambda sex, site, s=s: sex == s) for s in SEXES]
    groups += [("site_code", s, lambda sex, site, s=s: site == s) for s in SITES]
    rows = []
    for (period, months), (dim, cat, member) in itertools.product(periods.items(), groups):
        cells = [c for (m, sex, site), c in base.items() if m in months and member(sex, site)]
        total = {step: sum(c[step] for c in cells) for step in STEPS}
        if total["tests"] == 0 and period != "all":  # as in marts.indicators: no row for a category
            continue                                     # or month without a test
        for count in ("tests", "people_tested", "positives", "new_diagnoses"):
            rows.append((period, dim, cat, count, total[count], None, float(total[count]), None, None))
        for name, (num, den) in attack.PAIRS.items():
            value = total[num] / total[den] if total[den] else None
            rows.append((period, dim, cat, name, total[num], total[den], value, None, None))
    return pd.DataFrame(rows, columns=["period", "dimension", "category", "indicator", "numerator",
                                       "denominator", "value", "ci_low", "ci_high"])


GROUPS = len(MONTHS) * len(SEXES) * len(SITES)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.lists(cascade(), min_size=GROUPS, max_size=GROUPS),
       st.fixed_dictionaries({sex: st.sets(st.sampled_from(MONTHS), min_size=1) for sex in SEXES}))
def test_the_attacker_recovers_nothing_disclosure_control_publishes(cells, months_of):
    # A category seen in only some months (``months_of``) is where sums of two cells arise: a
    # quarter equal to its one month. Chained, such sums gave counts away (the sample's care location).
    nobody = dict.fromkeys(STEPS, 0)
    base = {(m, sex, site): cell if m in months_of[sex] else nobody
            for (m, sex, site), cell in zip(itertools.product(MONTHS, SEXES, SITES), cells)}
    report = apply(marts_of(base))
    rows = list(report[["period", "dimension", "category", "indicator", "numerator", "denominator",
                        "suppressed"]].itertuples(index=False, name=None))
    published = attack.read_published(rows)
    attack.test_no_small_count_is_published(published)
    attack.test_categories_minus_total(published)
    attack.test_months_minus_quarter_and_quarters_minus_programme(published)
    attack.test_numerator_from_denominator_and_complement(published)
    attack.test_no_site_level_positives(published)
    attack.test_no_count_follows_from_several_sums_together(published)
    attack.test_no_count_is_pinned_by_sums_and_bounds(published)
