"""The RE2 form of "begins with a date" (``DATED``, by which pyarrow sets ids aside) says what Python's
``without_dates`` does at a text's start: a text it matches loses its start to "_" (so, judged whole, is
never a phone), and every text whose start ``without_dates`` takes is matched (none is set aside unseen),
but one that begins with "(" (a copy counter: no phone's whole shape begins so) or with "_" itself. And
the RE2 form of digits alone that are not dialled as a mobile (``NOT_DIALLED``) says which are never a phone
as a contract cell judged whole; and every text in which ``phone_in`` finds a phone has ten digits with a
phone's separators between them or the groups of a number written at home in Uzbekistan or Tajikistan
(``PHONE_HINT``, by which notes are narrowed before Python looks)."""

import re

import pyarrow as pa
import pyarrow.compute as pc
import pytest
from hypothesis import given, settings, strategies as st

from pipelines.lib.phone_numbers import (DATED, NOT_DIALLED, PHONE, PHONE_HINT, TEN_DIGITS, NUMBERED, is_phone,
                                         phone_in, without_dates)

_sep = st.sampled_from(["", "-", ".", "_", " ", "/"])
_digits = st.text("0123456789", min_size=1, max_size=8)
# texts built around dates (a year, month and day in either order, valid or not), then a time or digits
_rest = st.one_of(st.just(""), st.builds(lambda s, t: s + t, st.sampled_from(["", "-", " ", "T", "_", "a", "٣"]),
                                          _digits))


def _date(y: str, m: str, d: str, s1: str, s2: str | None, rest: str, day_first: bool) -> str:
    s2 = s1 if s2 is None else s2  # mostly alike, as a date's two separators are
    return (f"{d}{s1}{m}{s2}{y}" if day_first else f"{y}{s1}{m}{s2}{d}") + rest


dated = st.builds(_date, st.sampled_from(["2025", "1999", "2130", "1899"]),
                  st.sampled_from(["07", "12", "13", "00", "7"]), st.sampled_from(["15", "31", "32", "00", ""]),
                  _sep, st.one_of(st.none(), _sep), _rest, st.booleans())
texts = st.one_of(dated, st.text("0123456789-._ :Thm+a٣", max_size=20)).filter(lambda t: t[:1] not in ("_", "("))


@settings(max_examples=400, deadline=None, derandomize=True)
@given(text=texts)
def test_dated_in_re2_is_what_without_dates_takes_at_the_start(text):
    in_re2 = pc.match_substring_regex(pa.array([text]), DATED)[0].as_py()
    assert in_re2 == without_dates(text).startswith("_"), text


def test_examples():
    matched = pc.match_substring_regex(pa.array(["2025-07-000123", "20250315-0001", "15.07.2025", "2025-07",
                                                 "87015554321", "2025071", "20250715123", "+7 701",
                                                 "2025 07 15", "20250715\u0663"]), DATED)  # an Arabic-Indic 3
    assert matched.to_pylist() == [True, True, True, True, False, False, False, False, True, False]


def _phone_whole(cell: str) -> bool:  # how a contract cell judged whole is taken for a phone
    cell = without_dates(cell)
    return bool(re.fullmatch(PHONE, cell)) and is_phone(cell)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(digits=st.one_of(st.text("0123456789", min_size=1, max_size=16),
                        st.builds(lambda a, b: a + b, st.sampled_from("0123456789"),
                                  st.text("0123456789", min_size=10, max_size=10))))  # eleven, often
def test_digits_not_dialled_in_re2_are_never_a_phone_whole(digits):
    not_dialled = pc.match_substring_regex(pa.array([digits]), NOT_DIALLED)[0].as_py()
    assert not_dialled != _phone_whole(digits), digits


_year = st.sampled_from(["2025", "1999", "2031", "1900", "2099", "2125"])
_numbered = st.one_of(
    st.builds(lambda y, s, rest: y + s + rest, _year, st.sampled_from(["-", ".", " ", "", "/"]),
              st.text("0123456789-. ()", max_size=14)),
    st.builds(lambda serial, s, y: serial + s + y, st.text("0123456789", min_size=5, max_size=8),
              st.sampled_from(["-", ".", " "]), _year))


@settings(max_examples=400, deadline=None, derandomize=True)
@given(text=_numbered)
def test_ids_numbered_from_a_year_or_with_it_in_re2_are_never_a_phone_whole(text):
    if pc.match_substring_regex(pa.array([text]), NUMBERED)[0].as_py():
        assert not _phone_whole(text), text


@pytest.mark.parametrize("run, phone", [
    # ids numbered from a year on or a serial then the year: dialled nowhere (until 2026-12-06 phones)
    ("2025-000123", False), ("1999-123456", False), ("2025-0001234", False), ("2025 123 45 67", False),
    ("000123-2025", False), ("123456-2025", False), ("012345-2025", False), ("0123456-2025", False),
    ("25-00012345", False), ("12345-67890", False),
    # what is dialled: with a "+", a year's digits elsewhere, ten digits beginning 0 and another, 3-9
    ("+2025-000123", True), ("701-555-2025", True), ("8 701 555 2025", True), ("0555-123-456", True),
    ("495-123-45-67", True), ("5555 12 34 56", True), ("98765 43210", True), ("62345 67890", True),
    ("00 992 93 123 45 67", True), ("8 (20) 123-45-67", True), ("070 123 2025", True), ("0312-122025", True),
    # an IP address is four groups of at most 255 (until 2026-12-06 "192.168.100.200" was a phone)
    ("192.168.100.200", False), ("10.120.130.140", False), ("701.555.43.21", True), ("8.701.555.43.21", True),
    ("255.255.255.256", True),
])
def test_what_no_one_dials_without_a_plus(run, phone):
    assert is_phone(run) is phone
    assert phone_in(f"см. {run}") is phone


# free text: digits in a phone's groups and separators, dates and times beside them, and other signs
_piece = st.one_of(st.text("0123456789", min_size=1, max_size=4), st.sampled_from([" ", "-", ".", "(", ")", "+", ":", "/",
                                                                                   "2025-03-01", "15.07.2025", "12:30",
                                                                                   "(2)", "+7 ", "8", "a", "тел",
                                                                                   "Тел.: ", "whatsapp", "T", "h",
                                                                                   "2025-03-01T12:30", "15.07.2025 ",
                                                                                   "1234567", "901234567"]))


# and digits in groups of the sizes of a number written at home in Uzbekistan and Tajikistan and near them,
# separated by what separates a phone's groups or not, the first group bracketed or not, amid such pieces
_sizes = st.sampled_from([(2, 3, 2, 2), (2, 3, 4), (2, 3, 2), (3, 3, 3), (2, 2, 3, 2), (2, 3, 2, 3), (1, 3, 2, 2),
                          (3, 2, 2, 2), (3, 2, 2), (3, 2, 2, 3), (4, 2, 2, 2)])
_grouped = st.builds(
    lambda sizes, digits, seps, bracket: "".join(
        (f"({g})" if bracket and i == 0 else g) + (seps[i] if i < len(sizes) - 1 else "")
        for i, g in enumerate(digits[sum(sizes[:i]):sum(sizes[:i + 1])] for i in range(len(sizes)))),
    _sizes, st.text("0123456789", min_size=12, max_size=12),
    st.lists(st.sampled_from([" ", "-", "", "  ", ".", " - "]), min_size=4, max_size=4), st.booleans())


@settings(max_examples=800, deadline=None, derandomize=True)
@given(text=st.lists(st.one_of(_piece, _grouped), max_size=10).map("".join))
def test_every_phone_phone_in_finds_has_the_hint_in_re2(text):
    if phone_in(text):
        assert pc.match_substring_regex(pa.array([text]), PHONE_HINT)[0].as_py(), text


@pytest.mark.parametrize("text, found", [
    # a number as written at home in Uzbekistan or Tajikistan, nine digits (until the night of 2026-12-05
    # only with its country code, "+998 90 123 45 67", was it one)
    ("тел 90 123 45 67", True), ("(93) 123-45-67", True), ("(93)123-45-67", True), ("мама: 92 123 4567", True),
    ("брат 91-123-45-67, звонить вечером", True),
    ("мама 555 12 34 56", True), ("(700) 12-34-56", True),  # Kyrgyz, without the trunk 0 (0555 12 34 56: ten)
    # money and counts by threes, other digits beside it, nine digits alone, dates
    ("1 500 000 копий", False), ("123 456 789", False), ("901234567", False), ("12 345", False),
    ("12 345 67", False), ("тел.90 123 45 67", True), ("555 12 34", False), ("5555 12 34 56", True),
    ("90 123 45 678", True), ("90 123 45 67 89 00 11", True),  # ten digits and more: the rule of ten
    ("seen 2025-03-01 12:30, 12 03 2025", False), ("визит 3, 15 07 2025", False),
])
def test_nine_digits_as_written_at_home(text, found):
    assert phone_in(text) is found


@pytest.mark.parametrize("text, found", [
    # seven digits or more after a phone's or a messenger's word, however grouped (until 2026-12-06 a number
    # at home typed without its groups, or a city's, was not one)
    ("тел 901234567", True), ("Тел.: 2501234", True), ("whatsapp 0555123456", True), ("моб. 93 1234567", True),
    ("звонить 901234567", True), ("cell: 901-23-45", True), ("ТЕЛ901234567", True),
    # "номер" is not such a word; a short number, a date, letters between, a word inside another are not
    ("номер теста 1234567", False), ("тел 2 раза", False), ("моб. пункт 1234567", False), ("tel. 12345", False),
    ("тел 2025-03-01", False), ("тел. 15.07.2025 не отвечал", False), ("hotel 1234567", False),
    ("CD4 cells 1234567", False), ("тест 1234567", False),
])
def test_a_number_after_a_phones_word(text, found):
    assert phone_in(text) is found


@pytest.mark.parametrize("text, found", [
    # the contract's own record_ids, written on from a letter: an id's serial (until 2026-12-07 a phone)
    ("R31337-00022", False), ("index case R31337-00022", False), ("ALA01-2507-00001", False),
    ("см. R3133700022, AB31337-000", False), ("Ш31337 00022", False),
    # the same digits apart from a letter, or a "+": a phone, as before
    ("31337-00022", True), ("R 31337-00022", True), ("R-31337-00022", True), ("R+7 701 555 43 21", True),
    # digits as dialled at home stay a phone however written: eleven from 7 or 8, ten from 7, 9 or 0
    ("Rustam87015554321", True), ("Rustam8-701-555-43-21", True), ("ID7015554321", True),
    ("Ж9161234567", True), ("AB0555123456", True), ("тел87015554321", True), ("ТЕЛ901234567", True),
    ("R31337-00022 +7 701 555 43 21", True), ("R31337-00022, 8 701 555 43 21", True),
])
def test_a_run_written_on_from_a_letter_is_an_ids_serial_unless_dialled_at_home(text, found):
    assert phone_in(text) is found


def test_dates_alone_have_not_ten_digits():
    texts = ["повторно 2025-03-01 #123", "seen 12.03.2025, 13.03.2025", "+7 701 555 43 21", "87015554321"]
    assert pc.match_substring_regex(pa.array(texts), TEN_DIGITS).to_pylist() == [False, False, True, True]
