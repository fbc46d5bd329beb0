"""The first sheet's cells read from its XML (xlsx_sheet) are what openpyxl's read-only mode reads."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from pipelines.lib import xlsx_reader, xlsx_sheet

EXAMPLES = [p for p in sorted(Path(__file__).resolve().parents[3].glob("shared/examples/*.xlsx")) + sorted(
    (Path(__file__).resolve().parents[2] / "data" / "inbox").glob("*.xlsx")) if zipfile.is_zipfile(p)]


def openpyxl_rows(data: bytes) -> list[tuple]:
    """The reference: what the readers read before xlsx_sheet, every row as a tuple."""
    return [tuple(r) for r in xlsx_reader._openpyxl_rows(data)]


def outcome(read) -> tuple:
    """A reader's table, or the error it raised."""
    try:
        return ("table", read().to_pylist())
    except Exception as exc:  # noqa: BLE001 - compared, not hidden
        return ("error", type(exc).__name__, str(exc))


def openpyxl_table(data: bytes):
    """The readers' table of what openpyxl reads, as they read a sheet they leave to it."""
    return xlsx_reader._xlsx_table(xlsx_reader._openpyxl_rows(data), xlsx_sheet.merged_ranges(data))


def both(data: bytes) -> tuple[list[tuple], list[tuple]]:
    return list(xlsx_sheet.sheet_rows(data)), openpyxl_rows(data)


def with_sheet(sheet_xml: str, styles: bytes | None = None) -> bytes:
    """A workbook made by openpyxl whose first sheet's XML is ``sheet_xml``."""
    buf = io.BytesIO()
    wb = openpyxl.Workbook()
    wb.active["A1"] = "x"
    wb.save(buf)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = sheet_xml.encode("utf-8")
            elif info.filename == "xl/styles.xml" and styles is not None:
                data = styles
            zout.writestr(info, data)
    return out.getvalue()


MAIN = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def sheet(rows: str, prefix: str = "") -> str:
    p = f"{prefix}:" if prefix else ""
    ns = MAIN.replace("xmlns=", f"xmlns:{prefix}=") if prefix else MAIN
    return f'<{p}worksheet {ns}><{p}dimension ref="A1"/><{p}sheetData>{rows}</{p}sheetData></{p}worksheet>'


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_the_example_and_sample_workbooks_read_as_openpyxl_reads_them(path):
    fast, reference = both(path.read_bytes())
    assert fast == reference and len(fast) > 2


def test_inline_rich_text_cells_without_references_and_rows_out_of_order():
    data = with_sheet(sheet(
        '<row r="1"><c t="inlineStr"><is><t>record_id</t></is></c><c t="inlineStr"><is><t>site_code</t></is></c>'
        '<c r="D1" t="inlineStr"><is><r><rPr><b/></rPr><t>ri</t></r><r><t xml:space="preserve">ch </t></r>'
        '<rPh sb="0" eb="1"><t>PHONETIC</t></rPh></is></c></row>'
        '<row r="3"><c r="B3" t="inlineStr"><is><t>  </t></is></c><c r="A3" t="inlineStr"><is><t>r1</t></is></c></row>'
        '<row><c t="b"><v>1</v></c><c t="e"><v>#N/A</v></c><c t="str"><v>cached</v></c><c><v>2.50</v></c>'
        '<c t="inlineStr"/><c><v></v></c><c t="inlineStr"><is><t/></is></c></row>'  # row 4, the one after
        '<row r="2"><c r="A2"><v>7</v></c></row>'  # a row number gone back: openpyxl skips it
        '<row r="6.0"><c r="C6"><f>SUM(A1:A2)</f><v>3</v></c></row>'))
    fast, reference = both(data)
    assert fast == reference
    # B3 stands after the row's last cell (A3): openpyxl drops it; a phonetic reading is not the text
    assert fast == [("record_id", "site_code", None, "rich "), (), ("r1",), (True, "#N/A", "cached", 2.5, None, None, ""),
                    (), (None, None, "=SUM(A1:A2)")]


def test_a_prefixed_namespace_is_read():
    data = with_sheet(sheet('<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>id</x:t></x:is></x:c>'
                            '<x:c r="B1"><x:v>5</x:v></x:c></x:row>', prefix="x"))
    assert both(data) == ([("id", 5)], [("id", 5)])


def test_merged_ranges_are_read_once_the_cells_are_and_by_the_pass_for_openpyxl_s_sheets():
    # the XML lists a sheet's merged ranges after its cells; openpyxl's read-only mode does not read them
    wb = openpyxl.Workbook()
    for row in [("record_id", "site_code", "notes"), ("r1", "ALA-01"), ("r2",), ("r3",), ("Итого",)]:
        wb.active.append(row)
    wb.active.merge_cells("B2:B4")
    wb.active.merge_cells("A5:C5")
    buf = io.BytesIO()
    wb.save(buf)
    merged: list[str] = []
    assert len(list(xlsx_sheet.sheet_rows(buf.getvalue(), merged))) == 5 and sorted(merged) == ["A5:C5", "B2:B4"]
    assert sorted(xlsx_sheet.merged_ranges(buf.getvalue())) == ["A5:C5", "B2:B4"]
    prefixed = with_sheet(sheet('<x:row r="1"><x:c r="A1"><x:v>5</x:v></x:c></x:row>', prefix="x").replace(
        "</x:sheetData>", '</x:sheetData><x:mergeCells count="1"><x:mergeCell ref="A2:A3"/></x:mergeCells>'))
    merged.clear()
    assert list(xlsx_sheet.sheet_rows(prefixed, merged)) == [(5,)] and merged == ["A2:A3"]
    assert xlsx_sheet.merged_ranges(prefixed) == ["A2:A3"]


@pytest.mark.parametrize("rows", [
    '<row r="1"><c r="A1"><f t="dataTable" ref="A1:B2" dt2D="1" dtr="0" r1="C1" r2="D1"/></c></row>',
    '<row r="1"><c r="A1"><f t="array" ref="A1">B1:B2*2</f></c></row>',
    '<row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c><extLst/></row>',
    '<row r="1"><c r="a1"><v>1</v></c></row>',
])
def test_what_is_left_to_openpyxl_is_read_by_it(rows):
    data = with_sheet(sheet(rows))
    with pytest.raises(xlsx_sheet.Unusual):
        list(xlsx_sheet.sheet_rows(data))
    assert outcome(lambda: xlsx_reader.read_xlsx(data)) == outcome(lambda: openpyxl_table(data))


def test_a_dtd_is_left_to_openpyxl():
    doc = '<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY e "x">]>' + sheet('<row r="1"><c r="A1"><v>1</v></c></row>')
    data = with_sheet(doc)
    with pytest.raises(xlsx_sheet.Unusual):
        list(xlsx_sheet.sheet_rows(data))
    assert outcome(lambda: xlsx_reader.read_xlsx(data)) == outcome(lambda: openpyxl_table(data))


def test_shared_formulas_read_as_openpyxl_translates_them():
    # Excel writes a formula filled down as one shared formula: its text in the first cell, the others
    # pointing to it by si; a cell pointing to an si not given yet is "="
    data = with_sheet(sheet(
        '<row r="1"><c r="A1" t="inlineStr"><is><t>record_id</t></is></c><c r="B1" t="inlineStr"><is><t>x</t></is></c>'
        '<c r="C1" t="inlineStr"><is><t>y</t></is></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>r1</t></is></c><c r="B2"><f t="shared" ref="B2:B4" si="0">A2&amp;"-"</f>'
        '<v>r1-</v></c><c r="C2"><f t="shared" si="1"/></c></row>'
        '<row r="3"><c r="A3" t="inlineStr"><is><t>r2</t></is></c><c r="B3"><f t="shared" si="0"/></c>'
        '<c r="C3"><f t="shared" ref="C3:C4" si="1">SUM($A$1:A3)</f></c></row>'
        '<row r="4"><c r="A4" t="inlineStr"><is><t>r3</t></is></c><c r="B4"><f t="shared" si="0"/></c>'
        '<c r="C4"><f t="shared" si="1"/></c></row>'))
    fast, reference = both(data)
    assert fast == reference
    assert [r[1:] for r in fast[1:]] == [('=A2&"-"', "="), ('=A3&"-"', "=SUM($A$1:A3)"),
                                         ('=A4&"-"', "=SUM($A$1:A4)")]


cell_values = st.one_of(
    st.none(),
    st.text(alphabet=st.sampled_from("aZ Ё ж\t-_=.0123456789"), max_size=8),
    st.integers(-10**12, 10**12),
    st.floats(allow_nan=False, allow_infinity=False, width=64),
    st.booleans(),
    st.dates(dt.date(1901, 1, 1), dt.date(2099, 12, 31)),
    st.datetimes(dt.datetime(1901, 1, 1), dt.datetime(2099, 12, 31)),
)
layouts = st.lists(st.tuples(st.integers(1, 4), st.lists(st.tuples(st.integers(1, 6), cell_values), max_size=6)),
                   min_size=1, max_size=8)


@pytest.mark.filterwarnings("ignore:Cell .* is marked as a date:UserWarning")  # openpyxl's, for those
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(layout=layouts, write_only=st.booleans(), number_format=st.sampled_from(
    [None, "General", "0.00", "yyyy-mm-dd", "dd.mm.yyyy hh:mm", "[h]:mm:ss", "mm:ss"]))
def test_any_workbook_openpyxl_writes_reads_as_openpyxl_reads_it(layout, write_only, number_format):
    # rows with gaps between them and cells at any column; shared strings (a workbook openpyxl builds
    # in memory) or inline strings (written as a stream); numbers styled as dates or durations
    buf = io.BytesIO()
    wb = openpyxl.Workbook(write_only=write_only)
    ws = wb.create_sheet() if write_only else wb.active
    row = 0
    for gap, cells in layout:
        values: dict[int, object] = dict(cells)
        width = max(values, default=0)
        if write_only:
            for _ in range(gap - 1):
                ws.append([])
            line = []
            for c in range(1, width + 1):
                v = values.get(c)
                if number_format and isinstance(v, (int, float)) and not isinstance(v, bool):
                    cell = openpyxl.cell.WriteOnlyCell(ws, value=v)
                    cell.number_format = number_format
                    v = cell
                line.append(v)
            ws.append(line)
            row += gap
        else:
            row += gap
            for c, v in values.items():
                cell = ws.cell(row=row, column=c, value=v)
                if number_format and isinstance(v, (int, float)) and not isinstance(v, bool):
                    cell.number_format = number_format
    wb.save(buf)
    data = buf.getvalue()
    reference = openpyxl_rows(data)
    try:
        assert list(xlsx_sheet.sheet_rows(data)) == reference
    except xlsx_sheet.Unusual:  # left to openpyxl only for a date out of range, which it reads as an error
        assert any(v == "#VALUE!" for row in reference for v in row)
    assert outcome(lambda: xlsx_reader.read_xlsx(data)) == outcome(lambda: xlsx_reader._xlsx_table(iter(reference), []))


def test_a_chart_sheet_before_the_first_worksheet_is_passed_over():
    buf = io.BytesIO()
    wb = openpyxl.Workbook()
    wb.active.append(["record_id", "age"])
    wb.active.append(["r1", 31])
    wb.create_chartsheet("chart", 0).add_chart(openpyxl.chart.BarChart())
    wb.create_sheet("second").append(["other"])
    assert wb.sheetnames == ["chart", "Sheet", "second"]
    wb.save(buf)
    assert both(buf.getvalue()) == ([("record_id", "age"), ("r1", 31)], [("record_id", "age"), ("r1", 31)])
