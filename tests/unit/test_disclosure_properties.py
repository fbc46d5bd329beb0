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

MONTHS = ("2025-01", "2025-02", "2025-03")
SEXES, SITES = ("female", "male"), ("ALA-01", "SHY-01")
STEPS = attack.COUNTS  # tests, people_tested, positives, ... vl_suppressed: each within one before it
# each count within the one it is a part of (tests: at most one a person in a period here, so people add up)
WITHIN = {"people_tested": "tests", "positives": "people_tested", "new_diagnoses": "positives",
          "linked": "positives", "on_art": "positives", "vl_tested": "on_art", "vl_suppressed": "vl_tested"}


@st.composite
def cascade(draw: st.DrawFn) -> dict[str, int]:
    """One month's counts for one sex at one site: small, so that many are 1-4."""
    counts = {"tests": draw(st.integers(0, 12))}
    for step in STEPS[1:]:
        counts[step] = draw(st.integers(0, counts[WITHIN[step]]))
    return counts


def marts_of(base: dict[tuple[str, str, str], dict[str, int]]) -> pd.DataFrame:
    """marts.indicators' rows for every period, the total, sex and site, summed from ``base``."""
    periods = {m: [m] for m in MONTHS} | {"2025-Q1": list(MONTHS), "all": list(MONTHS)}
    groups = [("total", "all", lambda sex, site: True)]
    groups += [("sex", s, lambda sex, site, s=s: sex == s) for s in SEXES]
    groups += [("site_code", s, lambda sex, site, s=s: site == s) for s in SITES]
    rows = []
    for (period, months), (dim, cat, member) in itertools.product(periods.items(), groups):
        cells = [c for (m, sex, site), c in base.items() if m in months and member(sex, site)]
        total = {step: sum(c[step] for c in cells) for step in STEPS}
        for count in ("tests", "people_tested", "positives", "new_diagnoses"):
            rows.append((period, dim, cat, count, total[count], None, float(total[count]), None, None))
        for name, (num, den) in attack.PAIRS.items():
            value = total[num] / total[den] if total[den] else None
            rows.append((period, dim, cat, name, total[num], total[den], value, None, None))
    return pd.DataFrame(rows, columns=["period", "dimension", "category", "indicator", "numerator",
                                       "denominator", "value", "ci_low", "ci_high"])


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.lists(cascade(), min_size=len(MONTHS) * 4, max_size=len(MONTHS) * 4))
def test_the_attacker_recovers_nothing_disclosure_control_publishes(cells):
    base = dict(zip(itertools.product(MONTHS, SEXES, SITES), cells))
    report = apply(marts_of(base))
    rows = list(report[["period", "dimension", "category", "indicator", "numerator", "denominator",
                        "suppressed"]].itertuples(index=False, name=None))
    published = attack.read_published(rows)
    attack.test_no_small_count_is_published(published)
    attack.test_categories_minus_total(published)
    attack.test_months_minus_quarter_and_quarters_minus_programme(published)
    attack.test_numerator_from_denominator_and_complement(published)
    attack.test_no_site_level_positives(published)
