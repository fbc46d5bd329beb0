"""pipelines/lib/xlsx_drawings.py: what a workbook's text boxes say and what its charts keep."""

import io

import openpyxl
import pytest

from pipelines.lib.cells import FileRefused
from pipelines.lib.identifiers import workbook_identifiers
from pipelines.lib.xlsx_drawings import DrawnText, drawn_texts
from tests.conftest import rezipped

_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_XDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_C = "http://schemas.openxmlformats.org/drawingml/2006/chart"


def _shape(*paragraphs: str) -> str:
    runs = "".join(f"<a:p>{''.join(f'<a:r><a:t>{r}</a:t></a:r>' for r in p.split('|'))}</a:p>" for p in paragraphs)
    return f"<xdr:twoCellAnchor><xdr:sp><xdr:txBody><a:bodyPr/>{runs}</xdr:txBody></xdr:sp></xdr:twoCellAnchor>"


def _chart(title: str, labels: list[str], values: list[int]) -> str:
    """A bar chart as Excel writes one: its title's runs, its series' categories and values cached."""
    cats = "".join(f'<c:pt idx="{i}"><c:v>{v}</c:v></c:pt>' for i, v in enumerate(labels))
    vals = "".join(f'<c:pt idx="{i}"><c:v>{v}</c:v></c:pt>' for i, v in enumerate(values))
    return (f'<c:chartSpace xmlns:c="{_C}" xmlns:a="{_A}"><c:chart><c:title><c:tx><c:rich><a:p><a:r><a:t>{title}'
            '</a:t></a:r></a:p></c:rich></c:tx></c:title><c:plotArea><c:barChart><c:ser><c:cat><c:strRef>'
            f'<c:f>#REF!</c:f><c:strCache>{cats}</c:strCache></c:strRef></c:cat><c:val><c:numRef><c:f>#REF!</c:f>'
            f'<c:numCache><c:formatCode>General</c:formatCode>{vals}</c:numCache></c:numRef></c:val></c:ser>'
            '</c:barChart></c:plotArea></c:chart></c:chartSpace>')


def with_drawing(data: bytes, sheet: int, shapes: str, chart: str | None = None) -> bytes:
    """``data``, a workbook, with a drawing on its ``sheet``-th worksheet holding ``shapes`` (anchors) and, if
    given, a chart (its part's XML), as Excel writes them."""
    frame = ('<xdr:twoCellAnchor><xdr:graphicFrame><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/'
             f'drawingml/2006/chart"><c:chart xmlns:c="{_C}" xmlns:r="{_RELS}" r:id="rC"/></a:graphicData>'
             '</a:graphic></xdr:graphicFrame></xdr:twoCellAnchor>') if chart else ""
    added = {
        f"xl/worksheets/_rels/sheet{sheet}.xml.rels": (
            f'<Relationships xmlns="{_PKG}"><Relationship Id="rD" Type="{_RELS}/drawing" '
            f'Target="../drawings/drawing{sheet}.xml"/></Relationships>'),
        f"xl/drawings/drawing{sheet}.xml": f'<xdr:wsDr xmlns:xdr="{_XDR}" xmlns:a="{_A}">{shapes}{frame}</xdr:wsDr>',
    }
    if chart:
        added[f"xl/drawings/_rels/drawing{sheet}.xml.rels"] = (
            f'<Relationships xmlns="{_PKG}"><Relationship Id="rC" Type="{_RELS}/chart" '
            f'Target="../charts/chart{sheet}.xml"/></Relationships>')
        added[f"xl/charts/chart{sheet}.xml"] = chart
    return rezipped(data, added=added)


def workbook() -> bytes:
    wb = openpyxl.Workbook()
    wb.active.append(["record_id", "client_uic"])
    wb.active.append(["r1", "AIBU11990"])
    hidden = wb.create_sheet("summary")
    hidden.sheet_state = "hidden"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_each_shapes_text_and_each_label_and_value_a_chart_keeps():
    # a shape's runs joined, its paragraphs on lines of their own; a shape without text left out
    data = with_drawing(workbook(), 2, _shape("перезвонить |Иванову", "+7 701 555 43 21") + _shape(),
                        _chart("Тесты", ["Иванов Сергей", "ALA-01"], [12, 3]))
    assert drawn_texts(data) == [
        DrawnText("worksheet 2 (hidden)", "text box", "перезвонить Иванову\n+7 701 555 43 21"),
        DrawnText("worksheet 2 (hidden)", "chart", "Тесты"),
        DrawnText("worksheet 2 (hidden)", "chart", "Иванов Сергей"),
        DrawnText("worksheet 2 (hidden)", "chart", "ALA-01"),
        DrawnText("worksheet 2 (hidden)", "chart", "12"),
        DrawnText("worksheet 2 (hidden)", "chart", "3"),
    ]


def test_a_workbook_without_drawings_has_no_drawn_text():
    assert drawn_texts(workbook()) == []


def test_a_chart_sheets_chart_and_a_worksheets_chart_as_openpyxl_writes_them():
    from openpyxl.chart import BarChart, Reference

    wb = openpyxl.Workbook()
    wb.active.append(["site", "tests"])
    wb.active.append(["ALA-01", 3])
    on_its_own = BarChart()
    on_its_own.title = "Тесты по сайтам"
    on_its_own.add_data(Reference(wb.active, min_col=2, min_row=1, max_row=2), titles_from_data=True)
    wb.create_chartsheet().add_chart(on_its_own)
    on_the_sheet = BarChart()
    on_the_sheet.title = "На листе"
    wb.active.add_chart(on_the_sheet, "D2")
    out = io.BytesIO()
    wb.save(out)
    assert drawn_texts(out.getvalue()) == [DrawnText("worksheet 1", "chart", "На листе"),
                                           DrawnText("chart sheet 1", "chart", "Тесты по сайтам")]


def test_smartarts_text_each_run():
    # SmartArt keeps its nodes' text in its data part, which the drawing's relationships name
    rels = (f'<Relationships xmlns="{_PKG}"><Relationship Id="rDm" Type="{_RELS}/diagramData" '
            'Target="../diagrams/data1.xml"/></Relationships>')
    data = rezipped(with_drawing(workbook(), 1, ""), added={
        "xl/drawings/_rels/drawing1.xml.rels": rels,
        "xl/diagrams/data1.xml": ('<dgm:dataModel xmlns:dgm="http://schemas.openxmlformats.org/drawingml/2006/'
                                  f'diagram" xmlns:a="{_A}"><dgm:ptLst><dgm:pt modelId="1"><dgm:t><a:p><a:r>'
                                  '<a:t>Клиент: Иванов Сергей Петрович</a:t></a:r></a:p></dgm:t></dgm:pt></dgm:ptLst>'
                                  '</dgm:dataModel>')})
    assert drawn_texts(data) == [DrawnText("worksheet 1", "SmartArt", "Клиент: Иванов Сергей Петрович")]
    with pytest.raises(FileRefused) as refused:
        workbook_identifiers(data)
    assert str(refused.value) == ("SmartArt on worksheet 1 holds what looks like a person's name: files with direct "
                                  "identifiers are refused (delete the SmartArt)")
