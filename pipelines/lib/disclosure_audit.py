"""Which unpublished figures follow from the published ones by adding and subtracting several sums.

Disclosure control's rule, that each suppressed cell shares every relation with another unpublished
cell, looks at one relation at a time. Several relations together can still give a cell away: in the
sample, a care location's tests in one month followed from its quarter, the other months and the
other categories (two relations of two unknowns each, linked through a third). A cell is given away
when every assignment of the unknowns that keeps all the sums true gives it the same value: when the
null space of the sums' matrix over the unknowns is zero in its column.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Hashable, Iterable, Sequence

import numpy as np

# Entries of a null-space basis at or below this are zero: the matrices hold 0, 1 and -1 and their
# components a few hundred unknowns, so a real entry is many orders of magnitude larger.
_ZERO = 1e-7


def groups_of(sums: Sequence[Sequence[Hashable]], unknown: set) -> dict[Hashable, list[int]]:
    """Sums (by index) grouped by the connected set of unknowns they hold, keyed by a root cell; a sum
    holding no unknown is in no group."""
    parent: dict[Hashable, Hashable] = {}

    def root(c: Hashable) -> Hashable:
        while parent.setdefault(c, c) != c:
            parent[c] = parent[parent[c]]
            c = parent[c]
        return c

    for cells in sums:
        held = [c for c in cells if c in unknown]
        for c in held[1:]:
            parent[root(c)] = root(held[0])
    groups: dict[Hashable, list[int]] = defaultdict(list)
    for i, cells in enumerate(sums):
        held = [c for c in cells if c in unknown]
        if held:
            groups[root(held[0])].append(i)
    return groups


def determined(sums: Sequence[Sequence[Hashable]], unknown: set,
               among: Iterable[Hashable] | None = None, memo: dict | None = None) -> set:
    """The cells of ``unknown`` whose value the sums fix, the other cells' values being known.

    Each sum is a list of cells whose first equals the sum of the others. ``among``: look only at the
    groups of linked unknowns that hold one of these cells (the rest are not computed). ``memo``: each
    group's answer by its sums and unknowns, kept between calls with the same sums: a group none of whose
    cells changed is not computed again."""
    groups = groups_of(sums, unknown)
    if among is not None:
        wanted = set(among)
        groups = {k: v for k, v in groups.items()
                  if any(c in wanted for i in v for c in sums[i] if c in unknown)}
    found: set = set()
    for rows in groups.values():
        cols = sorted({c for i in rows for c in sums[i] if c in unknown}, key=repr)
        key = (frozenset(rows), frozenset(cols))
        if memo is not None and key in memo:
            found.update(memo[key])
            continue
        at = {c: j for j, c in enumerate(cols)}
        matrix = np.zeros((len(rows), len(cols)))
        for r, i in enumerate(rows):
            for k, c in enumerate(sums[i]):
                if c in unknown:
                    matrix[r, at[c]] += -1.0 if k == 0 else 1.0
        _, s, vt = np.linalg.svd(matrix)
        rank = int((s > s.max(initial=0.0) * max(matrix.shape) * np.finfo(float).eps).sum())
        null = vt[rank:]
        fixed = {c for c in cols if null.shape[0] == 0 or np.abs(null[:, at[c]]).max() <= _ZERO}
        found.update(fixed)
        if memo is not None:
            memo[key] = fixed
    return found


def freeing(sums: Sequence[Sequence[Hashable]], unknown: set, cell: Hashable) -> list[Hashable]:
    """The known cells of ``sums`` (all the sums linked to ``cell``, which they fix) whose suppression
    would leave ``cell`` free as far as these sums go: those whose column in the sums' matrix the
    unknowns' columns can make up (an unknown added outside that span only adds an equation) with a
    part of ``cell``'s own column in it."""
    cols = sorted({c for s in sums for c in s if c in unknown}, key=repr)
    known = sorted({c for s in sums for c in s if c not in unknown}, key=repr)
    at = {c: j for j, c in enumerate(cols)} | {c: j for j, c in enumerate(known)}
    a, k = np.zeros((len(sums), len(cols))), np.zeros((len(sums), len(known)))
    for r, cells in enumerate(sums):
        for i, c in enumerate(cells):
            (a if c in unknown else k)[r, at[c]] += -1.0 if i == 0 else 1.0
    v = np.linalg.lstsq(a, -k, rcond=None)[0]  # a @ v = -k where it can be
    spanned = np.abs(a @ v + k).max(axis=0, initial=0.0) <= _ZERO
    moves = np.abs(v[at[cell]]) > _ZERO
    return [c for c, ok in zip(known, spanned & moves) if ok]
