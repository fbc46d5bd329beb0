"""Passport, identity-card and Kazakh national identification (IIN) numbers in text. An IIN is recognised by
its check digit. A passport's number alone looks like any code, so in a cell it is recognised by the word
for the document before it ("паспорт AA1234567", "passport N12345678", "уд. личности
045123456", "жеке куәлік 045123456", "паспорт серии 4510 № 123456"); a column outside the contract is
taken for passport numbers when most of its values have their shape (one or two capitals and seven or
eight digits: the Kazakh "N12345678", the Uzbek, Kyrgyz and Tajik "AA1234567", "AN1234567").
"""

from __future__ import annotations

import re

import pyarrow as pa

from pipelines.lib.column_shapes import mostly_of_shape
from pipelines.lib.phone_numbers import without_dates

# the document's word (RE2 too, for pyarrow): "удостоверение личности" and its abbreviation, "ID card",
# and the Kazakh, Tajik and Uzbek words for a passport or an identity card
WORD = (r"(?i:паспорт|pasport|passport|удостоверени|уд\.\s?л|id[\s-]?card|id[\s-]?карт"
        r"|куәлік|төлқұжат|шиносном|guvohnoma|гувоҳнома)")
# up to 25 characters that are not digits ("серии", ": AA"), then six digits or more, with spaces, "№" or
# hyphens between them ("4510 № 123456"); a date in a cell is taken out before (``without_dates``)
_NUMBER_AFTER_WORD = re.compile(rf"{WORD}\D{{0,25}}?\d(?:[\s№-]{{0,3}}\d){{5,}}")
# What every number ``document_number_in`` finds in text read plainly (``typed_text``) holds, in RE2: the
# word, then anything (a date taken out may have stood between), then six digits with only the number's
# separators between them. Property-tested; notes that each hold the word alone ("паспорт не предъявлен")
# need not be searched one by one in Python.
NUMBER_HINT = rf"{WORD}(?s:.*)\p{{Nd}}(?:[\s№-]{{0,3}}\p{{Nd}}){{5}}"
# the series in Latin or, typed on a Russian keyboard, in Cyrillic capitals ("АА1234567": until the night of
# 2026-12-05 a column of them loaded)
_SHAPE = r"^\s*[A-ZА-ЯЁ]{1,2} ?[0-9]{7,8}\s*$"
TWELVE_DIGITS = r"[0-9]{12}"
TWELVE_RUN = re.compile(rf"(?<!\d){TWELVE_DIGITS}(?!\d)")


def number_in(text: str) -> bool:
    """Text holds a document's number after the document's word."""
    return bool(_NUMBER_AFTER_WORD.search(text))


def document_number_in(text: str) -> bool:
    """Text holds a passport's or ID card's number after the document's word (``number_in``), its dates
    taken out."""
    return number_in(without_dates(text))


def iin_is_valid(value: str) -> bool:
    """Kazakh IIN: 12 digits, YYMMDD birth date, century/sex digit 1-6, check digit mod 11."""
    if not re.fullmatch(TWELVE_DIGITS, value):
        return False
    d = [int(c) for c in value]
    month, day = int(value[2:4]), int(value[4:6])
    if not (1 <= month <= 12 and 1 <= day <= 31 and 1 <= d[6] <= 6):
        return False
    check = sum(w * x for w, x in zip(range(1, 12), d)) % 11
    if check == 10:
        check = sum(w * x for w, x in zip([3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2], d)) % 11
    return check != 10 and check == d[11]


def valid_iin_in(text: str) -> bool:
    """Text holds twelve digits in a row that make a valid IIN (``iin_is_valid``)."""
    return any(iin_is_valid(r) for r in TWELVE_RUN.findall(text))


def passport_numbers(col: pa.Array) -> list[str]:
    """A column's distinct values (trimmed) in a passport number's shape, when most (at least half) of its
    non-empty values have it; else none."""
    return mostly_of_shape(col, _SHAPE)
