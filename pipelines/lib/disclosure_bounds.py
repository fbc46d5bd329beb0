"""Unpublished counts that the published ones pin down with bounds as well as sums.

People tested are at most the tests, the linked at most the positives, a quarter's people at most
its months' together; with such bounds, non-negativity and the sums, an attacker's linear program can
fix a withheld count that no sum alone fixes: in the sample a child's one test in a month, from the age
bands' tests and people of two months and their quarter. A cell is fixed when it takes one value over
every non-negative assignment of the unknowns that keeps the sums and bounds: found per group of linked
unknowns with a few linear programs (which bounds hold as equalities everywhere, then which cells no
remaining direction moves), not one per cell.
"""

from __future__ import annotations

from typing import Hashable, Sequence

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import csr_matrix, hstack, identity, vstack

from pipelines.lib.disclosure_audit import groups_of

_TOL = 1e-7


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


def _fixed(eq, eq_b, ub, ub_b, n: int) -> tuple[np.ndarray, np.ndarray]:
    """For {x >= 0: eq x = eq_b, ub x <= ub_b}: which x are the same at every point, and one point."""
    ineq = vstack([ub, -identity(n, format="csr")]).tocsr()  # x >= 0 as -x <= 0
    ineq_b = np.concatenate([ub_b, np.zeros(n)])
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


def pinned(constraints: Sequence[tuple[str, Sequence[Hashable], Sequence[Hashable]]], values: dict,
           unknown: set, among: set | None = None) -> dict[Hashable, float]:
    """The cells of ``unknown`` that the constraints fix, with their value. A constraint is
    ("=", plus, minus): sum(plus) = sum(minus), or ("<=", plus, minus): sum(plus) <= sum(minus); every
    cell is at least 0; ``values`` holds every cell's value (the unknowns' are not used). ``among``: look
    only at the groups of linked unknowns holding one of these."""
    groups = groups_of([(*plus, *minus) for _, plus, minus in constraints], unknown)
    # the groups are independent, so one program over all those asked for answers for each (a few
    # programs in all rather than a few per group: most of a small program's time is its set-up)
    wanted = [g for g in groups.values()
              if among is None or any(c in among for k in g for c in (*constraints[k][1], *constraints[k][2]))]
    rows = sorted(i for g in wanted for i in g)
    cols = sorted({c for i in rows for c in (*constraints[i][1], *constraints[i][2]) if c in unknown}, key=repr)
    if not cols:
        return {}
    col = {c: j for j, c in enumerate(cols)}
    eq, eq_b = _rows([constraints[i][1:] for i in rows if constraints[i][0] == "="], values, col)
    ub, ub_b = _rows([constraints[i][1:] for i in rows if constraints[i][0] == "<="], values, col)
    fixed, point = _fixed(eq, eq_b, ub, ub_b, len(cols))
    return {cols[j]: round(float(point[j]), 6) for j in np.flatnonzero(fixed)}
