"""A workbook's package, for what the identifier search reads beside its worksheets' cells (sheets' names,
notes, drawings, hyperlinks, pivot caches, external links, document properties): opened once for all of them,
its sheets by place, each part's related parts by type, and the parts the search cannot read.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO, NamedTuple

from openpyxl.reader.excel import ExcelReader

from pipelines.lib.cells import FileRefused
from pipelines.lib.xlsx_sheet import Place, is_hidden, parse_without_dtd

# Excel never writes a DTD; one in a part beside the cells would leave what it says unsearched
DTD_REFUSED = ("a part of the workbook beside its cells (a note, drawing, hyperlink, pivot cache, link or property) "
               "declares a DTD, which Excel never writes and the identifier search does not read: save the workbook "
               "again in Excel (File, Save As, Excel Workbook), or send the records as CSV UTF-8")


def parse_part(source: IO[bytes], start: Callable[[str, dict], None], end: Callable[[str], None] | None = None,
               text: Callable[[str], None] | None = None) -> None:
    """Parse a part beside the cells with expat's handlers (``xlsx_sheet.parse_without_dtd``); FileRefused
    where it declares a DTD (until 2026-12-07 (forty-fourth session) left unread, its notes unsearched)."""
    if not parse_without_dtd(source, start, end, text):
        raise FileRefused(DTD_REFUSED)


class Package(NamedTuple):
    """openpyxl's reader of a workbook with its manifest and workbook part read (external links left to
    ``xlsx_links``: openpyxl would parse each whole, for nothing here), and the names of its parts."""
    reader: ExcelReader
    names: set[str]


@contextmanager
def workbook_package(data: bytes | Package) -> Iterator[Package]:
    """A workbook's package, opened from its bytes and closed when done; one opened already as it is (the
    identifier search reads several kinds of part from one opening: ~1 ms each)."""
    if isinstance(data, Package):
        yield data
        return
    reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
    with reader.archive:
        reader.read_manifest()
        reader.read_workbook()
        yield Package(reader, set(reader.archive.namelist()))


class PlacedSheet(NamedTuple):
    """A sheet by its place (a worksheet's ``Place``, "worksheet 2 (hidden)"; "chart sheet 1": never by its
    name, which may be a client's), its name and its part."""
    place: Place | str
    name: str
    part: str

    @property
    def worksheet(self) -> bool:
        return isinstance(self.place, Place)


def placed_sheets(package: Package) -> list[PlacedSheet]:
    """Every sheet of a workbook, worksheets (counted as ``xlsx_sheet.Place`` counts them) and chart sheets,
    in the workbook's order."""
    reader = package.reader
    found: list[PlacedSheet] = []
    worksheets = charts = 0
    for sheet, rel in reader.parser.find_sheets():
        if rel.target not in reader.valid_files:  # as xlsx_sheet.worksheets_parts counts worksheets
            continue
        place: Place | str
        if "chartsheet" not in rel.Type:
            worksheets += 1
            place = Place(worksheets, is_hidden(sheet.state))
        else:
            charts += 1
            place = f"chart sheet {charts}"
        found.append(PlacedSheet(place, sheet.name or "", rel.target))
    return found


def rels_path(part: str) -> str:
    """The name of ``part``'s relationships part: "xl/worksheets/_rels/sheet1.xml.rels" for a sheet's."""
    return posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")


def relationships(archive: zipfile.ZipFile, names: set[str], part: str, kinds: tuple[str, ...]
                  ) -> list[tuple[str, bool]]:
    """The targets ``part``'s relationships (its .rels part) name with a type ending in one of ``kinds``, in
    their order, each as written and whether it lies outside the package (an external file, a web page)."""
    rels = rels_path(part)
    if rels not in names:
        return []
    targets: list[tuple[str, bool]] = []

    def start(name: str, attrs: dict) -> None:
        if name.rsplit(" ", 1)[-1] == "Relationship" and attrs.get("Type", "").endswith(kinds):
            targets.append((attrs.get("Target", ""), attrs.get("TargetMode") == "External"))

    with archive.open(rels) as source:
        parse_part(source, start)
    return targets


def related_parts(archive: zipfile.ZipFile, names: set[str], part: str, kinds: tuple[str, ...]) -> list[str]:
    """The parts in the archive that ``part``'s relationships name with a type ending in one of ``kinds``,
    in their order; a target outside the package (an external file) is none."""
    found = (posixpath.normpath(posixpath.join(posixpath.dirname(part), target)).lstrip("/")
             for target, external in relationships(archive, names, part, kinds) if not external)
    return [p for p in found if p in names]


# parts whose content the search cannot read, each a copy of data a workbook carries unseen: a file inserted
# in a sheet as an object (a register attached as an icon), and a data model (Power Pivot's, or the one a
# pivot table made "with the data model" keeps: the whole source, compressed)
_UNSEARCHED = (("xl/embeddings/", "a file inserted in a sheet as an object (an embedded file)",
                "delete the object: select it on its sheet, Delete"),
               ("xl/model/", "a data model (Power Pivot, or a pivot table made with the data model)",
                "remove it: Data, Manage Data Model, or make the pivot table again without the data model"))


def unsearched(names: set[str]) -> tuple[str, str] | None:
    """(what, how to remove it) of the first part of a workbook the identifier search cannot read, or None."""
    for prefix, what, mend in _UNSEARCHED:
        if any(name.startswith(prefix) for name in names):
            return what, mend
    return None
