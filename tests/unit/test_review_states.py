"""pipelines/lib/review_states.py: rows a form tool's review marked rejected."""

import pyarrow as pa
import pytest

from pipelines.lib.review_states import rejected_note, rejected_rows


@pytest.mark.parametrize("name, values, rejected", [
    # ODK Central's ReviewState: null (received), hasIssues, edited, approved, rejected
    ("reviewstate", [None, "hasIssues", "edited", "approved", "rejected", "Rejected", " rejected "], 3),
    # KoboToolbox's _validation_status, as labels or as XML values
    ("_validation_status", ["Approved", "Not Approved", "On Hold", None, "not_approved"], 2),
    ("_validation_status", ["validation_status_approved", "validation_status_not_approved",
                            "validation_status_on_hold"], 1),
    ("review_state", ["rejected"], 1),
    # another column's values, however they read: no review's
    ("status", ["rejected"], 0), ("comment", ["rejected", "not approved"], 0), ("_status", ["submitted_via_web"], 0),
    ("reviewstate", [None, None], 0),
])
def test_rows_marked_rejected_are_counted_in_a_review_s_column_alone(name, values, rejected):
    assert rejected_rows(name, pa.chunked_array([pa.array(values, pa.string())])) == rejected


def test_the_note_counts_each_review_column_s_rows():
    assert rejected_note({"reviewstate": 1200, "_validation_status": 0}) == (
        "1,200 row(s) marked rejected by the form tool's review (column 'reviewstate'), loaded as the others")
    assert rejected_note({}) is None
