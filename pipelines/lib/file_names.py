"""File names that carry direct identifiers: such a file is refused, and its name is never stored.

A field worker may save an export under a client's phone number or e-mail address; its name would
otherwise reach ``audit.files``, the run's log and the inbox sensor's log. The name is then withheld
whole (a surname beside the phone number is not recognisable, so keeping the rest is not safe): the
file is known by its hash instead. Dates, times and copy counters ("(2)") are taken out of a name
before it is searched, so that ``ala-01 2025 07 15`` or ``2025-07-01 (2)`` never look like a phone.
"""

from __future__ import annotations

import re
from pathlib import Path

from pipelines.lib.document_numbers import valid_iin_in
from pipelines.lib.identifiers import EMAIL, HANDLE, MESSENGER, REFUSED, WORDED, with_article
from pipelines.lib.person_names import name_alone_in_any_case, name_in
from pipelines.lib.phone_numbers import phone_in
from pipelines.lib.readers import SUPPORTED
from pipelines.lib.typed_text import plain


def name_identifier(name: str) -> str | None:
    """The kind of direct identifier a file's name carries, if any: by the rules the cells' check applies to
    free text (``identifiers``; a valid IIN only, as in a contract cell), the name read plainly; a person's
    name also in lower case, and alone as the whole name."""
    name = plain(name)  # "+7 701 555‑43‑21.csv" saved from a web page: spaces and dashes as typed
    suffix = Path(name).suffix.lower()
    stem = name[: -len(suffix)] if suffix in SUPPORTED else name  # "a@b.csv" is not an e-mail address
    if re.search(EMAIL, stem):
        return "e-mail address"
    if re.search(HANDLE, stem):  # "@rustam_92.csv"
        return MESSENGER
    if valid_iin_in(name):
        return "IIN (12-digit national identification number)"
    if phone_in(name):
        return "phone number"
    words = stem.replace("_", " ")
    # "паспорт_AA1234567.xlsx", "ул Абая 12 кв 5.csv", "дата рождения 15.03.1990.csv": before the names, as
    # capitalised "д.р. 15.03.1990" holds initials ("Д.Р."; until 2026-12-07 such a file was refused as holding
    # a person's name)
    worded = next((kind for kind, _, found in WORDED if found(words)), None)
    if worded:
        return worded
    # "Rakhimov_R.A.csv", "2025-03 Асан уулу Бакыт.csv"; alone, the whole name but its numbers (a date, a
    # month, a copy counter: "Rakhimov_Rustam_2025-03 (2).csv" was stored under that name until 2026-12-06);
    # in any case, as a name is recognised in an id: a file saved by hand is often named in lower case
    # ("rakhimov_rustam.csv")
    if name_in(words) or name_in(words.title()) or name_alone_in_any_case(_without_numbers(words)):
        return "person's name"
    return None


def _without_numbers(words: str) -> str:
    """The words of a file's name that hold no digit: what is left of "ala-01 2025-03 (2)" is nothing."""
    return " ".join(w for w in words.split() if not any(c.isdigit() for c in w))


def withheld_name(name: str, sha256: str) -> str:
    """The name a file whose own name carries an identifier is stored and logged under: its hash's first
    twelve digits (the officer finds it by its arrival time, or with ``sha256sum``) and its file type."""
    suffix = Path(name).suffix.lower()
    return f"(name withheld) {sha256[:12]}{suffix if suffix in SUPPORTED else ''}"


def is_withheld(name: str, sha256: str) -> bool:
    """Whether ``name`` is the withheld name of the file of hash ``sha256`` (no file names itself by
    its own hash)."""
    return name.startswith(withheld_name("", sha256))


def name_refusal(kind: str) -> str:
    return (f"the file's name contains what looks like {with_article(kind)}: {REFUSED} and the name is not"
            " stored or shown; rename the file without it to load it")
