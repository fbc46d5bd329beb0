"""sql/report/quality_*.sql, the report's data-quality figures, on tiny audit and staging tables."""

import datetime as dt

import pandas as pd

from pipelines.lib.sql import query_rows
from tests.conftest import load_staging


def test_a_file_is_late_from_the_day_after_its_months_report_day(con):
    # the report for a month is due on its report day (5) of the month after: a file that arrives on that
    # day is on time, one that arrives from the next day on is late (as the report's row says: "arrived
    # after their month's report day")
    load_staging(con, pd.DataFrame({
        "record_id": ["a1", "a2", "b1", "c1", "d1"],
        "test_date": ["2025-02-20", "2025-03-15", "2025-03-31", "2025-02-10", "2025-01-01"],
        "file_name": ["a.csv", "a.csv", "b.csv", "c.csv", "d.csv"],
    }, dtype=object))
    files = pd.DataFrame({
        "file_name": ["a.csv", "b.csv", "c.csv", "d.csv", "e.csv"],
        "status": ["loaded", "loaded", "loaded", "duplicate", "refused"],
        "rows_read": [2, 3, 4, 5, 0],
        "arrived_at": [dt.datetime(2025, 4, 5, 23, 59, 59),  # March's report day: on time
                       dt.datetime(2025, 4, 6, 0, 0, 0),  # the day after: late
                       dt.datetime(2025, 3, 6, 9, 0, 0),  # February's file, the day after March 5: late
                       dt.datetime(2026, 1, 1), dt.datetime(2026, 1, 1)],  # not loaded: not counted
    })
    con.execute("CREATE SCHEMA IF NOT EXISTS audit")
    con.register("files", files)
    con.execute("CREATE TABLE audit.files AS SELECT * FROM files")
    assert query_rows(con, "report.quality_late", {"report_day": 5}) == [(2, 7)]
    # with the 6th as report day, b.csv and c.csv arrived on their months' report days: none is late
    assert query_rows(con, "report.quality_late", {"report_day": 6}) == [(0, 0)]
