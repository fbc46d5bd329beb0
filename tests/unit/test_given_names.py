"""The list of given names and their forms in Russian's other cases, by which a surname beside one is a name."""

import pytest

from pipelines.lib.given_names import AS_WORDS, GIVEN_NAMES, OBLIQUE, STEMS, declined, kind_of
from pipelines.lib.person_names import NOT_NAME_WORDS


@pytest.mark.parametrize("name, stem, forms", [
    ("сергей", "серге", {"сергея", "сергею", "сергеем", "сергее"}),
    ("николай", "никола", {"николая", "николаю", "николаем", "николае"}),
    ("юрий", "юри", {"юрия", "юрию", "юрием", "юрии"}),
    ("игорь", "игор", {"игоря", "игорю", "игорем", "игоре"}),
    ("мария", "мари", {"марии", "марию", "марией"}),
    ("наталья", "наталь", {"натальи", "наталье", "наталью", "натальей"}),
    ("анна", "анн", {"анны", "анне", "анну", "анной"}),
    ("ольга", "ольг", {"ольги", "ольге", "ольгу", "ольгой"}),  # "и" after г, к, х and the hushing letters
    ("никита", "никит", {"никиты", "никите", "никиту", "никитой"}),
    ("рустам", "рустам", {"рустама", "рустаму", "рустамом", "рустаме"}),
    ("павел", "павл", {"павла", "павлу", "павлом", "павле"}),  # the vowel dropped
    ("айгерим", "айгерим", set()),  # a woman's name ending in a consonant is not declined
    ("абдулло", "абдулло", set()),
    ("вера", "вера", set()),  # a word as well: not looked for in other cases ("веры", "вере")
    ("rustam", "rustam", set()),
])
def test_declined(name, stem, forms):
    assert declined(name) == (stem, frozenset(forms))


def test_every_name_and_form_is_a_stem_and_at_most_three_letters():
    # the RE2 hint that narrows a column looks for a stem and at most three letters: a form longer than that
    # would never be looked at
    for name in GIVEN_NAMES:
        stem, forms = declined(name)
        assert stem in STEMS
        for word in forms:
            assert word.startswith(stem) and len(word) - len(stem) <= 3, (name, word)
        assert any(name.startswith(s) and len(name) - len(s) <= 3 for s in STEMS), name  # "павел" is a stem


def test_the_list_holds_no_common_word():
    assert AS_WORDS <= GIVEN_NAMES
    assert not (GIVEN_NAMES | OBLIQUE) & NOT_NAME_WORDS
    assert not OBLIQUE & GIVEN_NAMES  # a name's own form is judged as a name ("Александра")
    assert all(name == name.lower() and " " not in name for name in GIVEN_NAMES)


@pytest.mark.parametrize("word, kind", [
    ("Сергей", "name"), ("СЕРГЕЙ", "name"), ("Rustam", "name"), ("Сергею", "declined"), ("Вера", "word"),
    # the region's letters: Kazakh "Нұрлан", "Гүлнара", Tajik "Ҷамшед", "Шуҳрат", in either spelling
    ("Нұрлан", "name"), ("Гүлнара", "name"), ("Ҷамшед", "name"), ("ШУҲРАТ", "name"), ("Қайрат", "name"),
    ("Кайрат", "name"), ("Жұлдыз", "word"), ("Ҷамшеда", "declined"),
    ("Иванов", None), ("клиент", None), ("Веры", None),  # a word-like name is not looked for in other cases
])
def test_kind_of(word, kind):
    assert kind_of(word) == kind
