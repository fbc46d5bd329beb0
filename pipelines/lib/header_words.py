"""Column headings that announce a direct identifier (a person's name, phone number, passport, ID or
migration document number, e-mail address, address, date of birth or GPS location), as typed in the region's
sheets."""

from __future__ import annotations

import re

from pipelines.lib.contract import COLUMNS, READER_COLUMNS
from pipelines.lib.person_names import APOSTROPHES, LOWER
from pipelines.lib.typed_text import plain

# Header words (English, Russian, Kazakh, Kyrgyz, Uzbek, Tajik, transliterated) that mean a person's identity
# or contact. Words of five letters or more are found inside a heading too ("номер телефона", "датарожд.").
_HEADER_WORDS: dict[str, tuple[str, ...]] = {
    "name": ("name", "names", "fullname", "firstname", "lastname", "surname", "forename", "patronymic",
             "fio", "фио", "имя", "фамилия", "фамилии", "отчество", "клиент", "пациент", "patient",
             "аты", "атыжөні", "атыжөнү", "тегі", "fish", "фиш", "ism", "ismi", "исм", "исми", "familiya",
             "ному", "насаб"),
    "phone number": ("phone", "telephone", "tel", "mobile", "cell", "whatsapp", "telegram",
                     "телефон", "тел", "мобильный", "сотовый", "telefon"),
    # until 2026-12-07 found by none: "Номер удостоверения" (an ID card's number), the IIN as Kazakh writes it
    # ("ЖСН"), Russia's СНИЛС in Cyrillic, Kyrgyzstan's personal number ("ПИН"), and the passport's and ID
    # card's words that document_numbers.WORD knows in cells: Kazakh "төлқұжат", Tajik "шиносном", Uzbek
    # "guvohnoma"
    "passport or ID number": ("passport", "паспорт", "pasport", "iin", "иин", "инн", "pinfl", "пинфл", "snils",
                              "снилс", "жсн", "пин", "nationalid", "удостоверени", "куәлік", "document",
                              "документ", "idcard", "төлқұжат", "шиносном", "guvohnoma", "гувоҳнома"),
    # the papers a labour migrant is stopped for: a work patent's, a migration card's, a visa's or a work
    # permit's number names the person to the migration police (until 2026-12-07 such columns loaded, ignored)
    "migration document number": ("патент", "patent", "миграционнаякарт", "миграционнойкарт", "migrationcard",
                                  "migcard", "көшіқонкарта", "visa", "виза", "визы", "permitno", "permitnum",
                                  "номерразрешения"),
    "e-mail address": ("email", "mail", "почта", "почты", "емейл", "pochta"),
    "address": ("address", "адрес", "manzil", "мекенжай", "дарек"),
    # "Д/р" and "Д.р." are how a Russian register heads it (until 2026-12-07 such a column of dates loaded,
    # ignored); "Др." for "other" is too where a value holds a digit (identifiers._NUMBERED), a reason the officer
    # can act on
    "date of birth": ("dob", "birthdate", "birthday", "dateofbirth", "датарождения", "рождения", "датарожд",
                      "д/р", "др", "туғанкүні", "туулган", "tugilgan", "туғилган"),
    # where a test was done, to a few metres: a migrant's home, dormitory or workplace (an address's geocode,
    # a direct identifier as the address is). KoboToolbox exports a form's geopoint as "_geolocation" and
    # "_gps_latitude", ODK Central as "gps-Latitude": until 2026-12-07 such files loaded, the columns ignored
    "location (GPS coordinates)": ("gps", "geolocation", "geopoint", "geotrace", "geoshape", "latitude",
                                   "longitude", "lat", "lng", "lon", "coordinates", "coords", "координаты",
                                   "широта", "долгота", "геолокация", "геопозиция", "геоданные"),
}
# Contract column names are never identifying by name (e.g. site_code, client_uic).
NOT_IDENTIFYING = set(COLUMNS) | set(READER_COLUMNS)
_PLACE_WORDS = {"site", "country", "file", "test", "group", "clinic", "centre", "center", "ngo", "org",
                "region", "city", "город", "сайт", "страна", "организация", "ел", "елі", "орталық", "аймақ"}


# words that hold an identifier's word but announce none: a migrant's status ("undocumented", where
# "document" is found), a care setting ("outpatient"), an outreach unit ("mobile_unit", "мобильный пункт");
# taken out of a heading before its words are looked at, so that "mobile_unit_phone" still refuses
_HARMLESS = re.compile(r"(?:un)?documented|(?:in|out)patients?|(?:mobile|мобильн[а-я]*)[\s_\-.]*"
                       r"(?:unit|team|van|clinic|point|outreach|testing|service|пункт|бригад[а-я]*|клиник[а-я]*"
                       r"|тестировани[а-я]*|выезд[а-я]*)")


def header_identifier(name: str) -> str | None:
    """The kind of identifier a column name announces, if any."""
    if name in NOT_IDENTIFYING:
        return None
    name = _HARMLESS.sub(" ", plain(name))  # "тел\u00adефон": a soft hyphen or a zero-width space unseen
    compact = re.sub(rf"[\s_\-.{APOSTROPHES}]", "", name)  # "Ф.И.О.", "аты-жөні", "tug'ilgan sana"
    tokens = set(re.split(rf"[^0-9{LOWER}]+", name)) | {compact}
    for kind, words in _HEADER_WORDS.items():
        if kind == "name" and tokens & _PLACE_WORDS:
            continue  # site_name, country_name: names of places, not people
        if tokens & set(words):
            return kind
        if any(w in compact for w in words if len(w) >= 5):
            return kind
    return None
