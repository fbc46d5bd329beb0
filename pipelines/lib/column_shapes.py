"""Columns outside the contract taken for identifiers by the shape of most of their values: one value
of a passport number's or a name's shape may be a code or a heading; a column of them is not."""

from __future__ import annotations

from collections.abc import Callable

import pyarrow as pa
import pyarrow.compute as pc


def mostly_of_shape(col: pa.Array, pattern: str, confirm: Callable[[str], bool] = lambda _: True) -> list[str]:
    """``col``'s distinct values (trimmed) that match ``pattern`` (RE2) and ``confirm``, when at least half
    of its non-empty values do; else none."""
    col = pc.utf8_trim_whitespace(col)
    shaped = pc.unique(pc.filter(col, pc.fill_null(pc.match_substring_regex(col, pattern), False)))
    values = [v for v in shaped.to_pylist() if confirm(v)]
    if not values:  # most columns: their non-empty values are then not counted (~7 ms a 250k-row part)
        return []
    # the readers make a blank cell null: those empty once trimmed are mostly none
    filled = len(col) - col.null_count - (pc.sum(pc.equal(col, "")).as_py() or 0)
    if 2 * pc.sum(pc.is_in(col, value_set=pa.array(values, col.type))).as_py() < filled:
        return []
    return values
