"""pipelines/lib/sql.py: the one way SQL reaches DuckDB."""

import duckdb
import pandas as pd
import pyarrow as pa
import pytest

from pipelines.lib.sql import query_rows, registered, run_sql, statements


def test_a_registered_relation_is_readable_in_the_block_only():
    con = duckdb.connect()
    with registered(con, "people", pd.DataFrame({"n": [3, 4]})):
        assert con.execute("SELECT sum(n) FROM people").fetchall() == [(7,)]
    with pytest.raises(duckdb.CatalogException):
        con.execute("SELECT * FROM people")


def test_a_registered_relation_goes_also_when_the_block_raises():
    con = duckdb.connect()
    with pytest.raises(ZeroDivisionError):
        with registered(con, "t", pa.table({"x": [1]})):
            assert con.execute("SELECT x FROM t").fetchall() == [(1,)]
            1 / 0
    with pytest.raises(duckdb.CatalogException):
        con.execute("SELECT * FROM t")


def test_a_duckdb_error_names_the_sql_file_and_its_statement(tmp_path):
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    # sql/staging/screening.sql's first statement reads the temp table the per-row rules fill: absent here
    with pytest.raises(duckdb.CatalogException, match="screening_checked") as multi:
        run_sql(con, "staging.screening")
    count = len(statements("staging.screening"))
    assert count > 1 and multi.value.__notes__ == [f"raised by sql/staging/screening.sql, statement 1 of {count}"]
    with pytest.raises(duckdb.CatalogException) as single:
        query_rows(con, "checks.record_id_unique")
    assert single.value.__notes__ == ["raised by sql/checks/record_id_unique.sql"]


def test_running_out_of_memory_says_which_setting_to_raise(tmp_path):
    # no temp directory: nothing can be written out, so two million distinct ids cannot be grouped in 16 MB
    con = duckdb.connect(str(tmp_path / "w.duckdb"), config={"memory_limit": "16MB", "temp_directory": ""})
    con.execute("CREATE SCHEMA staging")
    con.execute("CREATE TABLE staging.screening AS SELECT 'R-' || i AS record_id FROM range(2000000) AS t(i)")
    with pytest.raises(duckdb.OutOfMemoryException) as err:
        query_rows(con, "checks.record_id_unique")
    where, advice = err.value.__notes__
    assert where == "raised by sql/checks/record_id_unique.sql"
    assert "MH_DUCKDB_MEMORY" in advice and "memory_limit 15.2 MiB" in advice
    assert "temp directory (none: nothing can be written out)" in advice
    assert "Out of Memory" in str(err.value)  # DuckDB's own message is kept as it was
