"""Persons' names in text, in the forms that can be told apart from other words without a list of names: a given name
and a patronymic (the Russian form of a full name, ``Рахимов Рустам Алишерович``, ``Dilnoza Bakhtiyorovna``; in
lower case, as notes are typed on a phone, ``рахимов рустам алишерович``), a Kyrgyz, Kazakh or Uzbek patronymic
(``Асан уулу``, ``Айгуль Асан кызы``, ``Jasur Odil o'g'li``) and a surname with two initials (``Рахимов Р.А.``,
``R. A. Rakhimov``). A surname and a given name without a patronymic (``Rakhimov Rustam``) are recognised as a value's
whole, whatever the given name (``name_alone``): two or three words written as names, one of them with a surname's
ending (``-ов``, ``-ova``, ``-zoda``, ...) and none a place's or a common word; amid other words they look like any
other pair of words (``Kirov Street``) unless the given name is on a list (below), and one such value among notes
may be a heading in capitals (``НЕТ ДОКУМЕНТОВ``), so a column outside the contract is taken for names when most of
its values are (``names_alone``). Amid other words a surname is a name beside a given name of a list
(``given_names``: ``Иванов Сергей, перезвонить``, ``звонила Dilnoza Karimova``).
"""

from __future__ import annotations

import re

import pyarrow as pa

from pipelines.lib.column_shapes import mostly_of_shape
from pipelines.lib.given_names import FOLD, STEMS, kind_of

UPPER = "A-ZА-ЯЁЎҚҒҲӘІҢӨҰҮҺӢӮҶ"  # Latin, Russian, Kazakh, Uzbek, Kyrgyz and Tajik capitals
LOWER = "a-zа-яёўқғҳәіңөұүһӣӯҷ"
APOSTROPHES = "'ʻʼ’‘`"
_APART = rf"(?<![{UPPER}{LOWER}])"  # not inside a word
# a character that is not a letter: a word's edge where RE2, without look-around and with a word boundary
# that knows Latin alone, needs one (the address, date-of-birth and phone-word rules)
NOT_A_LETTER = f"[^{UPPER}{LOWER}]"
_ENDS = rf"(?![{UPPER}{LOWER}{APOSTROPHES}])"
# a word written as a name is: capitalised or in capitals
_CASED = rf"(?:[{UPPER}][{LOWER}{APOSTROPHES}]+|[{UPPER}]{{2,}})"
# a stem of two letters is enough ("Янович"); Kazakh patronymics are often one word ("Серікұлы", "Серікқызы")
_SUFFIXES = ("ович", "евич", "овна", "евна", "ovich", "evich", "ovna", "evna", "ұлы", "қызы")
_PATRONYMIC = (rf"(?:[{UPPER}][{LOWER}]+(?:{'|'.join(_SUFFIXES)})"
               rf"|[{UPPER}]{{2,}}(?:{'|'.join(s.upper() for s in _SUFFIXES)}))")
# "son of" and "daughter of" after the father's name, in Cyrillic and Latin spellings
_A = f"[{APOSTROPHES}]?"
_PARTICLES = ("уулу", "кызы", "қызы", "ұлы", "угли", "ўғли", "оглы", "огли", "қизи", "кизи",
              f"o{_A}g{_A}li", "ugli", "qizi", "kizi", "uulu", "kyzy", "qyzy")
_PARTICLE = f"(?i:{'|'.join(_PARTICLES)})"
_INITIALS = rf"[{UPPER}]\.\s?[{UPPER}]\."
# A surname by its ending after a stem of three letters or more: the Russian, Central Asian, Ukrainian, Armenian
# and Georgian forms migrants here carry. Not "-in"/"-ina" in Latin letters ("Heroin", "China"), nor "-ский"
# ("Российская Федерация").
_ENDINGS = ("ов", "ова", "ев", "ева", "ёв", "ёва", "ин", "ина", "ын", "ына", "зода", "заде", "енко", "ян", "швили",
            "дзе", "ov", "ova", "ev", "eva", "yov", "yova", "zoda", "zade", "zada", "enko", "yan", "shvili", "dze")
# A name typed in lower case, as notes are on a phone ("клиент иванов иван иванович"): a Russian man's
# patronymic after any word, as no other word ends so but a tale's "царевич"; a woman's only beside a word
# with a surname's ending, as short adjectives end as hers do ("результат условна", "виновна", "душевна"), and
# none of them a common word with that ending ("причина вполне условна")
_MANS = "ович|евич|ovich|evich"
_WOMANS = "овна|евна|ovna|evna"
_LOWER_SURNAME = rf"[{UPPER}{LOWER}][{LOWER}]{{2,}}(?:{'|'.join(_ENDINGS)})"  # as the patronymic, or capitalised
_LOWER_WORD = rf"[{UPPER}{LOWER}][{LOWER}]+"
_LOWER_FULL = (rf"(?P<lower>{_APART}{_LOWER_WORD}\s+[{LOWER}]{{2,}}(?:{_MANS}){_ENDS}"
               rf"|{_APART}{_LOWER_SURNAME}\s+{_LOWER_WORD}\s+[{LOWER}]{{2,}}(?:{_WOMANS}){_ENDS}"
               rf"|{_APART}{_LOWER_WORD}\s+[{LOWER}]{{2,}}(?:{_WOMANS})\s+{_LOWER_SURNAME}{_ENDS})")
_FULL_NAME = re.compile(
    rf"{_APART}{_CASED}\s+{_PATRONYMIC}{_ENDS}"
    rf"|{_APART}{_CASED}\s+{_PARTICLE}{_ENDS}"
    rf"|{_LOWER_FULL}"
    rf"|{_APART}[{UPPER}][{LOWER}]+\s+{_INITIALS}"
    rf"|{_APART}(?P<initials_first>{_INITIALS})\s?[{UPPER}][{LOWER}]+{_ENDS}")
# two capitals with dots that are not initials when a word follows
_ABBREVIATIONS = {"PS", "NB", "US", "UK", "EU", "AM", "PM", "IE", "EG", "ТЕ", "ТК", "ТД", "ТП", "РК", "РФ"}
# What every name above contains (RE2, for pyarrow): narrows a column before it is searched in Python. A
# patronymic's ending or a particle where a word ends, a particle after a space: not inside a word, as in
# "основная", "ежедневная", "Кызылорда"; initials beside a capitalised word, not a counsellor's initials
# after a lower-case one ("консультант Т.А."). Such notes went to Python one by one. Property-tested
# against ``name_in``; the text is read plainly first (``typed_text``), so every white space is a space.
_WORD_ENDS = rf"(?:$|[^{UPPER}{LOWER}{APOSTROPHES}])"
# A given name of the list as a word, in any case ("Сергей", "Сергею": ``_surname_beside_given``), is a stem
# and at most three letters; letters alone bound it, as an apostrophe may end a word ("Сергей'") that Python's
# words do not end with. Each letter the region's alphabets spell otherwise stands for either spelling
# (``given_names.FOLD``: "Нұрлан", "Ҷамшед")
_SPELLED = {"а": "[аә]", "г": "[гғ]", "к": "[кқ]", "н": "[нң]", "о": "[оө]", "у": "[уұүўӯ]", "х": "[хһҳ]",
            "и": "[иіӣ]"}


def _either_spelling(stem: str) -> str:
    folded = stem.translate(FOLD)
    return "".join(_SPELLED.get(c, c) for c in folded).replace("дж", "(?:дж|ҷ)")


_GIVEN_HINT = (rf"(?:^|[^{UPPER}{LOWER}])(?i:{'|'.join(sorted({_either_spelling(s) for s in STEMS}))})"
               rf"[{UPPER}{LOWER}]{{0,3}}(?:$|[^{UPPER}{LOWER}])")
# Without the list: Arrow compiles a pattern at each call, ~3 ms longer with the list. A pattern that lets white
# space through anyway (a contract cell's, an id's) has no need of it, as a surname and a given name have
# white space between
LISTLESS_HINT = (f"(?i:{'|'.join(_SUFFIXES)}){_WORD_ENDS}|\\s(?i:{'|'.join(_PARTICLES)}){_WORD_ENDS}"
                 rf"|[{UPPER}][{LOWER}]+\s+{_INITIALS}|{_INITIALS}\s?[{UPPER}][{LOWER}]")
HINT = f"{LISTLESS_HINT}|{_GIVEN_HINT}"


_WORD = rf"(?:[{UPPER}][{LOWER}{APOSTROPHES}]+|[{UPPER}]{{2,}})(?:-(?:[{UPPER}][{LOWER}]+|[{UPPER}]{{2,}}))?"
_SURNAME = (rf"(?:(?:[{UPPER}][{LOWER}{APOSTROPHES}]{{2,}}(?:{'|'.join(_ENDINGS)})"
            rf"|[{UPPER}]{{3,}}(?:{'|'.join(e.upper() for e in _ENDINGS)}))(?:-{_WORD})?)")
# two or three words, one a surname (RE2 too, for pyarrow): the whole of a cell, spaces around it
NAME_ALONE = (rf"^\s*(?:{_WORD}\s+{_SURNAME}|{_SURNAME}\s+{_WORD}|{_WORD}\s+{_WORD}\s+{_SURNAME}"
              rf"|{_WORD}\s+{_SURNAME}\s+{_WORD}|{_SURNAME}\s+{_WORD}\s+{_WORD})\s*$")
_NAME_ALONE = re.compile(NAME_ALONE)
# words of places and organisations ("Rostov Oblast", "Kirov Street", "Медицина Плюс"), places whose name has
# a surname's ending, and the common words of these sheets that have one, in headings and notes written in
# capitals ("НЕТ ДОКУМЕНТОВ", "СПИСОК КЛИЕНТОВ", "МУЖЧИНА")
NOT_NAME_WORDS = {
    "oblast", "region", "city", "district", "street", "avenue", "centre", "center", "clinic", "hospital", "fund",
    "plus", "ngo", "aids", "republic", "island", "islands", "область", "обл", "район", "город", "улица", "ул",
    "проспект", "центр", "фонд", "больница", "клиника", "спид", "республика", "плюс", "остров", "острова",
    "moldova", "rostov", "kirov", "saratov", "kharkov", "pskov", "tambov", "lvov", "kishinev", "молдова",
    "ростов", "киров", "саратов", "харьков", "псков", "тамбов", "львов", "кишинев", "кишинёв",
    "документов", "тестов", "клиентов", "анализов", "результатов", "мигрантов", "пациентов", "контактов",
    "партнеров", "партнёров", "участников", "консультантов", "сотрудников", "волонтеров", "волонтёров",
    "работников", "презервативов", "шприцев", "месяцев", "случаев", "отказов", "визитов", "файлов", "столбцов",
    "часов", "годов", "родов", "врачей", "мужчина", "женщина", "мужчин", "женщин", "причина", "медицина",
    "вакцина", "половина", "середина", "картина", "машина", "отчетов", "отчётов", "регионов",
    "районов", "городов", "центров", "пунктов", "кабинетов", "симптомов", "препаратов", "паспортов",
    "родственников", "рисков", "вопросов", "ответов", "договоров", "штрафов", "налогов", "уроков", "шагов",
    # and as codes are typed in words ("Потребители Наркотиков", "Гражданин РК", "Bez Dokumentov")
    "наркотиков", "гражданин", "narkotikov", "dokumentov", "grazhdanin", "migrantov", "patentov", "патентов",
    # and words with a surname's ending that may stand beside a given name ("Сергей готов", "героин Роза")
    "готов", "готова", "здоров", "здорова", "нездоров", "нездорова", "таков", "такова", "каков", "какова",
    "голова", "основа", "дешев", "дешева", "дешёв", "дешёва", "героин", "кокаин", "морфин", "бупренорфин",
    "магазин", "господин", "бензин", "карантин", "витамин", "инсулин", "аспирин", "глубина", "вершина",
    "конаев", "қонаев", "konaev", "qonaev",  # a city near Almaty ("г. Конаев Айгерим")
}


def name_alone(text: str) -> bool:
    """The whole of ``text`` is a person's name without a patronymic: two or three words written as names,
    one of them with a surname's ending, none a place's or a common word (``Rakhimov Rustam``, ``ИВАНОВА АННА``)."""
    return bool(_NAME_ALONE.fullmatch(text)) and not _common_word_in(text)


def _common_word_in(text: str, others: frozenset[str] | set[str] = frozenset()) -> bool:
    """A word of ``text`` is a place's or a common word of these sheets (``NOT_NAME_WORDS``), or one of
    ``others``, in any case."""
    words = set(re.split(r"[\s.-]+", text.strip().lower()))
    return bool(words & NOT_NAME_WORDS or words & others)


def name_alone_in_any_case(text: str) -> bool:
    """``name_alone`` as written or capitalised ("rakhimov rustam"): where words do not belong (an id, a
    file's whole name) a pair of words is a name in any case. Capitalising alone would miss "O'rinboyev"
    (``str.title`` writes "O'Rinboyev")."""
    return name_alone(text) or name_alone(text.title())


def heading_withheld(name: str) -> bool:
    """A heading that, capitalised, is a person's name alone (``name_alone``) is never shown
    (in a reason, in the note of ignored columns): the column is named by its place. The readers give
    headings in lower case, and then "наличие признаков" looks as "рахимов рустам" does, so such a heading
    does not refuse its file; a column of names under it does, by its values."""
    return name_alone(name.title())


def names_alone(col: pa.Array) -> list[str]:
    """A column's distinct values (trimmed) that are names alone (``name_alone``), when at least half of its
    non-empty values are; else none."""
    return mostly_of_shape(col, NAME_ALONE, name_alone)


def name_in(text: str) -> bool:
    """Text holds a person's name in one of the forms above."""
    m = _FULL_NAME.search(text)
    while m:
        # "P.S. Client", "Т.Е. Повторно"; after a surname two capitals are initials ("Иванов Т.Е.")
        initials, lower = m.group("initials_first"), m.group("lower")
        if lower is not None:
            if not _common_word_in(lower):
                return True
        elif initials is None or re.sub(r"[.\s]", "", initials) not in _ABBREVIATIONS:
            return True
        m = _FULL_NAME.search(text, m.start() + 1)  # the word after the abbreviation may begin a name
    return _surname_beside_given(text)


# a word, apostrophes within it ("O'rinboyev") and its hyphened parts ("Petrova-Vodkina") with it
_TOKEN = re.compile(rf"[{UPPER}{LOWER}](?:[{UPPER}{LOWER}{APOSTROPHES}]*[{UPPER}{LOWER}])?(?:-[{UPPER}{LOWER}]+)*")
_SURNAME_IN_LOWER = re.compile(rf"[{LOWER}][{LOWER}{APOSTROPHES}]{{2,}}(?:{'|'.join(_ENDINGS)})(?:-[{LOWER}]+)?")


def _written(word: str) -> str | None:
    """How ``word`` is written: "name" (each hyphened part capitalised or in capitals), "lower", else None
    ("iPhone", "McDonald")."""
    if word.islower():
        return "lower"
    as_name = all(p[:1].isupper() and (p[1:].islower() or p.isupper() or len(p) == 1) for p in word.split("-"))
    return "name" if as_name else None


# a surname in Russian's other cases ("Иванову", "Ивановой", "Петровым", "Ильине")
_SURNAME_DECLINED = re.compile(rf"[{LOWER}]{{3,}}(?:ов|ев|ёв|ин|ын)(?:а|у|ым|е|ой)(?:-[{LOWER}]+)?")
# the words of a street or of "named after" before a person's name ("ул. Жандосова Айгерим", "пр. Мухтара
# Ауэзова", "школа им. Абая"): a place, not a person
_PLACE_NAMED = {"ул", "улица", "пр", "просп", "проспект", "пер", "переулок", "мкр", "мкрн", "микрорайон", "б-р",
                "бульвар", "шоссе", "им", "имени", "street", "str", "avenue", "ave"}
# common words in the other cases that end as a surname does there ("в машине", "по причине", "на основе")
_DECLINED_WORDS = {
    "основе", "основу", "основой", "голове", "голову", "головой", "готовым", "готовой", "столовой", "причине",
    "причину", "причиной", "машине", "машину", "машиной", "половине", "половину", "половиной", "мужчине",
    "мужчину", "мужчиной", "женщине", "медицине", "магазине", "магазину", "карантине", "ростове", "кирове",
    "саратове", "пскове", "тамбове", "кишиневе", "кишинёве", "конаеве", "здоровым", "здоровой",
}


def _surname_and_given(surname: str, given: str) -> bool:
    """``surname`` has a surname's ending and ``given`` is a given name of the list (``given_names``), neither
    a common word, both written as names or in lower case; a given name that is a word as well ("Вера",
    "Роман") only where both are written as names. In Russian's other cases ("Иванову Сергею", "с Ивановой
    Анной") both must be written as names."""
    low_surname, low_given, kind = surname.lower(), given.lower(), kind_of(given)
    shapes = {_written(surname), _written(given)}
    if kind in ("name", "word"):
        found = (bool(_SURNAME_IN_LOWER.fullmatch(low_surname)) and None not in shapes
                 and (kind == "name" or shapes == {"name"}))
    else:
        found = (kind == "declined" and shapes == {"name"} and low_surname not in _DECLINED_WORDS
                 and bool(_SURNAME_DECLINED.fullmatch(low_surname) or _SURNAME_IN_LOWER.fullmatch(low_surname)))
    return found and not _common_word_in(f"{low_surname} {low_given}")


def _surname_beside_given(text: str) -> bool:
    """Two words with only white space between them, a surname and a given name in either order
    (``_surname_and_given``): "Иванов Сергей, перезвонить", "звонила Dilnoza Karimova"."""
    words = list(_TOKEN.finditer(text))
    for before, a, b in zip([None, *words], words, words[1:]):
        if before is not None and before.group().lower() in _PLACE_NAMED:
            continue
        if text[a.end():b.start()].isspace() and (_surname_and_given(a.group(), b.group())
                                                  or _surname_and_given(b.group(), a.group())):
            return True
    return False


# Where words do not belong (record_id, client_uic, site_code), a name need not have a surname's ending: Korean, Chinese,
# Afghan or Pakistani names have none ("Ким Сергей", "Li Wei", "Ahmad Shah Noorzai"). There two or three words
# written as names, or a word and initials ("Ким С.", "S. A. Kim"), are taken for one, unless a word is a common
# word or one of the placeholders typed for a missing code ("НЕТ ДАННЫХ", "Не указан", "NO UIC") or a word of a
# site's name ("Almaty Mobile").
_PLACEHOLDERS = {
    "нет", "не", "нету", "данных", "указан", "указано", "известно", "неизвестно", "неизвестен", "аноним",
    "анонимно", "отказ", "клиент", "тест", "код", "кода", "без", "уик", "no", "not", "none", "null", "unknown",
    "anonymous", "client", "test", "uic", "id", "code", "missing", "given", "refused", "na", "n",
    # and the words of a site's name ("Almaty Mobile", "Шымкент Выезд")
    "mobile", "unit", "site", "team", "office", "outreach", "point", "van", "мобильный", "мобильная", "пункт",
    "офис", "выезд", "выездной", "выездная", "точка", "команда", "бригада", "кабинет",
}
_ONE_INITIAL = rf"[{UPPER}]\."
_CASED_WORDS = re.compile(
    rf"\s*(?:{_WORD}(?:\s+{_WORD}){{1,2}}"
    rf"|{_WORD}\s+{_ONE_INITIAL}(?:\s?{_ONE_INITIAL})?"
    rf"|{_ONE_INITIAL}(?:\s?{_ONE_INITIAL})?\s*{_WORD})\s*")


def cased_words_as_name(text: str) -> bool:
    """In a cell where words do not belong: two or three words written as names, or a word with one or two
    initials, none of them a common word or a placeholder (``_PLACEHOLDERS``)."""
    return bool(_CASED_WORDS.fullmatch(text)) and not _common_word_in(text, _PLACEHOLDERS)
