"""A dimension's categories as the warehouse stores them, from the words people write them in: the programme's
targets (``targets``) and the analysts' filters (``pipelines.warehouse``) name them so."""

from __future__ import annotations

import functools
import re

from pipelines.lib.typed_text import plain
from pipelines.lib.uic import CYRILLIC, LATIN

# PEPFAR MER bands as sql/macros/indicators.sql's age_band gives them (a test holds the two equal)
AGE_BANDS = ("<15", "15-19", "20-24", "25-29", "30-34", "35-39", "40-44", "45-49", "50+")


def category_code(dimension: str, category: str) -> str | None:
    """The category as the warehouse stores it, or None for one the dimension does not have (a typo,
    "labor_migrant", "Tajikstan", would otherwise silently never be met). Written as the files may write
    it: a country by name or code in English or Russian, a code in any case, its words joined by spaces or
    dashes ("labour-migrant"), a category as the English or Russian reports name it ("People who inject
    drugs", "Трудовой мигрант"); a site's code as the warehouse folds it (``site_code``; sites have no list: a
    site can have a target before its first test)."""
    if dimension == "total":
        return category
    if dimension == "site_code":
        return site_code(category)
    if dimension == "country_of_origin":
        from pipelines.lib.countries import normalise_country

        return normalise_country(category)
    words = code_words(category)
    code = next((c for c in dimension_codes(dimension) if words in (c.lower(), c.replace("-", "_"))), None)
    return code or _labelled(category, {c: category_labels(dimension, c) for c in dimension_codes(dimension)})


def code_words(typed: str) -> str:
    """A code as typed in words, as the contract reads a coded cell (``mh_code_words`` of
    sql/staging/screening_rules.sql; a test holds the two alike): lower case, its words joined by one "_"
    whatever separates them (spaces and dashes of any kind, hyphens, underscores)."""
    return re.sub(r"[ _-]+", " ", plain(typed).lower()).strip(" ").replace(" ", "_")


def dimension_code(typed: str) -> str | None:
    """A dimension as the warehouse names it, from its name or as the reports name it in English or Russian
    ("Key population", "Ключевая группа"), or None for none of them."""
    from pipelines.lib.report.i18n import DIMENSIONS

    name = "_".join(typed.split()).lower()
    return name if name in DIMENSIONS else _labelled(typed, {d: tuple(DIMENSIONS[d].values()) for d in DIMENSIONS})


def category_labels(dimension: str, category: str) -> tuple[str, ...]:
    """The category's names in the English and Russian reports."""
    from pipelines.lib.report.i18n import LANGS, category_label

    return tuple(category_label(dimension, category, lang) for lang in LANGS)


def _labelled(typed: str, labels: dict[str, tuple[str, ...]]) -> str | None:
    """The key one of whose labels ``typed`` is, in any case and spacing (a table's heading copied from a
    report: "People who inject drugs", "Трудовой мигрант")."""
    wanted = " ".join(typed.split()).casefold()
    return next((key for key, names in labels.items() if wanted in {" ".join(n.split()).casefold() for n in names}),
                None)


@functools.lru_cache(maxsize=None)
def dimension_codes(dimension: str) -> tuple[str, ...]:
    """The codes of a dimension the contract lists (not sites, nor countries: any ISO 3166 alpha-3 code)."""
    if dimension == "age_band":
        return AGE_BANDS
    from pipelines.lib.gx_validation import suite_value_sets

    # the contract's codes as the reviewed GX suite lists them (read once, not per line)
    return tuple(suite_value_sets("staging.screening").get(dimension, []))


_TO_LATIN = str.maketrans(CYRILLIC, LATIN)


def site_code(typed: str) -> str:
    """A site's code as the warehouse stores it (``mh_site_code`` of sql/staging/screening_rules.sql; a test
    holds the two alike): upper-case, trimmed, a dash or space of any kind a hyphen or space, Cyrillic look-alike
    letters Latin where that makes the code Latin ("АLА–01" is ALA-01): a target or an analysts' filter only
    upper-cased would match no site for such a code."""
    if typed.isascii():
        return typed.upper().strip(" ")
    folded = plain(typed.upper()).strip(" ")
    latin = folded.translate(_TO_LATIN)
    return latin if latin.isascii() else folded
