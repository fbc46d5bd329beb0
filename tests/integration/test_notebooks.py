"""Both notebooks run top to bottom on the bundled sample and print the figures they should."""

from pathlib import Path

import datetime as dt

import duckdb
import jupytext
import nbclient
import pytest

from pipelines.lib.ingest import ingest_inbox
from pipelines.lib.sample_files import write_export
from tests.conftest import REPO, rows_frame
from tests.sql.test_marts_indicators import FIXTURE


CELL_BREAK = "\n\f\n"


def run_notebook(path: Path, monkeypatch, wh: Path) -> str:
    monkeypatch.setenv("MH_WAREHOUSE", str(wh))
    monkeypatch.setenv("PYTHONPATH", str(REPO))
    nb = jupytext.read(path)
    nbclient.NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(REPO)}}).execute()
    # what each cell prints and shows (a table's text form), cell by cell
    return CELL_BREAK.join("\n".join(o.get("text", "") or o.get("data", {}).get("text/plain", "")
                                     for o in c.get("outputs", [])) for c in nb.cells if c.cell_type == "code")


def test_programme_exploration(sample_build, monkeypatch):
    wh, _ = sample_build
    text = run_notebook(REPO / "notebooks" / "programme_exploration.py", monkeypatch, wh)
    # by the generator's design: 1,990 people tested, 85 positive
    assert "people tested: 1990; HIV-positive: 85" in text


def test_data_quality(sample_build, monkeypatch):
    wh, _ = sample_build
    text = run_notebook(REPO / "notebooks" / "data_quality.py", monkeypatch, wh)
    # 40 faulty rows in the generator's noise + 2 late rows re-using a record_id with other content
    # (none of them sent again corrected in the sample)
    assert "rows held back: 42; still to fix: 42; sent again corrected since: 0" in text
    # the generator's three sites, ALA-01, AST-02 and SHY-01, each written one way
    assert "sites: 3; groups of codes that may be one site: 0" in text
    # the generator tests no one twice on one day at one site
    assert "tests that may be one test sent twice: 0" in text
    # and writes the contract's columns alone
    assert "loaded files with a note: 0" in text


def test_data_quality_lists_the_loaded_files_with_a_note(tmp_path, monkeypatch):
    # b.csv's viral loads under "viral_load" (not read), c.csv with ODK Central's ReviewState, one row
    # "rejected", a.csv as the contract writes it: until 2026-12-07 the notebook listed refused files alone
    rows = rows_frame(FIXTURE)
    write_export(rows.iloc[:3], tmp_path / "in" / "a.csv", "field_csv")
    b = rows.iloc[3:6].reset_index(drop=True).rename(columns={"vl_copies": "viral_load"})
    write_export(b, tmp_path / "in" / "b.csv", "field_csv")
    c = rows.iloc[6:8].reset_index(drop=True).assign(ReviewState=["approved", "rejected"])
    write_export(c, tmp_path / "in" / "c.csv", "field_csv")
    with duckdb.connect(str(tmp_path / "wh.duckdb")) as con:
        ingest_inbox(con, tmp_path / "in", dt.date(2026, 12, 7))
    text = run_notebook(REPO / "notebooks" / "data_quality.py", monkeypatch, tmp_path / "wh.duckdb")
    (cell,) = [c for c in text.split(CELL_BREAK) if "loaded files with a note" in c]
    assert cell.startswith("loaded files with a note: 2\n")
    assert "b.csv" in cell and "viral_load (the contract's vl_copies?)" in cell
    assert "c.csv" in cell and "1 row(s) marked rejected by the form tool's review" in cell
    assert "a.csv" not in cell


@pytest.mark.parametrize("name", ["programme_exploration.py", "data_quality.py"])
def test_notebooks_kept_without_outputs(name):
    nb = jupytext.read(REPO / "notebooks" / name)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")
