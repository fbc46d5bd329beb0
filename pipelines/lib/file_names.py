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

from pipelines.lib.identifiers import EMAIL, PHONE, REFUSED, TWELVE_DIGITS, iin_is_valid, with_article
from pipelines.lib.readers import SUPPORTED

_YEAR, _MONTH, _DAY = r"(?:19|20)\d{2}", r"(?:0[1-9]|1[0-2])", r"(?:0[1-9]|[12]\d|3[01])"
_DATE = (rf"{_YEAR}(?P<s1>[-._ ]?){_MONTH}(?P=s1){_DAY}"  # 2025-07-15, 20250715, 2025 07 15
         rf"|{_DAY}(?P<s2>[-._ ]){_MONTH}(?P=s2){_YEAR}"  # 15.07.2025
         rf"|{_YEAR}[-._ ]{_MONTH}")  # 2025-07
_TIME = r"(?:[ T_-]?(?:[01]\d|2[0-3])[-:.h]?[0-5]\d(?:[-:.m]?[0-5]\d)?)?"  # 1230, 12-30-45 after a date
_NOT_IDENTIFYING = re.compile(rf"(?<!\d)(?:(?:{_DATE}){_TIME}|\(\d{{1,3}}\))(?!\d)")
_PHONE = re.compile(rf"(?<![0-9+]){PHONE}(?!\d)")
_TWELVE = re.compile(rf"(?<!\d){TWELVE_DIGITS}(?!\d)")


def name_identifier(name: str) -> str | None:
    """The kind of direct identifier a file's name carries, if any (the rules of the cells' check:
    an e-mail address, a valid IIN, a phone number of 10-15 digits written with a + or separators,
    or 11 digits beginning 7 or 8)."""
    suffix = Path(name).suffix.lower()
    stem = name[: -len(suffix)] if suffix in SUPPORTED else name  # "a@b.csv" is not an e-mail address
    if re.search(EMAIL, stem):
        return "e-mail address"
    if any(iin_is_valid(m.group(0)) for m in _TWELVE.finditer(name)):
        return "IIN (12-digit national identification number)"
    for m in _PHONE.finditer(_NOT_IDENTIFYING.sub("_", name)):
        digits = re.sub(r"\D", "", m.group(0))
        separated = bool(re.search(r"[ ()\-]", m.group(0))) or m.group(0).startswith("+")
        if 10 <= len(digits) <= 15 and (separated or (len(digits) == 11 and digits[0] in "78")):
            return "phone number"
    return None


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
