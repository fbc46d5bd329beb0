"""Country of origin: officially assigned ISO 3166-1 alpha-3 codes and the names field teams type.

Codes and English names come from pycountry (the ISO 3166 maintenance data); Russian names from
its iso-codes translations, plus the colloquial and older forms used in Kazakhstan and Central Asia.
"""

from __future__ import annotations

import gettext
import re
import unicodedata
from functools import lru_cache

import pycountry

# Names typed in the field that the ISO data does not carry (colloquial, older or short forms). The short
# forms of Russian official writing ("гражданин РУз") are Cyrillic: their Latin look-alikes are other
# countries' ISO alpha-2 codes (Latin "PK" is Pakistan's, Cyrillic "РК" Kazakhstan), and alpha-2 codes are
# not read at all.
_EXTRA_NAMES: dict[str, list[str]] = {
    "TJK": ["Tadzhikistan", "Tadjikistan", "Tajik", "Таджикистан", "Тоҷикистон", "Таджикстан", "РТ"],
    "UZB": ["Uzbek", "Узбекистан", "Ўзбекистон", "O'zbekiston", "Ozbekiston", "РУз"],
    "KGZ": ["Kyrgyzstan", "Kirgizstan", "Kirghizia", "Kirgizia", "Republic of Kyrgyzstan", "Kyrgyz Republic",
            "Киргизия", "Кыргызстан", "Киргизстан", "Кыргызская Республика", "Киргизская Республика", "КР"],
    "KAZ": ["Казахстан", "Қазақстан", "Kazakstan", "РК"],
    "TKM": ["Туркмения", "Туркменистан", "Turkmenia"],
    "RUS": ["Russia", "Россия", "РФ", "Российская Федерация", "Russian Federation"],
    "BLR": ["Belarus", "Byelorussia", "Belorussia", "Беларусь", "Белоруссия", "Белорусь", "РБ"],
    "UKR": ["Ukraine", "Украина"],
    "MDA": ["Moldova", "Молдова", "Молдавия"],
    "ARM": ["Armenia", "Армения"],
    "AZE": ["Azerbaijan", "Азербайджан", "Азербайджанская Республика"],
    "GEO": ["Georgia", "Republic of Georgia", "Грузия", "Сакартвело"],
    "AFG": ["Afghanistan", "Афганистан"],
    "CHN": ["China", "PRC", "Китай", "КНР"],
    "TUR": ["Turkey", "Republic of Turkey", "Turkiye", "Türkiye", "Турция"],
    "MNG": ["Mongolia", "Монголия"],
    "PAK": ["Pakistan", "Пакистан"],
    "IND": ["India", "Индия"],
    "IRN": ["Iran", "Иран"],
    "KOR": ["South Korea", "Korea", "Южная Корея", "Корея"],
    "USA": ["USA", "United States", "США"],
    "GBR": ["United Kingdom", "UK", "Великобритания"],
    "DEU": ["Germany", "Германия"],
    "LVA": ["Латвия"], "LTU": ["Литва"], "EST": ["Эстония"], "ISR": ["Израиль"],
}
# Kazakh, the state language where the programme works (Cyrillic, and the Latin alphabet of 2021 for the
# main countries), the official names in the home countries' own languages (as their passports and documents
# write them), and Latin transliterations of the Russian names typed on a Latin keyboard
_KAZAKH_AND_LATIN: dict[str, list[str]] = {
    "TJK": ["Тәжікстан", "Täjıkstan", "Tojikiston", "Ҷумҳурии Тоҷикистон", "Jumhurii Tojikiston"],
    "UZB": ["Өзбекстан", "Özbekstan", "Uzbekiston", "Ўзбекистон Республикаси", "Oʻzbekiston Respublikasi"],
    "KGZ": ["Қырғызстан", "Qyrğyzstan", "Kirgiziya", "Qirg'iziston", "Кыргыз Республикасы", "Kyrgyz Respublikasy"],
    "KAZ": ["Qazaqstan", "Қазақстан Республикасы", "Qazaqstan Respublikasy"],
    "RUS": ["Ресей", "Resei", "Rossiya"], "TKM": ["Түрікменстан", "Türkmenistan"],
    "AFG": ["Ауғанстан", "Afganistan"], "CHN": ["Қытай"], "TUR": ["Түркия"], "MNG": ["Моңғолия"],
    "AZE": ["Әзербайжан", "Azərbaycan"], "BLR": ["Белорусия"], "PAK": ["Пәкістан"], "IND": ["Үндістан"],
}


# Uzbek's official Latin spelling writes its apostrophe as a modifier letter (Oʻzbekiston); keyboards give
# any of these. Stress marks (Респу́блика) come with names copied from dictionaries and ISO's own Russian.
_APOSTROPHES = "'’‘ʻʼ`´"
_STRESS_MARKS = re.compile("[\u0300\u0301]")


def alias_key(text: str) -> str:
    """How a typed value is compared: composed (NFC), case-folded, ``ё`` as ``е``, stress marks dropped,
    apostrophes, punctuation and spaces folded (``sql/staging/screening_rules.sql``'s ``mh_alias_key`` alike)."""
    folded = _STRESS_MARKS.sub("", unicodedata.normalize("NFC", text.strip()).casefold()).replace("ё", "е")
    return re.sub(f"[\\s\\.,{_APOSTROPHES}\\-()]+", " ", folded).strip()


def _inverted(name: str) -> str | None:
    """ISO's "Korea, Republic of" as it is written in text: "Republic of Korea"; "Congo, The Democratic
    Republic of the": "Democratic Republic of the Congo"."""
    head, sep, tail = name.partition(", ")
    if sep and re.search(r"\bof( the)?$", tail):
        return f"{tail.removeprefix('The ')} {head}"
    return None


@lru_cache(maxsize=1)
def _russian() -> gettext.NullTranslations:
    """ISO 3166's names in Russian (pycountry's iso-codes catalogue)."""
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ru"])


@lru_cache(maxsize=1)
def iso_aliases() -> dict[str, str]:
    """ISO 3166's own spellings (as ``alias_key``): each code, name, common and official name, in English and
    Russian, and the inverted names as written, mapped to the alpha-3 code."""
    aliases: dict[str, str] = {}
    for c in pycountry.countries:
        names = [c.alpha_3, c.name, getattr(c, "common_name", None), getattr(c, "official_name", None)]
        names += [_russian().gettext(n) for n in names[1:] if n] + [_inverted(c.name)]
        for n in names:
            if n:
                aliases.setdefault(alias_key(n), c.alpha_3)
    return aliases


def added_names() -> list[tuple[str, str]]:
    """The spellings added to ISO's (name, alpha-3 code): the field's, Kazakh and transliterated."""
    return [(n, code) for extra in (_EXTRA_NAMES, _KAZAKH_AND_LATIN) for code, names in extra.items() for n in names]


@lru_cache(maxsize=1)
def country_aliases() -> dict[str, str]:
    """Every recognised spelling (as ``alias_key``) mapped to its alpha-3 code: ISO's, then the added ones."""
    return {**iso_aliases(), **{alias_key(n): code for n, code in added_names()}}


def normalise_country(value: str | None) -> str | None:
    """The alpha-3 code for a typed value, or None when it is neither a code nor a country name."""
    if value is None:
        return None
    return country_aliases().get(alias_key(value))


@lru_cache(maxsize=1)
def country_names() -> dict[str, dict[str, str]]:
    """Display names per language for every code, for reports: the name in common use, in Russian as in
    English (not ISO's official name where it has a common one: "Сирийская Арабская Республика" beside
    "Syria")."""
    ru = _russian()
    short_ru = {"RUS": "Россия", "KGZ": "Кыргызстан", "MDA": "Молдова", "USA": "США", "GBR": "Великобритания"}
    out: dict[str, dict[str, str]] = {"en": {}, "ru": {}}
    for c in pycountry.countries:
        common = getattr(c, "common_name", None)
        out["en"][c.alpha_3] = {"RUS": "Russia", "MDA": "Moldova"}.get(c.alpha_3, common or _inverted(c.name) or c.name)
        # a common name ISO's Russian catalogue does not translate comes back in English: the name then
        common_ru = ru.gettext(common) if common else None
        out["ru"][c.alpha_3] = short_ru.get(c.alpha_3, common_ru if common_ru and common_ru != common
                                            else ru.gettext(c.name))
    return out
