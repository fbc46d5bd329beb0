"""load_targets: the programme's targets as the officer saves them, and a clear stop where one cannot be right."""

import io

import duckdb
import pytest

from pipelines.lib.sql import SQL_DIR
from pipelines.lib.categories import AGE_BANDS
from pipelines.lib.targets import load_targets


def test_targets_as_saved_by_hand_or_by_russian_excel(tmp_path):
    path = tmp_path / "t.csv"
    # a BOM, ";" as the delimiter, headings in any case, a blank line, a site code in lower case
    path.write_bytes("\ufeffPeriod; Target ;Dimension;Category\n\nall;2500;;\n2025-Q1; 600;;\n"
                     "2025-03;200;site_code;ala-01\n2025-03;150;country_of_origin;tjk\n".encode())
    got = load_targets(path)
    assert got.to_dict("records") == [
        {"period": "all", "dimension": "total", "category": "all", "target": 2500},
        {"period": "2025-Q1", "dimension": "total", "category": "all", "target": 600},
        {"period": "2025-03", "dimension": "site_code", "category": "ALA-01", "target": 200},
        {"period": "2025-03", "dimension": "country_of_origin", "category": "TJK", "target": 150}]
    assert got["target"].dtype == "int64"


def test_headings_in_russian_and_months_excel_made_dates_of(tmp_path):
    # Excel turns "2025-03" typed in a cell into a date, and a CSV saved from it writes that date as the locale
    # shows it: until 2026-12-06 such a period stopped the run, and Russian headings were refused
    path = tmp_path / "t.csv"
    path.write_bytes("Отчётный период;Цель;Разбивка;Категория\nall;2500;;\nмар.25;200;;\nMar-25;150;site_code;"
                     "ala-01\n01.04.2025;210;;\n5/1/2025;220;;\nиюнь 2025;230;;\n2025-07-01;240;;\n"
                     "2025\u201308;250;;\n2025\u2014q3;700;;\n"
                     .encode("cp1251"))
    assert [(r["period"], r["category"], r["target"]) for r in load_targets(path).to_dict("records")] == [
        ("all", "all", 2500), ("2025-03", "all", 200), ("2025-03", "ALA-01", 150), ("2025-04", "all", 210),
        ("2025-05", "all", 220), ("2025-06", "all", 230), ("2025-07", "all", 240), ("2025-08", "all", 250),
        ("2025-Q3", "all", 700)]  # an en or em dash, as autocorrect writes it
    # the same saved as "CSV (MS-DOS)" on a Russian Windows, in DOS code page 866 (until 2026-12-07 its
    # headings were read as Windows-1251, garbled, and the file refused)
    path.write_bytes("Отчётный период;Цель;Разбивка;Категория\nall;2500;;\nмар.25;200;;\n".encode("cp866"))
    assert [(r["period"], r["target"]) for r in load_targets(path).to_dict("records")] == [("all", 2500),
                                                                                          ("2025-03", 200)]
    # the same saved as Excel's "Unicode Text" (tab-separated UTF-16), named .csv: until 2026-12-07 (forty-fourth
    # session) refused as "not a text CSV file"; a UTF-16 file that is none is refused saying so
    path.write_bytes("\ufeffОтчётный период\tЦель\r\nall\t2500\r\nмар.25\t200\r\n".encode("utf-16-le"))
    assert [(r["period"], r["target"]) for r in load_targets(path).to_dict("records")] == [("all", 2500),
                                                                                          ("2025-03", 200)]
    path.write_bytes("\ufeffperiod\ttarget\r\n".encode("utf-16-le") + b"\x00\xd8")
    with pytest.raises(ValueError, match="t.csv: UTF-16-LE text .* not UTF-16"):
        load_targets(path)
    # a date that is no first of a month, or either of two months, is no month: named as before
    for typed in ("15.03.2025", "2/3/2025", "мрт.25"):
        path.write_text(f"period,target\n{typed},100\n")
        with pytest.raises(ValueError, match=f"line 2, column period: '{typed}' is not all, a month YYYY-MM"):
            load_targets(path)


def test_breakdowns_and_categories_as_the_reports_name_them(tmp_path):
    # a table's headings copied from an English or Russian report (until 2026-12-06 refused, naming the codes)
    path = tmp_path / "t.csv"
    path.write_text("Период;Цель;Разбивка;Категория\n2025-03;100;Ключевая группа;Люди, употребляющие инъекционные "
                    "наркотики\n2025-03;90;Key population;sex workers\n2025-03;80;Группа мигрантов;Трудовой мигрант\n"
                    "2025-03;70;Sex;Женщины\n2025-03;60;Статус пребывания;Без документов\n2025-03;50;Площадка;"
                    "ala-01\n", encoding="utf-8")
    assert [(r["dimension"], r["category"], r["target"]) for r in load_targets(path).to_dict("records")] == [
        ("key_population", "pwid", 100), ("key_population", "sw", 90), ("migrant_group", "labour_migrant", 80),
        ("sex", "female", 70), ("residence_status", "undocumented", 60), ("site_code", "ALA-01", 50)]


def test_a_missing_or_empty_file_means_no_targets(tmp_path):
    assert load_targets(tmp_path / "none.csv").empty
    (tmp_path / "t.csv").write_text("period,target\n")
    assert list(load_targets(tmp_path / "t.csv").columns) == ["period", "dimension", "category", "target"]


@pytest.mark.parametrize("line, message", [
    ("2025-13,100", "line 3, column period: '2025-13' is not all, a month YYYY-MM or a quarter YYYY-Qn"),
    ("2025-Q5,100", "line 3, column period: '2025-Q5' is not all, a month YYYY-MM or a quarter YYYY-Qn"),
    ("Q1 2025,100", "line 3, column period: 'Q1 2025' is not all, a month YYYY-MM or a quarter YYYY-Qn"),
    ("2025-03,0", "line 3, column target: '0' is not a whole number of people, 1 or more"),
    ("2025-03,12.5", "line 3, column target: '12.5' is not a whole number of people, 1 or more"),
    ("2025-03,-4", "line 3, column target: '-4' is not a whole number of people, 1 or more"),
    ("2025-03,100,gender,male", "line 3, column dimension: 'gender' is not one of total, country_of_origin, "
                                "migrant_group, residence_status, key_population, sex, age_band, site_code, "
                                "care_location"),
    ("2025-03,100,sex,", "line 3, column category: '' is missing: a target by sex is for one of its categories"),
    ("2025-03,100,sex,all", "line 3, column category: 'all' must be all for dimension total, and one of the"),
    ("2025-03,100,total,male", "line 3, column category: 'male' must be all for dimension total"),
    ("2025-03,100,migrant_group,labor_migrant", "line 3, column category: 'labor_migrant' is not one of "
        "migrant_group's categories: labour_migrant, relocant, kandas, family_member, student, other"),
    ("2025-03,100,country_of_origin,Tajikstan", "line 3, column category: 'Tajikstan' is not one of "
        "country_of_origin's categories: a country's name or ISO 3166 alpha-3 code"),
    ("2025-03,100,age_band,15-20", "line 3, column category: '15-20' is not one of age_band's categories: <15, "
        "15-19, 20-24, 25-29, 30-34, 35-39, 40-44, 45-49, 50+"),
    ("2025-03,100,care_location,KAZ", "line 3, column dimension: 'care_location' has no coverage figure for "
        "donors (people tested by care location are never published"),
    ("2025-03,100,sex,men", "line 3, column category: 'men' is not one of sex's categories: male, female, other"),
    ("all,3000", "lines 2 and 3 both give a target for period all, dimension total, category all: keep one"),
])
def test_a_target_that_cannot_be_right_stops_the_run_naming_line_column_and_value(tmp_path, line, message):
    # until 2026-12-06 a wrong period was silently never met, and a second target for a cell gave it two
    # coverage rows, both published
    path = tmp_path / "t.csv"
    path.write_text(f"period,target,dimension,category\nall,2500,,\n{line}\n")
    with pytest.raises(ValueError) as err:
        load_targets(path)
    assert str(err.value).startswith(f"{path}: {message}")


def test_categories_written_as_people_write_them_are_the_warehouses_codes(tmp_path):
    # a country by its Russian name, a code in words and capitals, a band with an en dash: each is a category
    # the warehouse has, so each target is met (until 2026-12-06 only the exact code was)
    path = tmp_path / "t.csv"
    path.write_text("period,target,dimension,category\n2025-03,150,country_of_origin,Таджикистан\n"
                    "2025-03,90,migrant_group,Labour migrant\n2025-03,40,key_population,PWID\n"
                    "2025-03,30,age_band,15\u201319\n2025-03,10,sex,Female\n")
    assert [(r["dimension"], r["category"]) for r in load_targets(path).to_dict("records")] == [
        ("country_of_origin", "TJK"), ("migrant_group", "labour_migrant"), ("key_population", "pwid"),
        ("age_band", "15-19"), ("sex", "female")]


def test_periods_dimensions_and_the_totals_category_in_any_case(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("period,target,dimension,category\nAll,2500,Total,ALL\n2025-q1,600,,\n"
                    "2025-03,200,Site_Code,ala-01\n")
    assert [(r["period"], r["dimension"], r["category"]) for r in load_targets(path).to_dict("records")] == [
        ("all", "total", "all"), ("2025-Q1", "total", "all"), ("2025-03", "site_code", "ALA-01")]
    path.write_text("period,target\n2025-q5,600\n")  # the value as typed in the message
    with pytest.raises(ValueError, match="line 2, column period: '2025-q5' is not all, a month"):
        load_targets(path)


def test_a_category_repeated_in_another_spelling_is_the_same_cell(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("period,target,dimension,category\n2025-03,150,country_of_origin,TJK\n"
                    "2025-03,160,country_of_origin,Tajikistan\n")
    with pytest.raises(ValueError, match="lines 2 and 3 both give a target for period 2025-03, dimension "
                                         "country_of_origin, category TJK: keep one"):
        load_targets(path)


def test_the_age_bands_are_those_the_warehouse_makes():
    con = duckdb.connect()
    con.execute((SQL_DIR / "macros" / "indicators.sql").read_text())
    bands = [b for (b,) in con.execute("SELECT DISTINCT age_band(a) FROM range(0, 120) t(a)").fetchall()]
    assert sorted(bands) == sorted(AGE_BANDS) and len(AGE_BANDS) == 9


def _workbook(path, rows, cached: dict[str, str] | None = None):
    """An .xlsx of ``rows``; ``cached``: a formula cell's value as Excel saves it beside the formula (openpyxl
    writes none), by cell reference."""
    import re
    import zipfile

    import openpyxl

    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    for ref, value in (cached or {}).items():
        sheet, n = re.subn(f'(<c r="{ref}"[^>]*><f>[^<]*</f>)<v */>', f"\\g<1><v>{value}</v>", sheet)
        assert n == 1, sheet
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)


def test_targets_kept_in_a_workbook_as_excel_saves_them(tmp_path):
    import datetime as dt

    # a blank row above the headings; "2025-03" typed into Excel becomes the date 1 March 2025; a number
    # cell is a float; a month's target worked out from the quarter's by a formula
    path = tmp_path / "targets.xlsx"
    _workbook(path, [[], ["Period", "Target", "Dimension", "Category"], ["all", 2500],
                     [dt.datetime(2025, 3, 1), 300, "site_code", "ala-01"], ["2025-Q1", 600.0],
                     ["2025-02", "=B5/3"]], cached={"B6": "200"})
    assert load_targets(path).to_dict("records") == [
        {"period": "all", "dimension": "total", "category": "all", "target": 2500},
        {"period": "2025-03", "dimension": "site_code", "category": "ALA-01", "target": 300},
        {"period": "2025-Q1", "dimension": "total", "category": "all", "target": 600},
        {"period": "2025-02", "dimension": "total", "category": "all", "target": 200}]


def test_a_targets_workbook_s_first_worksheet_shown_is_read(tmp_path):
    # a hidden worksheet of notes before it, as the inbox's workbooks may keep their lists of values
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["period", "target"])
    book.active.append(["2025-01", 99])
    book.active.sheet_state = "hidden"
    book.create_sheet("targets").append(["period", "target"])
    book["targets"].append(["2025-Q1", 600])
    book.active = 1
    book.save(tmp_path / "targets.xlsx")
    assert load_targets(tmp_path / "targets.xlsx").to_dict("records") == [
        {"period": "2025-Q1", "dimension": "total", "category": "all", "target": 600}]


def test_a_workbooks_wrong_target_is_named_by_its_row(tmp_path):
    import datetime as dt

    path = tmp_path / "targets.xlsx"
    _workbook(path, [["period", "target"], ["all", 2500], [dt.datetime(2025, 3, 15), 300], ["all", 10]])
    with pytest.raises(ValueError, match=r"targets.xlsx: row 3, column period: '2025-03-15' is not all, a month"):
        load_targets(path)
    _workbook(path, [["period", "target"], ["all", 2500], ["all", 10]])
    with pytest.raises(ValueError, match="rows 2 and 3 both give a target for period all"):
        load_targets(path)


@pytest.mark.parametrize("data, message", [
    (b"PK\x03\x04\x14\x00\x06\x00", "not a text CSV file (an .xls workbook, or a workbook not named .xlsx?)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", "not a text CSV file"),  # an .xls (OLE2) workbook
    # 0x98: no character in Windows-1251, and 0xB0 none of these files' in DOS code page 866
    (b"period,target\nall,25\x98\xb000\n", "byte 20 is neither UTF-8 nor Windows-1251 text"),
    ("period,target\nall,2500\nРоссия".encode() + "Россия".encode("cp1251"),
     "mixed encodings: UTF-8 text up to byte 35, then bytes that are not UTF-8"),
])
def test_a_targets_file_that_is_not_text_says_so(tmp_path, data, message):
    # until 2026-12-06 the step failed with Python's UnicodeDecodeError
    path = tmp_path / "targets.csv"
    path.write_bytes(data)
    with pytest.raises(ValueError) as err:
        load_targets(path)
    assert str(err.value).startswith(f"{path}: {message}")


def test_a_targets_workbook_saved_with_a_password_says_so(tmp_path):
    # the workbooks' checks of the inbox's readers (xlsx_reader.workbook_readable): until 2026-12-07 "not a workbook
    # that can be read (File is not a zip file)"
    from tests.unit.test_readers import _encrypted_workbook

    path = tmp_path / "targets.xlsx"
    path.write_bytes(_encrypted_workbook("secret"))
    with pytest.raises(ValueError, match=r"targets.xlsx: not a workbook that can be read \(a password-protected "
                                         r"workbook: .*remove the password"):
        load_targets(path)


def test_a_targets_workbook_saved_as_strict_open_xml_says_so(tmp_path):
    # openpyxl finds no worksheet in one: until 2026-12-07 the run stopped on an IndexError from the reader
    import openpyxl

    from tests.unit.test_readers import _strict

    book, plain = openpyxl.Workbook(), io.BytesIO()
    book.active.append(["period", "target"])
    book.active.append(["2025-Q1", 600])
    book.save(plain)
    path = tmp_path / "targets.xlsx"
    path.write_bytes(_strict(plain.getvalue()))
    with pytest.raises(ValueError, match=r"targets.xlsx: not a workbook that can be read \(a workbook saved as Strict "
                                         r"Open XML"):
        load_targets(path)
    book.create_chartsheet("chart").add_chart(openpyxl.chart.BarChart())
    book.remove(book["Sheet"])  # a chart sheet alone: an IndexError too until then
    book.save(path)
    with pytest.raises(ValueError, match=r"targets.xlsx: the workbook has no worksheet$"):
        load_targets(path)
