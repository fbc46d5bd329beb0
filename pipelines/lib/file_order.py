"""Which inbox files are judged before the file whose name theirs extends (Dagster-free)."""

from __future__ import annotations

from collections.abc import Iterable


def judged_before_original(names: Iterable[str]) -> list[tuple[str, str]]:
    """(file, original) for each file whose name is another's name without its extension, extended, and
    sorts before it: a correction or a copy named "ala-01_2025-01 (2).csv", "ala-01_2025-01 - Copy.csv" or
    "ala-01_2025-01-corrected.csv" beside "ala-01_2025-01.csv" (a space, a bracket or a hyphen comes before
    the "."), whose rows are judged first, as files are in file-name order; "ala-01_2025-01_v2.csv" sorts
    after. Names sharing a beginning sort together, so each name is compared with the few just before it."""
    ordered = sorted(set(names))
    pairs = []
    for i, original in enumerate(ordered):
        stem = original.rsplit(".", 1)[0]
        j = i - 1
        while stem and j >= 0 and ordered[j].startswith(stem):
            if ordered[j][len(stem)] != ".":  # "a.csv" before "a.xlsx" extends nothing
                pairs.append((ordered[j], original))
            j -= 1
    return sorted(pairs)
