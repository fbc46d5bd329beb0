"""A home's address in text: a street's word and, after it, a flat's number; and the RE2 hint by which notes
are narrowed before Python looks (``HINT``) holds for every address found."""

import pyarrow as pa
import pyarrow.compute as pc
import pytest
from hypothesis import given, settings, strategies as st

from pipelines.lib.addresses import HINT, address_in


@pytest.mark.parametrize("text", [
    "живёт ул. Абая 12, кв. 5", "мкр. Самал-2, д. 5, кв. 12", "Abay ko'chasi 12, kv. 5", "Abay street 12, apt 5",
    "УЛ.АБАЯ 12 КВ.5", "ул.Абая,12,кв.5", "Абай даңғылы 10, пәтер 7", "пр-т Достык 105 кв 12",
    "мкр Аксай-4 дом 5 квартира 44", "Чүй көчөсү 120, батир 8", "проживает: переулок Тихий 3, кв № 17",
])
def test_addresses(text):
    assert address_in(text)


@pytest.mark.parametrize("text", [
    "тест у ТЦ на ул. Абая",  # a street alone: the site's or a landmark
    "Абая 12-5",  # without the words: any code
    "отчёт за 1 кв. 2025, ул. Абая", "ул. Абая, данные за 1 кв. 2025",  # a quarter, not a flat
    "площадь 45 кв.м, ул. Абая", "Kirov Street", "первый визит, кв. 5",  # a flat without a street before it
    "улыбается кв 5", "приём в СПИД-центре", "str 12 apt", "кв. 5, ул. Абая 12",
])
def test_what_is_not_an_address(text):
    assert not address_in(text)


_piece = st.one_of(st.sampled_from(["ул", "ул.", "Ул", "улица", "мкр", "пр-т", "street", "Street", "көшесі", "кв",
                                    "кв.", "КВ", "kv", "apt", "квартира", "пәтер", "№", "д.", "Абая", "12", "5",
                                    "2025", "1234", ".", ",", " ", "-", "м", "а"]),
                   st.text("0123456789 ,.", max_size=4))
_pieces = st.lists(_piece, max_size=6).map("".join)
# a street's word, what may stand between, a flat's word and number, each varied where the rule is strict
_address = st.builds(lambda before, street, between, flat, dot, gap, number, after: (
    f"{before}{street}{between}{flat}{dot}{gap}{number}{after}"),
    _pieces, st.sampled_from(["ул.", " ул ", "УЛ.", " мкр ", " Street ", "көшесі ", "ул", "-ул."]),
    st.one_of(_pieces, st.text("Абая 12,", max_size=70)), st.sampled_from([" кв", ",кв", " КВ", " kv", "кв", " apt"]),
    st.sampled_from(["", ".", ".."]), st.sampled_from(["", " ", " № ", "  "]),
    st.text("0123456789", min_size=1, max_size=5), _pieces)


@settings(max_examples=600, deadline=None, derandomize=True)
@given(text=st.one_of(st.lists(_piece, max_size=12).map("".join), _address))
def test_every_address_found_has_the_hint_in_re2(text):
    if address_in(text):
        assert pc.match_substring_regex(pa.array([text]), HINT)[0].as_py(), text
