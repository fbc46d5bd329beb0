"""Direct identifiers: a file that carries any is refused whole (never stored, logged or shown).

Reasons name the column and the kind of identifier, never the value.
"""

from __future__ import annotations

import re

import pyarrow as pa
import pyarrow.compute as pc

from pipelines.lib.cells import FileRefused, unparsable
from pipelines.lib.contract import COLUMNS, READER_COLUMNS
from pipelines.lib.readers import xlsx_other_sheets

# Header words (English, Russian, transliterated) that mean a person's identity or contact.
_HEADER_WORDS: dict[str, tuple[str, ...]] = {
    "name": ("name", "names", "fullname", "firstname", "lastname", "surname", "forename", "patronymic",
             "fio", "фио", "имя", "фамилия", "отчество", "клиент", "пациент", "patient"),
    "phone number": ("phone", "telephone", "tel", "mobile", "cell", "whatsapp", "telegram",
                     "телефон", "тел", "мобильный", "сотовый"),
    "passport or ID number": ("passport", "паспорт", "iin", "иин", "инн", "pinfl", "пинфл", "snils",
                              "national", "удостоверение", "document", "документ", "id_card"),
    "e-mail address": ("email", "mail", "почта", "емейл"),
    "address": ("address", "адрес"),
    "date of birth": ("dob", "birthdate", "birthday", "dateofbirth", "датарождения", "рождения"),
}
# Contract column names are never identifying by name (e.g. site_code, client_uic).
_NOT_IDENTIFYING = set(COLUMNS) | set(READER_COLUMNS)
_PLACE_WORDS = {"site", "country", "file", "test", "group", "clinic", "centre", "center", "ngo", "org",
                "region", "city", "город", "сайт", "страна", "организация"}

REFUSED = "files with direct identifiers are refused"
_HEADER = "the header"  # not a contract column: its cells are searched anywhere, as free text
EMAIL = r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}"
PHONE = r"\+?[0-9][0-9 ()\-]{8,18}[0-9]"
TWELVE_DIGITS = r"[0-9]{12}"


def with_article(kind: str) -> str:
    """"a phone number", "an e-mail address", "an IIN ..."."""
    return ("an " if kind[0].lower() in "aeiou" else "a ") + kind


def header_identifier(name: str) -> str | None:
    """The kind of identifier a column name announces, if any."""
    if name in _NOT_IDENTIFYING:
        return None
    compact = name.replace(" ", "").replace("_", "").replace("-", "")
    tokens = set(re.split(r"[^0-9a-zа-яё]+", name)) | {compact}
    for kind, words in _HEADER_WORDS.items():
        if kind == "name" and tokens & _PLACE_WORDS:
            continue  # site_name, country_name: names of places, not people
        if tokens & set(words):
            return kind
        if kind in ("name", "passport or ID number") and any(w in compact for w in words if len(w) >= 5):
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


def _phone_like(col: pa.ChunkedArray, anywhere: bool) -> bool:
    """Whole cell (contract columns) or anywhere in free text (other columns) looks like a phone."""
    hits = pc.filter(col, pc.fill_null(pc.match_substring_regex(col, _phone_pattern(anywhere)), False))
    for cell in hits.to_pylist():
        v = cell
        if anywhere:
            m = re.search(PHONE, cell)
            v = m.group(0) if m else cell
        digits = re.sub(r"\D", "", v)
        separated = bool(re.search(r"[ ()\-]", v)) or v.startswith("+")
        # 11 digits starting 7/8 is the Kazakh/Russian mobile form; others need a + or separators
        if 10 <= len(digits) <= 15 and (separated or (len(digits) == 11 and digits[0] in "78")):
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
                return True
    return False


def _phone_pattern(anywhere: bool) -> str:
    return f"(^|[^0-9]){PHONE}($|[^0-9])" if anywhere else f"^{PHONE}$"


# Every value the checks below can flag matches this, trimmed or not: an @, twelve digits in a row,
# or a phone-like run of digits anywhere. Cheaper than finding the distinct values of a column whose
# values are nearly all distinct, so such columns are narrowed by it first (answers unchanged).
_ANY_CANDIDATE = f"@|{TWELVE_DIGITS}|{_phone_pattern(anywhere=True)}"
_MOSTLY_DISTINCT = {"record_id", "client_uic"}


def value_identifier(name: str, col: pa.ChunkedArray) -> str | None:
    """The kind of identifier the values of one text column carry, if any."""
    col = col.combine_chunks() if isinstance(col, pa.ChunkedArray) else col
    if name in _MOSTLY_DISTINCT or name not in _NOT_IDENTIFYING:
        col = pc.filter(col, pc.fill_null(pc.match_substring_regex(col, _ANY_CANDIDATE), False))
    # each distinct value once: enumerations shrink to a handful, and the answer is the same
    col = pc.utf8_trim_whitespace(pc.unique(col))
    # one pass of a pattern every check below implies, then the checks on the (few) values it matches
    phone = _phone_pattern(anywhere=name not in _NOT_IDENTIFYING)
    col = pc.filter(col, pc.fill_null(pc.match_substring_regex(col, f"@|^{TWELVE_DIGITS}$|{phone}"), False))
    if not len(col):
        return None
    if pc.any(pc.match_substring_regex(col, EMAIL)).as_py():
        return "e-mail address"
    twelve = pc.filter(col, pc.fill_null(pc.match_substring_regex(col, f"^{TWELVE_DIGITS}$"), False))
    if len(twelve):
        # outside the contract any 12-digit value is taken for an IIN; inside it, only a valid one
        if name not in _NOT_IDENTIFYING or any(iin_is_valid(v) for v in twelve.to_pylist()):
            return "IIN (12-digit national identification number)"
    if name not in ("test_date", "linked_date", "art_start_date", "vl_date") and _phone_like(
            col, anywhere=name not in _NOT_IDENTIFYING):
        return "phone number"
    return None


def find_identifiers(table: pa.Table, shown: list[str] | None = None) -> str | None:
    """Why a file must be refused for identifying data, or None when it carries none. ``shown``: how
    each column is named in the reason (default: its name, quoted)."""
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
        kind = None if name in READER_COLUMNS else value_identifier(name, col)  # the readers' own
        if kind:
            return f"column {label} contains a value that looks like {with_article(kind)}: {REFUSED}"
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
