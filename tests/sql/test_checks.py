"""sql/checks/*.sql on tiny staging tables: a passing and a failing input each, expected rows by hand."""

import pandas as pd

from pipelines.lib.sql import query_rows
from tests.conftest import load_staging


def staging_with_ids(con, ids: list[str]) -> None:
    load_staging(con, pd.DataFrame({"record_id": ids, "client_uic": [f"ABCD1{1990 + i}" for i in range(len(ids))]},
                                   dtype=object))


def test_record_id_unique_passes_when_every_record_id_is_once(con):
    staging_with_ids(con, ["r1", "r2", "r3"])
    assert query_rows(con, "checks.record_id_unique") == [(0, None)]


def test_record_id_unique_names_each_repeated_record_id_once(con):
    # r2 twice and r5 three times: two record_ids fail; r1, r3, r4 are fine
    staging_with_ids(con, ["r5", "r1", "r2", "r5", "r3", "r2", "r4", "r5"])
    assert query_rows(con, "checks.record_id_unique") == [(2, ["r2", "r5"])]
