"""Disclosure control of the donor-facing indicators (shared/indicator-definitions.md).

Primary: a published count of 1-4 is suppressed. Complementary: wherever published counts add up
(categories to their total, months to their quarter and quarters to the whole programme for tests,
numerator + complement to denominator), more cells are suppressed, smallest first, until every
suppressed or small hidden cell shares each of its relations with another unpublished cell.
"""

from __future__ import annotations

import math
from collections import defaultdict
from functools import partial
from typing import Callable

import pandas as pd

from pipelines.lib.disclosure_audit import determined, freeing, groups_of
from pipelines.lib.disclosure_bounds import pinned, pinned_whole
from pipelines.lib.disclosure_cells import (PROPORTIONS, PROTECTING_MARK, SHOWN_AS_ROWS, SMALL_MARK, Cell, Relation,
                                            bounds, cells_of, never_published, relations)

PUB, SUP, HIDDEN = "published", "suppressed", "hidden"


def is_small(v: int) -> bool:
    return 1 <= v <= 4


def least_values(cells: dict[Cell, int], status: dict[Cell, str], constraints: list) -> dict[Cell, float]:
    """The least value of each count that anyone reading the published figures can work out, with the
    sums and bounds that hold by definition (each ``sum(left) <= sum(right)``, a sum both ways): a published
    count is its own; a withheld count shown as a row of its own is at least 1 (the reports show a zero),
    any other unpublished count at least 0, and no unpublished one has a greatest value at first; then each
    side of a constraint bounds the other side's cells, given their others' bounds (the tests at least the
    people tested; a part at least its whole less the most the other parts can be), until nothing moves.
    Only what is published goes in, so a mark chosen by it tells nothing more."""
    low = {c: float(v) if status[c] == PUB else 1.0 if status[c] == SUP and c[3] in SHOWN_AS_ROWS else 0.0
           for c, v in cells.items()}
    high = {c: float(v) if status[c] == PUB else math.inf for c, v in cells.items()}
    sides = [pair for kind, left, right in constraints
             for pair in (((left, right), (right, left)) if kind == "=" else ((left, right),))]
    for _ in range(100):  # a few rounds (six on the sample); every round's bounds hold, so any may stop
        moved = False
        for small, big in sides:
            least = sum(low[c] for c in small)
            unbounded = [c for c in big if math.isinf(high[c])]
            most = sum(high[c] for c in big if not math.isinf(high[c]))  # of the bounded cells
            for c in big:  # at least what the smaller side holds less the most the other cells can
                if status[c] != PUB and (not unbounded or unbounded == [c]):
                    bound = math.ceil(least - (most - (0.0 if unbounded else high[c])))
                    if bound > low[c]:
                        low[c], moved = bound, True
            if unbounded:
                continue
            for c in small:  # at most what the larger side can hold less the least the other cells hold
                bound = math.floor(most - (least - low[c]))
                if status[c] != PUB and bound < high[c]:
                    high[c], moved = bound, True
        if not moved:
            break
    return low


def _pick(members: list[Cell], cells: dict[Cell, int], status: dict[Cell, str]) -> Cell | None:
    """The cell to suppress next (``_pickable``): smallest first; totals and long periods last."""
    cands = [c for c in members if _pickable(c, cells, status)]
    if not cands:
        return None
    return min(cands, key=lambda c: _smallest_first(c, cells))


def _pickable(c: Cell, cells: dict[Cell, int], status: dict[Cell, str]) -> bool:
    """A cell complementary suppression may take: published, and not a zero (the reports show a zero, so a
    count shown withheld is known not to be one)."""
    return status[c] == PUB and cells[c] != 0


def _smallest_first(c: Cell, cells: dict[Cell, int]) -> tuple:
    return cells[c], c[1] == "total", len(c[0]) != 7, c


def _withhold_unseen(cells: dict[Cell, int], status: dict[Cell, str]) -> bool:
    """A count shown only inside proportions (linked, on_art, ...) is withheld when every one of
    those proportions is: it then counts as suppressed, and needs protecting like any other."""
    changed = False
    for c, st in status.items():
        if st != PUB or c[3] not in ("linked", "on_art", "vl_tested", "vl_suppressed"):
            continue
        shown = False
        for num, den in PROPORTIONS.values():
            if c[3] in (num, den):
                n, d = c[:3] + (num,), c[:3] + (den,)
                if n in status and d in status and status[n] == PUB and status[d] == PUB:
                    shown = True
        if not shown:
            status[c] = SUP
            changed = True
    return changed


def _sensitive(cells: dict[Cell, int], status: dict[Cell, str]) -> set[Cell]:
    """Unpublished cells no one may work out: the suppressed and the small hidden ones (a zero may be
    known)."""
    return {c for c, st in status.items() if cells[c] != 0 and (st == SUP or (st == HIDDEN and is_small(cells[c])))}


def _given_away(cells: dict[Cell, int], status: dict[Cell, str], sums: list[list[Cell]],
                memo: dict | None = None) -> bool:
    """Suppress one more cell where the published sums, taken together, still fix a suppressed count
    (or a small hidden one): the smallest published cell of the sums linked to it whose suppression
    frees it (pipelines/lib/disclosure_audit.py). True if a cell was suppressed. ``memo``: as
    ``determined``'s."""
    unknown = {c for c, st in status.items() if st != PUB}
    leaked = sorted(determined(sums, unknown, memo=memo) & _sensitive(cells, status))
    if not leaked:
        return False
    cell = leaked[0]
    linked = next(g for g in groups_of(sums, unknown).values() if any(cell in sums[i] for i in g))
    near = sorted({c for i in linked for c in sums[i] if _pickable(c, cells, status)},
                  key=lambda c: _smallest_first(c, cells))
    freed = set(freeing([sums[i] for i in sorted(linked)], unknown, cell))
    # a cell fixed twice over (no one suppression frees it) loses its smallest published neighbour
    # first, and is looked at again
    pick = next((c for c in near if c in freed and cell not in determined(sums, unknown | {c}, among=[cell])),
                near[0])
    status[pick] = SUP
    return True


def _pinned_away(cells: dict[Cell, int], status: dict[Cell, str], constraints: list,
                 holding: dict[Cell, list[int]], find: Callable = pinned) -> bool:
    """Suppress more where the sums and bounds together still pin a suppressed count (or a small
    hidden one) (pipelines/lib/disclosure_bounds.py; ``find``: ``pinned`` by linear programs, or
    ``pinned_whole`` by whole numbers): for each such cell the smallest published cell of the
    constraints nearest it. ``holding``: the constraints (by index) holding each cell. True if a cell
    was suppressed."""
    unknown = {c for c, st in status.items() if st != PUB}
    sensitive = _sensitive(cells, status)
    # a count shown withheld is known not to be zero ("Zero is shown as 0"); a hidden one (a complement) is not
    nonzero = {c for c in unknown if status[c] == SUP and cells[c] != 0}
    leaked = sorted(c for c in find(constraints, cells, unknown, sensitive, nonzero=nonzero) if c in sensitive)
    picked = set()
    for cell in leaked:
        seen, ring = {cell}, [cell]
        while ring:  # constraints ring by ring outwards through unknowns, until one holds a published cell
            near = {i for c in ring for i in holding[c]}
            members = {c for i in near for c in (*constraints[i][1], *constraints[i][2])}
            published = [c for c in members if _pickable(c, cells, status)]
            if published:
                picked.add(min(published, key=lambda c: _smallest_first(c, cells)))
                break
            ring = [c for c in members if c not in seen]
            seen.update(ring)
    for c in picked:
        status[c] = SUP
    return bool(picked)


def held_relations(cells: dict[Cell, int]) -> tuple[list[Relation], list[list[Cell]], list]:
    """The relations among the cells, and the sums (whole first) and constraints (``disclosure_bounds``' form)
    of them that hold in these figures (an attacker would find any other one false)."""
    rels = relations(cells)
    sums = [r.cells for r in rels if r.complement is None and len(r.cells) > 1
            and cells[r.cells[0]] == sum(cells[c] for c in r.cells[1:])]
    constraints = [("=", [s[0]], s[1:]) for s in sums] + [
        b for b in bounds(cells) if sum(cells[c] for c in b[1]) <= sum(cells[c] for c in b[2])]
    return rels, sums, constraints


def suppress(cells: dict[Cell, int], held: tuple | None = None) -> dict[Cell, str]:
    """Status of every cell after primary and complementary suppression; ``held``: ``held_relations(cells)``,
    if the caller has them."""
    status = {c: (HIDDEN if never_published(c[1], c[3]) else PUB) for c in cells}
    for c, v in cells.items():
        if status[c] == PUB and is_small(v):
            status[c] = SUP
    rels, sums, constraints = held or held_relations(cells)
    holding: dict[Cell, list[int]] = defaultdict(list)
    for i, (_, plus, minus) in enumerate(constraints):
        for c in (*plus, *minus):
            holding[c].append(i)
    # the audits solve again only the groups of linked unknowns a round's suppressions changed: with many
    # sites every site's hidden counts about positives are unknowns (200 sites: 20,000 in 165 groups, the
    # largest 2,860), and a round's linear programs over all of them took ~6 s, 64 rounds in one case
    by_bounds, by_sums = partial(pinned, memo={}), {}
    changed = True
    while changed:
        changed = _withhold_unseen(cells, status)
        for rel in rels:
            unpublished = [c for c in rel.cells if status[c] != PUB]
            hidden_complement = rel.complement is not None
            sensitive = any(status[c] == SUP for c in rel.cells) or (
                hidden_complement and is_small(rel.complement))
            if not sensitive:
                continue
            # a hidden complement is itself an unknown: it protects the others, not itself
            others = len(unpublished) + (1 if hidden_complement else 0)
            protected = others >= 2 and not (
                hidden_complement and is_small(rel.complement) and not unpublished)
            if not protected:
                pick = _pick(rel.cells, cells, status)
                if pick is not None:
                    status[pick] = SUP
                    changed = True
        # each audit only once the ones before find nothing: the cheaper first
        changed = (changed or _given_away(cells, status, sums, by_sums)
                   or _pinned_away(cells, status, constraints, holding, by_bounds)
                   or _pinned_away(cells, status, constraints, holding, pinned_whole))
    return status


def _parts(indicator: str) -> tuple[str, ...]:
    """The counts an indicator's row shows: a proportion's numerator and denominator, coverage's people."""
    if indicator in PROPORTIONS:
        return PROPORTIONS[indicator]
    return ("people_tested",) if indicator == "coverage" else (indicator,)


def apply(marts: pd.DataFrame) -> pd.DataFrame:
    """``report.indicators``: marts.indicators with suppressed cells nulled, flagged and marked (``mark``)."""
    cells = cells_of(marts)
    held = held_relations(cells)
    status = suppress(cells, held)
    # a withheld number the published figures show to be 5 or more is marked so, not "<5" (the sample's
    # November would read "Tests <5" beside 162 people tested)
    low = least_values(cells, status, held[2])
    out = marts.copy()
    flags, marks, keep = [], [], []
    for row in out.itertuples(index=False):
        key = (row.period, row.dimension, row.category)
        parts = _parts(row.indicator)
        published = not never_published(row.dimension, row.indicator)  # a row never published is dropped
        withheld = published and any(status.get(key + (p,)) == SUP for p in parts)
        keep.append(published)
        flags.append(withheld)
        # a row's mark is its own count's (a proportion's: its numerator's), the number the reports show
        marks.append((PROTECTING_MARK if low[key + parts[:1]] >= 5 else SMALL_MARK) if withheld else None)
    out["suppressed"], out["mark"] = flags, marks
    # a mask, not a list: an empty list (no accepted test yet) selected no columns
    out = out.loc[pd.Series(keep, index=out.index, dtype=bool)].reset_index(drop=True)
    for col in ("numerator", "denominator", "value", "ci_low", "ci_high"):
        out[col] = out[col].astype("object").where(~out["suppressed"], None)
    return out
