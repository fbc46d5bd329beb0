"""Direct identifiers: a file that carries any is refused whole (never stored, logged or shown).

Reasons name the column and the kind of identifier, never the value.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from typing import NamedTuple

import pyarrow as pa
import pyarrow.compute as pc

from pipelines.lib.addresses import HINT as ADDRESS, address_in
from pipelines.lib.birth_dates import HINT as BIRTH_DATE, birth_date_in
from pipelines.lib.cells import FileRefused, unparsable
from pipelines.lib.contract import DATE_COLUMNS, READER_COLUMNS, ROW_NUMBER, column_named, normalise_header
from pipelines.lib.document_numbers import (NUMBER_HINT as DOCUMENT_NUMBER, TWELVE_DIGITS, TWELVE_RUN,
                                            document_number_in, iin_is_valid, passport_numbers, valid_iin_in)
from pipelines.lib.header_words import NOT_IDENTIFYING, header_identifier
from pipelines.lib.person_names import (APOSTROPHES, HINT as NAME_HINT, LISTLESS_HINT, LOWER, UPPER,
                                        cased_words_as_name, name_alone, name_alone_in_any_case, name_in, names_alone)
from pipelines.lib.phone_numbers import (DATED, NOT_DIALLED, PHONE, PHONE_HINT, NUMBERED, TEN_DIGITS, is_phone,
                                         phone_in, without_dates, written_on_from_a_letter)
from pipelines.lib.xlsx_reader import xlsx_other_sheets
from pipelines.lib.typed_text import DASH_CHARS, FORMAT_CHARS, SPACE_CHARS, plain_array

REFUSED = "files with direct identifiers are refused"
MESSENGER = "messenger or social-network username (@name, t.me/name, vk.com/name)"
_HEADER = "the header"  # not a contract column: its cells are searched anywhere, as free text
# the domain ends in letters: Latin, or Cyrillic and Central Asian for the internationalised ones (".рф",
# Russia's, where relocants' addresses are; ".қаз", Kazakhstan's; until the night of 2026-12-05 not seen)
EMAIL = rf"[^@\s]+@[^@\s]+\.[{UPPER}{LOWER}]{{2,}}"
# a messenger's username (Telegram's form: a Latin letter, then 4-31 letters, digits or underscores), after an
# @ that begins a word (an e-mail address's @ follows its user), or a profile's link on Telegram or the social
# networks outreach workers reach migrants on (VK, Odnoklassniki, Instagram, Facebook; dots allowed, as
# Instagram's have them): a note "писать @rustam_92" or "vk.com/id123456" names the client as a phone number
# would (RE2 and re). Until the night of 2026-12-05 only t.me links were seen.
# the site's name begins after a dot, a slash or nothing ("www.vk.com", "https://t.me"), not inside a word
# ("notebook.ru/")
_PROFILE_SITES = r"(?:^|[^A-Za-z0-9_-])(?i:t\.me|telegram\.me|vk\.com|ok\.ru|instagram\.com|facebook\.com|fb\.com)/"
HANDLE = rf"(?:^|[^A-Za-z0-9_.@])@[A-Za-z][A-Za-z0-9_]{{4,31}}|{_PROFILE_SITES}@?[A-Za-z][A-Za-z0-9_.]{{4,31}}"
# a contract cell is judged whole (a code, an id, a date), unless it holds words or a "+": then, as free
# text, by what is in it (a phone number typed into record_id, a note line read into the first columns)
_WORDS_OR_PLUS = r"\s|\+[0-9]"
# a UUID as form tools write one for each submission (KoboToolbox's "_uuid", ODK's "instanceID",
# "uuid:64ac5db9-..."), in a column outside the contract: its last group is twelve digits one time in ~280,
# so until 2026-12-07 two in three such exports of 300 rows (nearly all of 1,000) were refused as carrying
# an IIN. Also without its dashes, 32 hex digits, as KoboToolbox's API gives a form's ("formhub/uuid"). No
# identifier has this shape; each one is taken out of a cell before the cell is searched (a UUID run into a
# word or digits, which no tool writes, stays and is searched as it is)
UUID = r"\b(?:[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}|[0-9A-Fa-f]{32})\b"


def with_article(kind: str) -> str:
    """"a phone number", "an e-mail address", "an IIN ..."."""
    return ("an " if kind[0].lower() in "aeiou" else "a ") + kind


def _free_text_read(col: pa.Array) -> pa.Array:
    """The values of a column outside the contract (its candidates: distinct, trimmed, or all of them) as
    they are searched: without the UUIDs in them."""
    return pc.utf8_trim_whitespace(pc.replace_substring_regex(col, UUID, " "))


def _judged_whole(cell: str, free_text: bool) -> bool:
    return not free_text and not re.search(_WORDS_OR_PLUS, cell)


_WORD_BEFORE = re.compile(rf"[{UPPER}{LOWER}]+$", re.IGNORECASE)


def _twelve_as_serial(cell: str, run: re.Match[str]) -> bool:
    """Twelve digits written on from letters that name no identifier ("MH202507000123", not "ИИН900101…")."""
    if not written_on_from_a_letter(cell, run):
        return False
    word = _WORD_BEFORE.search(cell[:run.start()])
    return word is not None and header_identifier(word.group(0).lower()) is None


def _iin_in(cell: str, free_text: bool) -> bool:
    """Outside the contract any 12 digits in a row are taken for an IIN, but only a valid one where they are
    an id's serial, written on from letters that name no identifier ("MH202507000123": until 2026-12-07 such
    ids in a column outside the contract refused the file; one random serial in ~460 is a valid IIN, and none
    from a year and month on); inside it, only a valid one."""
    if free_text:
        return any(not _twelve_as_serial(cell, run) or iin_is_valid(run.group(0)) for run in TWELVE_RUN.finditer(cell))
    return iin_is_valid(cell) if _judged_whole(cell, free_text) else valid_iin_in(cell)


def _phone_in_cell(cell: str, free_text: bool) -> bool:
    if _judged_whole(cell, free_text):
        # a date has 8 digits: never a phone; nor an id that begins with a date ("2025-03-000123")
        cell = without_dates(cell)
        return bool(re.fullmatch(PHONE, cell)) and is_phone(cell)
    return phone_in(cell)


# What is found by its words, alike in a note, a contract cell and a file's name: the kind, its hint in RE2
# (what every value the rule finds holds) and the rule. A rule of this kind is added here alone.
WORDED: tuple[tuple[str, str, Callable[[str], bool]], ...] = (
    ("passport or ID number", DOCUMENT_NUMBER, document_number_in),  # "паспорт AA1234567"
    ("address", ADDRESS, address_in),  # "ул. Абая 12, кв. 5"
    ("date of birth", BIRTH_DATE, birth_date_in),  # "д.р. 15.03.1990"
)


# Every value the checks below can flag in free text (read plainly) matches this, trimmed or not: an @ or a
# profile's link, ten digits with only a phone's separators between them or a number's groups as written at
# home in Central Asia (``phone_numbers.PHONE_HINT``; twelve digits in a row, an IIN, too), what a person's
# name in a recognisable form holds (``person_names.HINT``), a document's word with six digits after it
# (``document_numbers.NUMBER_HINT``), a flat's number (``addresses.HINT``) or the words for a date of birth
# (``birth_dates.HINT``). Cheaper than finding the distinct values of a column whose values are nearly all
# distinct, so such columns are narrowed by it first (answers unchanged).
_IN_TEXT = "|".join(["@", _PROFILE_SITES, PHONE_HINT, NAME_HINT, *(hint for _, hint, _ in WORDED)])
# What a contract cell, judged whole, can be flagged for: its whole shape, or what free text holds
# (a name's hint without its list of given names: a surname beside one has white space between, and a cell with
# white space is let through to _IN_TEXT by _WORDS_OR_PLUS, an id by _ID_FLAGGABLE)
_WHOLE_BUT_PHONE = "|".join(["@", _PROFILE_SITES, f"^{TWELVE_DIGITS}$", LISTLESS_HINT,
                             *(hint for _, hint, _ in WORDED)])
# a whole cell that is a phone (``_phone_in_cell``) is of a phone's characters alone with ten digits among them
# (``is_phone``): not a date, which has a phone's dotted shape ("07.02.2025", ``PHONE``) but eight digits, so
# that a file's four date columns are not each searched for every identifier
_WHOLE_PHONE = rf"^\+?[0-9 ()\-.]*{TEN_DIGITS}[0-9 ()\-.]*$"
_WHOLE = f"{_WHOLE_BUT_PHONE}|{_WHOLE_PHONE}"
# record_id and client_uic hold no words: a name alone there is the whole cell (``person_names.name_alone``),
# in any case, found among a part's ids by a letter, a space and a letter, which RE2 answers in a fraction
# of the time the name's whole shape takes
_WORDS_APART = rf"[{UPPER}{LOWER}{APOSTROPHES}]\s+[{UPPER}{LOWER}]"
# The ids a check may flag, untrimmed: the whole shape, a "+" or any white space (a padded cell is then
# trimmed and judged: a name has it, words have it). Not a phone-like run of digits amid the cell, which
# real ids have ("R31337-00022", "MH25-0000001"): narrowed by _IN_TEXT, every id of such a file went on
# to the checks below (the search took ~135 ms a 250k-row part of such ids, ~45 ms now). White space of any
# kind, a dash other than the hyphen and a format character, which the ids are read plainly for
# (``typed_text``): "8‑701‑555‑43‑21" typed with non-breaking hyphens, a zero-width space amid a phone's digits
_ID_FLAGGABLE = rf"{_WHOLE_BUT_PHONE}|\+[0-9]|[ {SPACE_CHARS}{DASH_CHARS}{FORMAT_CHARS}]"
_IN_IDS = rf"{_ID_FLAGGABLE}|^{PHONE}$"
# ids that pass by a phone's whole shape alone, which they can never be once judged (``_phone_in_cell``):
# from a date or a year on ("2025-07-000123", "2025-000123"), or digits not dialled as a mobile ("1000000001");
# in such a scheme every id of a part, set aside before their distinct values are found (~155 ms a 250k-row
# part, ~70 ms so). Only here: the other contract columns' few distinct values are judged in Python as they come
_NEVER_A_PHONE = f"{DATED}|{NOT_DIALLED}|{NUMBERED}"
_MOSTLY_DISTINCT = {"record_id", "client_uic"}
# the columns a form tool fills with who sent each submission, the programme's own counsellor or tablet
# (ODK Central's "SubmitterName", KoboToolbox's "_submitted_by"): a name there is staff's, never a client's,
# so it is not looked for (every other identifier is). Until 2026-12-07 every ODK Central export whose app
# or web users had people's names was refused for it
_SUBMITTERS = {"submittername", "_submitted_by"}
# the headings' kinds whose values are written in digits (a document's or a phone's number, a date of birth,
# coordinates): a column so headed without a digit in it holds none ("Наличие патента": да/нет, "Документ":
# паспорт/ВНЖ, "Телефон": нет), and is read as any column outside the contract (``_may_hold_one``)
_NUMBERED = {"passport or ID number", "migration document number", "phone number", "date of birth",
             "location (GPS coordinates)"}
# of those, the numbers of five digits or more (a document's: seven to twelve; a phone's: seven or more): such
# a column whose values hold fewer, once their dates are taken out, holds none ("Паспорт": "есть с 2024",
# "Телефон": "есть, 2 шт."; until 2026-12-08 refused by the heading as holding a digit)
_LONG_NUMBERS = {"passport or ID number", "migration document number", "phone number"}
# the contract's codes where a name alone is the whole cell (``_names_each``): the ids, and the site's code,
# which the donor reports publish as it is ("Testing by site": until 2026-12-06 a client's or a counsellor's
# name typed there was a site of its own, by name, in every report)
_CODES = _MOSTLY_DISTINCT | {"site_code"}
# the contract's columns of dates and numbers, where no words belong (``_names_alone``)
_WORDLESS = {*DATE_COLUMNS, "age", "vl_copies"}


def _matches(col: pa.Array, pattern: str) -> pa.Array:
    return pc.fill_null(pc.match_substring_regex(col, pattern), False)


def _each_joined(cols: list[pa.Array], keep: Callable[[pa.Array], pa.Array]) -> list[pa.Array]:
    """Each of ``cols`` (contract columns' distinct values) filtered by ``keep``, run once over all of them
    together: Arrow compiles a pattern at every call (~1 ms for the long ones here), which a part of 18
    columns paid some 50 times (1.3 of the 1.7 s the identifier search took at 1M records, in 25 parts)."""
    if not cols:
        return []
    kept = keep(pa.concat_arrays([c.cast(pa.large_string()) for c in cols]))
    ends = itertools.accumulate(len(c) for c in cols)
    return [pc.filter(c, kept.slice(end - len(c), len(c))) for c, end in zip(cols, ends)]


def _implied(joined: pa.Array) -> pa.Array:
    """Which of a contract column's values some check below may flag: its shape whole (an @, twelve digits,
    a phone, a name's or a document's hint), or words or a "+" around what free text may hold (searched for
    only where some value has them: a file's contract cells mostly have none, and the pattern is long)."""
    whole, worded = _matches(joined, _WHOLE), _matches(joined, _WORDS_OR_PLUS)
    return pc.or_(whole, pc.and_(worded, _matches(joined, _IN_TEXT))) if pc.any(worded).as_py() else whole


def value_identifier(name: str, col: pa.ChunkedArray) -> str | None:
    """The kind of identifier the values of one text column carry, if any."""
    flagged = _flagged_each([(name, col)])[0]
    return flagged[0] if flagged else None


def _flagged_each(columns: list[tuple[str, pa.Array | pa.ChunkedArray]]) -> list[tuple[str, list[str]] | None]:
    """For each (name, values) of one table's text columns, the kind of identifier its values carry and
    the values (trimmed) that do, or None. The long columns are narrowed each alone; the patterns every
    check implies then run once over the distinct values of all the contract columns (``_implied``)."""
    cols = [_combined(c) for _, c in columns]
    free = [name not in NOT_IDENTIFYING for name, _ in columns]
    # free text read plainly (``typed_text``) before its shapes and hints are looked for; the contract
    # columns below, once narrowed (the ids' pattern lets any space or dash through) to few distinct values
    cols = [plain_array(c) if f else c for c, f in zip(cols, free)]
    shaped = [_shaped(c, name not in _SUBMITTERS) if f and name != _HEADER else None
              for (name, _), c, f in zip(columns, cols, free)]
    for i, (name, _) in enumerate(columns):
        if name in _MOSTLY_DISTINCT or free[i]:  # long columns, each alone: no copy of them together
            cols[i] = pc.filter(cols[i], _matches(cols[i], _IN_TEXT if free[i] else _IN_IDS))
            if not free[i] and len(cols[i]):
                aside = pc.and_(_matches(cols[i], _NEVER_A_PHONE), pc.invert(_matches(cols[i], _ID_FLAGGABLE)))
                cols[i] = pc.filter(cols[i], pc.invert(aside))
    # each distinct value once: enumerations shrink to a handful, and the answer is the same; the contract
    # columns' values read plainly here (free text was above), then trimmed (a zero-width space before a
    # cell's padding hid it from the trim)
    cols = [pc.unique(c) for c in cols]
    cols = [_free_text_read(c) if f else pc.utf8_trim_whitespace(plain_array(c)) for c, f in zip(cols, free)]
    for i, (name, _) in enumerate(columns):
        # the ids left here are mostly none, but all of them where ids have a phone's run of digits
        # ("R31337-00022", "MH25-0000001"): only those with words go on to Python (~0.5 s a 250k-row part)
        if name in _CODES:
            shaped[i] = _names_each(pc.filter(cols[i], _matches(cols[i], _WORDS_APART)))
    others = [i for i, (name, _) in enumerate(columns) if not free[i] and name not in _CODES]
    apart = _each_joined([cols[i] for i in others], lambda joined: _matches(joined, _WORDS_APART))
    for i, candidates in zip(others, apart):
        shaped[i] = _names_alone(columns[i][0], candidates)
        if columns[i][0] == "age":
            shaped[i] = shaped[i] or _birth_dates(cols[i])
    # one pass of the patterns every check below implies, then the checks on the (few) values they match
    whole = [i for i, f in enumerate(free) if not f]
    for i, narrowed in zip(whole, _each_joined([cols[i] for i in whole], _implied)):
        cols[i] = narrowed
    return [s or _checked(name, c, f) for (name, _), c, f, s in zip(columns, cols, free, shaped)]


def _names_each(col: pa.Array) -> tuple[str, list[str]] | None:
    """Values that are each a name alone where words do not belong (an id), in any case ("rakhimov rustam"),
    or words written as names whatever their endings ("Ким Сергей", "Li Wei": ``cased_words_as_name``; until
    2026-12-06 such a value in client_uic was held back, and stored so in audit.held_rows): the kind, and
    those values (trimmed)."""
    names = [v.strip() for v in col.to_pylist() if v and (name_alone_in_any_case(v) or cased_words_as_name(v))]
    return ("person's name", names) if names else None


def _names_alone(name: str, col: pa.Array) -> tuple[str, list[str]] | None:
    """Values of a coded, date or number column that are each a name alone: until 2026-12-07 "Rakhimov
    Rustam" typed into test_date or care_location (a column shifted in Excel) was held back with its row, and
    stored so in audit.held_rows. In a date or number column in any case (``name_alone_in_any_case``); in a
    coded one only as names are written (``name_alone``), as codes are typed in words in lower case, some
    ending as surnames do ("bez dokumentov"); never words as names are written whatever their endings
    (``cased_words_as_name``: "Labour Migrant"), nor a country's name the contract reads ("Королевство
    Нидерландов")."""
    alone = name_alone_in_any_case if name in _WORDLESS else name_alone
    names = [v.strip() for v in col.to_pylist() if v and alone(v)]
    if names and name == "country_of_origin":
        from pipelines.lib.countries import normalise_country  # its names are read only where needed

        names = [v for v in names if normalise_country(v) is None]
    return ("person's name", names) if names else None


# a whole date, as a date cell or text gives it (a time after it, as a date-time cell's text has)
_WHOLE_DATE = (r"^(?:[0-9]{1,2}[./-][0-9]{1,2}[./-](?:19|20)[0-9]{2}|(?:19|20)[0-9]{2}[-./][0-9]{1,2}[-./][0-9]{1,2})"
               r"(?:[ T].*)?$")


def _birth_dates(col: pa.Array) -> tuple[str, list[str]] | None:
    """Values of the age column (distinct, trimmed) that are a whole date: the client's date of birth, typed
    where the age belongs ("15.03.1990"). Until 2026-12-07 it was held back with its row, and quoted and
    stored so in audit.held_rows; with the UIC's initials and year of birth it names one person."""
    dates = pc.filter(col, _matches(col, _WHOLE_DATE)).to_pylist()
    return ("date of birth", dates) if dates else None


def _shaped(col: pa.Array, names_too: bool = True) -> tuple[str, list[str]] | None:
    """A column outside the contract most of whose values are passport numbers by their shape, or names
    alone (``names_too``): the kind, and those values. One such value may be a code or a heading; a column of
    them is not."""
    numbers = passport_numbers(col)
    if numbers:
        return "passport or ID number", numbers
    names = names_alone(col) if names_too else None
    return ("person's name", names) if names else None


def _checked(name: str, col: pa.Array, free_text: bool) -> tuple[str, list[str]] | None:
    """The kind of identifier ``col``'s candidate values (distinct, trimmed) carry, and those that do."""
    if not len(col):
        return None
    emails = pc.filter(col, _matches(col, EMAIL)).to_pylist()
    if emails:
        return "e-mail address", emails
    handles = pc.filter(col, _matches(col, HANDLE)).to_pylist()
    if handles:
        return MESSENGER, handles
    # each check in Python only on the values holding what it needs (the hints of _IN_TEXT, one each): a
    # column of notes that each hold a name's hint or initials went through all four (~1-1.8 s a 250k-row
    # part). A date column too is searched for a phone: until 2026-12-07 one typed there (a column shifted
    # in Excel) was held back with the row, and stored so in audit.held_rows
    checks = [("IIN (12-digit national identification number)", TWELVE_DIGITS, lambda c: _iin_in(c, free_text)),
              ("phone number", PHONE_HINT, lambda c: _phone_in_cell(c, free_text)),
              ("person's name", NAME_HINT, name_in),  # in any cell: a contract cell's value would be stored, held
              *WORDED]
    if name in _SUBMITTERS:
        checks = [check for check in checks if check[0] != "person's name"]
    for kind, needed, check in checks:
        hits = [c for c in pc.filter(col, _matches(col, needed)).to_pylist() if check(c)] if needed else []
        if hits:
            return kind, hits
    return None


def _first_row(table: pa.Table, i: int, values: list[str], first_row: int) -> int:
    """The number of the first row (1 = the first under the header) whose cell in column ``i``, read as the
    search read it (plainly, trimmed, a column outside the contract without its UUIDs), is one of ``values``:
    the reader's ROW_NUMBER, else counted on from ``first_row`` (the row before the part)."""
    read = plain_array(table.column(i).combine_chunks())
    free_text = table.column_names[i] not in NOT_IDENTIFYING  # as ``_flagged_each`` tells them apart
    read = _free_text_read(read) if free_text else pc.utf8_trim_whitespace(read)
    hit = pc.fill_null(pc.is_in(read, value_set=pa.array(values, pa.string())), False)
    at = pc.index(hit, True).as_py()
    return table.column(ROW_NUMBER)[at].as_py() if ROW_NUMBER in table.column_names else first_row + at + 1


def find_identifiers(table: pa.Table, shown: list[str] | None = None, first_row: int = 0) -> str | None:
    """Why a file must be refused for identifying data, or None when it carries none. ``shown``: how
    each column is named in the reason (default: as ``column_named`` names it, by its heading or its place);
    ``first_row``: the number of the row before ``table``'s first (a part of a file), so that the reason
    names the row the officer looks for."""
    # a header cell is a cell: a file without its header row has a client's record there, and the
    # reason names such a column by its place (a number, or ``shown``), never by the name. The readers
    # give header names in lower case (they are case-insensitive), which hides the capitals a person's
    # name is known by: each word is looked at capitalised, as a name is written. The contract's own
    # headings hold nothing of the kind and are not searched (a pattern's call a part)
    heads = [name.title() for name in table.column_names]
    others = [head for head, name in zip(heads, table.column_names) if name not in NOT_IDENTIFYING]
    if others and value_identifier(_HEADER, pa.array(others, pa.string())):
        for i, name in enumerate(heads):
            kind = value_identifier(_HEADER, pa.array([name], pa.string()))
            if kind:
                place = shown[i] if shown else i + 1
                return f"the first row's cell in column {place} looks like {with_article(kind)}: {REFUSED}"
    def label(i: int) -> str:  # only for a reason: a run's parts mostly have none
        name = table.column_names[i]
        if shown:
            return f"column {shown[i]}"
        return column_named(name, i + 1)

    for i, name in enumerate(table.column_names):
        kind = header_identifier(name)
        if kind and _may_hold_one(table.column(i), kind):
            return f"{label(i)} looks like {with_article(kind)}: {REFUSED}"
    names = table.column_names  # a list built at each use: asked per column of 16,000 (a CSV's trailing
    # delimiters) it took a minute. The readers' own columns, and those without a value, hold nothing
    searched = [i for i, name in enumerate(names)
                if name not in READER_COLUMNS and table.column(i).null_count < table.num_rows]
    flags = _flagged_each([(names[i], table.column(i)) for i in searched])
    for i, flagged in zip(searched, flags):
        if flagged:
            kind, values = flagged
            row = _first_row(table, i, values, first_row)
            return f"{label(i)} contains a value that looks like {with_article(kind)} in row {row}: {REFUSED}"
    return None


def workbook_identifiers(data: bytes) -> None:
    """Raise FileRefused where a worksheet but the records' carries identifiers: only that one holds
    records, but a workbook with a sheet of names or phone numbers is an identifying file all the same.
    The reason names the sheet by its place (and says it is hidden: the officer would not see it) and the
    column by its letter: a first row that is not a heading (a person's name) must not become part of
    the reason."""
    try:
        sheets = list(xlsx_other_sheets(data))
    except FileRefused:
        raise
    except Exception as exc:  # the first sheet was read: one of the others cannot be
        raise unparsable(".xlsx", exc) from exc
    for place, table, letters in sheets:
        refusal = find_identifiers(table, letters)
        if refusal:
            raise FileRefused(f"{place} of the workbook: {refusal}")
    beside = _beside_the_cells(data)
    refusal = (_sheet_name_identifiers(beside.sheets) or _page_identifiers(beside.pages)
               or _notes_identifiers(beside.notes) or _drawn_identifiers(beside.drawn)
               or _hyperlink_identifiers(beside.links) or _kept_identifiers(beside.caches, beside.linked)
               or _properties_identifiers(beside.properties))
    if refusal:
        raise FileRefused(refusal)
    if beside.unread:
        what, mend = beside.unread
        raise FileRefused(f"the workbook holds {what}, which cannot be searched for identifiers: a file that may "
                          f"carry them is refused ({mend}, or send the records as CSV UTF-8)")


class _BesideTheCells(NamedTuple):
    """What a workbook holds beside its cells (``_beside_the_cells``), each as its reader gives it."""
    sheets: list
    pages: list
    notes: list
    drawn: list
    links: list
    caches: list
    linked: list
    properties: list
    unread: tuple[str, str] | None


def _beside_the_cells(data: bytes) -> _BesideTheCells:
    """What a workbook holds beside its cells, read from one opening of its package: its sheets (by place
    and name: ``xlsx_parts.placed_sheets``), its pages' headers and footers and its drop-down lists
    (``xlsx_page_texts``), its cells' notes (``xlsx_notes``), its drawings' texts (``xlsx_drawings``), where
    its hyperlinks lead (``xlsx_hyperlinks``), its pivot caches (``xlsx_pivots``), its external links'
    cached sheets (``xlsx_links``), its typed document properties (``xlsx_properties``), and what it holds
    that cannot be read (``xlsx_parts.unsearched``)."""
    # openpyxl's reader: imported for a workbook alone
    from pipelines.lib.xlsx_drawings import drawn_texts
    from pipelines.lib.xlsx_hyperlinks import hyperlink_targets
    from pipelines.lib.xlsx_links import linked_sheets
    from pipelines.lib.xlsx_notes import cell_notes
    from pipelines.lib.xlsx_page_texts import page_texts
    from pipelines.lib.xlsx_parts import placed_sheets, unsearched, workbook_package
    from pipelines.lib.xlsx_pivots import pivot_caches
    from pipelines.lib.xlsx_properties import typed_properties

    try:
        with workbook_package(data) as package:
            return _BesideTheCells(placed_sheets(package), page_texts(package), cell_notes(package),
                                   drawn_texts(package), hyperlink_targets(package), pivot_caches(package),
                                   linked_sheets(package), typed_properties(package), unsearched(package.names))
    except FileRefused:  # a part declaring a DTD (xlsx_parts.parse_part)
        raise
    except Exception as exc:  # the worksheets were read: these parts cannot be
        raise unparsable(".xlsx", exc) from exc


# what a cell writes for "nothing", read plainly, trimmed and in lower case: a dash, "н/д", "NA", "нет данных"
# (sql/staging/screening_rules.sql's mh_says_nothing, tested alike), or nothing at all
SAYS_NOTHING = rf"^(?:na|n/a|n\.a\.|nan|null|н/д|нет[ {SPACE_CHARS}]+данных|[{DASH_CHARS}-]+)?$"


def _may_hold_one(col: pa.ChunkedArray | pa.Array, kind: str) -> bool:
    """Whether a column whose heading announces ``kind`` may hold one: a value that does not say it holds
    nothing (a template's "ФИО" left empty, or "-" in every row, holds no name), with a digit where ``kind``
    is written in digits (``_NUMBERED``), five where it is a long number (``_LONG_NUMBERS``). Until 2026-12-07
    the heading alone refused the file."""
    if kind in _LONG_NUMBERS:
        values = _combined(col)
        digited = pc.unique(pc.filter(values, _matches(values, "[0-9]"))).to_pylist()
        return any(sum(c.isdigit() for c in without_dates(v)) >= 5 for v in digited)
    if kind in _NUMBERED:
        return bool(pc.any(_matches(col, "[0-9]")).as_py())
    said = pc.utf8_lower(pc.utf8_trim_whitespace(plain_array(_combined(col))))
    nothing = pc.fill_null(pc.match_substring_regex(said, SAYS_NOTHING), True)  # an empty cell says nothing
    return bool(pc.any(pc.invert(nothing)).as_py())


def _combined(col: pa.ChunkedArray | pa.Array) -> pa.Array:
    return col.combine_chunks() if isinstance(col, pa.ChunkedArray) else col


def _sheet_name_identifiers(sheets: list) -> str | None:
    """Why a workbook is refused for a sheet's name (a tab named after a client: "Иванов С.П."), searched as
    free text; else None. The reason names the sheet by its place, never by its name."""
    found = _first_flagged([sheet.name for sheet in sheets])
    if found is None:
        return None
    at, kind = found
    return (f"the name of {sheets[at].place} looks like {with_article(kind)}: {REFUSED} (rename the sheet: "
            "right-click its tab, Rename)")


def _page_identifiers(pages: list) -> str | None:
    """Why a workbook is refused for what a worksheet's page header or footer says, or a drop-down list it
    offers (``xlsx_page_texts``), searched as free text; else None. The reason names its worksheet."""
    found = _first_flagged([text for _, _, text in pages])
    if found is None:
        return None
    at, kind = found
    place, what, _ = pages[at]
    mend = ("Insert, Header & Footer: delete it" if what == "page header or footer"
            else "Data, Data Validation: delete the list")
    return f"the {what} of {place} holds what looks like {with_article(kind)}: {REFUSED} ({mend})"


def _properties_identifiers(properties: list) -> str | None:
    """Why a workbook is refused for what a document property a person types says (``xlsx_properties``: its
    title, comments, a custom property), searched as free text; else None. The reason names the property as
    Excel does, a custom one by no name."""
    found = _first_flagged([text for _, text in properties])
    if found is None:
        return None
    at, kind = found
    return (f"the workbook's document properties ({properties[at][0]}) hold what looks like {with_article(kind)}: "
            f"{REFUSED} (File, Info, Check for Issues, Inspect Document: remove Document Properties)")


def _notes_identifiers(notes: list) -> str | None:
    """Why a workbook is refused for what a note on a cell says (``xlsx_notes``: "перезвонить, тел. ..."),
    searched as free text; else None. The reason names the note by its cell and worksheet's place."""
    found = _first_flagged([text for _, _, text in notes])
    if found is None:
        return None
    at, kind = found
    place, ref, _ = notes[at]
    return (f"the note on cell {ref} of {place} holds what looks like {with_article(kind)}: {REFUSED} (delete the "
            "note: right-click the cell, Delete Note or Delete Comment)")


def _drawn_identifiers(drawn: list) -> str | None:
    """Why a workbook is refused for what its drawings say (``xlsx_drawings``: a text box's "перезвонить
    Иванову, +7 ...", a chart's labels kept after their rows were deleted), searched as free text; else None.
    The reason names the text box or chart by its sheet."""
    found = _first_flagged([d.text for d in drawn])
    if found is None:
        return None
    at, kind = found
    if drawn[at].holder == "chart":
        return (f"a chart on {drawn[at].sheet} keeps a label or value that looks like {with_article(kind)}: "
                f"{REFUSED} (a chart keeps its source's labels when their rows are deleted: delete the chart)")
    holder = "a text box" if drawn[at].holder == "text box" else "SmartArt"
    return (f"{holder} on {drawn[at].sheet} holds what looks like {with_article(kind)}: {REFUSED} (delete the "
            f"{drawn[at].holder})")


def _hyperlink_identifiers(links: list) -> str | None:
    """Why a workbook is refused for where a hyperlink leads (``xlsx_hyperlinks``: "mailto:ivanov@mail.ru"
    behind a cell showing "написать"), searched as free text; else None. The reason names its worksheet."""
    # and each with its underscores as spaces, as a file's name is read: a scan saved as
    # "Ivanov_Sergei_passport.pdf" names its client, where free text takes "Ivanov_Sergei" for one word
    found = _first_flagged([target for _, target in links] + [target.replace("_", " ") for _, target in links])
    if found is None:
        return None
    at, kind = found
    return (f"a hyperlink on {links[at % len(links)][0]} leads to what looks like {with_article(kind)}: {REFUSED} "
            "(remove the hyperlink: right-click its cell, Remove Hyperlink)")


def _first_flagged(texts: list[str]) -> tuple[int, str] | None:
    """(the place of the first of ``texts`` that carries an identifier, searched as free text; its kind),
    or None."""
    if not texts:
        return None
    table = pa.table({"texts": pa.array(texts, pa.string())})
    flagged = _flagged_each([("texts", table.column(0))])[0]
    if not flagged:
        return None
    kind, values = flagged
    return _first_row(table, 0, values, 0) - 1, kind


def _kept_identifiers(caches: list, linked: list) -> str | None:
    """Why a workbook is refused for what it keeps of rows no worksheet shows, searched as a worksheet is;
    else None: the source rows a pivot table keeps (``xlsx_pivots``: a register with names, its sheet
    deleted) and the cells of other workbooks its formulas refer to (``xlsx_links``). The reason names
    the copy and a column by their places, never by a heading (a source without headings has a client's
    record there)."""
    kept = [(f"pivot table cache {number} of the workbook (the source rows a pivot table keeps, even of a "
             "deleted sheet)", cache, [str(i) for i in range(1, len(cache.names) + 1)],
             "delete the pivot table, or paste it as values") for number, cache in enumerate(caches, start=1)]
    kept += [(f"linked sheet {number} of the workbook (the cells of another workbook its formulas refer to, kept "
              "in the file)", sheet, sheet.letters, "Data, Edit Links, Break Link: the formulas become their values")
             for number, sheet in enumerate(linked, start=1)]
    for what, copy, shown, mend in kept:
        rows = max(map(len, copy.columns), default=0)
        heads = [normalise_header(name) for name in copy.names]
        names = [head if head not in heads[:i] else "" for i, head in enumerate(heads)]
        columns = [pa.array(column + [None] * (rows - len(column)), pa.string()) for column in copy.columns]
        refusal = find_identifiers(pa.Table.from_arrays(columns, names=names), shown)
        if refusal:
            return f"{what}: {refusal} ({mend})"
    return None
