"""pipelines/lib/xlsx_hyperlinks.py: where a workbook's hyperlinks lead."""

import io

import openpyxl

from pipelines.lib.xlsx_hyperlinks import hyperlink_targets
from pipelines.lib.xlsx_sheet import Place


def test_each_hyperlinks_target_of_every_worksheet_decoded():
    # a link within the workbook (to a cell) leads nowhere outside it: none
    wb = openpyxl.Workbook()
    wb.active.append(["record_id", "contact"])
    wb.active.append(["r1", "написать"])
    wb.active["B2"].hyperlink = "mailto:ivanov@mail.ru"
    hidden = wb.create_sheet("docs")
    hidden.sheet_state = "hidden"
    hidden["A1"] = "скан"
    hidden["A1"].hyperlink = "file:///C:/%D0%A1%D0%BA%D0%B0%D0%BD%D1%8B/scan%201.pdf"
    hidden["A2"] = "к началу"
    hidden["A2"].hyperlink = "#Sheet!A1"
    wb.create_sheet("empty")
    out = io.BytesIO()
    wb.save(out)
    assert hyperlink_targets(out.getvalue()) == [(Place(1, False), "mailto:ivanov@mail.ru"),
                                                 (Place(2, True), "file:///C:/Сканы/scan 1.pdf")]
