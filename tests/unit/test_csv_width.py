"""csv_width: the width a CSV file's rows have where it differs from the header's by blank fields only."""

import pyarrow as pa
import pytest

from pipelines.lib.contract import ROW_ERROR
from pipelines.lib.csv_width import fits, held_beyond, needed_width, rows_width, widened

NAMES = ["record_id", "client_uic", "age"]
WIDE = NAMES + ["field 4 (no heading)"]


def test_rows_closed_by_a_delimiter_the_header_lacks_widen_it():
    below = "r1,AAAA11990,35,\nr2,BBBB21990,36,\nr3,CCCC11990,37,\n"
    assert rows_width(NAMES, below, ",", cut=False) == WIDE
    # two delimiters; a blank line, and one of only Ctrl+Z, count for nothing
    below = "r1;A;1;;\n\n\x1a\nr2;B;2;;\nr3;C;3; ;\n"
    assert rows_width(NAMES, below, ";", cut=False) == NAMES + ["field 4 (no heading)", "field 5 (no heading)"]


@pytest.mark.parametrize("below", [
    "r1,A,1,\nr2,B,2,\n",  # two rows cannot show a habit: they may be rows whose values moved right
    "r1,A,1,\nr2,B,2,\nr3,C,3\nr4,D,4\n",  # half of the rows only
    "r1,A,1,x\nr2,B,2,y\nr3,C,3,\nr4,D,4,\n",  # half of them blank beyond the header
    "r1,A,1\nr2,B,2\nr3,C,3\n",  # the header's width
    "",
])
def test_rows_that_do_not_mostly_close_with_a_blank_field_keep_the_header(below):
    assert rows_width(NAMES, below, ",", cut=False) == NAMES


def test_the_row_the_first_rows_end_amid_counts_for_nothing():
    # the text stops amid the file: its last row may be a part of one ("r4,D" of "r4,D,4,")
    assert rows_width(NAMES, "r1,A,1,\nr2,B,2,\nr3,C,3,\nr4,D", ",", cut=True) == WIDE
    assert rows_width(NAMES, "r1,A,1,\nr2,B,2,\nr3,C", ",", cut=True) == NAMES  # two rows then
    assert rows_width(NAMES, "r1,A,1,\nr2,B,2,\nr3,C", ",", cut=False) == NAMES  # r3,C a row: two closed


def test_a_header_closed_by_delimiters_the_rows_lack_is_cut_to_their_width_not_past_a_heading():
    header = NAMES + ["field 4 (no heading)", "field 5 (no heading)"]
    assert rows_width(header, "r1,A,1\n", ",", cut=False) == NAMES
    assert rows_width(header, "r1,A,1,\nr2,B,2,\n", ",", cut=False) == WIDE
    assert rows_width(header, "r1,A\nr2,B\n", ",", cut=False) == header  # rows lacking a column with a heading


@pytest.mark.parametrize("fields, width, header_width, expected", [
    (["r1", "A", "1"], 3, 3, True),
    (["r1", "A", "1", ""], 3, 3, False),  # past the header, though blank: the rows' habit is not so
    (["r1", "A", "1", ""], 4, 3, True),
    (["r1", "A", "1"], 4, 3, True),  # lacks only the blank field the other rows close with
    (["r1", "A", "1", "x"], 4, 3, False),  # a value past the header
    (["r1", "A", "1", "", ""], 4, 3, False),
    (["r1", "A"], 4, 3, False),  # lacks a required column
    (["r1"], 3, 3, False),
    (["r1", "A", "1", "x"], 3, 4, True),  # the header's own column without a heading
    (["r1", "A", "1"], 3, 4, True),
])
def test_a_row_fits_where_it_lacks_no_heading_and_holds_nothing_past_the_header(fields, width, header_width,
                                                                                expected):
    assert fits(fields, width, header_width, needed=3) is expected


@pytest.mark.parametrize("fields, expected", [
    (["r1", "A", "1", "x"], True), (["r1", "A", "1"], True), (["r1", "A"], True),  # lacks optional columns only
    (["r1"], False),  # lacks a required one
])
def test_a_row_may_lack_the_fields_of_optional_columns_after_the_last_required_one(fields, expected):
    # Excel, OnlyOffice and xlsx2csv write a row whose last cells are empty without their delimiters
    names = ["record_id", "client_uic", "linked_date", "note"]
    assert needed_width(names) == 2 and needed_width(["note"]) == 0
    assert fits(fields, 4, 4, needed_width(names)) is expected


def test_a_value_in_a_column_the_rows_width_added_holds_its_row_back():
    rows = pa.table({"record_id": ["r1", "r2", "r3"], "field 4 (no heading)": [None, "x", None],
                     "field 5 (no heading)": [None, None, "y"], ROW_ERROR: [None, None, "short"]})
    held = held_beyond(rows, 5, 3)
    assert held.column(ROW_ERROR).to_pylist() == [
        None, "has 5 fields where the header has 3 (truncated, or a stray delimiter)", "short"]
    blank = rows.drop_columns([ROW_ERROR]).set_column(1, "field 4 (no heading)", pa.nulls(3, pa.string()))
    blank = blank.set_column(2, "field 5 (no heading)", pa.nulls(3, pa.string()))
    assert held_beyond(blank, 5, 3) == blank  # nothing past the header: no reason column added


def test_the_note_of_a_file_read_wider_than_its_header_says_what_would_fool_it():
    assert widened(18, 18) is None and widened(17, 18) is None  # the header's width, or cut to the rows'
    assert widened(20, 18) == (
        "its rows end in 2 delimiters its header line lacks, read as blank fields past its 18 columns: if a heading "
        "was deleted from the header line instead, the columns after it were read out of place; check the header")
