"""Unpublished counts that the published ones pin down with bounds as well as sums.

People tested are at most the tests, the linked at most the positives, a quarter's people at most
its months' together; with such bounds, non-negativity and the sums, an attacker's linear program can
fix a withheld count that no sum alone fixes: in the sample a child's one test in a month, from the age
bands' tests and people of two months and their quarter. A cell is fixed when it takes one value over
every non-negative assignment of the unknowns that keeps the sums and bounds: found per group of linked
unknowns with a few linear programs (which bounds hold as equalities everywhere, then which cells no
remaining direction moves), not one per cell. Counts are whole numbers, which an attacker's integer
program uses too: ``pinned_whole`` finds the cells only one whole number fits (a few integer programs
in generic directions, then one or two for each cell none of them moved).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence, Set

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, linprog, milp
from scipy.sparse import csr_matrix, hstack, identity, vstack

from pipelines.lib.disclosure_audit import groups_of

_TOL = 1e-7
_MILP_SECONDS = 20.0  # per integer program; one out of time leaves its cell counted as fixed


def floors(cols: Sequence[Hashable], nonzero: Set[Hashable]) -> np.ndarray:
    """The least value of each unknown: 1 for a cell known not to be zero, else 0. A count shown withheld
    is not zero, as the reports show a zero (from 0 on, two withheld counts whose published total and other
    categories leave 2 would each be 1, and be published so)."""
    return np.array([1.0 if c in nonzero else 0.0 for c in cols])


def _rows(constraints: Sequence[tuple[Sequence[Hashable], Sequence[Hashable]]], values: dict, col: dict):
    """Each (plus, minus) as a sparse row over the unknowns ``col`` and its constant:
    sum(plus) - sum(minus) over unknowns = -(the same over known values)."""
    data, ri, ci, const = [], [], [], []
    for r, (plus, minus) in enumerate(constraints):
        k = 0.0
        for cells, sign in ((plus, 1.0), (minus, -1.0)):
            for c in cells:
                if c in col:
                    data.append(sign), ri.append(r), ci.append(col[c])
                else:
                    k -= sign * values[c]
        const.append(k)
    m = csr_matrix((data, (ri, ci)), shape=(len(constraints), len(col)))
    m.sum_duplicates()
    return m, np.array(const)


def _solve(c, **kw):
    res = linprog(c, method="highs", **kw)
    if res.status != 0:
        raise RuntimeError(f"disclosure bounds: linear program failed: {res.message}")
    return res


def _fixed(eq, eq_b, ub, ub_b, low: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For {x >= low: eq x = eq_b, ub x <= ub_b}: which x are the same at every point, and one point."""
    n = len(low)
    ineq = vstack([ub, -identity(n, format="csr")]).tocsr()  # x >= low as -x <= -low
    ineq_b = np.concatenate([ub_b, -low])
    m = ineq.shape[0]
    # The inequalities that hold as equalities at every point, in one program: over the cone of (x, s),
    # eq x = eq_b s, ineq x + t <= ineq_b s, s >= 1, 0 <= t <= 1, maximise the sum of t. An inequality
    # slack at some point is slack at the mean of such points, and scaling that mean by s makes every
    # such slack at least 1: at the optimum t is 1 exactly for those, 0 for the ones always tight.
    col_b = csr_matrix(-ineq_b.reshape(-1, 1))
    res = _solve(np.concatenate([np.zeros(n + 1), -np.ones(m)]),
                 A_ub=hstack([ineq, col_b, identity(m, format="csr")]), b_ub=np.zeros(m),
                 A_eq=hstack([eq, csr_matrix(-eq_b.reshape(-1, 1)), csr_matrix((eq.shape[0], m))])
                 if eq.shape[0] else None, b_eq=np.zeros(eq.shape[0]) if eq.shape[0] else None,
                 bounds=[(None, None)] * n + [(1, None)] + [(0, 1)] * m)
    point = res.x[:n] / res.x[n]
    open_ = res.x[n + 1:] < 0.5  # t is 0 or 1 at the optimum
    tight = vstack([eq, ineq[np.flatnonzero(open_)]]).tocsr()
    free = np.zeros(n, bool)
    weights = np.random.default_rng(0).uniform(-1, 1, n)  # fixed seed: the same run, the same answer
    while True:  # the cells some direction within those equalities moves
        # the largest move, in a generic direction, of the cells not shown free yet: zero only when no
        # direction moves any of them (a subspace is orthogonal to generic weights with probability 0)
        res = _solve(-np.where(free, 0.0, weights), A_eq=tight if tight.shape[0] else None,
                     b_eq=np.zeros(tight.shape[0]) if tight.shape[0] else None, bounds=[(-1, 1)] * n)
        moved = (np.abs(res.x) > _TOL) & ~free
        if not moved.any():
            return ~free, point
        free |= moved


def _groups(constraints: Sequence[tuple[str, Sequence[Hashable], Sequence[Hashable]]], unknown: set,
            among: set | None) -> list[list[int]]:
    """The groups of linked unknowns (as constraint indices) holding one of ``among`` (all if None)."""
    groups = groups_of([(*plus, *minus) for _, plus, minus in constraints], unknown)
    return [g for g in groups.values()
            if among is None or any(c in among for k in g for c in (*constraints[k][1], *constraints[k][2]))]


def program(constraints: Sequence[tuple[str, Sequence[Hashable], Sequence[Hashable]]], values: dict,
            unknown: set, among: set | None = None) -> tuple[list, csr_matrix, np.ndarray, csr_matrix, np.ndarray]:
    """The unknowns of the groups of linked unknowns holding one of ``among`` (all if None), and the
    constraints over them: (cells, eq, eq_b, ub, ub_b) for eq x = eq_b, ub x <= ub_b."""
    # the groups are independent, so one program over all those asked for answers for each (a few
    # programs in all rather than a few per group: most of a small program's time is its set-up)
    return _program(constraints, values, unknown, sorted(i for g in _groups(constraints, unknown, among) for i in g))


def _program(constraints: Sequence[tuple[str, Sequence[Hashable], Sequence[Hashable]]], values: dict,
             unknown: set, rows: list[int]) -> tuple[list, csr_matrix, np.ndarray, csr_matrix, np.ndarray]:
    cols = sorted({c for i in rows for c in (*constraints[i][1], *constraints[i][2]) if c in unknown}, key=repr)
    col = {c: j for j, c in enumerate(cols)}
    eq, eq_b = _rows([constraints[i][1:] for i in rows if constraints[i][0] == "="], values, col)
    ub, ub_b = _rows([constraints[i][1:] for i in rows if constraints[i][0] == "<="], values, col)
    return cols, eq, eq_b, ub, ub_b


def pinned(constraints: Sequence[tuple[str, Sequence[Hashable], Sequence[Hashable]]], values: dict,
           unknown: set, among: set | None = None, nonzero: Set[Hashable] = frozenset(),
           memo: dict | None = None) -> dict[Hashable, float]:
    """The cells of ``unknown`` that the constraints fix, with their value. A constraint is
    ("=", plus, minus): sum(plus) = sum(minus), or ("<=", plus, minus): sum(plus) <= sum(minus); every
    cell is at least 0, and those of ``nonzero`` at least 1 (``floors``); ``values`` holds every cell's
    value (the unknowns' are not used). ``among``: look only at the groups of linked unknowns holding one
    of these. ``memo``: each group's answer by its constraints, unknowns and nonzero cells, kept between
    calls with the same constraints and values: a group none of whose cells changed is not solved again."""
    found: dict[Hashable, float] = {}
    todo = []
    for g in _groups(constraints, unknown, among):
        cells = frozenset(c for i in g for c in (*constraints[i][1], *constraints[i][2]) if c in unknown)
        key = (frozenset(g), cells, cells & nonzero)
        if memo is not None and key in memo:
            found.update(memo[key])
        else:
            todo.append((key, cells, g))
    if not todo:
        return found
    cols, eq, eq_b, ub, ub_b = _program(constraints, values, unknown, sorted(i for *_, g in todo for i in g))
    fixed, point = _fixed(eq, eq_b, ub, ub_b, floors(cols, nonzero))
    new = {cols[j]: round(float(point[j]), 6) for j in np.flatnonzero(fixed)}
    found.update(new)
    for key, cells, _ in todo if memo is not None else ():
        memo[key] = {c: v for c, v in new.items() if c in cells}
    return found


def _whole_point(objective: np.ndarray, limits, eq, eq_b, ub, ub_b) -> np.ndarray | None:
    """A point of whole numbers within ``limits`` ((low, high) of each cell) that keeps the constraints
    (least ``objective``), or None if there is none (or none was found in time: the caller then takes
    the safe side)."""
    constraints = [LinearConstraint(a, lo, hi) for a, lo, hi in ((eq, eq_b, eq_b), (ub, -np.inf, ub_b))
                   if a.shape[0]]
    # HiGHS's MIP presolve has declared feasible programs infeasible (ERGO-Code/HiGHS#2388, #3090; here
    # too, on generated figures, where the same program without it was solved): not used, and the
    # point found is checked exactly
    res = milp(objective, integrality=np.ones(len(objective)), bounds=Bounds(*limits),
               constraints=constraints, options={"time_limit": _MILP_SECONDS, "presolve": False})
    if res.x is None:
        return None
    point = np.round(res.x)
    keeps = (np.all(point >= limits[0]) and np.all(point <= limits[1]) and np.array_equal(eq @ point, eq_b)
             and np.all(ub @ point <= ub_b))
    return point if keeps else None


def pinned_whole(constraints: Sequence[tuple[str, Sequence[Hashable], Sequence[Hashable]]], values: dict,
                 unknown: set, among: set, directions: int = 100,
                 nonzero: Set[Hashable] = frozenset()) -> dict[Hashable, int]:
    """The cells of ``among`` (unknowns) that only one whole number fits, though a linear program
    leaves them a range: counts are whole, and where bounds and sums meet, the whole numbers within a
    range need not reach its ends (in generated figures a month's total tests from 16.5 to 17: 17).
    ``values`` are the true values: each cell's one whole number is its own; ``nonzero``: as ``pinned``.
    ``directions``: at most so many points in generic directions before the cells left are tried one
    by one (the answer is the same; only the time differs)."""
    cols, eq, eq_b, ub, ub_b = program(constraints, values, unknown, among)
    n = len(cols)
    if not n:
        return {}
    truth = np.array([values[c] for c in cols], float)
    open_ = np.array([c in among for c in cols])  # not yet seen at another whole number
    low = floors(cols, nonzero)
    box = np.full(n, 2 * truth.max() + 10)  # holds the truth; a cell without bound stops at it
    rng = np.random.default_rng(0)  # fixed seed: the same run, the same answer
    for _ in range(directions):  # points of whole numbers in generic directions move most cells that can
        if not open_.any():  # move: a few such programs rather than two a cell
            break
        point = _whole_point(np.where(open_, rng.uniform(-1, 1, n), 0.0), (low, box), eq, eq_b, ub, ub_b)
        if point is None:  # out of time: the cells left are tried one by one
            break
        moved = open_ & (np.abs(point - truth) > 0.5)
        if not moved.any():
            break
        open_ &= ~moved
    fixed = {}
    for j in np.flatnonzero(open_):  # each cell left: another whole number below its own, or above
        if not open_[j]:
            continue
        for side in ((low[j], truth[j] - 1), (truth[j] + 1, np.inf)):
            if side[1] < side[0]:
                continue
            lo, hi = low.copy(), np.full(n, np.inf)
            lo[j], hi[j] = side
            point = _whole_point(np.zeros(n), (lo, hi), eq, eq_b, ub, ub_b)
            if point is not None:
                open_ &= np.abs(point - truth) <= 0.5  # it may move cells not looked at yet too
                break
        else:
            fixed[cols[j]] = int(truth[j])
    return fixed
