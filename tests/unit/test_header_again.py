"""pipelines/lib/header_again.py: the header row again amid a file's rows, its columns in another order."""

import pyarrow as pa

from pipelines.lib.cells import ROW_ERROR, ROW_NUMBER
from pipelines.lib.header_again import header_moved, labels_row_held

NAMES = ["record_id", "client_uic", "linked_date", "art_start_date", "notes"]


def _table(*rows: list[str | None], numbers: list[int] | None = None) -> pa.Table:
    table = pa.table({n: pa.array([r[i] for r in rows], pa.string()) for i, n in enumerate(NAMES)})
    return table.append_column(ROW_NUMBER, pa.array(numbers, pa.int64())) if numbers else table


RECORD = ["r1", "AIBU11990", "2025-03-02", "2025-03-05", None]


def test_the_header_again_in_its_own_order_is_left_to_be_held():
    # held as one row (sql/staging/screening_rules.sql's mh_header_again); written otherwise, or with a note's
    # heading left empty, it is the same header
    assert header_moved(_table(RECORD, ["Record ID", " CLIENT_UIC ", "Linked Date", "art_start_date", None],
                               RECORD), 0) is None
    # a record whose id mentions "record", and a file without the required columns, are no header
    assert header_moved(_table(["record-17", "client_uic", "art_start_date", "linked_date", None]), 0) is None
    assert header_moved(pa.table({"record_id": ["record_id"]}), 0) is None


def test_the_header_again_in_another_order_refuses_the_file_naming_the_columns():
    # the second export's linked_date and art_start_date swapped: its rows would be loaded with each date in
    # the other's column (until 2026-12-07)
    swapped = ["record_id", "client_uic", "art_start_date", "linked_date", "notes"]
    reason = ("row {} is the header row again (two exports joined into one?) with its columns in another order "
              "(column 'linked_date', column 'art_start_date' headed otherwise there): the rows after it would be "
              "read under the first row's headings; split the file at that row, or give both parts their columns "
              "in one order")
    assert header_moved(_table(RECORD, RECORD, swapped, RECORD), 0) == reason.format(3)
    assert header_moved(_table(RECORD, swapped), 1_000) == reason.format(1_002)  # a part after row 1,000
    assert header_moved(_table(RECORD, swapped, numbers=[4, 9]), 0) == reason.format(9)  # blank rows left out
    # a heading that may be a person's name is named by its place; five moved or more, the first four
    names = ["record_id", "client_uic", "a", "b", "c", "d", "рахимов рустам"]
    table = pa.table({n: [n if n.startswith(("rec", "cli")) else "x"] for n in names})
    assert ("(column 'a', column 'b', column 'c', column 'd', ... headed otherwise there)"
            in header_moved(table, 0))
    table = pa.table({n: [n if n != "рахимов рустам" else "x"] for n in names})
    assert "(column 7 (heading not shown) headed otherwise there)" in header_moved(table, 0)


LABELLED = ["record_id", "client_uic", "test_date", "sex", "age", "result", "notes"]


def _labelled(*rows: list[str | None]) -> pa.Table:
    return pa.table({n: pa.array([r[i] for r in rows], pa.string()) for i, n in enumerate(LABELLED)})


def test_a_templates_labels_under_the_header_are_held_with_one_reason():
    # the contract's columns labelled again in Russian in the first row: until 2026-12-07 held with a reason
    # for every column; the records under it are left as they are
    record = ["r1", "AIBU11990", "2025-03-01", "male", "35", "negative", None]
    held = labels_row_held(_labelled(["Номер записи", "УИК клиента", "Дата теста", "Пол", "Возраст", "Результат",
                                      "Примечание"], record))
    assert held.column(ROW_ERROR).to_pylist() == [
        "the contract's headings again in other words ('Номер записи' under record_id, 'УИК клиента' under "
        "client_uic, 'Дата теста' under test_date, ...: a template's second header row?), not a record: delete "
        "this row", None]
    assert held.column("test_date").to_pylist() == ["Дата теста", "2025-03-01"]


def test_a_row_with_few_labels_or_among_values_is_a_row_as_any_other():
    # three labels; four labels among more values (a record typed over a label row's leftovers); a record
    three = ["Номер записи", "УИК клиента", "Дата теста", None, None, None, None]
    among = ["Номер записи", "УИК клиента", "Дата теста", "Пол", "35", "negative", None]
    assert labels_row_held(_labelled(three)).column_names == LABELLED
    table = pa.table({**{n: pa.array([v], pa.string()) for n, v in zip(LABELLED, among)},
                      "vl_copies": ["400"], "vl_date": ["2025-06-01"], "site_code": ["ALA-01"]})
    assert labels_row_held(table).column_names == table.column_names
    assert labels_row_held(_labelled(["r1", "AIBU11990", "2025-03-01", "male", "35", "negative", None])
                           ).column_names == LABELLED
