"""Phone numbers in text, as written in Kazakhstan, Russia and Central Asia, and what only looks like one
(dates, times, copy counters) taken out first."""

from __future__ import annotations

import re

from pipelines.lib.person_names import LOWER, NOT_A_LETTER, UPPER

# digits with spaces, hyphens and brackets, or in groups of one to four between dots ("701.555.43.21")
PHONE = r"(?:\+?[0-9][0-9 ()\-]{8,18}[0-9]|\+?[0-9]{1,4}(?:\.[0-9]{1,4}){2,5})"

# What is taken out of a text before it is searched for a phone number: dates and times ("2025-07-15",
# "20250715 123045", "15.07.2025 12:30") and copy counters ("(2)"), whose digits would look like one.
_YEAR, _MONTH, _DAY = r"(?:19|20)\d{2}", r"(?:0[1-9]|1[0-2])", r"(?:0[1-9]|[12]\d|3[01])"
_DATE = (rf"{_YEAR}(?P<s1>[-._ ]?){_MONTH}(?P=s1){_DAY}"  # 2025-07-15, 20250715, 2025 07 15
         rf"|{_DAY}(?P<s2>[-._ ]){_MONTH}(?P=s2){_YEAR}"  # 15.07.2025
         rf"|{_YEAR}[-._ ]{_MONTH}")  # 2025-07
_TIME = r"(?:[ T_-]?(?:[01]\d|2[0-3])[-:.h]?[0-5]\d(?:[-:.m]?[0-5]\d)?)?"  # 1230, 12-30-45 after a date
# A copy counter "(2)" stands apart from other digits: "(701)" after "+7 " or before " 555-43-21" is the
# area code of a phone number ("+7 (701) 555-43-21", "(701) 555-43-21"), which taking it out would hide.
COUNTER = r"(?<![\d+])(?<![\d+][ \-])\(\d{1,3}\)(?![ \-]?\d)"
_NOT_A_PHONE = re.compile(rf"(?<!\d)(?:(?:{_DATE}){_TIME}|{COUNTER})(?!\d)")
# A text that begins with one of those dates (and a time), in RE2 for pyarrow: each separator written out
# for the back-reference, "not a digit" for the look-ahead. ``without_dates`` puts "_" first in such a
# text, so a cell judged whole ("2025-07-000123", an id from a date on) is never a phone: a part's ids
# of that form need not be judged one by one in Python (~1.6 s a 250k-row part).
_SEPARATORS = ("", "-", ".", "_", " ")
DATED = ("^(?:" + "|".join([f"{_YEAR}{re.escape(s)}{_MONTH}{re.escape(s)}{_DAY}" for s in _SEPARATORS]
                           + [f"{_DAY}{re.escape(s)}{_MONTH}{re.escape(s)}{_YEAR}" for s in _SEPARATORS[1:]]
                           + [rf"{_YEAR}[-._ ]{_MONTH}"])
         + rf"){_TIME}(?:$|\P{{Nd}})")
_PHONE_RUN = re.compile(rf"(?<![0-9+]){PHONE}(?!\d)")
# What every phone ``phone_in`` finds holds (RE2): ten digits with only a phone's separators between them.
# ``without_dates`` only cuts runs, so the run it finds is the text's own. A date ("2025-03-01", eight
# digits) has not, so notes with dates need not be searched one by one in Python (~4 s a 250k-row part).
TEN_DIGITS = r"[0-9](?:[ ()\-.]*[0-9]){9}"


# What no one dials without a "+": ids numbered from a year on or a serial then the year ("2025-000123",
# "0123456-2025": until 2026-12-06 every file of such ids was refused as holding phone numbers; no phone's
# groups are a year first or six or seven digits before the last), and ten digits that begin 1, 2 or 00 (no
# numbering plan migrants here come from has such a national number; one after 00 is longer). The ids'
# forms in RE2 too (``NUMBERED``), by which a part's ids of such a scheme are set aside.
_NUMBERED = rf"{_YEAR}[ .\-]|[0-9]{{6,7}}-{_YEAR}$"
NUMBERED = f"^(?:{_NUMBERED})"


def _is_ip_address(run: str) -> bool:
    groups = run.split(".")
    return len(groups) == 4 and all(re.fullmatch(r"[0-9]{1,3}", g) and int(g) <= 255 for g in groups)


def is_phone(run: str) -> bool:
    """A run of digits and separators is a phone number: 10-15 digits written with a + or separators (two
    dots or more: one is a decimal point), or 11 digits beginning 7 or 8 (the Kazakh and Russian mobile
    form); without a +, never an id's form (``_NUMBERED``) or ten digits that begin 1, 2 or 00; never an
    IP address."""
    digits = re.sub(r"\D", "", run)
    if not run.startswith("+") and (re.match(_NUMBERED, run)
                                    or (len(digits) == 10 and (digits[0] in "12" or digits.startswith("00")))):
        return False
    if _is_ip_address(run):  # "192.168.100.200": no phone's groups are four of at most 255
        return False
    separated = bool(re.search(r"[ ()\-]", run)) or run.startswith("+") or run.count(".") >= 2
    return 10 <= len(digits) <= 15 and (separated or (len(digits) == 11 and digits[0] in "78"))


# Digits alone that ``is_phone`` never takes, in RE2 (a date among them is the whole text or none of it, as
# ``without_dates`` takes no date with a digit beside it): not eleven digits beginning 7 or 8. A registry's
# numeric ids ("1000000001") are set aside by it rather than judged one by one in Python.
NOT_DIALLED = r"^(?:[0-9]{1,10}|[0-9]{12,}|[0-69][0-9]{10})$"


# A mobile number as written at home in Uzbekistan, Tajikistan and Kyrgyzstan: nine digits, the operator's
# two grouped 2-3-2-2 or 2-3-4 ("90 123 45 67", "(93) 123-45-67", "92 123 4567"), or its three (Kyrgyz,
# without the trunk 0) grouped 3-2-2-2 ("555 12 34 56", "(700) 12-34-56"), standing apart from other digits.
# Migrants give their family's number so; money and counts are grouped by threes ("1 500 000"). In free text
# and file names only, as ten digits dialled at home are.
_NINE_GROUPS = (r"(?:\([0-9]{2}\) ?|[0-9]{2}[ -])[0-9]{3}[ -](?:[0-9]{2}[ -][0-9]{2}|[0-9]{4})"
                r"|(?:\([0-9]{3}\) ?|[0-9]{3}[ -])[0-9]{2}[ -][0-9]{2}[ -][0-9]{2}")
_NINE_AT_HOME = re.compile(rf"(?<![0-9+])(?<![0-9+][ -])(?:{_NINE_GROUPS})(?![ -]?[0-9])")
# A number after a phone's or a messenger's word, seven digits or more however grouped: "тел 901234567" (a
# number at home typed without its groups), "тел.: 2501234" (a city's), "whatsapp 0555123456". After such a
# word a number is a phone; alone it is a code as often. "номер" is not such a word ("номер теста 1234567").
# No look-around, so that its hint in RE2 below is nearly the rule itself.
_PHONE_WORD = ("тел|телефон|моб|мобильный|сот|сотовый|whatsapp|ватсап|вацап|вотсап|telegram|телеграм|viber|вайбер"
               "|звонить|позвонить|звонок|звони|phone|tel|mobile|cell|call")
_WORD = rf"(?:^|{NOT_A_LETTER})(?:{_PHONE_WORD})"
_AFTER_WORD = re.compile(rf"(?i:{_WORD}[^{UPPER}{LOWER}0-9]{{0,6}}\+?[0-9](?:[ ()\-]?[0-9]){{6,}}(?:[^0-9]|$))")
# In RE2, what every such number holds in the text before its dates are taken out (``without_dates``): the
# word, then what a date or a time is written with (no letter but T, h, m), then seven digits
_AFTER_WORD_HINT = rf"(?i:{_WORD}(?:{NOT_A_LETTER}|[thm])*[0-9](?:[ ()\-]?[0-9]){{6}})"
# What every phone ``phone_in`` finds holds (RE2): ten digits with a phone's separators between them, the
# groups of a number written at home (``_NINE_GROUPS``, without the look-arounds RE2 lacks), or a number after
# a phone's word
PHONE_HINT = f"{TEN_DIGITS}|{_NINE_GROUPS}|{_AFTER_WORD_HINT}"

# Ten digits written without a separator, as a number is dialled at home: Kazakh (area or mobile code
# 7xx), Russian mobile (9xx) and Kyrgyz (0 and the code). In free text only: a contract cell of ten
# digits alone is an id as often (record_id "7000000123"), and the cell keeps to its column.
_TEN_AT_HOME = re.compile(r"[79][0-9]{9}|0[1-9][0-9]{8}")


# A run of digits written on from a letter, without a "+", is an id's serial, not a phone: the contract's own
# record_ids ("R31337-00022", "ALA01-2507-00001") in a column outside it (an index case's id, the record a
# test repeats) refused the file until 2026-12-07. Unless its digits, however grouped, are a number as
# dialled at home (eleven beginning 7 or 8, ten as ``_TEN_AT_HOME``), which stays a phone wherever it is
# written ("Rustam8-701-555-43-21"); a phone's word glued to its number ("тел901234567") is one too.
_LETTER = re.compile(f"[{UPPER}{LOWER}]", re.IGNORECASE)
_DIALLED_AT_HOME = re.compile(rf"[78][0-9]{{10}}|{_TEN_AT_HOME.pattern}")


def written_on_from_a_letter(text: str, run: re.Match[str]) -> bool:
    """The ``run`` of ``text`` follows a letter with nothing between: an id's serial ("R31337-00022")."""
    return run.start() > 0 and bool(_LETTER.fullmatch(text[run.start() - 1]))


def _an_ids_serial(text: str, run: re.Match[str]) -> bool:
    return (written_on_from_a_letter(text, run) and not run.group(0).startswith("+")
            and not _DIALLED_AT_HOME.fullmatch(re.sub(r"\D", "", run.group(0))))


def without_dates(text: str) -> str:
    """Text with its dates, times and copy counters taken out, whose digits look like a number's."""
    return _NOT_A_PHONE.sub("_", text)


def phone_in(text: str) -> bool:
    """Free text holds a phone number (``is_phone``, ten digits as dialled at home, nine as written at home
    in Uzbekistan, Tajikistan and Kyrgyzstan, or seven and more after a phone's word), its dates, times and
    copy counters taken out."""
    text = without_dates(text)
    return (any((is_phone(m.group(0)) or _TEN_AT_HOME.fullmatch(m.group(0))) and not _an_ids_serial(text, m)
                for m in _PHONE_RUN.finditer(text))
            or bool(_NINE_AT_HOME.search(text)) or bool(_AFTER_WORD.search(text)))
