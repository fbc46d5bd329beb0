"""Disclosure control of the donor-facing indicators (shared/indicator-definitions.md).

Primary: a published count of 1-4 is suppressed. Complementary: wherever published counts add up
(categories to their total, months to their quarter and quarters to the whole programme for tests,
numerator + complement to denominator), more cells are suppressed, smallest first, until every
suppressed or small hidden cell shares each of its relations with another unpublished cell.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Callable

import pandas as pd

from pipelines.lib.disclosure_audit import determined, freeing, groups_of
from pipelines.lib.disclosure_bounds import pinned, pinned_whole

COUNTS = ("tests", "people_tested", "positives", "new_diagnoses", "linked", "on_art", "vl_tested",
          "vl_suppressed")
# proportion -> (numerator count, denominator count)
PROPORTIONS = {
    "positivity": ("positives", "people_tested"),
    "linked": ("linked", "positives"),
    "on_art": ("on_art", "positives"),
    "vl_tested": ("vl_tested", "on_art"),
    "vl_suppressed": ("vl_suppressed", "vl_tested"),
}
# Complement relations: denominator = numerator + (hidden) complement.
COMPLEMENTS = [("positives", "people_tested"), ("new_diagnoses", "positives"), ("linked", "positives"),
               ("on_art", "positives"), ("vl_tested", "on_art"), ("vl_suppressed", "vl_tested")]
# Never published at site level: anything about positives (a site is too small a place).
SITE_WITHHELD = {"positives", "new_diagnoses", "linked", "on_art", "vl_tested", "vl_suppressed",
                 "positivity"}
PUB, SUP, HIDDEN = "published", "suppressed", "hidden"

Cell = tuple[str, str, str, str]  # period, dimension, category, count


def is_small(v: int) -> bool:
    return 1 <= v <= 4


@dataclass
class Relation:
    cells: list[Cell]
    complement: int | None = None  # value of a hidden complement cell, if the relation has one


def _cells(marts: pd.DataFrame) -> dict[Cell, int]:
    cells: dict[Cell, int] = {}
    for row in marts.itertuples(index=False):
        if row.indicator in COUNTS and row.indicator not in PROPORTIONS:
            cells[(row.period, row.dimension, row.category, row.indicator)] = int(row.numerator)
        elif row.indicator in PROPORTIONS:
            num, den = PROPORTIONS[row.indicator]
            cells[(row.period, row.dimension, row.category, num)] = int(row.numerator)
            cells[(row.period, row.dimension, row.category, den)] = int(row.denominator)
    return cells


def _relations(cells: dict[Cell, int]) -> list[Relation]:
    rels: list[Relation] = []
    by_total: dict[tuple[str, str, str], list[Cell]] = defaultdict(list)
    by_group: dict[tuple[str, str, str], list[Cell]] = defaultdict(list)
    for cell in cells:
        period, dim, cat, count = cell
        if dim != "total":
            by_total[(period, dim, count)].append(cell)
        if count == "tests":
            by_group[(dim, cat, period)].append(cell)
    for (period, dim, count), members in by_total.items():
        total = (period, "total", "all", count)
        rels.append(Relation([total] + sorted(members)))
    for (dim, cat, period), _ in list(by_group.items()):
        if len(period) == 7 and "-Q" in period:  # a quarter = its months
            year, q = period.split("-Q")
            months = [f"{year}-{m:02d}" for m in range(3 * int(q) - 2, 3 * int(q) + 1)]
            rels.append(Relation([(period, dim, cat, "tests")]
                                 + [(m, dim, cat, "tests") for m in months if (m, dim, cat, "tests") in cells]))
        if period == "all":  # the whole programme = its quarters
            quarters = sorted(p for (d, c, p) in by_group if d == dim and c == cat and "-Q" in p)
            rels.append(Relation([("all", dim, cat, "tests")] + [(q, dim, cat, "tests") for q in quarters]))
    for (period, dim, cat, count) in cells:
        for num, den in COMPLEMENTS:
            if count == den and (period, dim, cat, num) in cells:
                n, d = (period, dim, cat, num), (period, dim, cat, den)
                rels.append(Relation([d, n], complement=cells[d] - cells[n]))
    return rels


def _pick(members: list[Cell], cells: dict[Cell, int], status: dict[Cell, str]) -> Cell | None:
    """The published cell to suppress next: smallest non-zero first; totals and long periods last."""
    cands = [c for c in members if status[c] == PUB]
    if not cands:
        return None
    return min(cands, key=lambda c: _smallest_first(c, cells))


def _smallest_first(c: Cell, cells: dict[Cell, int]) -> tuple:
    return cells[c] == 0, cells[c], c[1] == "total", len(c[0]) != 7, c


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


def _given_away(cells: dict[Cell, int], status: dict[Cell, str], sums: list[list[Cell]]) -> bool:
    """Suppress one more cell where the published sums, taken together, still fix a suppressed count
    (or a small hidden one): the smallest published cell of the sums linked to it whose suppression
    frees it (pipelines/lib/disclosure_audit.py). True if a cell was suppressed."""
    unknown = {c for c, st in status.items() if st != PUB}
    leaked = sorted(determined(sums, unknown) & _sensitive(cells, status))
    if not leaked:
        return False
    cell = leaked[0]
    linked = next(g for g in groups_of(sums, unknown).values() if any(cell in sums[i] for i in g))
    near = sorted({c for i in linked for c in sums[i] if status[c] == PUB}, key=lambda c: _smallest_first(c, cells))
    freed = set(freeing([sums[i] for i in sorted(linked)], unknown, cell))
    # a cell fixed twice over (no one suppression frees it) loses its smallest published neighbour
    # first, and is looked at again
    pick = next((c for c in near if c in freed and cell not in determined(sums, unknown | {c}, among=[cell])),
                near[0])
    status[pick] = SUP
    return True


# Bounds that hold by definition: a cascade step within the step before, in one cell.
WITHIN = [("people_tested", "tests"), ("positives", "people_tested"), ("new_diagnoses", "positives"),
          ("linked", "positives"), ("on_art", "positives"), ("vl_tested", "on_art"), ("vl_suppressed", "vl_tested")]
# Person counts in the whole: a person counts in the quarter (or programme) under the attributes of a
# test of one of its months (quarters), where the person counts too. For the total, also no fewer than
# in any part (a person positive, linked, ... in a month is so in its quarter; a viral load's latest
# result is not).
MONOTONE = ("people_tested", "positives", "new_diagnoses", "linked", "on_art", "vl_tested")


def _bounds(cells: dict[Cell, int]) -> list[tuple[str, list[Cell], list[Cell]]]:
    """Every bound an attacker knows from the definitions, as ("<=", smaller side, larger side)."""
    out = []
    for (period, dim, cat, count) in cells:
        for small, big in WITHIN:
            if count == small and (period, dim, cat, big) in cells:
                out.append(("<=", [(period, dim, cat, small)], [(period, dim, cat, big)]))
    parts: dict[tuple, list[Cell]] = defaultdict(list)  # (whole period, dim, cat, count) -> parts
    for (period, dim, cat, count) in cells:
        if count in MONOTONE and (count == "people_tested" or dim == "total"):
            if len(period) == 7 and "-Q" not in period:
                quarter = f"{period[:4]}-Q{(int(period[5:]) + 2) // 3}"
                parts[(quarter, dim, cat, count)].append((period, dim, cat, count))
            elif "-Q" in period:
                parts[("all", dim, cat, count)].append((period, dim, cat, count))
    for whole, members in parts.items():
        if whole in cells:
            out.append(("<=", [whole], members))
            if whole[1] == "total":
                out += [("<=", [m], [whole]) for m in members]
    return out


def _pinned_away(cells: dict[Cell, int], status: dict[Cell, str], constraints: list,
                 holding: dict[Cell, list[int]], find: Callable = pinned) -> bool:
    """Suppress more where the sums and bounds together still pin a suppressed count (or a small
    hidden one) (pipelines/lib/disclosure_bounds.py; ``find``: ``pinned`` by linear programs, or
    ``pinned_whole`` by whole numbers): for each such cell the smallest published cell of the
    constraints nearest it. ``holding``: the constraints (by index) holding each cell. True if a cell
    was suppressed."""
    unknown = {c for c, st in status.items() if st != PUB}
    sensitive = _sensitive(cells, status)
    leaked = sorted(c for c in find(constraints, cells, unknown, sensitive) if c in sensitive)
    picked = set()
    for cell in leaked:
        seen, ring = {cell}, [cell]
        while ring:  # constraints ring by ring outwards through unknowns, until one holds a published cell
            near = {i for c in ring for i in holding[c]}
            members = {c for i in near for c in (*constraints[i][1], *constraints[i][2])}
            published = [c for c in members if status[c] == PUB]
            if published:
                picked.add(min(published, key=lambda c: _smallest_first(c, cells)))
                break
            ring = [c for c in members if c not in seen]
            seen.update(ring)
    for c in picked:
        status[c] = SUP
    return bool(picked)


def suppress(cells: dict[Cell, int]) -> dict[Cell, str]:
    """Status of every cell after primary and complementary suppression."""
    status = {c: (HIDDEN if c[1] == "site_code" and c[3] in SITE_WITHHELD else PUB) for c in cells}
    for c, v in cells.items():
        if status[c] == PUB and is_small(v):
            status[c] = SUP
    rels = _relations(cells)
    # the sums that hold in these figures (an attacker would find any other one false)
    sums = [r.cells for r in rels if r.complement is None and len(r.cells) > 1
            and cells[r.cells[0]] == sum(cells[c] for c in r.cells[1:])]
    constraints = [("=", [s[0]], s[1:]) for s in sums] + [
        b for b in _bounds(cells) if sum(cells[c] for c in b[1]) <= sum(cells[c] for c in b[2])]
    holding: dict[Cell, list[int]] = defaultdict(list)
    for i, (_, plus, minus) in enumerate(constraints):
        for c in (*plus, *minus):
            holding[c].append(i)
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
        changed = (changed or _given_away(cells, status, sums) or _pinned_away(cells, status, constraints, holding)
                   or _pinned_away(cells, status, constraints, holding, pinned_whole))
    return status


def apply(marts: pd.DataFrame) -> pd.DataFrame:
    """``report.indicators``: marts.indicators with suppressed cells nulled and flagged."""
    cells = _cells(marts)
    status = suppress(cells)
    out = marts.copy()
    flags = []
    keep = []
    for row in out.itertuples(index=False):
        key = (row.period, row.dimension, row.category)
        if row.dimension == "site_code" and row.indicator in SITE_WITHHELD:
            keep.append(False)
            flags.append(True)
            continue
        keep.append(True)
        if row.indicator in PROPORTIONS:
            parts = PROPORTIONS[row.indicator]
        elif row.indicator == "coverage":
            parts = ("people_tested",)
        else:
            parts = (row.indicator,)
        flags.append(any(status.get(key + (p,)) == SUP for p in parts))
    out["suppressed"] = flags
    out = out[keep].reset_index(drop=True)
    for col in ("numerator", "denominator", "value", "ci_low", "ci_high"):
        out[col] = out[col].astype("object").where(~out["suppressed"], None)
    return out
