"""Issue 7: play the attacker with every published figure and try to recover a suppressed count.

Independent of pipelines/lib/disclosure.py: it reads only report.indicators (what donors get) and
knows only the published definitions of which figures add up.
"""

from collections import defaultdict

import duckdb
import pytest

COUNTS = ("tests", "people_tested", "positives", "new_diagnoses", "linked", "on_art", "vl_tested", "vl_suppressed")
PAIRS = {"positivity": ("positives", "people_tested"), "linked": ("linked", "positives"),
         "on_art": ("on_art", "positives"), "vl_tested": ("vl_tested", "on_art"),
         "vl_suppressed": ("vl_suppressed", "vl_tested")}


@pytest.fixture(scope="module")
def published(sample_build):
    wh, _ = sample_build
    con = duckdb.connect(str(wh), read_only=True)
    return read_published(con.execute("SELECT period, dimension, category, indicator, numerator, denominator, "
                                      "suppressed FROM report.indicators").fetchall())


def read_published(rows: list[tuple]) -> tuple[dict[tuple, int], set[tuple], list[tuple]]:
    """What an attacker reads from report.indicators' rows (period, dimension, category, indicator,
    numerator, denominator, suppressed): every count shown, from any row; the counts shown withheld."""
    known: dict[tuple, int] = {}   # every count an attacker can read, from any row
    withheld: set[tuple] = set()
    count_rows_withheld: set[tuple] = set()
    for period, dim, cat, ind, num, den, sup in rows:
        key = (period, dim, cat)
        if ind in COUNTS and ind not in PAIRS:
            if sup:
                withheld.add(key + (ind,))
                count_rows_withheld.add(key + (ind,))
            else:
                known[key + (ind,)] = num
        elif ind in PAIRS and not sup:
            n, d = PAIRS[ind]
            known[key + (n,)], known[key + (d,)] = num, den
        elif ind in PAIRS:  # a withheld proportion still tells that its counts exist
            withheld.update({key + (PAIRS[ind][0],), key + (PAIRS[ind][1],)})
        elif ind == "coverage" and not sup:
            known[key + ("people_tested",)] = num
    assert not (count_rows_withheld & set(known)), "a <5 count is shown elsewhere"
    return known, withheld - set(known), rows


def test_no_small_count_is_published(published):
    known, _, _ = published
    assert [k for k, v in known.items() if 1 <= v <= 4] == []


def test_some_counts_are_withheld(published):
    _, withheld, _ = published
    assert len(withheld) > 100  # the sample has many small cells: the attack below has work to do


def test_categories_minus_total(published):
    known, withheld, _ = published
    groups = defaultdict(list)
    for (period, dim, cat, count) in known.keys() | withheld:
        if dim not in ("total", "site_code") or count in ("tests", "people_tested"):
            if dim != "total":
                groups[(period, dim, count)].append((period, dim, cat, count))
    for (period, dim, count), cells in groups.items():
        total = (period, "total", "all", count)
        unknown = [c for c in cells if c not in known] + ([total] if total not in known else [])
        # one unknown alone in an additive relation would be found by subtraction
        assert len(unknown) != 1, (unknown, "recoverable from its total")


def test_months_minus_quarter_and_quarters_minus_programme(published):
    known, withheld, _ = published
    by_cat = defaultdict(set)
    for (period, dim, cat, count) in known.keys() | withheld:
        if count == "tests":
            by_cat[(dim, cat)].add(period)
    for (dim, cat), periods in by_cat.items():
        quarters = sorted(p for p in periods if "-Q" in p)
        relations = [("all", quarters)]
        for q in quarters:
            y, n = q.split("-Q")
            relations.append((q, [m for m in (f"{y}-{3 * int(n) - k:02d}" for k in (2, 1, 0)) if m in periods]))
        for whole, parts in relations:
            cells = [(p, dim, cat, "tests") for p in [whole] + parts]
            unknown = [c for c in cells if c not in known]
            assert len(unknown) != 1, (unknown, "recoverable across periods")


def test_numerator_from_denominator_and_complement(published):
    known, _, _ = published
    for (period, dim, cat, count), value in known.items():
        for num, den in [("positives", "people_tested"), ("linked", "positives"), ("on_art", "positives"),
                         ("vl_tested", "on_art"), ("vl_suppressed", "vl_tested"), ("new_diagnoses", "positives")]:
            if count == den and (period, dim, cat, num) in known:
                gap = value - known[(period, dim, cat, num)]
                assert not 1 <= gap <= 4, ((period, dim, cat), den, num, gap)


def test_no_site_level_positives(published):
    _, _, rows = published
    assert not [r for r in rows if r[1] == "site_code" and r[3] not in ("tests", "people_tested", "coverage")]
