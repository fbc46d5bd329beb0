"""Which of the contract's columns a heading it does not know was likely meant as.

A file's optional column under another name ("viral_load", "date_linked", "modality") is ignored like any
column outside the contract: its values are not loaded, so the care cascade counts none of them, and only
the file's reason in ``audit.files`` notes the column. The reason says which column it may be meant as, and
the ``columns_unread`` warning lists such files (pipelines/defs/ingest/file_checks.py).
"""

from __future__ import annotations

import difflib
import re

from pipelines.lib.contract import COLUMNS_BY_WORDS

# names templates and field tools give the contract's columns, as compared: lower case, without separators
_OTHER_NAMES: dict[str, tuple[str, ...]] = {
    "vl_copies": ("viralload", "vl", "vlresult", "vlcount", "viralloadcopies", "viralloadresult", "copies",
                  "копий", "вн", "вируснаянагрузка"),
    "vl_date": ("viralloaddate", "datevl", "vltestdate", "dateofvl", "vldt", "датавн"),
    "linked_date": ("linkagedate", "datelinked", "linkdate", "dateoflinkage", "linked", "linkage",
                    "datalinked", "датасвязи", "датапостановки"),
    "art_start_date": ("artstart", "artdate", "dateart", "artinitiationdate", "artstartdt", "dateartstart",
                       "датаарт", "датаначалаарт", "начатаарт"),
    "test_modality": ("modality", "testingmodality", "testtype", "typeoftest", "testingtype", "модальность"),
    "previously_diagnosed": ("previouslyknown", "knownpositive", "knownstatus", "prevdiagnosed",
                             "alreadydiagnosed", "ранеевыявлен"),
    "care_location": ("caresite", "linkedto", "carefacility", "linkagesite", "linkagelocation"),
}
_BY_NAME = {other: column for column, others in _OTHER_NAMES.items() for other in others}
UNREAD_MARK = "the contract's "  # in a file's reason: "viral_load (the contract's vl_copies?)"


def meant_column(heading: str) -> str | None:
    """The contract column ``heading`` (a file's heading the contract does not know) was likely meant as:
    another name templates give it, or its own name mistyped ("linkd_date"); else None."""
    squashed = re.sub(r"[\W_]+", "", heading.lower())
    if not squashed:
        return None
    if squashed in _BY_NAME:
        return _BY_NAME[squashed]
    close = difflib.get_close_matches(squashed, list(COLUMNS_BY_WORDS), n=1, cutoff=0.85)
    return COLUMNS_BY_WORDS[close[0]] if close else None
