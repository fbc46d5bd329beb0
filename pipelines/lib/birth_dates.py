"""A date of birth in text: a whole date after the words for it ("д.р. 15.03.1990", "дата рождения:
1990-03-15", "DOB 15/03/1990", "туған күні 15.03.1990", "tug'ilgan sana 15.03.1990") or before "г.р."
("15.03.1990 г.р."). With the client's UIC (initials and the year of birth) it names one person. A date
alone is a visit's as often, and a year of birth alone is the UIC's own, so neither is taken.
"""

from __future__ import annotations

import re

from pipelines.lib.person_names import APOSTROPHES, LOWER, NOT_A_LETTER, UPPER

# the words for a date of birth: Russian (and its abbreviations, with their dots: "и др." is "etc."; not
# "родители", "Рождество"), English, Kazakh, Uzbek, Kyrgyz
_WORDS = (r"д\.\s?р\.?|д/р|(?:дата\s+)?рожд(?:ения|\.)|родил(?:ся|ась|а)?|dob|date\s+of\s+birth|birth\s*date"
          rf"|born|туған\s+күні|tug[{APOSTROPHES}]?ilgan(?:\s+sana)?|туулган\s+күнү")
_DATE = (r"(?:0?[1-9]|[12][0-9]|3[01])[./-](?:0?[1-9]|1[0-2])[./-](?:19|20)[0-9]{2}"
         r"|(?:19|20)[0-9]{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])")
_BIRTH_DATE = re.compile(rf"(?i:(?:^|{NOT_A_LETTER})(?:{_WORDS})[^0-9{UPPER}{LOWER}]{{0,6}}(?:{_DATE})(?![0-9])"
                         rf"|(?<![0-9])(?:{_DATE})\s?г\.\s?р\.?)")
# What every date ``birth_date_in`` finds holds, in RE2: a part of one of its words, cheaper than the whole
# rule in the identifier search's joint pattern (a note with one goes on to Python)
HINT = r"(?i:д[./]\s?р|рожд|родил|dob|birth|born|туған|ilgan|туулган|г\.\s?р)"


def birth_date_in(text: str) -> bool:
    """Text holds a whole date after the words for a date of birth, or before "г.р."."""
    return bool(_BIRTH_DATE.search(text))
