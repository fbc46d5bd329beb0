"""Property-based: for any accepted records, sql/marts/ gives the indicators of the plain pandas
implementation (bench/pandas_indicators.py, written from shared/indicator-definitions.md apart from the
SQL): a full build that counts each person's tests itself, one that reads the ingest's kept counts, and
a month rebuilt alone. The records stay within the contract but crowd its corners: ties of test_date
broken by record_id in string order ("r10" before "r9", "R" before "r"), months, quarters and years
meeting, ages at the edges of their bands, a person's cascade spread over several rows, ART and viral
loads on negative, indeterminate and self-test rows (which count nowhere), viral loads of one date.
Each of fifteen broken statements of sql/marts/ and sql/macros/ (a tie broken the other way, a band edge,
a null taken for "no", a quarter's count, the kept counts, the month slice, ...) was tried and is caught."""

from __future__ import annotations

import datetime as dt
import sys

import duckdb
import pandas as pd
from hypothesis import HealthCheck, given, settings, strategies as st

from pipelines.lib.marts import build_indicators
from pipelines.lib.targets import empty_targets
from tests.conftest import REPO, build_marts, load_staging

sys.path.insert(0, str(REPO / "bench"))
from pandas_indicators import indicators as pandas_indicators  # noqa: E402

KEYS = ["period", "dimension", "category", "indicator"]
# (UIC, birth year): Latin and Cyrillic look-alikes are two people; birth years put ages on band edges
PEOPLE = [("ABCD1", 2010), ("АВСD1", 2010), ("EFGH2", 2005), ("IJKL1", 1975), ("MNOP2", 1995), ("QRST1", 1990)]
DATES = [dt.date(*d) for d in ((2024, 12, 31), (2025, 1, 1), (2025, 1, 31), (2025, 2, 1), (2025, 3, 31),
                               (2025, 4, 1), (2025, 4, 1), (2025, 9, 30), (2025, 10, 1))]

record = st.fixed_dictionaries({
    "person": st.integers(0, len(PEOPLE) - 1), "date": st.sampled_from(DATES),
    "same_day": st.booleans(),  # the person and date of the record before: a tie only record_id breaks
    "age_off": st.sampled_from([-1, 0, 1]),  # the contract allows a year either way of the UIC's
    "site": st.sampled_from(["ALA-01", "SHY-01"]), "country": st.sampled_from(["TJK", "UZB"]),
    "group": st.sampled_from(["labour_migrant", "relocant"]),
    "status": st.sampled_from(["undocumented", "work_permit"]), "kp": st.sampled_from(["pwid", "sw", "none"]),
    "modality": st.sampled_from(["community", "facility", "self_test", None]),
    "result": st.sampled_from(["negative", "positive", "positive", "indeterminate", "invalid"]),
    "previously": st.sampled_from(["yes", "no", None]),
    # days after the test (None: not yet); linkage only on positive rows (the contract)
    "linked": st.sampled_from([None, 0, 5]), "where": st.sampled_from(["KAZ", "home_remote"]),
    "art": st.sampled_from([None, 0, 20]), "vl": st.sampled_from([None, 30, 30, 60]),
    "copies": st.sampled_from([0, 999, 1000, 5000]),
})
record_id = st.builds(lambda prefix, number: f"{prefix}{number}", st.sampled_from(["r", "R", ""]),
                      st.integers(0, 120))


def staging_frame(records: list[tuple[str, dict]]) -> pd.DataFrame:
    rows: list[dict] = []
    before: dict | None = None  # the record before, as written (its person and date)
    for rid, r in records:
        if r["same_day"] and before:
            r = {**r, "person": before["person"], "date": before["date"]}
        before = r
        uic, born = PEOPLE[r["person"]]
        day = r["date"]

        def after(days: int | None, start: dt.date | None = None) -> dt.date | None:
            return None if days is None else (start or day) + dt.timedelta(days=days)

        linked = after(r["linked"]) if r["result"] == "positive" else None
        art = after(r["art"])
        vl = after(r["vl"], art)
        rows.append({
            "record_id": rid, "client_uic": f"{uic}{born}", "test_date": day,
            "site_code": r["site"], "country_of_origin": r["country"], "migrant_group": r["group"],
            "residence_status": r["status"], "sex": "male" if uic[4] == "1" else "female",
            "age": day.year - born + r["age_off"], "key_population": r["kp"], "test_modality": r["modality"],
            "result": r["result"], "previously_diagnosed": r["previously"], "linked_date": linked,
            "care_location": r["where"] if linked else None, "art_start_date": art, "vl_date": vl,
            "vl_copies": r["copies"] if vl else None})
    return pd.DataFrame(rows, dtype=object)


def assert_same_indicators(marts: pd.DataFrame, mine: pd.DataFrame) -> None:
    """Row for row: the same cells, numerators and denominators (null where there is none)."""
    merged = marts.merge(mine, on=KEYS, how="outer", suffixes=("", "_pd"), indicator=True)
    assert (merged["_merge"] == "both").all(), merged[merged["_merge"] != "both"].head(10)
    assert (merged["numerator"] == merged["numerator_pd"]).all(), \
        merged[merged["numerator"] != merged["numerator_pd"]].head(10)
    same_den = (merged["denominator"].isna() & merged["denominator_pd"].isna()) | (
        merged["denominator"] == merged["denominator_pd"])
    assert same_den.all(), merged[~same_den].head(10)


def sql_indicators(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return con.execute("SELECT period, dimension, category, indicator, numerator, denominator "
                       "FROM marts.indicators WHERE indicator <> 'coverage'").df()


@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(records=st.lists(st.tuples(record_id, record), unique_by=lambda r: r[0], min_size=12, max_size=50),
       month=st.sampled_from(DATES))
def test_the_sql_indicators_are_the_pandas_indicators(records, month):
    frame = staging_frame(records)
    with duckdb.connect() as con:
        load_staging(con, frame)
        staging = con.execute("SELECT * FROM staging.screening").df()
        expected = pandas_indicators(staging)

        build_marts(con)  # counting each person's valid tests itself
        assert_same_indicators(sql_indicators(con), expected)

        # the ingest's count of valid tests per UIC (staging.uic_folds), counted here apart from the SQL
        valid = staging[staging["result"].isin(["negative", "positive"])
                        & (staging["test_modality"].fillna("") != "self_test")]
        folds = staging[["client_uic"]].drop_duplicates().assign(
            valid_tests=lambda f: f["client_uic"].map(valid["client_uic"].value_counts()).fillna(0).astype(int))
        con.register("folds_df", folds)
        con.execute("CREATE OR REPLACE TABLE staging.uic_folds AS SELECT * FROM folds_df")
        con.execute("DELETE FROM marts.indicators")
        build_indicators(con, empty_targets(), kept_counts=True)
        assert_same_indicators(sql_indicators(con), expected)

        # one month rebuilt alone (a month partition), the others left out
        period = month.strftime("%Y-%m")
        con.execute("DELETE FROM marts.indicators")
        build_indicators(con, empty_targets(), [period], kept_counts=True)
        assert_same_indicators(sql_indicators(con), expected[expected["period"] == period])
