"""pipelines/lib/xlsx_notes.py: the notes on a workbook's cells, of every worksheet."""

import io

import openpyxl
from openpyxl.comments import Comment

from pipelines.lib.xlsx_notes import cell_notes
from pipelines.lib.xlsx_sheet import Place
from tests.conftest import rezipped


def _workbook() -> bytes:
    wb = openpyxl.Workbook()
    wb.active.append(["record_id", "client_uic"])
    wb.active.append(["r1", "AIBU11990"])
    wb.active["B2"].comment = Comment("перезвонить", "counsellor")
    hidden = wb.create_sheet("lists")
    hidden.sheet_state = "hidden"
    hidden["A1"] = "codes"
    hidden["C4"].comment = Comment("Ivanova Maria:\nпроверить код", "Ivanova Maria")
    wb.create_sheet("empty")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_each_note_of_every_worksheet_with_its_cell_and_place():
    # the hidden worksheet's note too; its text without the "Author:" Excel puts first (openpyxl writes the
    # text as given, so the second note is written as Excel writes one)
    assert cell_notes(_workbook()) == [(Place(1, False), "B2", "перезвонить"),
                                       (Place(2, True), "C4", "проверить код")]


def test_a_workbook_without_notes_has_none():
    wb = openpyxl.Workbook()
    wb.active["A1"] = "record_id"
    out = io.BytesIO()
    wb.save(out)
    assert cell_notes(out.getvalue()) == []


def test_a_threaded_comment_is_a_note():
    # Excel 365's threaded comments, in a part of their own beside the legacy one
    listed = (b'<Relationship Id="rT" Type="http://schemas.microsoft.com/office/2017/10/relationships/'
              b'threadedComment" Target="../threadedComments/threadedComment1.xml"/></Relationships>')
    data = rezipped(_workbook(), {"xl/worksheets/_rels/sheet1.xml.rels": lambda b: b.replace(b"</Relationships>",
                                                                                              listed)}, {
        "xl/threadedComments/threadedComment1.xml": (
            '<ThreadedComments xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments">'
            '<threadedComment ref="A2" id="{1}" personId="{2}"><text>тел. 8 701 555 43 21</text></threadedComment>'
            '</ThreadedComments>')})
    assert (Place(1, False), "A2", "тел. 8 701 555 43 21") in cell_notes(data)
