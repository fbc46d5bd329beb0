"""The texts a worksheet keeps after its cells: its printed page's header and footer ("Карта клиента:
Иванов С.П.") and the values its drop-down lists offer (a list typed into Data Validation, "Иванов С.П.,
Петрова А.А."). Neither is a cell's value, so the worksheets' search does not see them;
``identifiers.workbook_identifiers`` searches them as free text.

Both stand after the sheet's rows in its XML, which may be hundreds of megabytes: the part is read through
as bytes, a megabyte at a time, and only what follows the first of them is parsed (by pattern: a fragment
of the part is no XML document).
"""

from __future__ import annotations

import html
import re

from pipelines.lib.xlsx_parts import Package, placed_sheets, workbook_package

_CHUNK = 1 << 20
_STARTS = (b"headerFooter", b"dataValidations")  # element names, with or without a namespace prefix
_KEEP = 64  # bytes kept from a chunk's end, so that a name cut by the chunk's edge is found
_HEADER = re.compile(rb"<(?:[\w.-]+:)?(?:odd|even|first)(?:Header|Footer)>(.*?)</", re.S)
_LIST = re.compile(rb'<(?:[\w.-]+:)?formula1>\s*(?:&quot;|")(.*?)(?:&quot;|")\s*</', re.S)  # typed in: "a,b,c"
# Excel's codes in a header: a section (&L &C &R), a field (page, pages, date, time, path, file, sheet, a
# picture), a font ("&\"Arial,Bold\""), size or colour ("&KFF0000"), a style switch; "&&" is an ampersand
_CODES = re.compile(r'&(?:"[^"]*"|\d+|K(?:[0-9A-Fa-f]{6}|\d\d[+-]\d{3})|[LCRPNDTZFAGBIUESXY])')


def page_texts(data: bytes | Package) -> list[tuple[str, str, str]]:
    """Each worksheet's header and footer texts and its typed-in lists' values, as (its sheet's place, "page
    header or footer" or "drop-down list", the text), in the workbook's order."""
    found: list[tuple[str, str, str]] = []
    with workbook_package(data) as package:
        for sheet in placed_sheets(package):
            if not sheet.worksheet:
                continue
            tail = _after_the_cells(package, sheet.part)
            place = str(sheet.place)
            found += [(place, "page header or footer", text) for text in _headers(tail)]
            found += [(place, "drop-down list", ", ".join(html.unescape(m.decode("utf-8", "replace")).split(",")))
                      for m in _LIST.findall(tail)]
    return [(place, what, text.strip()) for place, what, text in found if text.strip()]


def _after_the_cells(package: Package, part: str) -> bytes:
    """The part's bytes from the first header or list element on (b"" without one)."""
    kept, tail = b"", None
    with package.reader.archive.open(part) as source:
        while chunk := source.read(_CHUNK):
            if tail is not None:
                tail += chunk
                continue
            window = kept + chunk
            at = _element_start(window)
            if at >= 0:
                tail = window[max(0, at - _KEEP):]
            kept = window[-_KEEP:]
    return tail or b""


def _element_start(window: bytes) -> int:
    """Where the first header or list element's name starts in ``window``, -1 where none does: a name after
    "<" or a namespace prefix's ":" (in a cell's text "<" is written "&lt;"), found by ``bytes.find``, ~50x
    a pattern's search over a sheet's rows."""
    found = []
    for name in _STARTS:
        i = window.find(name)
        while i > 0 and window[i - 1:i] not in (b"<", b":"):
            i = window.find(name, i + 1)
        if i > 0:
            found.append(i)
    return min(found, default=-1)


def _headers(tail: bytes) -> list[str]:
    """A header's or footer's text without Excel's codes, its three sections apart."""
    texts = []
    for raw in _HEADER.findall(tail):
        text = html.unescape(raw.decode("utf-8", "replace"))
        texts.append(_CODES.sub(" ", text.replace("&&", "\0")).replace("\0", "&"))
    return texts
