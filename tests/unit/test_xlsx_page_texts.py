"""pipelines/lib/xlsx_page_texts.py: a worksheet's page header and footer, and its typed-in drop-down lists."""

import io

import openpyxl
from openpyxl.worksheet.datavalidation import DataValidation

from pipelines.lib import xlsx_page_texts
from pipelines.lib.xlsx_page_texts import page_texts


def _workbook(rows: int = 2) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["record_id", "note"])
    for i in range(1, rows):
        ws.append([f"r{i}", "<headerFooter> typed in a cell"])  # written "&lt;headerFooter": not the element
    ws.oddHeader.left.text = "ALA-01"
    ws.oddHeader.center.text = "Карта клиента: Иванов С.П."
    ws.oddFooter.right.text = "Стр. &P из &N, R&&D"
    listed = DataValidation(type="list", formula1='"Иванов С.П.,Петрова А.А."')
    ws.add_data_validation(listed)
    listed.add("B2")
    ranged = DataValidation(type="list", formula1="Lists!$A$1:$A$5")  # a range's values are a sheet's cells
    ws.add_data_validation(ranged)
    ranged.add("B3")
    wb.create_sheet("plain")["A1"] = "x"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


EXPECTED = [("worksheet 1", "page header or footer", "ALA-01 Карта клиента: Иванов С.П."),
            ("worksheet 1", "page header or footer", "Стр.   из  , R&D"),
            ("worksheet 1", "drop-down list", "Иванов С.П., Петрова А.А.")]


def test_headers_footers_and_typed_lists_without_excels_codes():
    # a header's sections and fields (&L, &C, &P, &N) are codes, "&&" an ampersand; a sheet without either
    # has none
    assert page_texts(_workbook()) == EXPECTED


def test_found_after_rows_of_any_length_and_a_chunks_edge(monkeypatch):
    # read a few bytes at a time, the elements' names are cut by a chunk's edge somewhere
    monkeypatch.setattr(xlsx_page_texts, "_CHUNK", 7)
    assert page_texts(_workbook(rows=40)) == EXPECTED
