"""What a workbook's drawings say: the text of its text boxes, shapes and SmartArt, and what its charts keep.

A counsellor may write on a sheet in a text box rather than a cell ("перезвонить Иванову, +7 701 ..."), and
a chart keeps a copy of its labels and values, which stays when its source rows are deleted: no cell holds
either, so the worksheets' search does not see them; ``identifiers.workbook_identifiers`` searches these
texts as it searches free text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO

from pipelines.lib.xlsx_parts import Package, parse_part, placed_sheets, related_parts, workbook_package

# how a sheet's and a drawing's relationships name these parts (SmartArt's text: its data part)
_DRAWING, _CHART, _SMARTART = "/drawing", "/chart", "/diagramData"


@dataclass(frozen=True)
class DrawnText:
    """A text of a sheet's drawing: its sheet ("worksheet 2", "chart sheet 1"), what holds it ("text box",
    "chart", "SmartArt") and the text: a shape's whole text, or one label or value a chart keeps, or one run
    of a SmartArt's text."""
    sheet: str
    holder: str
    text: str


def drawn_texts(data: bytes | Package) -> list[DrawnText]:
    """Every text of every drawing of a workbook's sheets (hidden ones and chart sheets too), in the
    workbook's order. A part declaring a DTD refuses the workbook (``xlsx_parts.parse_part``)."""
    found: list[DrawnText] = []
    with workbook_package(data) as package:
        reader, names = package
        for place, _, part in placed_sheets(package):
            where = str(place)
            for drawing in related_parts(reader.archive, names, part, (_DRAWING,)):
                with reader.archive.open(drawing) as source:
                    found += [DrawnText(where, "text box", text) for text in _shape_texts(source)]
                for chart in related_parts(reader.archive, names, drawing, (_CHART,)):
                    with reader.archive.open(chart) as source:
                        found += [DrawnText(where, "chart", text) for text in _chart_texts(source)]
                for diagram in related_parts(reader.archive, names, drawing, (_SMARTART,)):
                    with reader.archive.open(diagram) as source:  # each node's text, in <a:t> runs
                        found += [DrawnText(where, "SmartArt", text) for text in _chart_texts(source)]
    return found


def _shape_texts(part: IO[bytes]) -> list[str]:
    """Each shape's text in a drawing (a text box is a shape): its runs (<a:t>) joined, a line end between
    its paragraphs; shapes without text left out."""
    texts: list[str] = []
    shapes: list[list[str]] = []  # the texts of the shapes being read (a group's shapes are each a shape)
    in_run = False

    def start(name: str, attrs: dict) -> None:
        nonlocal in_run
        local = name.rsplit(" ", 1)[-1]
        if local == "sp":
            shapes.append([])
        elif local == "p" and shapes and shapes[-1]:
            shapes[-1].append("\n")
        in_run = local == "t"

    def end(name: str) -> None:
        nonlocal in_run
        in_run = False
        if name.rsplit(" ", 1)[-1] == "sp" and shapes and (said := "".join(shapes.pop()).strip()):
            texts.append(said)

    def text(data: str) -> None:
        if in_run and shapes:
            shapes[-1].append(data)

    parse_part(part, start, end, text)
    return texts


def _chart_texts(part: IO[bytes]) -> list[str]:
    """What a chart keeps: each label or value of its caches (<c:v>), each run of its titles (<a:t>)."""
    texts: list[str] = []
    held: list[str] | None = None

    def start(name: str, attrs: dict) -> None:
        nonlocal held
        held = [] if name.rsplit(" ", 1)[-1] in ("v", "t") else None

    def end(name: str) -> None:
        nonlocal held
        if held is not None and (said := "".join(held).strip()):
            texts.append(said)
        held = None

    def text(data: str) -> None:
        if held is not None:
            held.append(data)

    parse_part(part, start, end, text)
    return texts
