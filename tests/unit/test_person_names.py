"""Persons' names in the forms that can be recognised without a list of names, and words that are not."""

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from pipelines.lib.person_names import HINT, name_in

NAMES = [
    "Рахимов Рустам Алишерович",  # surname, given name, patronymic
    "РАХИМОВ РУСТАМ АЛИШЕРОВИЧ",
    "Karimova Dilnoza Bakhtiyorovna",
    "Dilnoza Bakhtiyorovna",  # given name and patronymic
    "Сергей Сергеевич",
    "Ян Янович",  # a stem of two letters
    "AA AAOVICH",
    "клиент: Иванова Мария Петровна, повторно",
    "звонить Рахимов Рустам Алишерович вечером",
    "Асан уулу Бакыт",  # Kyrgyz: son of Asan
    "Айгуль Асан кызы",
    "Jasur Odil o'g'li",  # Uzbek, with either apostrophe
    "Jasur Odil oʻgʻli",
    "Dilnoza Bakhtiyor qizi",
    "Асқар Серікұлы",  # Kazakh, one word
    "Рахимов Р.А.",  # surname and initials, either order, with or without spaces
    "Рахимов Р. А.",
    "Р.А. Рахимов",
    "Р.А.Рахимов",
    "R. A. Rakhimov",
    "Rakhimov R.A.",
    "Иванов Т.Е.",  # initials that spell an abbreviation, after a surname
    "P.S. Рахимов Р.А. звонил",  # a name right after an abbreviation
]
NOT_NAMES = [
    "Результат отрицательный", "повторный тест", "Повторный Тест", "клиент вернулся", "ok", "Yours Truly",
    "Направлен в СПИД-центр", "Ул. Абая 10", "Almaty City", "Referred to KAZ", "site ALA-01",
    "P.S. Client returned", "т.е. повторно", "Т.Е. Повторно", "Т.К. Отказ",  # abbreviations before a word
    "условна", "результат условна", "MH25-0001926", "AIАЛ11997", "labour_migrant", "home_remote",
    "Rustam", "Rakhimov Rustam",  # a name alone is not recognisable
]


@pytest.mark.parametrize("text", NAMES)
def test_names(text):
    assert name_in(text)


@pytest.mark.parametrize("text", NOT_NAMES)
def test_not_names(text):
    assert not name_in(text)


def test_the_hint_matches_every_name():
    # the hint narrows columns before name_in looks: a name it missed would never be looked at
    assert pc.all(pc.match_substring_regex(pa.array(NAMES), HINT)).as_py()
    assert not pc.any(pc.match_substring_regex(pa.array(["Rustam", "повторный тест", "ALA-01"]), HINT)).as_py()
