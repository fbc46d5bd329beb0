"""The screening export contract (shared/screening-export-format.md) as data."""

from __future__ import annotations

import re
from collections.abc import Iterable

from pipelines.lib.person_names import heading_withheld
from pipelines.lib.typed_text import plain

COLUMNS: tuple[str, ...] = (
    "record_id", "client_uic", "test_date", "site_code", "country_of_origin", "migrant_group",
    "residence_status", "sex", "age", "key_population", "test_modality", "result",
    "previously_diagnosed", "linked_date", "care_location", "art_start_date", "vl_date", "vl_copies",
)
REQUIRED: tuple[str, ...] = (
    "record_id", "client_uic", "test_date", "site_code", "country_of_origin", "migrant_group",
    "residence_status", "sex", "age", "key_population", "result",
)
# The allowed values, ranges and the UIC pattern are stated once, in sql/staging/screening.sql
# (the contract) and expectations/staging.screening.json (the reviewed GX suite).
DATE_COLUMNS: tuple[str, ...] = ("test_date", "linked_date", "art_start_date", "vl_date")


ROW_ERROR = "_row_error"  # the readers' column for a row that does not fit the header (held back)
# the readers' column of a part's data row numbers (1 = the first row under the header), there only when
# a blank row before the part's last row was left out (pipelines/lib/cells.py, numbered)
ROW_NUMBER = "_row_number"
READER_COLUMNS = (ROW_ERROR, ROW_NUMBER)  # what the readers add to a file's columns, never the file's own
READ_AS = b"mh_read_as"  # a part's schema metadata: how the reader took the file where it had to judge, for its note


def normalise_header(name: object) -> str:
    """Header names are case-insensitive and may carry stray spaces, a byte-order mark or another invisible
    format character (a zero-width space or a soft hyphen copied with a heading from a web page or a
    document: until 2026-12-06 "record_id" so typed was a required column missing), read as the identifier
    search reads text (``typed_text.plain``). A file's own column named like the readers' ROW_ERROR or
    ROW_NUMBER is another column (ignored, as not in the contract): its cells must not become the reasons
    rows are held for, nor their row numbers."""
    text = str(name if name is not None else "")
    name = plain(text).strip().lower()
    if name in READER_COLUMNS:
        return f"{name} (a column of the file)"
    column = COLUMNS_BY_WORDS.get(_WORD_BREAKS.sub("", name))
    if column is None:
        lines = [plain(line).strip().lower() for line in text.splitlines() if line.strip()]
        column = _named_among(lines if len(lines) > 1 else _heading_parts(name))
    return column or _after_groups(name) or name


def _heading_parts(name: str) -> list[str]:
    """A heading's parts: its words and a bracketed note after them ("vl_copies (copies/mL)", "Дата теста
    (test_date)"), or its parts in two languages ("Код записи / record_id"). (Two lines in a cell are its
    lines: ``normalise_header``.)"""
    note = _EXPLAINED.search(name)
    if note:
        return [name[:note.start()], note.group(0).strip(" ()[]")]
    return [p for p in _LANGUAGES.split(name) if p]


def _named_among(parts: list[str]) -> str | None:
    """The one contract column among a heading's parts, unless another part names an identifier: a note
    ("client_uic (ФИО)") or a translation ("ФИО / client_uic") announcing one keeps the heading whole, which
    the identifier checks then see; or is a word making it another's (a KoboToolbox group "pre/test_date",
    as ``_after_groups``)."""
    named = [(p, COLUMNS_BY_WORDS.get(_WORD_BREAKS.sub("", p))) for p in parts]
    columns = {c for _, c in named if c}
    if len(parts) < 2 or len(columns) != 1:
        return None
    from pipelines.lib.header_words import header_identifier  # which imports this module

    others = [p.strip() for p, c in named if not c]
    return columns.pop() if all(header_identifier(p) is None and p not in _MODIFIERS for p in others) else None


def _after_groups(name: str) -> str | None:
    """The contract column a heading names after the groups of the form it was asked in: ODK Central's
    export writes a field inside a group with the groups' names before it, joined by "-" ("client-client_uic",
    "visit-care-vl_copies"), unless told to remove them (KoboToolbox's "/", "client/client_uic", is read as
    a bilingual heading's parts are). Until 2026-12-07 such a file was refused, "required columns missing".
    The shortest such name is taken; none where a group's name names an identifier ("phone-age": the heading
    is kept whole, and the identifier checks see it), nor where the word before the name says it is another
    date or value ("pre-test_date", "partner-age", "index-client_uic": a heading as written, so a file without
    the contract's own column is refused as lacking it)."""
    groups = name.split("-")
    for k in range(1, len(groups)):
        column = COLUMNS_BY_WORDS.get(_WORD_BREAKS.sub("", "-".join(groups[k:])))
        if column:
            from pipelines.lib.header_words import header_identifier  # which imports this module

            modified = groups[k - 1].strip() in _MODIFIERS
            return column if not modified and all(header_identifier(g) is None for g in groups[:k]) else None
    return None


# words that, right before a column's name, make it another's ("pre-test_date": the counselling before the test)
_MODIFIERS = {"pre", "post", "re", "non", "not", "no", "prev", "previous", "last", "old", "next", "first",
              "second", "initial", "repeat", "partner", "index", "other", "mother", "father", "child", "spouse"}


# A heading is the contract's column whatever separates its words, as templates and tools write them: "Record
# ID", "client-uic", "Test Date", "TestDate", "vl.copies" (until 2026-12-07 "required columns missing"), and
# with a unit or a note in brackets after it, "vl_copies (copies/mL)", "age [years]" (an optional column so
# headed was ignored: its values lost, the file's reason noting it), unless the note names an identifier;
# and in a bilingual template's heading, the contract's name in brackets after the region's words or beside
# them ("Дата теста (test_date)", "Код записи / record_id", "record_id | Код записи", two lines in a cell: until
# 2026-12-07 refused as "required columns missing"), unless another part names an identifier.
# The columns' names without their underscores are all different; a file's other headings are kept as written.
# sql/staging/screening_rules.sql's mh_header_again reads a header row again amid the rows by the same breaks.
_EXPLAINED = re.compile(r"\s*(?:\([^()]*\)|\[[^\[\]]*\])\s*$")
_WORD_BREAKS = re.compile(r"[\s_\-\u2010-\u2015.]+")
_LANGUAGES = re.compile(r"\s*[/|]\s*")
COLUMNS_BY_WORDS = {c.replace("_", ""): c for c in COLUMNS}  # "recordid": "record_id"


def normalise_headers(names: list[object]) -> list[str]:
    """A CSV or Parquet header's names (``normalise_header``), an empty one named by its place ("field 4
    (no heading)", as a CSV row's field beyond the header is): a column like any other the contract does
    not name, ignored and noted, and checked for identifiers (a trailing delimiter in a header line, or
    two, is an export's habit, not a reason to refuse the file)."""
    return [normalise_header(n) or unheaded(f"field {i}") for i, n in enumerate(names, start=1)]


def unheaded(place: str) -> str:
    """The name of cells without a heading, by their place: "field 19" of a CSV row, "column T" of a sheet."""
    return f"{place} (no heading)"


def is_unheaded(name: str) -> bool:
    """Whether ``name`` is ``unheaded``'s."""
    return name.endswith(unheaded(""))


# what a refusal says instead of a header that holds a number or an @: the file lacks its header row,
# and its first row, a client's record, must not be stored and logged in the reason
NOT_SHOWN = "the first row holds numbers, so it is not shown: is the header row missing?"


def quotable(name: str) -> bool:
    """Whether a reason may quote a header name: not where it holds a number or an @ (``NOT_SHOWN``)."""
    return not re.search(r"[0-9]{2}|@", name)


def heading_shown(name: str, place: int) -> str:
    """A heading as a reason or note shows it: itself, or by its place where it may be a person's name
    (``person_names.heading_withheld``)."""
    return f"column {place} (heading not shown)" if heading_withheld(name) else name


def column_named(name: str, place: int) -> str:
    """A column as a reason names it: "column 'site_code'", "column 'field 19 (no heading)'" (as the identifier
    search does); by its place (from 1) where its heading may not be shown (``quotable``, ``heading_withheld``).
    The readers' name for a column without a heading holds its place's digits, and is shown."""
    shown = is_unheaded(name) or (quotable(name) and not heading_withheld(name))
    return f"column {name!r}" if shown else f"column {place} (heading not shown)"


# how far down a header below a title is looked for (``header_row_among``)
TITLE_ROWS = 10


def header_row_among(rows: Iterable[Iterable[object]]) -> int | None:
    """The place (0 = the first of ``rows``) of the first row holding every required column's name: a
    header below a title ("Отчёт ALA-01 за март 2025"), which the contract has in the first row."""
    for i, row in enumerate(rows):
        if set(REQUIRED) <= {normalise_header(v) for v in row if v is not None}:
            return i
    return None


def title_above_header(row: int) -> str:
    """Why a file whose header is the file's ``row``-th row (1 = the first) is refused, without its cells
    (a title may name a client)."""
    return (f"the header is in row {row} of the file: delete the {row - 1} row(s) above it (a title, or blank "
            "rows), as the header must be the first row")


def quotable_headings(names: list[str]) -> list[tuple[int, str]] | None:
    """A header's own headings with their places (from 1), the readers' columns and those without a heading
    left out; None where one may not be quoted (``quotable``: the header row missing, a record in it)."""
    own = [(i, n) for i, n in enumerate(names, start=1) if n not in READER_COLUMNS and not is_unheaded(n)]
    return own if all(quotable(n) for _, n in own) else None


def header_shown(names: list[str]) -> str:
    """What a refusal for missing columns shows of the header: its names, for the officer to see what
    was read instead, unless one may not be quoted."""
    own = quotable_headings(names)
    if own is None:
        return f" ({NOT_SHOWN})"
    return f" (header read: {', '.join(heading_shown(n, i) for i, n in own)[:200]})"
