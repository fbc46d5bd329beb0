"""pipelines/lib/column_likeness.py: the contract column a heading it does not know was likely meant as."""

import pytest

from pipelines.lib.column_likeness import meant_as, meant_column


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


@pytest.mark.parametrize("heading, among, column", [
    # a template headed in Russian alone, or other names of the required columns: taken for the ones a file lacks
    ("Дата теста", ["test_date"], "test_date"), ("Пол", ["sex", "age"], "sex"), ("УИК", ["client_uic"], "client_uic"),
    ("Гражданство", ["country_of_origin"], "country_of_origin"), ("gender", ["sex"], "sex"),
    ("Дата постановки на учёт", ["linked_date"], "linked_date"), ("ВН (копий/мл)", ["vl_copies"], "vl_copies"),
    # never a column the file has: a form tool's "_status" or a "gender" beside sex is another column
    ("gender", ["age"], None), ("viral_load", [], None), ("linkd_date", ["vl_date"], None), ("_status", ["sex"], None),
    ("_status", ["residence_status"], None),
])
def test_a_heading_is_taken_only_for_a_column_the_file_lacks(heading, among, column):
    assert meant_column(heading, among) == column


def test_a_refusal_for_missing_columns_names_the_headings_that_may_be_them():
    names = ["код записи", "дата", "дата теста", "пол", "notes", "field 7 (no heading)", "age"]
    assert meant_as(names, ["record_id", "test_date", "sex", "result"]) == (
        "; 'код записи' may be record_id, 'дата' may be test_date, 'пол' may be sex: head each with the contract's "
        "name, alone or in brackets after its own (\"Дата теста (test_date)\")")
    assert meant_as(names, ["result"]) == ""


@pytest.mark.parametrize("names", [
    ["пол", "2025-03-01", "aibu11990"],  # the header row missing: its cells are a record, never quoted
    ["пол", "kp@mail.ru"],
])
def test_a_header_that_may_be_a_record_gets_no_such_words(names):
    assert meant_as(names, ["sex"]) == ""


def test_a_heading_that_may_be_a_name_is_never_quoted_as_meant():
    from pipelines.lib.person_names import heading_withheld

    assert heading_withheld("рахимов рустам")  # a name alone: withheld wherever a heading is shown
    assert meant_as(["рахимов рустам", "пол"], ["sex", "key_population"]) == (
        "; 'пол' may be sex: head each with the contract's name, alone or in brackets after its own "
        "(\"Дата теста (test_date)\")")
