"""The donor table as an attacker sees it: its counts as cells, the sums they make by definition
(categories to their total, months to their quarter and quarters to the programme for tests, numerator
+ complement to denominator) and the bounds that hold among them (a cascade step within the one before,
a person counted in a quarter under a test of one of its months). Disclosure control
(``pipelines/lib/disclosure.py``) protects the suppressed cells against all of them."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import pandas as pd

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
# Never published, by dimension: at site level anything about positives (a site is too small a place);
# by care location the tests and people tested (and what is built on them). A negative or unlinked
# person's care location is not_linked, so those figures are the totals less the linked positives':
# published, they would tell the linked positives' tests and people through the totals, which disclosure
# control would then withhold (published, seven of the sample's twelve months' total tests were).
NEVER_PUBLISHED = {
    "site_code": {"positives", "new_diagnoses", "linked", "on_art", "vl_tested", "vl_suppressed", "positivity"},
    "care_location": {"tests", "people_tested", "positivity", "coverage"},
}


def never_published(dimension: str, indicator: str) -> bool:
    """True for a figure no report or copy for donors holds (``NEVER_PUBLISHED``)."""
    return indicator in NEVER_PUBLISHED.get(dimension, ())


# What the reports show for a withheld count (report.indicators.mark): "<5" for a count of 1-4 or one
# withheld so that such a count cannot be worked out, "withheld" for one of these that the published
# figures themselves show to be 5 or more (``disclosure.least_values``). A mark that told every count
# of 1-4 from the others would tell an attacker so: with the audits told it, the sample withheld every
# total (measured 2026-12-06).
SMALL_MARK, PROTECTING_MARK = "<5", "withheld"
# The counts shown as rows of their own, where a withheld one is not zero (the reports show a zero); a
# care-cascade step's number is withheld with its percentage, a zero too.
SHOWN_AS_ROWS = ("tests", "people_tested", "positives", "new_diagnoses")

Cell = tuple[str, str, str, str]  # period, dimension, category, count


@dataclass
class Relation:
    cells: list[Cell]
    complement: int | None = None  # value of a hidden complement cell, if the relation has one


def cells_of(marts: pd.DataFrame) -> dict[Cell, int]:
    """Every count of ``marts`` (marts.indicators' columns) once: a proportion's numerator and
    denominator are counts of their own."""
    cells: dict[Cell, int] = {}
    for row in marts.itertuples(index=False):
        if row.indicator in COUNTS and row.indicator not in PROPORTIONS:
            cells[(row.period, row.dimension, row.category, row.indicator)] = int(row.numerator)
        elif row.indicator in PROPORTIONS:
            num, den = PROPORTIONS[row.indicator]
            cells[(row.period, row.dimension, row.category, num)] = int(row.numerator)
            cells[(row.period, row.dimension, row.category, den)] = int(row.denominator)
    return cells


def relations(cells: dict[Cell, int]) -> list[Relation]:
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


# Bounds that hold by definition: a cascade step within the step before, in one cell.
WITHIN = [("people_tested", "tests"), ("positives", "people_tested"), ("new_diagnoses", "positives"),
          ("linked", "positives"), ("on_art", "positives"), ("vl_tested", "on_art"), ("vl_suppressed", "vl_tested")]
# Person counts in the whole: a person counts in the quarter (or programme) under the attributes of a
# test of one of its months (quarters), where the person counts too. For the total, also no fewer than
# in any part (a person positive, linked, ... in a month is so in its quarter; a viral load's latest
# result is not).
MONOTONE = ("people_tested", "positives", "new_diagnoses", "linked", "on_art", "vl_tested")


def bounds(cells: dict[Cell, int]) -> list[tuple[str, list[Cell], list[Cell]]]:
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
