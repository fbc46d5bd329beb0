"""The cells of a workbook's worksheets, read from their XML as openpyxl's read-only mode reads them.

openpyxl builds an object for every inline string (field tools, and openpyxl itself, write every text
cell so) and parses every cell's coordinate: a sheet of 300,000 rows took 81-85 s to read into text
cells. Here Python's expat parser calls a few small functions per element: 27-29 s (docs/performance-history.md,
ninth session). openpyxl still reads the package (which part is the first worksheet, the shared strings,
which cell styles are dates, the date system): only the sheet's cells are read here. A cell this module
does not read as openpyxl would (a formula over an array or a data table, a date out of range, a row
holding anything but cells, a DTD) raises ``Unusual``; the caller then reads the file with openpyxl
(pipelines/lib/xlsx_reader.py), as it did before.
"""

from __future__ import annotations

import datetime as dt
import io
import xml.parsers.expat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO

from openpyxl.formula.translate import Translator
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.stylesheet import Stylesheet
from openpyxl.utils.cell import column_index_from_string
from openpyxl.utils.datetime import from_excel, from_ISO8601
from openpyxl.xml.constants import ARC_STYLE, SHEET_MAIN_NS
from openpyxl.xml.functions import fromstring

CHUNK = 1 << 20  # bytes of the sheet's XML parsed at a time: rows are handed on as they are complete
_MAIN = SHEET_MAIN_NS + " "
C, V, F, IS, T, R, RPH, ROW, MERGE = (_MAIN + n for n in ("c", "v", "f", "is", "t", "r", "rPh", "row", "mergeCell"))


class Unusual(Exception):
    """Something openpyxl reads and this module leaves to it."""


@dataclass(frozen=True)
class Place:
    """A worksheet by its place among the workbook's worksheets (from 1, hidden ones counted, as Excel's
    Worksheets(n)), never by its name, which may be a client's."""
    number: int
    hidden: bool

    def __str__(self) -> str:
        return f"worksheet {self.number}" + (" (hidden)" if self.hidden else "")


def is_hidden(state: str | None) -> bool:
    """Whether a worksheet of this state ("visible", "hidden", "veryHidden"; none given: visible) is hidden."""
    return state not in (None, "visible")


def records_index(states: list[str | None]) -> int:
    """Which worksheet (of these states, in the workbook's order) holds the records: the first one Excel
    shows, its first tab. A template may keep its lists of values on a hidden worksheet before it (until
    2026-12-07 that one was read as the records)."""
    return next((i for i, state in enumerate(states) if not is_hidden(state)), 0)


def sheet_rows(data: bytes, merged: list[str] | None = None) -> Iterator[tuple]:
    """The rows of the records' worksheet (``records_index``) as openpyxl's ``iter_rows(values_only=True)``
    gives them after ``reset_dimensions()``: one per row number from 1, () for a row without cells, each as
    long as its last cell's column. Raises ``Unusual`` (possibly after rows were given) for what it leaves
    to openpyxl. ``merged``, if given, receives the sheet's merged ranges ("D2:D5") once its rows are read:
    the XML lists them after the cells."""
    for _, rows in worksheets(data, records=True, merged=merged):
        yield from rows
        return
    raise Unusual("no worksheet")


def worksheets(data: bytes, records: bool, merged: list[str] | None = None
               ) -> Iterator[tuple[Place, Iterator[tuple]]]:
    """The records' worksheet (``records``), or each of the others in the workbook's order, with its place
    and rows (as ``sheet_rows``), among openpyxl's ``workbook.worksheets``: the sheets that are there and
    not charts, hidden ones too. Each sheet's rows are read when asked for, before the next sheet is given;
    ``merged`` as in ``sheet_rows``."""
    reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=False)
    with reader.archive:
        sheets = worksheets_parts(reader)
        first = records_index([state for _, state in sheets])
        chosen = [(Place(i + 1, is_hidden(state)), path) for i, (path, state) in enumerate(sheets)
                  if (i == first) == records]
        if not chosen:  # nothing to read: not even the shared strings (the whole workbook's)
            return
        reader.read_strings()
        dates, durations = _date_styles(reader)
        for place, path in chosen:
            yield place, _sheet(reader, path, dates, durations, merged)


def worksheets_parts(reader: ExcelReader) -> list[tuple[str, str | None]]:
    """Each worksheet's part and state, in the workbook's order."""
    reader.read_manifest()
    reader.read_workbook()
    return [(rel.target, sheet.state) for sheet, rel in reader.parser.find_sheets()
            if rel.target in reader.valid_files and "chartsheet" not in rel.Type]


def merged_ranges(data: bytes) -> list[str]:
    """The records' worksheet's merged ranges ("D2:D5"), for a sheet whose cells openpyxl reads (its
    read-only mode does not read them). A sheet declaring a DTD has none here: openpyxl reads its cells."""
    reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=False)
    refs: list[str] = []
    with reader.archive:
        sheets = worksheets_parts(reader)
        if not sheets:
            return refs
        path = sheets[records_index([state for _, state in sheets])][0]

        def start(name: str, attrs: dict) -> None:
            if name == MERGE:
                refs.append(attrs.get("ref", ""))

        with reader.archive.open(path) as source:
            if not parse_without_dtd(source, start):
                return []
    return refs


def parse_without_dtd(source: IO[bytes], start: Callable[[str, dict], None],
                      end: Callable[[str], None] | None = None, text: Callable[[str], None] | None = None) -> bool:
    """Parse a workbook's part with expat's handlers (names as "namespace local"); False, the part left
    unread from there, where it declares a DTD (entities a part has no need of, which could expand without
    bound)."""
    def no_dtd(*_: object) -> None:
        raise Unusual("the part declares a DTD")

    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler, parser.StartDoctypeDeclHandler = start, no_dtd
    if end:
        parser.EndElementHandler = end
    if text:
        parser.CharacterDataHandler = text
    try:
        parser.ParseFile(source)
    except Unusual:
        return False
    return True


def _sheet(reader: ExcelReader, path: str, dates: set[int], durations: set[int],
           merged: list[str] | None = None) -> Iterator[tuple]:
    with reader.archive.open(path) as source:
        counter = 1  # as openpyxl: rows the sheet skips are empty, a row number repeated is skipped
        for index, cells in _rows(source, reader.shared_strings, dates, durations, reader.wb.epoch, merged):
            while counter < index:
                counter += 1
                yield ()
            if counter == index:
                counter += 1
                yield _placed(cells)


def _date_styles(reader: ExcelReader) -> tuple[set[int], set[int]]:
    """The cell styles (by index) openpyxl reads as dates, and those of them it reads as durations."""
    if ARC_STYLE not in reader.valid_files:
        return set(), set()
    sheet = Stylesheet.from_tree(fromstring(reader.archive.read(ARC_STYLE)))
    if not sheet.cell_styles:  # openpyxl keeps its defaults then: no date styles
        return set(), set()
    return set(sheet.date_formats), set(sheet.timedelta_formats)


def _placed(cells: list[tuple[int, object]]) -> tuple:
    if not cells:
        return ()
    width = cells[-1][0]
    row: list[object] = [None] * width
    for column, value in cells:
        if column <= width:
            row[column - 1] = value
    return tuple(row)


def _column(ref: str, cache: dict[str, int] = {}) -> int:  # noqa: B006 - a cache shared on purpose
    letters = ref.rstrip("0123456789")
    column = cache.get(letters)
    if column is None:
        if not letters.isupper() or not letters.isalpha() or not ref[len(letters):]:
            raise Unusual("a cell reference openpyxl would not read")
        column = cache[letters] = column_index_from_string(letters)
    return column


def _rows(source: IO[bytes], strings: list, dates: set[int], durations: set[int],
          epoch: dt.datetime, merged: list[str] | None = None) -> Iterator[tuple[int, list]]:
    """(row number, [(column, value)...]) for each row element of the sheet, in document order."""
    done: list[tuple[int, list]] = []
    text: list[str] = []
    cells: list[tuple[int, object]] = []
    # the element being read; plain local names, as these run for every element of the sheet
    row = col = depth_is = 0
    in_row = in_cell = in_run = in_rph = capture = has_is = False
    kind = style = v = f = ftype = plain = cref = None
    shared: dict[str, Translator] = {}  # a shared formula's text, by its si, from the cell that holds it
    runs: list[str] = []

    def start(name: str, attrs: dict) -> None:
        nonlocal row, col, depth_is, in_row, in_cell, in_run, in_rph, capture, has_is
        nonlocal kind, style, v, f, ftype, plain, runs, cref
        if name == C:
            cref = attrs.get("r")
            col = _column(cref) if cref else col + 1
            kind, style = attrs.get("t", "n"), attrs.get("s")
            v = f = ftype = plain = None
            runs, has_is, in_cell = [], False, True
        elif not in_cell:
            if name == ROW:
                ref = attrs.get("r")
                row = _row_number(ref) if ref is not None else row + 1
                col, in_row, cells[:] = 0, True, ()
            elif in_row:
                raise Unusual("a row holds something other than cells")
            elif name == MERGE and merged is not None:
                merged.append(attrs.get("ref", ""))
        elif name == V or name == F or (name == T and depth_is and not in_rph):
            if name == F:
                f, ftype = "", (attrs.get("t"), attrs.get("si"))
            text.clear()
            capture = True
        elif name == IS:
            has_is = True
            depth_is += 1
        elif name == R and depth_is:
            in_run = True
        elif name == RPH and depth_is:
            in_rph = True

    def end(name: str) -> None:
        nonlocal in_row, in_cell, in_run, in_rph, capture, depth_is, v, f, plain
        if name == C:
            in_cell = False
            formula = None if f is None else _formula(f, ftype, cref, shared)
            cells.append((col, _value(kind, style, v, formula, plain, runs, has_is, strings, dates,
                                      durations, epoch)))
        elif name == ROW:
            in_row = False
            done.append((row, cells[:]))
        elif not in_cell:
            return
        elif capture and (name == V or name == F or name == T):
            capture = False
            joined = "".join(text)
            if name == V:
                if v is None:  # openpyxl reads a cell's first value
                    v = joined
            elif name == F:
                f = joined
            elif in_run:
                runs.append(joined)
            else:
                plain = joined
        elif name == IS:
            depth_is -= 1
        elif name == R:
            in_run = False
        elif name == RPH:
            in_rph = False

    def chars(data: str) -> None:
        if capture:
            text.append(data)

    def no_dtd(*_: object) -> None:
        raise Unusual("the sheet declares a DTD")

    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    parser.StartElementHandler, parser.EndElementHandler, parser.CharacterDataHandler = start, end, chars
    parser.StartDoctypeDeclHandler = no_dtd
    while chunk := source.read(CHUNK):
        parser.Parse(chunk, False)
        yield from done
        done.clear()
    parser.Parse(b"", True)
    yield from done


def _row_number(ref: str) -> int:
    try:
        return int(ref)
    except ValueError:
        number = float(ref)  # as openpyxl: "3.0" is row 3, "3.5" an error
        if not number.is_integer():
            raise
        return int(number)


def _formula(text: str, kind: tuple[str | None, str | None], ref: str | None,
             shared: dict[str, Translator]) -> str:
    """A formula's text as openpyxl's WorkSheetParser.parse_formula gives it: a cell sharing another's
    formula (as Excel writes a formula filled down) gets it translated to its own place."""
    formula_type, si = kind
    value = "=" + text
    if formula_type in ("array", "dataTable"):  # openpyxl gives objects for these
        raise Unusual("an array or data-table formula")
    if formula_type != "shared":
        return value
    if si in shared:
        return shared[si].translate_formula(ref)
    if value != "=":
        shared[si] = Translator(value, ref)
    return value


def _value(kind: str, s: str | None, v: str | None, f: str | None, plain: str | None,
           runs: list[str], has_is: bool, strings: list, dates: set[int], durations: set[int],
           epoch: dt.datetime) -> object:
    """A cell's value as openpyxl's WorkSheetParser.parse_cell gives it (data_only=False)."""
    if f is not None:  # a formula: its text (_formula), never its cached result
        return f
    if kind == "inlineStr":
        if not has_is:
            return None
        return (plain or "") + "".join(r for r in runs if r)
    value = v or None
    if value is None:
        return None
    if kind == "n":
        number = float(value) if ("." in value or "E" in value or "e" in value) else int(value)
        style = 0 if s is None else int(s) if s else s  # as openpyxl: s="" is no style at all
        if style in dates:
            try:
                return from_excel(number, epoch, timedelta=style in durations)
            except (OverflowError, ValueError) as exc:
                raise Unusual("a date out of range") from exc
        return number
    if kind == "s":
        return strings[int(value)]
    if kind == "b":
        return bool(int(value))
    if kind == "d":
        return from_ISO8601(value)
    return value  # "str" (a formula's text result), "e" (an error such as #N/A)
