"""Which of the contract's columns a heading it does not know was likely meant as.

A file's optional column under another name ("viral_load", "date_linked", "modality") is ignored like any
column outside the contract: its values are not loaded, so the care cascade counts none of them, and only
the file's reason in ``audit.files`` notes the column. The reason says which column it may be meant as, and
the ``columns_unread`` warning lists such files (pipelines/defs/ingest/file_checks.py). A file refused for
lacking required columns has its reason say which of its headings may be meant as them (``meant_as``): a
template headed in Russian alone ("Дата теста", "Пол").
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection

from pipelines.lib.contract import COLUMNS, COLUMNS_BY_WORDS, heading_shown, quotable_headings

# names templates and field tools give the contract's columns, as compared: lower case, without separators.
# A heading is taken for one only where the file lacks that column (``meant_column``'s ``among``): a form
# tool's "_status" beside residence_status is no other name for it
_OTHER_NAMES: dict[str, tuple[str, ...]] = {
    "record_id": ("recordno", "recordnumber", "recid", "testid", "кодзаписи", "номерзаписи", "idзаписи"),
    "client_uic": ("uic", "uiccode", "clientcode", "уик", "уикклиента", "кодклиента", "уникальныйкод"),
    "test_date": ("date", "dateoftest", "testdt", "datetested", "testingdate", "дата", "дататеста",
                  "дататестирования"),
    "site_code": ("site", "siteid", "сайт", "кодсайта", "площадка", "кодплощадки"),
    "country_of_origin": ("country", "origin", "citizenship", "страна", "странапроисхождения", "гражданство"),
    "migrant_group": ("migrantcategory", "migranttype", "группамигрантов", "группамигранта",
                      "категориямигранта", "категориямигрантов"),
    "residence_status": ("legalstatus", "migrationstatus", "статуспребывания", "статуспроживания",
                         "миграционныйстатус", "правовойстатус"),
    "sex": ("gender", "пол"),
    "age": ("ageyears", "возраст", "полныхлет"),
    "key_population": ("kp", "keypop", "keygroup", "ключеваягруппа", "ключеваяпопуляция", "кгн"),
    "result": ("testresult", "результат", "результаттеста", "результаттестирования"),
    "vl_copies": ("viralload", "vl", "vlresult", "vlcount", "viralloadcopies", "viralloadresult", "copies",
                  "копий", "вн", "вируснаянагрузка", "внкопиймл"),
    "vl_date": ("viralloaddate", "datevl", "vltestdate", "dateofvl", "vldt", "датавн"),
    "linked_date": ("linkagedate", "datelinked", "linkdate", "dateoflinkage", "linked", "linkage",
                    "datalinked", "датасвязи", "датапостановки", "датапостановкинаучет", "датапостановкинаучёт",
                    "датавзятиянаучет", "датавзятиянаучёт"),
    "art_start_date": ("artstart", "artdate", "dateart", "artinitiationdate", "artstartdt", "dateartstart",
                       "датаарт", "датаначалаарт", "начатаарт"),
    "test_modality": ("modality", "testingmodality", "testtype", "typeoftest", "testingtype", "модальность",
                      "типтестирования", "видтестирования"),
    "previously_diagnosed": ("previouslyknown", "knownpositive", "knownstatus", "prevdiagnosed",
                             "alreadydiagnosed", "ранеевыявлен", "ранеедиагностирован"),
    "care_location": ("caresite", "linkedto", "carefacility", "linkagesite", "linkagelocation", "местонаблюдения",
                      "местолечения"),
}
_BY_NAME = {other: column for column, others in _OTHER_NAMES.items() for other in others}
UNREAD_MARK = "the contract's "  # in a file's reason: "viral_load (the contract's vl_copies?)"


def meant_column(heading: str, among: Collection[str] = COLUMNS) -> str | None:
    """The contract column ``heading`` (a file's heading the contract does not know) was likely meant as,
    of those ``among`` (the ones the file lacks): another name templates give it, or its own name mistyped
    ("linkd_date"); else None."""
    squashed = re.sub(r"[\W_]+", "", heading.lower())
    if not squashed:
        return None
    if squashed in _BY_NAME:
        return _BY_NAME[squashed] if _BY_NAME[squashed] in among else None
    close = difflib.get_close_matches(squashed, [w for w, c in COLUMNS_BY_WORDS.items() if c in among], n=1,
                                      cutoff=0.85)
    return COLUMNS_BY_WORDS[close[0]] if close else None


def meant_as(names: list[str], missing: list[str]) -> str:
    """What a refusal for the ``missing`` required columns adds: which of the file's headings (``names``,
    normalised) may be meant as them, each column once, for the officer to head them so. Nothing where the
    header may be a record (``contract.quotable_headings``); a heading that may be a person's name is never
    quoted (``contract.heading_shown``)."""
    meant: dict[str, str] = {}
    for i, name in quotable_headings(names) or []:
        column = meant_column(name, [c for c in missing if c not in meant]) if name not in COLUMNS else None
        if column and heading_shown(name, i) == name:
            meant[column] = name
    if not meant:
        return ""
    pairs = ", ".join(f"{heading!r} may be {column}" for column, heading in meant.items())
    return (f"; {pairs}: head each with the contract's name, alone or in brackets after its own "
            "(\"Дата теста (test_date)\")")
