"""pipelines/lib/xlsx_links.py: the cells a workbook keeps of other workbooks its formulas refer to."""

from pipelines.lib.xlsx_links import LinkedSheet, linked_sheets
from tests.conftest import rezipped
from tests.unit.test_xlsx_pivots import workbook

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


def with_external_link(data: bytes, sheet_data: str) -> bytes:
    """``data``, a workbook, with an external link as Excel writes one for a formula referring to another
    workbook: the link's part with its cached ``sheet_data`` (<sheetData> elements), its relationship to the
    other file, and the workbook's reference to it."""
    listed = (f'<Relationship Id="rLink" Type="{_RELS}/externalLink" '
              'Target="externalLinks/externalLink1.xml"/></Relationships>').encode()
    referred = b'</sheets><externalReferences><externalReference r:id="rLink"/></externalReferences>'
    return rezipped(data, {"xl/_rels/workbook.xml.rels": lambda b: b.replace(b"</Relationships>", listed),
                           "xl/workbook.xml": lambda b: b.replace(b"</sheets>", referred)}, {
        "xl/externalLinks/_rels/externalLink1.xml.rels": (
            f'<Relationships xmlns="{_PKG}"><Relationship Id="rId1" Type="{_RELS}/externalLinkPath" '
            'Target="file:///C:/Users/ngo/Desktop/Регистр.xlsx" TargetMode="External"/></Relationships>'),
        "xl/externalLinks/externalLink1.xml": (
            f'<externalLink xmlns="{_MAIN}"><externalBook xmlns:r="{_RELS}" r:id="rId1"><sheetNames>'
            f'<sheetName val="Лист1"/></sheetNames><sheetDataSet>{sheet_data}</sheetDataSet></externalBook>'
            '</externalLink>')})


REGISTER = ('<sheetData sheetId="0">'
            '<row r="1"><cell r="A1" t="str"><v>UIC</v></cell><cell r="C1" t="str"><v>ФИО</v></cell></row>'
            '<row r="3"><cell r="A3" t="str"><v>AIBU11990</v></cell><cell r="C3" t="str"><v>Иванов Сергей</v>'
            '</cell><cell r="D3"><v>87015554321</v></cell></row>'
            '</sheetData>')


def test_each_cached_sheet_by_column_from_the_first_row():
    # rows and cells not cached are missing; the first row's cells name their columns
    sheets = linked_sheets(with_external_link(workbook(), REGISTER + '<sheetData sheetId="1"/>'))
    assert sheets == [
        LinkedSheet(["UIC", "ФИО", ""], [["UIC", None, "AIBU11990"], ["ФИО", None, "Иванов Сергей"],
                                         [None, None, "87015554321"]], ["A", "C", "D"]),
        LinkedSheet([], [], []),
    ]


def test_a_workbook_without_external_links_has_no_linked_sheet():
    assert linked_sheets(workbook()) == []


def test_a_cached_shared_string_is_read_by_its_index():
    # openpyxl writes no shared strings: the workbook's table of them, as Excel writes one, is added
    cell = '<sheetData sheetId="0"><row r="2"><cell r="B2" t="s"><v>1</v></cell></row></sheetData>'
    typed = (b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
             b'officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    data = rezipped(with_external_link(workbook(), cell),
                    {"[Content_Types].xml": lambda b: b.replace(b"</Types>", typed)},
                    {"xl/sharedStrings.xml": f'<sst xmlns="{_MAIN}"><si><t>site</t></si><si><t>ALA-01</t></si></sst>'})
    assert linked_sheets(data) == [LinkedSheet([""], [[None, "ALA-01"]], ["B"])]
