"""The notes on a workbook's cells: Excel's notes (comments, before Excel 365) and threaded comments.

A counsellor may attach one to a client's row ("перезвонить, тел. +7 701 ..."): Excel shows it when the
cell is pointed at, and it travels with the file. No cell's value holds it, so the worksheets' search does
not see it; ``identifiers.workbook_identifiers`` searches these texts as it searches free text.
"""

from __future__ import annotations

from typing import IO

from pipelines.lib.xlsx_parts import Package, parse_part, placed_sheets, related_parts, workbook_package
from pipelines.lib.xlsx_sheet import Place

_NOTE_TYPES = ("/comments", "/threadedComment")  # how a worksheet's relationships name its notes' parts
_NOTES = {"comment", "threadedComment"}  # a note's element, its cell in "ref"; its text in <t> or <text>


def cell_notes(data: bytes | Package) -> list[tuple[Place, str, str]]:
    """Each note of every worksheet (hidden ones too) as (its worksheet's place, its cell, its text), in the
    workbook's order. A part declaring a DTD refuses the workbook (``xlsx_parts.parse_part``)."""
    found: list[tuple[Place, str, str]] = []
    with workbook_package(data) as package:
        reader, names = package
        for sheet in (s for s in placed_sheets(package) if s.worksheet):
            for part in related_parts(reader.archive, names, sheet.part, _NOTE_TYPES):
                with reader.archive.open(part) as source:
                    found += [(sheet.place, ref, text) for ref, text in _notes(source)]
    return found


def _notes(part: IO[bytes]) -> list[tuple[str, str]]:
    """Each note of a notes part as (its cell, its text). Excel begins a note's text with its author's name
    ("Ivanova Maria:", the workbook's user, a counsellor's): that is left out, as it is the note's author,
    written in the part's list of authors, not what the note says of a client."""
    notes: list[tuple[str, str]] = []
    authors: list[str] = []
    note: list[tuple[str, str]] = []  # the note being read: its cell and its author
    texts: list[str] = []
    in_author = False

    def start(name: str, attrs: dict) -> None:
        nonlocal in_author
        local = name.rsplit(" ", 1)[-1]
        if local in _NOTES:
            author_id = attrs.get("authorId", "")
            author = authors[int(author_id)] if author_id.isdigit() and int(author_id) < len(authors) else ""
            note.append((attrs.get("ref", ""), author))
            texts.clear()
        in_author = local == "author"
        if in_author:
            authors.append("")

    def end(name: str) -> None:
        nonlocal in_author
        in_author = False
        if name.rsplit(" ", 1)[-1] in _NOTES and note:
            ref, author = note.pop()
            said = "".join(texts)
            if author and said.startswith(f"{author}:"):
                said = said[len(author) + 1:]
            notes.append((ref, said.strip()))

    def text(data: str) -> None:
        if in_author:
            authors[-1] += data
        elif note:
            texts.append(data)

    parse_part(part, start, end, text)
    return notes
