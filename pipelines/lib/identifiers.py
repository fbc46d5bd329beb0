"""Direct identifiers: a file that carries any is refused whole (never stored, logged or shown).

Reasons name the column and the kind of identifier, never the value.
"""

from __future__ import annotations

import re

import pyarrow as pa
import pyarrow.compute as pc

from pipelines.lib.cells import FileRefused, unparsable
from pipelines.lib.contract import COLUMNS, DATE_COLUMNS, READER_COLUMNS, ROW_NUMBER
from pipelines.lib.document_numbers import WORD as DOCUMENT_WORD, number_in, passport_numbers
from pipelines.lib.person_names import APOSTROPHES, HINT as NAME_HINT, LOWER, name_in
from pipelines.lib.readers import xlsx_other_sheets

# Header words (English, Russian, Kazakh, Kyrgyz, Uzbek, Tajik, transliterated) that mean a person's identity
# or contact. Words of five letters or more are found inside a heading too ("номер телефона", "датарожд.").
_HEADER_WORDS: dict[str, tuple[str, ...]] = {
    "name": ("name", "names", "fullname", "firstname", "lastname", "surname", "forename", "patronymic",
             "fio", "фио", "имя", "фамилия", "отчество", "клиент", "пациент", "patient",
             "аты", "атыжөні", "атыжөнү", "тегі", "fish", "фиш", "ism", "ismi", "исм", "исми", "familiya",
             "ному", "насаб"),
    "phone number": ("phone", "telephone", "tel", "mobile", "cell", "whatsapp", "telegram",
                     "телефон", "тел", "мобильный", "сотовый", "telefon"),
    "passport or ID number": ("passport", "паспорт", "pasport", "iin", "иин", "инн", "pinfl", "пинфл", "snils",
                              "nationalid", "удостоверение", "куәлік", "document", "документ", "idcard"),
    "e-mail address": ("email", "mail", "почта", "емейл"),
    "address": ("address", "адрес", "manzil", "мекенжай", "дарек"),
    "date of birth": ("dob", "birthdate", "birthday", "dateofbirth", "датарождения", "рождения", "датарожд",
                      "туғанкүні", "туулган", "tugilgan", "туғилган"),
}
# Contract column names are never identifying by name (e.g. site_code, client_uic).
_NOT_IDENTIFYING = set(COLUMNS) | set(READER_COLUMNS)
_PLACE_WORDS = {"site", "country", "file", "test", "group", "clinic", "centre", "center", "ngo", "org",
                "region", "city", "город", "сайт", "страна", "организация", "ел", "елі", "орталық", "аймақ"}

REFUSED = "files with direct identifiers are refused"
_HEADER = "the header"  # not a contract column: its cells are searched anywhere, as free text
EMAIL = r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}"
# digits with spaces, hyphens and brackets, or in groups of one to four between dots ("701.555.43.21")
PHONE = r"(?:\+?[0-9][0-9 ()\-]{8,18}[0-9]|\+?[0-9]{1,4}(?:\.[0-9]{1,4}){2,5})"
TWELVE_DIGITS = r"[0-9]{12}"


def with_article(kind: str) -> str:
    """"a phone number", "an e-mail address", "an IIN ..."."""
    return ("an " if kind[0].lower() in "aeiou" else "a ") + kind


def header_identifier(name: str) -> str | None:
    """The kind of identifier a column name announces, if any."""
    if name in _NOT_IDENTIFYING:
        return None
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


# What is taken out of a text before it is searched for a phone number: dates and times ("2025-07-15",
# "20250715 123045", "15.07.2025 12:30") and copy counters ("(2)"), whose digits would look like one.
_YEAR, _MONTH, _DAY = r"(?:19|20)\d{2}", r"(?:0[1-9]|1[0-2])", r"(?:0[1-9]|[12]\d|3[01])"
_DATE = (rf"{_YEAR}(?P<s1>[-._ ]?){_MONTH}(?P=s1){_DAY}"  # 2025-07-15, 20250715, 2025 07 15
         rf"|{_DAY}(?P<s2>[-._ ]){_MONTH}(?P=s2){_YEAR}"  # 15.07.2025
         rf"|{_YEAR}[-._ ]{_MONTH}")  # 2025-07
_TIME = r"(?:[ T_-]?(?:[01]\d|2[0-3])[-:.h]?[0-5]\d(?:[-:.m]?[0-5]\d)?)?"  # 1230, 12-30-45 after a date
# A copy counter "(2)" stands apart from other digits: "(701)" after "+7 " or before " 555-43-21" is the
# area code of a phone number ("+7 (701) 555-43-21", "(701) 555-43-21"), which taking it out would hide.
_COUNTER = r"(?<![\d+])(?<![\d+][ \-])\(\d{1,3}\)(?![ \-]?\d)"
_NOT_A_PHONE = re.compile(rf"(?<!\d)(?:(?:{_DATE}){_TIME}|{_COUNTER})(?!\d)")
_PHONE_RUN = re.compile(rf"(?<![0-9+]){PHONE}(?!\d)")
_TWELVE_RUN = re.compile(rf"(?<!\d){TWELVE_DIGITS}(?!\d)")
# a contract cell is judged whole (a code, an id, a date), unless it holds words or a "+": then, as free
# text, by what is in it (a phone number typed into record_id, a note line read into the first columns)
_WORDS_OR_PLUS = r"\s|\+[0-9]"


def is_phone(run: str) -> bool:
    """A run of digits and separators is a phone number: 10-15 digits written with a + or separators (two
    dots or more: one is a decimal point), or 11 digits beginning 7 or 8 (the Kazakh and Russian mobile
    form)."""
    digits = re.sub(r"\D", "", run)
    separated = bool(re.search(r"[ ()\-]", run)) or run.startswith("+") or run.count(".") >= 2
    return 10 <= len(digits) <= 15 and (separated or (len(digits) == 11 and digits[0] in "78"))


# Ten digits written without a separator, as a number is dialled at home: Kazakh (area or mobile code
# 7xx), Russian mobile (9xx) and Kyrgyz (0 and the code). In free text only: a contract cell of ten
# digits alone is an id as often (record_id "7000000123"), and the cell keeps to its column.
_TEN_AT_HOME = re.compile(r"[79][0-9]{9}|0[1-9][0-9]{8}")


def without_dates(text: str) -> str:
    """Text with its dates, times and copy counters taken out, whose digits look like a number's."""
    return _NOT_A_PHONE.sub("_", text)


def document_number_in(text: str) -> bool:
    """Text holds a passport's or ID card's number after the document's word (``number_in``), its dates
    taken out."""
    return number_in(without_dates(text))


def phone_in(text: str) -> bool:
    """Free text holds a phone number (``is_phone``, or ten digits as dialled at home), its dates, times
    and copy counters taken out."""
    return any(is_phone(m.group(0)) or _TEN_AT_HOME.fullmatch(m.group(0))
               for m in _PHONE_RUN.finditer(without_dates(text)))


def valid_iin_in(text: str) -> bool:
    """Text holds twelve digits in a row that make a valid IIN (``iin_is_valid``)."""
    return any(iin_is_valid(r) for r in _TWELVE_RUN.findall(text))


def _judged_whole(cell: str, free_text: bool) -> bool:
    return not free_text and not re.search(_WORDS_OR_PLUS, cell)


def _iin_in(cell: str, free_text: bool) -> bool:
    """Outside the contract any 12 digits in a row are taken for an IIN; inside it, only a valid one."""
    if free_text:
        return bool(_TWELVE_RUN.search(cell))
    return iin_is_valid(cell) if _judged_whole(cell, free_text) else valid_iin_in(cell)


def _phone_in_cell(cell: str, free_text: bool) -> bool:
    if _judged_whole(cell, free_text):
        # a date has 8 digits: never a phone; nor an id that begins with a date ("2025-03-000123")
        cell = without_dates(cell)
        return bool(re.fullmatch(PHONE, cell)) and is_phone(cell)
    return phone_in(cell)


# Every value the checks below can flag in free text matches this, trimmed or not: an @, twelve digits in
# a row, a phone-like run of digits anywhere (a contract cell, judged whole, matches it too), or what a
# person's name in a recognisable form holds (``person_names.HINT``), or a document's word. Cheaper
# than finding the distinct values of a column whose values are nearly all distinct, so such columns are
# narrowed by it first (answers unchanged).
_IN_TEXT = f"@|(^|[^0-9]){TWELVE_DIGITS}($|[^0-9])|(^|[^0-9]){PHONE}($|[^0-9])|{NAME_HINT}|{DOCUMENT_WORD}"
_MOSTLY_DISTINCT = {"record_id", "client_uic"}


def _matches(col: pa.Array, pattern: str) -> pa.Array:
    return pc.fill_null(pc.match_substring_regex(col, pattern), False)


def value_identifier(name: str, col: pa.ChunkedArray) -> str | None:
    """The kind of identifier the values of one text column carry, if any."""
    flagged = _flagged(name, col)
    return flagged[0] if flagged else None


def _flagged(name: str, col: pa.ChunkedArray) -> tuple[str, list[str]] | None:
    """The kind of identifier the values of one text column carry, and the values (trimmed) that do."""
    col = col.combine_chunks() if isinstance(col, pa.ChunkedArray) else col
    free_text = name not in _NOT_IDENTIFYING
    shaped = passport_numbers(col) if free_text and name != _HEADER else []
    if shaped:
        return "passport or ID number", shaped
    if name in _MOSTLY_DISTINCT or free_text:
        col = pc.filter(col, _matches(col, _IN_TEXT))
    # each distinct value once: enumerations shrink to a handful, and the answer is the same
    col = pc.utf8_trim_whitespace(pc.unique(col))
    # one pass of a pattern every check below implies, then the checks on the (few) values it matches
    if not free_text:
        col = pc.filter(col, pc.or_(_matches(col, f"@|^{TWELVE_DIGITS}$|^{PHONE}$|{NAME_HINT}|{DOCUMENT_WORD}"),
                                    pc.and_(_matches(col, _WORDS_OR_PLUS), _matches(col, _IN_TEXT))))
    if not len(col):
        return None
    emails = pc.filter(col, _matches(col, EMAIL)).to_pylist()
    if emails:
        return "e-mail address", emails
    cells = col.to_pylist()
    checks = [("IIN (12-digit national identification number)", lambda c: _iin_in(c, free_text)),
              ("phone number", lambda c: name not in DATE_COLUMNS and _phone_in_cell(c, free_text)),
              ("person's name", name_in),  # in any cell: a contract cell's value would be stored, held
              ("passport or ID number", document_number_in)]  # "паспорт AA1234567"
    for kind, check in checks:
        hits = [c for c in cells if check(c)]
        if hits:
            return kind, hits
    return None


def _first_row(table: pa.Table, col: pa.ChunkedArray, values: list[str], first_row: int) -> int:
    """The number of the first row (1 = the first under the header) whose cell, trimmed, is one of
    ``values``: the reader's ROW_NUMBER, else counted on from ``first_row`` (the row before the part)."""
    hit = pc.fill_null(pc.is_in(pc.utf8_trim_whitespace(col), value_set=pa.array(values, pa.string())), False)
    i = pc.index(hit, True).as_py()
    return table.column(ROW_NUMBER)[i].as_py() if ROW_NUMBER in table.column_names else first_row + i + 1


def find_identifiers(table: pa.Table, shown: list[str] | None = None, first_row: int = 0) -> str | None:
    """Why a file must be refused for identifying data, or None when it carries none. ``shown``: how
    each column is named in the reason (default: its name, quoted); ``first_row``: the number of the row
    before ``table``'s first (a part of a file), so that the reason names the row the officer looks for."""
    # a header cell is a cell: a file without its header row has a client's record there, and the
    # reason names such a column by its place (a number, or ``shown``), never by the name
    if value_identifier(_HEADER, pa.array(table.column_names, pa.string())):
        for i, name in enumerate(table.column_names):
            kind = value_identifier(_HEADER, pa.array([name], pa.string()))
            if kind:
                place = shown[i] if shown else i + 1
                return f"the first row's cell in column {place} looks like {with_article(kind)}: {REFUSED}"
    shown = shown or [repr(name) for name in table.column_names]
    for name, label in zip(table.column_names, shown):
        kind = header_identifier(name)
        if kind:
            return f"column {label} looks like {with_article(kind)}: {REFUSED}"
    for name, label, col in zip(table.column_names, shown, table.columns):
        flagged = None if name in READER_COLUMNS else _flagged(name, col)  # the readers' own
        if flagged:
            kind, values = flagged
            row = _first_row(table, col, values, first_row)
            return f"column {label} contains a value that looks like {with_article(kind)} in row {row}: {REFUSED}"
    return None


def workbook_identifiers(data: bytes) -> None:
    """Raise FileRefused where a worksheet after the first carries identifiers: only the first holds
    records, but a workbook with a sheet of names or phone numbers is an identifying file all the same.
    The reason names the sheet by its place and the column by its letter: a first row that is not a
    heading (a person's name) must not become part of the reason."""
    try:
        sheets = list(xlsx_other_sheets(data))
    except FileRefused:
        raise
    except Exception as exc:  # the first sheet was read: one of the others cannot be
        raise unparsable(".xlsx", exc) from exc
    for n, (table, letters) in enumerate(sheets, start=2):
        refusal = find_identifiers(table, letters)
        if refusal:
            raise FileRefused(f"worksheet {n} of the workbook: {refusal}")
