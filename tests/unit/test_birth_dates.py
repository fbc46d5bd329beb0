"""A date of birth in text: a whole date after the words for it or before "г.р."; and the RE2 hint by which
notes are narrowed before Python looks (``HINT``) holds for every one found."""

import pyarrow as pa
import pyarrow.compute as pc
import pytest
from hypothesis import given, settings, strategies as st

from pipelines.lib.birth_dates import HINT, birth_date_in


@pytest.mark.parametrize("text", [
    "д.р. 15.03.1990", "дата рождения: 1990-03-15", "DOB 15/03/1990", "туған күні 15.03.1990",
    "tug'ilgan sana 15.03.1990", "15.03.1990 г.р.", "клиент, д/р 1.3.1990", "родилась 15.03.1990",
    "Д.Р.15.03.1990", "born 15-03-1990", "Date of birth - 15.03.1990", "дата рожд. 15.03.1990",
])
def test_dates_of_birth(text):
    assert birth_date_in(text)
    assert pc.match_substring_regex(pa.array([text]), HINT)[0].as_py()


@pytest.mark.parametrize("text", [
    "визит 15.03.2025",  # a date alone: a visit's as often
    "1990 г.р.", "д.р. 1990", "рождения 1990 года",  # a year of birth alone: the UIC's own
    "дата рождения не указана, визит 15.03.2025 и т.д.", "г. Рудный 15.03.2025", "15.03.19901",
    "и др. 15.03.2025",  # "и др." is "etc."
    "дорога 15.03.2025", "15.03.1990 гр", "родители 15.03.2025", "после Рождество 07.01.2025",
])
def test_what_is_not_a_date_of_birth(text):
    assert not birth_date_in(text)


_word = st.sampled_from(["д.р.", "Д.Р.", "д/р", "д. р.", "дата рождения", "рожд.", "родился", "DOB", "dob",
                         "date of birth", "born", "туған күні", "tug'ilgan sana", "tugilgan", "туулган күнү",
                         "др.", "и др", "группа", "г.", "рождения"])
_date = st.builds(lambda d, m, y, s: f"{d}{s}{m}{s}{y}", st.integers(0, 33), st.integers(0, 13),
                  st.sampled_from(["1990", "2005", "1899", "2025", "90"]), st.sampled_from([".", "/", "-", " "]))
_text = st.builds(lambda before, word, gap, date, after: f"{before}{word}{gap}{date}{after}",
                  st.sampled_from(["", "клиент ", "x", "5"]), _word, st.sampled_from(["", " ", ": ", " - ", " , ", "      "]),
                  _date, st.sampled_from(["", " г.р.", "г. р.", "1", " визит"]))


@settings(max_examples=600, deadline=None, derandomize=True)
@given(text=_text)
def test_every_date_of_birth_found_has_the_hint_in_re2(text):
    if birth_date_in(text):
        assert pc.match_substring_regex(pa.array([text]), HINT)[0].as_py(), text
