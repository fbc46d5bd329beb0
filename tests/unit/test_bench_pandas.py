"""The benchmark's pandas comparison and the pipeline's SQL give identical indicators on the sample (for
generated corner cases: tests/sql/test_marts_indicators_properties.py)."""

import duckdb

from tests.sql.test_marts_indicators_properties import assert_same_indicators, pandas_indicators, sql_indicators


def test_pandas_comparison_matches_pipeline(sample_build):
    wh, _ = sample_build
    with duckdb.connect(str(wh), read_only=True) as con:
        staging = con.execute("SELECT * FROM staging.screening").df()
        marts = sql_indicators(con)
    assert len(marts) > 1000
    assert_same_indicators(marts, pandas_indicators(staging))
