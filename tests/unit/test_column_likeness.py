"""pipelines/lib/column_likeness.py: the contract column a heading it does not know was likely meant as."""

import pytest

from pipelines.lib.column_likeness import meant_column


@pytest.mark.parametrize("heading, column", [
    # other names templates and field tools give the optional columns
    ("viral_load", "vl_copies"), ("Viral Load", "vl_copies"), ("VL result", "vl_copies"),
    ("Вирусная нагрузка", "vl_copies"), ("date_linked", "linked_date"), ("Linkage date", "linked_date"),
    ("ART start", "art_start_date"), ("modality", "test_modality"), ("known positive", "previously_diagnosed"),
    ("care site", "care_location"), ("viral load date", "vl_date"),
    # the contract's own names mistyped
    ("linkd_date", "linked_date"), ("art_strat_date", "art_start_date"), ("previously diagnosed?", "previously_diagnosed"),
    # headings that are other columns
    ("notes", None), ("примечание", None), ("phone", None), ("age_group", None), ("site_name", None),
    ("hiv_result", None), ("result_date", None), ("", None), ("---", None),
])
def test_a_heading_is_taken_for_the_column_it_was_likely_meant_as(heading, column):
    assert meant_column(heading) == column
