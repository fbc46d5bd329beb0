"""The benchmark's pandas comparison and the pipeline's SQL give identical indicators on the sample (for
generated corner cases: tests/sql/test_marts_indicators_properties.py)."""

import duckdb

from tests.sql.test_marts_indicators_properties import assert_same_indicators, pandas_indicators, sql_indicators

from pandas_indicators import fits  # noqa: E402, I001  (bench/ is on the path from the import above)


def test_pandas_comparison_matches_pipeline(sample_build):
    wh, _ = sample_build
    with duckdb.connect(str(wh), read_only=True) as con:
        staging = con.execute("SELECT * FROM staging.screening").df()
        marts = sql_indicators(con)
    assert len(marts) > 1000
    assert_same_indicators(marts, pandas_indicators(staging))


def test_the_pandas_comparison_runs_only_where_its_memory_fits():
    gb = 1_000_000_000
    # 3.3 GB a million records: ten million need 33 GB, more than a 24 GB machine has
    assert fits(1_000_000, 4 * gb) and not fits(1_000_000, 3 * gb)
    assert not fits(10_000_000, 24 * gb) and fits(3_000, gb)
