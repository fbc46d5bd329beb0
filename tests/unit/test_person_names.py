"""Persons' names in the forms that can be recognised without a list of names, a surname beside a given name of
the list (``given_names``), and words that are not."""

import pyarrow as pa
import pyarrow.compute as pc
import pytest
from hypothesis import given, settings, strategies as st

from pipelines.lib.countries import country_aliases, country_names
from pipelines.lib.person_names import HINT, NAME_ALONE, cased_words_as_name, name_alone, name_in, names_alone

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
    # in lower case, as notes are typed on a phone (until 2026-12-06 none of these was found): a man's
    # patronymic after any word, a woman's beside a surname
    "клиент иванов иван иванович", "рустам алишерович звонил", "Рустам алишерович", "jasur odilovich",
    "иванова мария петровна", "мария петровна иванова", "Иванова мария петровна, повторно", "ян янович",
    # a surname beside a given name of the list, amid other words, in either order (until 2026-12-08 none of
    # these was found): as written, in capitals, in lower case; hyphened, with an apostrophe, in Latin letters
    "Иванов Сергей, перезвонить", "перезвонить Сергей Иванов", "ИВАНОВ СЕРГЕЙ звонил", "иванов сергей перезвонить",
    "звонила Dilnoza Karimova", "Rakhimov Rustam called back", "Rakhimov Rustam", "Petrova-Vodkina Anna пришла",
    "O'rinboyev Jasur", "Айгерим Сапарова, консультант", "Rahmonzoda Farrukh тест", "Вера Петрова придёт",
    "тест: Асқар Серікбаев", "Серікбаев Серік",
    # and in Russian's other cases, both written as names
    "звонил Иванову Сергею", "встреча с Ивановой Анной", "передать Рахимову Рустаму результат", "у Петровой Марии",
    "для Сергея Иванова", "с Каримовой Дилнозой", "ГКП: Ильину Павлу", "с Рахимовым Рустамом",
    # a given name in the region's own letters, as Kazakh, Tajik and Uzbek write it
    "Нұрлан Серікбаев келді", "Ҷамшед Раҳмонов", "звонила Гүлнара Ахметова", "ШУҲРАТ ТОШЕВ", "Әсел Нұрланова",
]
NOT_NAMES = [
    "Результат отрицательный", "повторный тест", "Повторный Тест", "клиент вернулся", "ok", "Yours Truly",
    "Направлен в СПИД-центр", "Ул. Абая 10", "Almaty City", "Referred to KAZ", "site ALA-01",
    "P.S. Client returned", "т.е. повторно", "Т.Е. Повторно", "Т.К. Отказ",  # abbreviations before a word
    "условна", "результат условна", "MH25-0001926", "AIАЛ11997", "labour_migrant", "home_remote",
    "Rustam", "Rakhimov", "Ким Сергей звонил",  # a given name alone, a surname without a list's given name
    # a given name beside a word that ends as a surname does but is a common word or a place's; a given name
    # that is a word as well ("роза", "роман", "серік" a partner) in lower case; words joined by a hyphen
    "Сергей готов", "результат готов Айгерим", "роза ветров", "консультант Айгерим", "героин Роза", "Киров Сергей",
    "5 тестов Айгерим", "роман Петров", "Kirov Street Anna", "нет анализов, вера", "Иванов-Сергей", "ул. Назарбаева",
    "Ростов Анна", "Мужчина Марина", "тест в г. Конаев Айгерим",
    # a street or "named after" before the words (a place, not a person); other cases in lower case, or of
    # common words
    "тест на ул. Жандосова Айгерим", "пр. Мухтара Ауэзова", "школа им. Абая Кунанбаева", "ул. Назарбаева Сергей",
    "в машине Ивана", "По причине Марии", "звонил иванову сергею", "Сергею",
    # in lower case a woman's patronymic ends as a short adjective does: only beside a surname, and none of the
    # words a common one with a surname's ending
    "мария петровна", "она невиновна", "очень душевна", "результат вполне условна", "причина вполне условна",
    "Мужчина очень виновна", "петрович", "иванович.",
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
    assert not pc.any(pc.match_substring_regex(pa.array(["Tursunov", "повторный тест", "ALA-01"]), HINT)).as_py()
    # a given name of the list (a stem and at most three letters) is a hint only as a word of its own, not
    # inside another ("Joanna", "Сергеевна")
    hinted = pc.match_substring_regex(pa.array(["Rustam", "консультант Айгерим", "Joanna", "Сергеевна"]), HINT)
    assert hinted.to_pylist() == [True, True, False, True]  # the patronymic is a hint of its own
    # a patronymic's ending or a particle inside a word is no hint (until the night of 2026-12-05 it was, and
    # every such note went on to Python)
    inside = ["основная группа", "ежедневная терапия", "из Кызылорды", "Kyzylorda", "Уулучшение", "ОСНОВНАЯ",
              "консультант Т.А. визит 1", "визит (Т. А.)"]  # nor are initials beside no capitalised word
    assert pc.match_substring_regex(pa.array(inside), HINT).to_pylist() == [False] * 8


# a word, what stands between, a patronymic, a particle, a word holding one's letters or initials, what
# follows, and another word: a patronymic or particle ends a word only before something not a letter
_word = st.sampled_from(["Асан", "Jasur", "ИВАНОВ", "Иванов", "R.", "P.S.", "x", "1", "", "Сергей", "сергей", "Вера",
                         "dilnoza", "Иванов-Сергей", "Rustam's", "Сергею", "ул.", "ПАВЛА", "Нұрлан", "ҶАМШЕД",
                         "Ҷамшеду"])
_name_part = st.sampled_from(["Петрович", "петрович", "петровна иванова", "Bakhtiyorovna", "odilovich",
                              "АЛИШЕРОВИЧ", "Серікұлы", "кызы", "Kyzy", "o'g'li",
                              "oʻgʻli", "ұлы", "UULU", "основная", "Кызылорда", "ОВНА", "Р.А.", "Р. А.", "Т.Е.",
                              "Петров", "karimova", "СЕРГЕЕВ", "Petrova-Vodkina", "Ивановой", "Ильину"])
_between = st.sampled_from([" ", "  ", "\t", "\n", "", ",", ".", "-", "'", "ʼ", "(", "5", "а", "Z"])
_texts = st.builds(lambda *parts: "".join(parts), _word, _between, _name_part, _between, _word)


@settings(max_examples=600, deadline=None, derandomize=True)
@given(text=st.one_of(_texts, st.sampled_from(NAMES)))
def test_every_name_name_in_finds_has_the_hint_in_re2(text):
    if name_in(text):
        assert pc.match_substring_regex(pa.array([text]), HINT)[0].as_py(), text


# A surname and a given name, the whole of a cell: Uzbek, Tajik, Kyrgyz, Kazakh, Russian, Ukrainian, Armenian,
# Georgian and Azerbaijani forms, in either order, in capitals, with a patronymic after them
NAMES_ALONE = [
    "Rakhimov Rustam", "Rustam Rakhimov", "РАХИМОВ РУСТАМ", "Иванова Анна", "  Асанов Бакыт  ", "Rahmonzoda Farrukh",
    "Шарипова Нигина", "Petrosyan Armen", "Beridze Giorgi", "Kovalenko Olena Ivanivna", "Aliyev Elvin",
    "Petrova-Vodkina Anna", "O'rinboyev Jasur", "Анна Мария Никитина", "Мамедзаде Эльчин",
]
NOT_NAMES_ALONE = [
    "Rostov Oblast", "Kirov Street", "Republic Of Moldova", "Almaty City", "Медицина Плюс", "Ростов Область",
    "Heroin User", "Walk In", "Peer Outreach", "Self Referral", "HIV POSITIVE", "Kiev City",  # no surname
    "Rustam", "Rakhimov", "rakhimov rustam", "Rakhimov Rustam called back", "звонил Рахимов Рустам",  # not whole
    "Ali Veli Rakhimov Rustam",  # four words
    "НЕТ ДОКУМЕНТОВ", "СПИСОК КЛИЕНТОВ", "Мужчина Мсм", "НЕТ СИМПТОМОВ", "Без Паспортов",  # common words
    "ALA-01", "R31337-00022", "aish11977", "labour_migrant",
]


@pytest.mark.parametrize("text, alone", [(t, True) for t in NAMES_ALONE] + [(t, False) for t in NOT_NAMES_ALONE])
def test_names_alone(text, alone):
    assert name_alone(text) is alone


def test_no_country_name_is_taken_for_a_name():
    # a country's name beside a given name is not a person's ("Сент-Люсия", "Сан-Марино")
    names = set(country_aliases()) | {n for by_language in country_names().values() for n in by_language.values()}
    assert [n for n in names if name_in(n)] == []


def test_no_country_name_is_taken_for_a_name_alone():
    # country_of_origin takes English and Russian names; "Остров Мэн" and "Republic Of Moldova" end as
    # surnames do
    names = set(country_aliases()) | {n for by_language in country_names().values() for n in by_language.values()}
    assert len(names) > 1000
    assert [n for n in names if name_alone(n)] == []


def test_the_shape_in_re2_matches_every_name_alone():
    # RE2 (pyarrow) narrows columns by the same pattern before name_alone looks
    assert pc.all(pc.match_substring_regex(pa.array(NAMES_ALONE), NAME_ALONE)).as_py()


@pytest.mark.parametrize("values, expected", [
    (["Rakhimov Rustam", " Rakhimov Rustam ", "Иванова Анна", "ok"], ["Rakhimov Rustam", "Иванова Анна"]),
    (["Rakhimov Rustam", "ok"], ["Rakhimov Rustam"]),  # half
    (["Rakhimov Rustam", "", None, "  "], ["Rakhimov Rustam"]),  # empty cells do not count
    (["Rakhimov Rustam", "ok", "seen"], []),  # fewer than half
    (["НЕТ ДОКУМЕНТОВ", "Rostov Oblast"], []),
    ([], []),
])
def test_a_column_is_taken_for_names_when_most_values_are(values, expected):
    assert names_alone(pa.array(values, pa.string())) == expected


@pytest.mark.parametrize("text, expected", [
    # names with none of the surname endings (Korean, Chinese, Afghan, Pakistani), in a cell where words do
    # not belong
    ("Ким Сергей", True), ("Пак Виктор", True), ("Li Wei", True), ("Zhang Min", True), ("Ayesha Khan", True),
    ("Ahmad Shah Noorzai", True), ("KIM SERGEY", True), ("Ким С.", True), ("Ким С.А.", True), ("С. Ким", True),
    ("S. A. Kim", True), (" Ли Вэй ", True), ("Nur-Sultan Abai", True),
    # placeholders for a missing code, common words, codes with a space, four words, lower case, one word
    ("НЕТ ДАННЫХ", False), ("Не указан", False), ("NO UIC", False), ("Unknown Client", False),
    ("Аноним Отказ", False), ("СПИСОК КЛИЕНТОВ", False), ("AIBU 11990", False), ("ALA 01", False),
    ("Ким Сергей 2025", False), ("Ahmad Shah Noorzai Khan", False), ("ким сергей", False), ("Сергей", False),
    ("С.А.", False),
])
def test_cased_words_as_name(text, expected):
    assert cased_words_as_name(text) is expected
