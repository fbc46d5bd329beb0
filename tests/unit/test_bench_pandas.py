"""The benchmark's pandas comparison and the pipeline's SQL give identical indicators."""

import sys

import pandas as pd

from tests.conftest import REPO


def test_pandas_comparison_matches_pipeline(sample_build):
    import duckdb

    sys.path.insert(0, str(REPO / "bench"))
    from pandas_indicators import indicators

    wh, _ = sample_build
    con = duckdb.connect(str(wh), read_only=True)
    staging = con.execute("SELECT * FROM staging.screening").df()
    marts = con.execute("SELECT period, dimension, category, indicator, numerator, denominator "
                        "FROM marts.indicators WHERE indicator <> 'coverage'").df()
    mine = indicators(staging)
    keys = ["period", "dimension", "category", "indicator"]
    merged = marts.merge(mine, on=keys, how="outer", suffixes=("", "_pd"), indicator=True)
    assert (merged["_merge"] == "both").all(), merged[merged["_merge"] != "both"].head()
    assert (merged["numerator"] == merged["numerator_pd"]).all()
    same_den = (merged["denominator"].isna() & merged["denominator_pd"].isna()) | (
        merged["denominator"] == merged["denominator_pd"])
    assert same_den.all(), merged[~same_den].head()
    assert len(marts) > 1000
    assert isinstance(mine, pd.DataFrame)
