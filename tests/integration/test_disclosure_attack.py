"""Issue 7: play the attacker with every published figure and try to recover a suppressed count.

Independent of pipelines/lib/disclosure.py: it reads only report.indicators (what donors get) and
knows only the published definitions of which figures add up.
"""

from collections import defaultdict
from fractions import Fraction

import duckdb
import numpy as np
import pytest
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_matrix

COUNTS = ("tests", "people_tested", "positives", "new_diagnoses", "linked", "on_art", "vl_tested", "vl_suppressed")
PAIRS = {"positivity": ("positives", "people_tested"), "linked": ("linked", "positives"),
         "on_art": ("on_art", "positives"), "vl_tested": ("vl_tested", "on_art"),
         "vl_suppressed": ("vl_suppressed", "vl_tested")}


@pytest.fixture(scope="module")
def published(sample_build):
    wh, _ = sample_build
    con = duckdb.connect(str(wh), read_only=True)
    return read_published(con.execute("SELECT period, dimension, category, indicator, numerator, denominator, "
                                      "suppressed, mark FROM report.indicators").fetchall())


def read_published(rows: list[tuple]) -> tuple[dict[tuple, int], set[tuple], list[tuple]]:
    """What an attacker reads from report.indicators' rows (period, dimension, category, indicator,
    numerator, denominator, suppressed, mark): every count shown, from any row; the counts shown withheld
    (with ``withheld_floors``, what their marks tell of them)."""
    known: dict[tuple, int] = {}   # every count an attacker can read, from any row
    withheld: set[tuple] = set()
    count_rows_withheld: set[tuple] = set()
    for period, dim, cat, ind, num, den, sup, _ in rows:
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


def withheld_floors(rows: list[tuple]) -> dict[tuple, float]:
    """The least value the pages' note says a withheld number's mark tells: "withheld" is 5 or more; "<5" is
    at least 1 in a row of its own (a zero is shown as 0) and at least 0 in a step of the care cascade (a
    proportion's numerator: withheld with its percentage). Neither tells a greatest value: "<5" also stands
    for numbers withheld to protect others. A row's mark is its number's (a proportion's: its numerator's)."""
    floors: dict[tuple, float] = {}
    for p, d, c, i, _, _, sup, mark in rows:
        if not sup:
            continue
        count = PAIRS[i][0] if i in PAIRS else ("people_tested" if i == "coverage" else i)
        assert mark in ("<5", "withheld"), (p, d, c, i, mark)
        low = 5.0 if mark == "withheld" else 0.0 if i in PAIRS else 1.0
        floors[(p, d, c, count)] = max(low, floors.get((p, d, c, count), 0.0))
    return floors


def test_no_small_count_is_published(published):
    known, _, _ = published
    assert [k for k, v in known.items() if 1 <= v <= 4] == []


def test_some_counts_are_withheld(published):
    _, withheld, _ = published
    assert len(withheld) > 100  # the sample has many small cells: the attack below has work to do


def test_no_zero_count_is_shown_withheld_and_a_count_marked_withheld_is_5_or_more(sample_build):
    # the reports say a zero is shown as 0, which the attacker above relies on: a zero picked to protect
    # another count would have read "<5" (until 2026-12-06, November 2025's positives not linked to care).
    # "withheld" (not "<5") marks only a number the published figures show to be 5 or more.
    wh, _ = sample_build
    with duckdb.connect(str(wh), read_only=True) as con:
        ((zeros, withheld, least, marked, small),) = con.execute(
            "SELECT count(*) FILTER (WHERE m.numerator = 0 AND r.indicator IN ('tests', 'people_tested', "
            "'positives', 'new_diagnoses')), count(*), min(m.numerator) FILTER (WHERE r.mark = 'withheld'), "
            "count(*) FILTER (WHERE r.mark = 'withheld'), count(*) FILTER (WHERE r.mark = '<5' AND m.numerator "
            "BETWEEN 1 AND 4) FROM report.indicators AS r "
            "JOIN marts.indicators AS m USING (period, dimension, category, indicator) WHERE r.suppressed"
        ).fetchall()
    assert zeros == 0 and withheld > 100  # the join matched the sample's many withheld counts
    assert least >= 5 and marked > 10 and small > 1000


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


def published_sums(cells: set[tuple]) -> list[list[tuple]]:
    """Every sum the definitions promise among the report's cells, each as [whole, *parts]: a
    dimension's categories to its total, months to their quarter and quarters to the programme (tests).
    A category or month with no row in the report is zero."""
    sums: dict[tuple, list[tuple]] = defaultdict(list)  # (whole, dimension or "periods") -> parts
    by_cat = defaultdict(set)
    for (period, dim, cat, count) in cells:
        if dim != "total":
            sums[((period, "total", "all", count), dim)].append((period, dim, cat, count))
        if count == "tests":
            by_cat[(dim, cat)].add(period)
    for (dim, cat), periods in by_cat.items():
        quarters = [p for p in periods if "-Q" in p]
        if "all" in periods:
            sums[(("all", dim, cat, "tests"), "periods")] = [(q, dim, cat, "tests") for q in quarters]
        for q in quarters:
            y, n = q.split("-Q")
            months = (f"{y}-{3 * int(n) - k:02d}" for k in (2, 1, 0))
            sums[((q, dim, cat, "tests"), "periods")] = [(m, dim, cat, "tests") for m in months if m in periods]
    return [[whole] + parts for (whole, _), parts in sums.items()]


def solve_sums(known: dict[tuple, int], sums: list[list[tuple]]) -> dict[tuple, Fraction]:
    """The unknown cells whose value the sums fix, with that value: exact Gauss-Jordan elimination
    (each sum an equation of the unknowns = a constant from the known cells)."""
    pivots: dict[tuple, tuple[dict, Fraction]] = {}
    for whole, *parts in sums:
        row: dict[tuple, Fraction] = defaultdict(Fraction)
        const = Fraction(0)
        for cell, sign in [(whole, 1)] + [(p, -1) for p in parts]:
            if cell in known:
                const -= sign * known[cell]
            else:
                row[cell] += sign
        for p in [c for c in row if c in pivots]:  # pivot rows hold no other pivot: one pass
            f, (prow, pconst) = row[p], pivots[p]
            for c, v in prow.items():
                row[c] -= f * v
            const -= f * pconst
        row = {c: v for c, v in row.items() if v}
        if not row:
            continue
        pivot = min(row, key=repr)
        row, const = {c: v / row[pivot] for c, v in row.items()}, const / row[pivot]
        for q, (qrow, qconst) in list(pivots.items()):
            if pivot in qrow:
                f = qrow[pivot]
                merged = {c: qrow.get(c, 0) - f * row.get(c, 0) for c in qrow.keys() | row.keys()}
                pivots[q] = ({c: v for c, v in merged.items() if v}, qconst - f * const)
        pivots[pivot] = (row, const)
    return {p: const for p, (row, const) in pivots.items() if len(row) == 1}


def test_no_count_follows_from_several_sums_together(published):
    # The rules above try one relation at a time; here every sum at once, as linear equations.
    known, withheld, _ = published
    fixed = solve_sums(known, published_sums(set(known) | withheld))
    assert {c: v for c, v in fixed.items() if v != 0} == {}


# Bounds from the definitions: each count within the one before it in the same cell; a category's
# people in a quarter (the programme) at most its months' (quarters') together; for the total, a
# person positive, linked, ... in a month is so in its quarter (not "virally suppressed": a later
# viral load may not be).
CASCADE = [("people_tested", "tests"), ("positives", "people_tested"), ("new_diagnoses", "positives"),
           ("linked", "positives"), ("on_art", "positives"), ("vl_tested", "on_art"),
           ("vl_suppressed", "vl_tested")]
GROWING = ("people_tested", "positives", "new_diagnoses", "linked", "on_art", "vl_tested")


def published_bounds(cells: set[tuple]) -> list[tuple[list[tuple], list[tuple]]]:
    """Every bound the definitions promise among the report's cells, as (smaller, larger) sides."""
    out = [([(p, d, c, a)], [(p, d, c, b)]) for (p, d, c, n) in cells for a, b in CASCADE
           if n == a and (p, d, c, b) in cells]
    wholes: dict[tuple, list[tuple]] = defaultdict(list)
    for (p, d, c, n) in cells:
        if n == "people_tested" or (d == "total" and n in GROWING):
            whole = "all" if "-Q" in p else (f"{p[:4]}-Q{(int(p[5:7]) - 1) // 3 + 1}" if p != "all" else None)
            if whole and (whole, d, c, n) in cells:
                wholes[(whole, d, c, n)].append((p, d, c, n))
    for whole, parts in wholes.items():
        out.append(([whole], parts))
        if whole[1] == "total":
            out += [([part], [whole]) for part in parts]
    return out


def pinned_by_bounds(known: dict[tuple, int], sums: list[list[tuple]],
                     bounds: list[tuple[list[tuple], list[tuple]]], draws: int = 12,
                     floors: dict[tuple, float] | None = None) -> dict[tuple, float]:
    """The unknown cells one value fits, given the sums, the bounds and that counts are not negative
    whole numbers (those of ``floors`` at least theirs): the attacker's integer programs. Points of whole
    numbers in random directions leave the cells that may be fixed (the same in every point); the least
    and greatest whole number of each decide."""
    unknown = sorted({c for s in sums for c in s if c not in known}
                     | {c for lo, hi in bounds for c in lo + hi if c not in known}, key=repr)
    at = {c: j for j, c in enumerate(unknown)}
    if not unknown:
        return {}

    def rows(sides):
        entries, b = defaultdict(float), np.zeros(len(sides))
        for r, (plus, minus) in enumerate(sides):
            for cells, sign in ((plus, 1), (minus, -1)):
                for c in cells:
                    if c in at:
                        entries[(r, at[c])] += sign
                    else:
                        b[r] -= sign * known[c]
        ij = np.array(list(entries), dtype=int).reshape(-1, 2)
        return csr_matrix((list(entries.values()), (ij[:, 0], ij[:, 1])), shape=(len(sides), len(unknown))), b

    a_eq, b_eq = rows([([s[0]], s[1:]) for s in sums])
    a_ub, b_ub = rows(bounds)
    fits = [LinearConstraint(a, lo, hi) for a, lo, hi in ((a_eq, b_eq, b_eq), (a_ub, -np.inf, b_ub)) if a.shape[0]]

    def solve(objective, cap):
        # without HiGHS's MIP presolve, which has declared such programs infeasible (ERGO-Code/HiGHS#2388);
        # within a box, as without presolve HiGHS may call a program without a greatest value "infeasible
        # or unbounded" (seen on generated figures): the true values fit, so every program has an optimum
        res = milp(objective, constraints=fits, integrality=np.ones(len(unknown)), bounds=Bounds(floor, cap),
                   options={"presolve": False})
        assert res.status == 0, res.message
        return res

    floor = np.array([(floors or {}).get(c, 0.0) for c in unknown])
    rng = np.random.default_rng(7)
    cap = 10 * (max(known.values(), default=0) + 10)  # points within a box: a cell without bound reaches it
    points = np.array([solve(rng.uniform(-1, 1, len(unknown)), cap).x for _ in range(draws)])
    fixed = {}
    wide = 100 * cap  # a cell that reaches this box has no greatest value worth knowing
    for j in np.flatnonzero(points.max(axis=0) - points.min(axis=0) < 0.5):
        unit = np.zeros(len(unknown))
        unit[j] = 1
        low, high = solve(unit, wide), solve(-unit, wide)
        if -high.fun < wide - 0.5 and -high.fun - low.fun < 0.5:
            fixed[unknown[j]] = round(low.fun)
    return fixed


def test_the_attacker_uses_that_counts_are_whole_numbers():
    # a + b = 2, b + c = 2, a + c <= b + 1, b <= a + c + 1 (k = 1 published): b lies in [1, 5/3] and a, c
    # in [1/3, 1], so a linear program's corners differ, but 1 is the only whole number for each
    known = {"s": 2, "t": 2, "k": 1}
    fixed = pinned_by_bounds(known, [["s", "a", "b"], ["t", "b", "c"]], [(["a", "c"], ["b", "k"]),
                                                                         (["b"], ["a", "c", "k"])])
    assert fixed == {"a": 1, "b": 1, "c": 1}


def test_the_attacker_uses_that_a_count_shown_withheld_is_not_zero():
    # 7 tests, 5 of them "other"; female and male shown "<5": 2 between them, and neither is 0, so each is 1
    known = {("all", "total", "all", "tests"): 7, ("all", "sex", "other", "tests"): 5}
    sums = [[("all", "total", "all", "tests"), ("all", "sex", "female", "tests"), ("all", "sex", "male", "tests"),
             ("all", "sex", "other", "tests")]]
    assert pinned_by_bounds(known, sums, []) == {}
    assert pinned_by_bounds(known, sums, [], floors=dict.fromkeys(sums[0][1:3], 1.0)) == {
        ("all", "sex", "female", "tests"): 1, ("all", "sex", "male", "tests"): 1}


def test_the_attacker_reads_the_marks():
    # 7 tests, 5 of them "other": female and male "<5", "other" "withheld" (5 or more): female + male at
    # most 2, so 1 each, and "other" 5. The pipeline marks "withheld" only what the published figures show.
    total, *parts = sums = [("all", "total", "all", "tests")] + [("all", "sex", s, "tests") for s in
                                                                  ("female", "male", "other")]
    rows = [("all", "sex", "female", "tests", None, None, True, "<5"),
            ("all", "sex", "male", "tests", None, None, True, "<5"),
            ("all", "sex", "other", "tests", None, None, True, "withheld"),
            ("all", "total", "all", "linked", None, None, True, "<5")]
    floors = withheld_floors(rows)
    assert floors[("all", "total", "all", "linked")] == 0.0  # a cascade step's 0 may read "<5"
    assert pinned_by_bounds({total: 7}, [sums], [], floors=floors) == {parts[0]: 1, parts[1]: 1, parts[2]: 5}
    assert pinned_by_bounds({total: 9}, [sums], [], floors=floors) == {}


def test_november_2025_reads_tests_withheld_beside_its_people_tested(sample_build):
    # until 2026-12-06 its 167 tests read "<5" beside its 162 people tested, which the tests are at least
    wh, reports = sample_build
    with duckdb.connect(str(wh), read_only=True) as con:
        marks = dict(con.execute("SELECT indicator, mark FROM report.indicators WHERE period = '2025-11' "
                                 "AND dimension = 'total' AND indicator IN ('tests', 'people_tested')").fetchall())
    assert marks == {"tests": "withheld", "people_tested": None}
    headline = (reports / "report_2025-11_en.csv").read_text("utf-8-sig").splitlines()[2:4]
    assert [line.split(",")[:3] for line in headline] == [["Headline figures", "Tests", "withheld"],
                                                          ["Headline figures", "People tested", "162"]]


def test_no_count_is_pinned_by_sums_and_bounds(published):
    # until 2026-12-06 the pipeline's bounds took a withheld count from 0 on, and this attacker, who knows it
    # is not zero, pinned some of the sample's (two withheld categories whose total and others left 2)
    known, withheld, rows = published
    cells = set(known) | withheld
    fixed = pinned_by_bounds(known, published_sums(cells), published_bounds(cells),
                             floors=withheld_floors(rows))
    assert {c: v for c, v in fixed.items() if round(v) != 0} == {}


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


def test_no_tests_or_people_by_care_location(published):
    # a negative or unlinked person's care location is not_linked: those figures are the totals less the
    # linked positives'
    _, _, rows = published
    assert {r[3] for r in rows if r[1] == "care_location"} == {
        "positives", "new_diagnoses", "linked", "on_art", "vl_tested", "vl_suppressed"}


def test_the_sample_months_publish_their_total_tests(published):
    # December 2025 holds 10 tests, its categories 1 to 5 each: with its small cells withheld, sums and
    # bounds still pin one, and the month's total is the only figure left to withhold near it. The fourth
    # quarter's sum (October + November + December) then needs a second month withheld: the smaller,
    # November (167 against October's 219). Until 2026-12-06, with tests by care location published, seven months'
    # totals were withheld.
    _, withheld, _ = published
    assert sorted(k[0] for k in withheld if k[1:] == ("total", "all", "tests") and len(k[0]) == 7
                  and "-Q" not in k[0]) == ["2025-11", "2025-12"]
