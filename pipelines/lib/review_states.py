"""Rows a form tool's review marked rejected: ODK Central's "ReviewState" column ("rejected") and
KoboToolbox's "_validation_status" ("Not Approved", "validation_status_not_approved"), which their exports
carry beside the contract's columns. The contract has no such column, so the rows are loaded as the others;
the file's note counts them, and the ``rows_marked_rejected`` warning names the file
(pipelines/defs/ingest/file_checks.py): a supervisor may have rejected a submission as entered wrongly or
twice, and the programme decides whether it counts.
"""

from __future__ import annotations

import re

import pyarrow as pa
import pyarrow.compute as pc

# headings and values as compared: lower case, letters and digits only
_REVIEW_COLUMNS = {"reviewstate", "validationstatus"}
_REJECTED = pa.array(["rejected", "notapproved"])  # KoboToolbox's XML value's "validation_status" prefix dropped
MARK = "marked rejected by the form tool's review"  # in the file's note: what the warning looks for


def _squashed(text: pa.ChunkedArray | pa.Array) -> pa.ChunkedArray | pa.Array:
    return pc.replace_substring_regex(pc.utf8_lower(text), r"[^0-9a-z]", "")


def rejected_rows(name: str, column: pa.ChunkedArray | pa.Array) -> int:
    """How many of ``column``'s cells (a file's column headed ``name``, normalised) mark their row rejected:
    none unless the heading is a review's."""
    if re.sub(r"[^0-9a-z]", "", name) not in _REVIEW_COLUMNS:
        return 0
    values = pc.replace_substring_regex(_squashed(column), "^validationstatus", "")
    return int(pc.sum(pc.is_in(values, value_set=_REJECTED)).as_py() or 0)


def rejected_note(counts: dict[str, int]) -> str | None:
    """The file's note of its rows marked rejected, by column: "3 row(s) marked rejected by the form tool's
    review (column 'reviewstate'), loaded as the others"."""
    parts = [f"{n:,} row(s) {MARK} (column {name!r}), loaded as the others" for name, n in counts.items() if n]
    return "; ".join(parts) or None
