"""A workbook's records' worksheet as text cells (Arrow), and its other worksheets for the identifier checks.

The cells come from pipelines/lib/xlsx_sheet.py, which reads the sheets' XML as openpyxl would, or from
openpyxl itself for what that module leaves to it. The records' worksheet is the first one Excel shows,
its header in the first row; its rows are made into Arrow XLSX_BLOCK at a time, as are the other
worksheets', which are read only to refuse a workbook that carries identifiers anywhere.
"""

from __future__ import annotations

import io
import itertools
import zipfile
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pyarrow as pa

from pipelines.lib.cells import (ROW_ERROR, FileRefused, column_text, distinct_headers, numbered,
                                 unnumbered_if_in_sequence)
from pipelines.lib.contract import (DATE_COLUMNS, TITLE_ROWS, header_row_among, normalise_header, title_above_header,
                                    unheaded)
from pipelines.lib.held_cells import row_reasons

if TYPE_CHECKING:
    from pipelines.lib import xlsx_sheet

XLSX_BLOCK = 50_000  # a workbook's rows made into text columns at a time
# A workbook is a zip archive: one made to unpack to far more than it holds (a "zip bomb") would take the run's
# memory or hours. A sheet of records packs some 15 to 1 (100,000 rows of one repeated record: 83 MB in 5.5 MB);
# a part larger than PACKED_LARGE unpacking more than PACKED_RATIO to 1, or more than UNPACKED_MAX in all, is
# not one. The sizes are the archive's own word, which is also all that Python's zipfile reads up to.
PACKED_LARGE, PACKED_RATIO, UNPACKED_MAX = 64 * 2**20, 100, 4 * 2**30
# How a file begins: a zip archive (an .xlsx workbook is one), and Office's compound-file container, which
# Excel writes for an .xls workbook and for an .xlsx saved with a password (the workbook encrypted inside it,
# in a stream of _ENCRYPTED's name, UTF-16). The readers tell a file named otherwise by them too
ZIP_ARCHIVE, COMPOUND_FILE = b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")


def workbook_readable(data: bytes) -> None:
    """Raise FileRefused, saying what to do, where ``data`` is no workbook's whole archive (one saved with a
    password, an .xls, one cut short, text), one in Excel's Strict Open XML form, or one that would unpack to
    far more than a sheet of records."""
    if data.startswith(COMPOUND_FILE):  # a zip archive's reader would say "File is not a zip file"
        if _ENCRYPTED in data:
            raise FileRefused("a password-protected workbook: it cannot be read without its password; open it in "
                              "Excel, remove the password (File > Info > Protect Workbook > Encrypt with Password: "
                              "empty) and save it, or save it as CSV UTF-8")
        raise FileRefused("an Excel 97-2003 workbook (.xls) named .xlsx: open it in Excel and save it as .xlsx "
                          "(Excel Workbook) or as CSV UTF-8")
    if not zipfile.is_zipfile(io.BytesIO(data)):  # a workbook is a zip archive, whose directory is at its end
        if data.startswith(ZIP_ARCHIVE):
            raise FileRefused("the workbook is cut short or damaged (its archive has no end: a copy or a download "
                              "stopped early?): save it again from Excel, or have it sent again")
        raise FileRefused("not an Excel workbook: its content is of another kind (a CSV or a web page saved with "
                          "the .xlsx ending?): save it from Excel as .xlsx, or name a CSV file .csv")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _unpacks_plausibly(archive.infolist())
            rels = archive.read("_rels/.rels") if "_rels/.rels" in archive.namelist() else b""
    except zipfile.BadZipFile:
        return  # the readers say why they cannot read it
    # Excel's "Strict Open XML Spreadsheet" names its parts in namespaces of its own, which openpyxl does not
    # know: it finds no worksheet (until 2026-12-07 "the first sheet has no header row")
    if b"purl.oclc.org/ooxml/officeDocument/relationships/officeDocument" in rels:
        raise FileRefused("a workbook saved as Strict Open XML, which is not read: open it in Excel and save it as "
                          "Excel Workbook (.xlsx) or as CSV UTF-8")


def _unpacks_plausibly(parts: list[zipfile.ZipInfo]) -> None:
    """Raise FileRefused where the workbook's archive (``parts``) would unpack to far more than a sheet of
    records: checked before any part is read."""
    total = sum(p.file_size for p in parts)
    packed = [p for p in parts if p.file_size > PACKED_LARGE and p.file_size > PACKED_RATIO * max(p.compress_size, 1)]
    if packed or total > UNPACKED_MAX:
        part = max(parts, key=lambda p: p.file_size)
        raise FileRefused(f"the workbook would unpack to {total:,} bytes ({part.filename}: {part.file_size:,} "
                          f"from {part.compress_size:,}), far more than a sheet of records: not read")


def read_xlsx(data: bytes) -> pa.Table:
    from pipelines.lib import xlsx_sheet  # openpyxl's import is left to runs with a workbook to read

    workbook_readable(data)
    merged: list[str] = []  # the sheet's merged ranges, known once its rows are read
    try:
        return _xlsx_table(xlsx_sheet.sheet_rows(data, merged), merged)
    except FileRefused:
        raise
    except Exception:  # noqa: BLE001 - openpyxl, which reads every workbook, reads it, or says why not
        return _xlsx_table(_openpyxl_rows(data), xlsx_sheet.merged_ranges(data))


def xlsx_other_sheets(data: bytes) -> Iterator[tuple[xlsx_sheet.Place, pa.Table, list[str]]]:
    """Each worksheet of a workbook but the records' (the first shown; hidden ones too), for the identifier
    checks only: its place, its columns holding a value, as text, named by the sheet's first row (a column
    without a heading, or with one seen before, by nothing), and those columns' letters. A sheet
    pipelines/lib/xlsx_sheet.py leaves to openpyxl is read by openpyxl."""
    from openpyxl.utils import get_column_letter

    from pipelines.lib import xlsx_sheet

    try:
        sheets = [(place, _sheet_columns(rows)) for place, rows in xlsx_sheet.worksheets(data, records=False)]
    except Exception:  # noqa: BLE001 - openpyxl reads them, or says why not (the file is then refused)
        sheets = [(place, _sheet_columns(rows)) for place, rows in _openpyxl_sheets(data, records=False)]
    for place, columns in sheets:
        places = sorted(columns)  # a column of empty cells holds nothing to check
        heads = [normalise_header(columns[i][0].as_py()) for i in places]
        names = [h if h not in heads[:i] else "" for i, h in enumerate(heads)]
        yield (place, pa.Table.from_arrays([columns[i] for i in places], names=names),
               [get_column_letter(i + 1) for i in places])


def _sheet_columns(rows: Iterator[tuple]) -> dict[int, pa.Array]:
    """A sheet's columns holding a value, by place (from 0), as text, its rows made into Arrow XLSX_BLOCK at a
    time: as Python objects a sheet of 300,000 rows took 0.49 GB, for a workbook of ten records."""
    found: dict[int, list[pa.Array]] = {}
    before = 0
    while block := list(itertools.islice(rows, XLSX_BLOCK)):
        for i in _holding_values(block):
            cells = pa.array(column_text([row[i] if i < len(row) else None for row in block]), pa.string())
            found.setdefault(i, [pa.nulls(before, pa.string())]).append(cells)
        before += len(block)
        for chunks in found.values():  # a column empty in this block: nulls in its place
            if (held := sum(map(len, chunks))) < before:
                chunks.append(pa.nulls(before - held, pa.string()))
    return {i: pa.concat_arrays(chunks) for i, chunks in found.items()}


def _openpyxl_sheets(data: bytes, records: bool) -> Iterator[tuple[xlsx_sheet.Place, Iterator[tuple]]]:
    """As ``xlsx_sheet.worksheets``, read by openpyxl."""
    import openpyxl  # formulas are read as their text (=HYPERLINK(...)) and never evaluated

    from pipelines.lib.xlsx_sheet import Place, is_hidden, records_index

    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        if records and not wb.worksheets:  # until 2026-12-07 "the first sheet has no header row"
            raise FileRefused("the workbook has no worksheet, only chart sheets: the records must be on a worksheet")
        first = records_index([ws.sheet_state for ws in wb.worksheets])
        for i, ws in enumerate(wb.worksheets):
            if (i == first) == records:
                # read-only mode trusts the sheet's stated range (<dimension>), which some writers state too
                # small: rows and columns beyond it would be dropped without a word
                ws.reset_dimensions()
                yield Place(i + 1, is_hidden(ws.sheet_state)), ws.iter_rows(values_only=True)
    finally:
        wb.close()


def _openpyxl_rows(data: bytes) -> Iterator[tuple]:
    for _, rows in _openpyxl_sheets(data, records=True):
        yield from rows
        return


def _xlsx_table(rows: Iterator[tuple], merged: list[str]) -> pa.Table:
    """The records' worksheet's rows (as openpyxl gives them: pipelines/lib/xlsx_sheet.py, or openpyxl) as
    text; a row with a contract cell emptied by ``merged`` ranges, or holding a formula, held back saying so."""
    header = next(rows, None)
    if header is None or all(h is None for h in header):
        below = header_row_among(itertools.islice(rows, TITLE_ROWS))  # a blank row above the table
        raise FileRefused("the first sheet has no header row" if below is None else title_above_header(below + 2))
    width = max(i for i, h in enumerate(header) if h is not None) + 1
    names = [normalise_header(h) for h in header[:width]]
    if any(not n for n in names):
        from openpyxl.utils import get_column_letter

        lead = next(i for i, n in enumerate(names) if n)
        if lead and all(names[lead:]):  # a table begun in column B or later: not a merged heading
            raise FileRefused(f"the header begins in column {get_column_letter(lead + 1)}: delete the empty "
                              "column(s) before it, as the header must begin in column A")
        gaps = [i for i, n in enumerate(names) if not n]
        raise FileRefused(f"the header row has an empty cell in column{'s' if len(gaps) > 1 else ''} "
                          f"{', '.join(_column_runs(gaps))} (merged or missing header cells): give each column its own "
                          "heading in row 1, or delete an empty column")
    names = distinct_headers(names)  # before the columns are keyed by name: a repeated one would be dropped
    # a date cell with a time of day (a field tool's timestamp) is a date cell: its date, as from Parquet
    dates = frozenset(i for i, n in enumerate(names) if n in DATE_COLUMNS)
    # as Arrow tables, XLSX_BLOCK rows at a time: a row's Python objects take ~10x the room
    blocks, before = [], 0
    while sheet_rows := list(itertools.islice(rows, XLSX_BLOCK)):
        block = _beyond_headings(pa.table({n: pa.array(c, pa.string())
                                           for n, c in zip(names, _text_columns(sheet_rows, 0, width, dates))}),
                                 sheet_rows, width)
        # Excel keeps formatted empty rows, and a sheet may skip rows; they carry no record (nor does a
        # row of blank cells), but the rows after them keep the sheet's numbering
        blocks.append(numbered(block, before))
        before += len(sheet_rows)
    if not blocks:
        return pa.table({n: pa.array([], pa.string()) for n in names})
    table = pa.concat_tables(blocks, promote_options="default").combine_chunks()
    if (reasons := row_reasons(table, names, merged)) is not None:
        table = table.append_column(ROW_ERROR, reasons)
    return unnumbered_if_in_sequence(table, 0)[0]


def _column_runs(places: list[int]) -> list[str]:
    """Sheet columns by their letters (``places`` from 0, ascending), three or more in a row as Excel's range
    ("G:XFC"): a heading typed far out (XFD1) left a reason of 80,000 characters listing every column between."""
    from openpyxl.utils import get_column_letter

    runs: list[list[int]] = []
    for i in places:
        if runs and i == runs[-1][-1] + 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return [f"{get_column_letter(r[0] + 1)}:{get_column_letter(r[-1] + 1)}" if len(r) > 2
            else ", ".join(get_column_letter(i + 1) for i in r) for r in runs]


def _beyond_headings(block: pa.Table, rows: list[tuple], width: int) -> pa.Table:
    """``block`` with a column for each sheet column right of the headings that holds a cell in ``rows``
    (named "column T (no heading)"): in no column of the contract, but checked for identifiers like any
    column a file adds, and noted as ignored."""
    from openpyxl.utils import get_column_letter

    for i in _holding_values(rows, width):
        cells = column_text([row[i] if i < len(row) else None for row in rows])
        if any(c is not None for c in cells):
            block = block.append_column(unheaded(f"column {get_column_letter(i + 1)}"), pa.array(cells, pa.string()))
    return block


def _holding_values(rows: list[tuple], start: int = 0) -> list[int]:
    """The places, from ``start``, of the columns where a row of ``rows`` has a value, found in each row's own
    cells: a formatted empty cell far out (XFD1048576) makes rows that long, and padding every row to it took
    minutes, or more memory than the machine has, for a workbook of two records."""
    return sorted({i for row in rows if len(row) > start for i in range(start, len(row)) if row[i] is not None})


def _text_columns(rows: list[tuple], start: int, stop: int, dates: frozenset[int] = frozenset()
                  ) -> list[list[str | None]]:
    """Columns ``start`` to ``stop`` - 1 of a sheet's rows (each as long as its last cell) as text; in the
    columns ``dates`` (their places from 0), a date-time cell as its date."""
    pad = (None,) * (stop - start)
    cut = [row[start:stop] if len(row) >= stop else (*row[start:], *pad[max(len(row) - start, 0):]) for row in rows]
    return [column_text(c, i in dates) for i, c in enumerate(zip(*cut), start=start)]
