"""A home's address in text: a street (or a micro-district) and, after it, a flat's number ("живёт ул. Абая
12, кв. 5", "мкр. Самал-2, д. 5, кв. 12", "Abay ko'chasi 12, kv. 5", "Abay street 12, apt 5"). With the
flat it is where one person lives; a street or a house alone may be the outreach site's or a landmark
("тест у ТЦ на ул. Абая"), and "Абая 12-5" without the words looks like any code, so neither is taken.
A quarter ("1 кв. 2025") is not a flat: a flat's number has at most three digits.
"""

from __future__ import annotations

import re

from pipelines.lib.person_names import APOSTROPHES, NOT_A_LETTER

# the street's or the district's word, Russian (with its abbreviations), Kazakh, Kyrgyz, Uzbek and English
_STREET = ("ул|улица|пр|пр-т|пр-кт|просп|проспект|пер|переулок|мкр|мкрн|микрорайон|б-р|бульвар|шоссе|тупик"
           "|көшесі|даңғылы|шағын аудан|ш/а|көчөсү|кичи району"
           f"|ko[{APOSTROPHES}]?chasi|mavzesi|massivi|street|avenue|ave|road|str")
# the flat's word: Russian, Kazakh, Kyrgyz, Uzbek, English
_FLAT = "кв|квартира|пәтер|батир|kv|xonadon|apt|apartment|flat"
_FLAT_NUMBER = rf"(?:^|{NOT_A_LETTER})(?:{_FLAT})\.?\s*№?\s*[0-9]{{1,3}}(?:[^0-9]|$)"
_ADDRESS = re.compile(rf"(?i:(?:^|{NOT_A_LETTER})(?:{_STREET})(?:{NOT_A_LETTER}|$).{{0,60}}?{_FLAT_NUMBER})")
# What every address ``address_in`` finds holds, in RE2: the flat's word and number. The whole rule in RE2
# took ~0.4 s a 250k-row part of notes alone and slowed the identifier search's joint pattern six-fold;
# this part of it ~0.05 s, and notes with a flat's number are few
HINT = f"(?i:{_FLAT_NUMBER})"


def address_in(text: str) -> bool:
    """Text holds a street's word and, after it, a flat's number."""
    return bool(_ADDRESS.search(text))
