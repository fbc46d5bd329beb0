"""pipelines/lib/sql.py: the one way SQL reaches DuckDB."""

import duckdb
import pandas as pd
import pyarrow as pa
import pytest

from pipelines.lib.sql import registered


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
