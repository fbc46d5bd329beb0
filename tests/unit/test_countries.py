import pytest

from pipelines.lib.countries import normalise_country


@pytest.mark.parametrize("typed, code", [
    ("TJK", "TJK"), ("tjk", "TJK"), (" Tajikistan ", "TJK"), ("Таджикистан", "TJK"), ("ТАДЖИКИСТАН", "TJK"),
    ("uzb", "UZB"), ("Узбекистан", "UZB"), ("Kyrgyzstan", "KGZ"), ("Кыргызстан", "KGZ"), ("Киргизия", "KGZ"),
    ("Kyrgyz Republic", "KGZ"), ("Россия", "RUS"), ("Russian Federation", "RUS"), ("Беларусь", "BLR"),
    ("Белоруссия", "BLR"), ("Украина", "UKR"), ("Armenia", "ARM"), ("Азербайджан", "AZE"), ("Грузия", "GEO"),
    ("Afghanistan", "AFG"), ("Китай", "CHN"), ("Türkiye", "TUR"), ("Turkey", "TUR"), ("Монголия", "MNG"),
    ("Pakistan", "PAK"), ("Индия", "IND"), ("Туркменистан", "TKM"), ("Казахстан", "KAZ"), ("Молдавия", "MDA"),
    ("deu", "DEU"),
])
def test_recognised(typed, code):
    assert normalise_country(typed) == code


@pytest.mark.parametrize("typed", ["Atlantis", "XKX", "TJ", "KG", "EU", "ZZZ", "", "Soviet Union"])
def test_not_a_country_or_not_officially_assigned(typed):
    assert normalise_country(typed) is None
