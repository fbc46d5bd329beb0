"""pipelines/lib/held_cells.py: rows with contract cells emptied by merged cells, or holding formulas, are held."""

import pyarrow as pa

from pipelines.lib.cells import ROW_NUMBER
from pipelines.lib.held_cells import formula_cell_reasons, merged_cell_reasons, row_reasons

# columns A-D: record_id, site_code, notes (not in the contract), test_modality
NAMES = ["record_id", "site_code", "notes", "test_modality"]


def table(rows: list[tuple], numbers: list[int] | None = None) -> pa.Table:
    columns = {n: pa.array([r[i] for r in rows], pa.string()) for i, n in enumerate(NAMES)}
    columns[ROW_NUMBER] = pa.array(numbers or range(1, len(rows) + 1), pa.int64())
    return pa.table(columns)


def test_the_rows_under_a_merged_range_s_first_cell_are_named_with_their_cells():
    # B2:B4 merged (an outreach day's site), its value in B2; rows 3 and 4 of the sheet are data rows 2 and 3
    t = table([("r1", "ALA-01", None, "mobile"), ("r2", None, None, "mobile"), ("r3", None, None, "mobile"),
               ("r4", "AST-02", None, "mobile")])
    reasons = merged_cell_reasons(["B2:B4"], NAMES, t).to_pylist()
    assert reasons[0] is None and reasons[3] is None
    assert reasons[1] == ("cell B3 (site_code) is part of merged cells B2:B4, whose value Excel keeps in the first "
                          "cell only: unmerge them and fill in each row's value")
    assert reasons[2].startswith("cell B4 (site_code) is part of merged cells B2:B4,")


def test_an_optional_column_merged_holds_its_rows_too_and_several_cells_are_named_together():
    # D3:D4 (test_modality, optional: these rows were accepted without it) and B3:B4 on the same rows
    t = table([("r1", "ALA-01", None, "mobile"), ("r2", "ALA-01", None, "community"), ("r3", None, None, None)])
    assert merged_cell_reasons(["D3:D4", "B3:B4"], NAMES, t).to_pylist() == [
        None, None,
        "cells B4 (site_code), D4 (test_modality) are part of merged cells B3:B4, D3:D4, whose value Excel keeps "
        "in the first cell only: unmerge them and fill in each row's value"]


def test_merges_that_lose_no_contract_value_hold_nothing():
    t = table([("r1", "ALA-01", "note", "mobile"), ("r2", "ALA-01", None, "mobile")])
    assert merged_cell_reasons(["C2:C3"], NAMES, t) is None  # notes: not in the contract
    assert merged_cell_reasons(["B2:B3"], NAMES, t) is None  # B3 keeps a value of its own (LibreOffice can)
    assert merged_cell_reasons(["B2"], NAMES, t) is None  # a range of one cell
    assert merged_cell_reasons(["B:B", "nonsense", ""], NAMES, t) is None  # not cell ranges
    assert merged_cell_reasons([], NAMES, t) is None


def test_a_range_reaching_the_sheet_s_end_names_only_the_rows_read_and_keeps_their_numbers():
    # data rows 1, 2 and 5 (blank rows 3 and 4 were left out): B2 holds the value, B3 and B6 are empty
    t = table([("r1", "ALA-01", None, None), ("r2", None, None, None), ("r5", None, None, None)], [1, 2, 5])
    reasons = merged_cell_reasons(["B2:B1048576"], NAMES, t).to_pylist()
    assert reasons[0] is None
    assert reasons[1].startswith("cell B3 (site_code) ") and reasons[2].startswith("cell B6 (site_code) ")


def test_a_row_merged_across_names_five_cells_and_counts_the_rest():
    names = ["record_id", "client_uic", "test_date", "site_code", "country_of_origin", "migrant_group", "sex",
             "age", "result"]
    t = pa.table({**{n: pa.array(["Январь" if n == "record_id" else None], pa.string()) for n in names},
                  ROW_NUMBER: pa.array([1], pa.int64())})
    (reason,) = merged_cell_reasons(["A2:I2"], names, t).to_pylist()
    assert reason.startswith("cells B2 (client_uic), C2 (test_date), D2 (site_code), E2 (country_of_origin), "
                             "F2 (migrant_group) and 3 more are part of merged cells A2:I2,")


def test_contract_cells_holding_formulas_are_named_and_a_formula_elsewhere_is_not():
    # a template's ids by formula (the same text in every row) and a site taken from another sheet; notes: any
    t = table([("=ROW()-1", "=Settings!$B$1", "=SUM(1,2)", "mobile"), ("=ROW()-1", "ALA-01", "=1", "mobile"),
               ("r3", "ALA-01", "=1", "mobile")])
    assert formula_cell_reasons(NAMES, t).to_pylist() == [
        "cells A2 (record_id), B2 (site_code) hold formulas, read as their text, not their results: replace the "
        "formulas by their values (copy the column, then Paste Special > Values)",
        "cell A3 (record_id) holds a formula, read as its text, not its result: replace the formulas by their "
        "values (copy the column, then Paste Special > Values)",
        None]
    assert formula_cell_reasons(NAMES, table([("r1", "ALA-01", "=1", "mobile")])) is None


def test_a_row_s_reasons_of_both_kinds_are_joined():
    t = table([("r1", "ALA-01", None, "=D1"), ("r2", None, None, "=D2"), ("r3", "AST-02", None, None)])
    reasons = row_reasons(t, NAMES, ["B2:B3"]).to_pylist()
    assert [r.count("; ") for r in reasons[:2]] == [0, 1] and reasons[2] is None
    assert reasons[1].startswith("cell B3 (site_code) is part of merged cells B2:B3, whose value Excel keeps in")
    assert reasons[1].split("; ")[1].startswith("cell D3 (test_modality) holds a formula, read as its text")
    assert row_reasons(table([("r1", "ALA-01", None, None)]), NAMES, ["C2:C9"]) is None
