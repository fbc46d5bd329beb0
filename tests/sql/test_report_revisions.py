"""sql/report/revisions.sql through pipelines.lib.revisions: two releases' report.indicators as tiny
tables, the rows a donor could subtract found by hand."""

from __future__ import annotations

from pathlib import Path

import duckdb

from pipelines.lib.revisions import small_revisions
from pipelines.lib.sql import run_sql

COLUMNS = "period, dimension, category, indicator, numerator, denominator, suppressed"
# (period, dimension, category, indicator, numerator, denominator, suppressed)
PREVIOUS = [
    ("2025-01", "total", "all", "tests", 10, None, False),             # +1 below: revised
    ("2025-01", "total", "all", "positivity", 6, 20, False),           # 6/20 -> 11/26: each +5 or +6, negatives 14 -> 15
    ("2025-01", "sex", "female", "tests", 20, None, False),            # +5: not small
    ("2025-01", "sex", "male", "tests", 30, None, False),              # unchanged
    ("2025-Q1", "total", "all", "tests", 40, None, False),             # -4: revised
    ("2025-Q1", "sex", "female", "tests", None, None, True),           # suppressed before: not compared
    ("2025-Q1", "sex", "male", "tests", 33, None, False),              # suppressed now: not compared
    ("2025-Q1", "total", "all", "people_tested", 12, None, False),     # not published now: not compared
    ("all", "total", "all", "positivity", 5, 50, False),               # 5/50 -> 7/50: numerator +2
    ("all", "total", "all", "linkage", 9, 9, False),                   # 9/9 -> 14/14: +5 each, difference 0
    ("all", "total", "all", "coverage", 40, 100, False),               # 40/100 -> 40/102: a target, not people
]
CURRENT = [
    ("2025-01", "total", "all", "tests", 11, None, False),
    ("2025-01", "total", "all", "positivity", 11, 26, False),
    ("2025-01", "sex", "female", "tests", 25, None, False),
    ("2025-01", "sex", "male", "tests", 30, None, False),
    ("2025-Q1", "total", "all", "tests", 36, None, False),
    ("2025-Q1", "sex", "female", "tests", 9, None, False),
    ("2025-Q1", "sex", "male", "tests", None, None, True),
    ("2025-Q2", "total", "all", "tests", 7, None, False),              # a new period: nothing to compare
    ("all", "total", "all", "positivity", 7, 50, False),
    ("all", "total", "all", "linkage", 14, 14, False),
    ("all", "total", "all", "coverage", 40, 102, False),
]


def release(path: Path, rows: list[tuple]) -> Path:
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE SCHEMA report")
        con.execute("CREATE TABLE report.indicators (period VARCHAR, dimension VARCHAR, category VARCHAR, "
                    "indicator VARCHAR, numerator BIGINT, denominator BIGINT, suppressed BOOLEAN)")
        con.executemany(f"INSERT INTO report.indicators ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    return path


def test_rows_published_in_both_and_changed_by_one_to_four_are_found(tmp_path):
    previous = release(tmp_path / "live.duckdb", PREVIOUS)
    with duckdb.connect(str(release(tmp_path / "build.duckdb", CURRENT))) as con:
        found = small_revisions(con, previous)
        # prev is detached again: the release step attaches it under the same name
        assert con.execute("SELECT count(*) FROM duckdb_databases() WHERE database_name = 'prev'").fetchone() == (0,)
    assert found is not None
    # compared: 2025-01 four rows, 2025-Q1 one (total tests), all three
    assert found.compared == 8
    # 2025-01: tests +1 and positivity's negatives +1; 2025-Q1: tests -4; all: positivity numerator +2
    assert found.by_period == {"2025-01": 2, "2025-Q1": 1, "all": 1}
    assert found.revised == 4


def test_releases_that_differ_by_nothing_or_by_five_or_more_pass(tmp_path):
    previous = release(tmp_path / "live.duckdb", [r for r in PREVIOUS if r[3] in ("linkage",) or r[2] == "female"])
    current = [r for r in CURRENT if r[3] in ("linkage",) or r[2] == "female"]
    with duckdb.connect(str(release(tmp_path / "build.duckdb", current))) as con:
        found = small_revisions(con, previous)
        same = small_revisions(con, release(tmp_path / "copy.duckdb", current))
    assert found is not None and same is not None
    # 2025-01 female +5, all linkage +5/+5; 2025-Q1 female was suppressed
    assert (found.compared, found.by_period) == (2, {})
    assert (same.compared, same.by_period) == (3, {})


def test_no_previous_release(tmp_path):
    with duckdb.connect(str(release(tmp_path / "build.duckdb", CURRENT))) as con:
        assert small_revisions(con, tmp_path / "missing.duckdb") is None
        duckdb.connect(str(tmp_path / "empty.duckdb")).close()
        assert small_revisions(con, tmp_path / "empty.duckdb") is None


def sent(path: Path, releases: list[tuple[str, list[tuple]]], replaced: list[tuple]) -> Path:
    """A published warehouse whose report.indicators is ``replaced`` and which records ``releases`` (sent_at,
    rows as PREVIOUS) as sent to donors."""
    release(path, replaced)
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE SCHEMA audit")
        con.execute("CREATE TABLE audit.sent_figures (sent_at TIMESTAMP, period VARCHAR, dimension VARCHAR, "
                    "category VARCHAR, indicator VARCHAR, numerator BIGINT, denominator BIGINT)")
        for at, rows in releases:  # the sent rows (not suppressed)
            con.executemany("INSERT INTO audit.sent_figures VALUES (?, ?, ?, ?, ?, ?, ?)",
                            [(at, *r[:6]) for r in rows if not r[6]])
    return path


def test_once_releases_are_sent_every_one_of_them_is_compared_with(tmp_path):
    tests = ("2025-01", "total", "all", "tests")
    # sent with 100 tests, then with 107; the release replaced (not marked: perhaps sent) has 115
    previous = sent(tmp_path / "live.duckdb", [("2026-01-05 10:00", [(*tests, 100, None, False)]),
                                                ("2026-02-05 10:00", [(*tests, 107, None, False)])],
                    [(*tests, 115, None, False)])
    # 102: 2 from the first sent; 112: 12 and 5 from the sent, 3 from the replaced; 120: 20, 13, 5
    for now, revised in ((102, {"2025-01": 1}), (112, {"2025-01": 1}), (120, {})):
        with duckdb.connect(str(release(tmp_path / f"build{now}.duckdb", [(*tests, now, None, False)]))) as con:
            found = small_revisions(con, previous)
        assert (found.sent_releases, found.compared, found.by_period) == (2, 1, revised), now
    # sent with 100, then (a revision donors got) 103: 103 again tells them nothing new, 104 does
    previous = sent(tmp_path / "live2.duckdb", [("2026-01-05 10:00", [(*tests, 100, None, False)]),
                                                 ("2026-02-05 10:00", [(*tests, 103, None, False)])],
                    [(*tests, 103, None, False)])
    for now, revised in ((103, {}), (104, {"2025-01": 1})):
        with duckdb.connect(str(release(tmp_path / f"build{now}.duckdb", [(*tests, now, None, False)]))) as con:
            assert small_revisions(con, previous).by_period == revised
    # sent with 100; the release replaced, perhaps sent, has 103: 103 again is 3 from what donors surely hold
    previous = sent(tmp_path / "live3.duckdb", [("2026-01-05 10:00", [(*tests, 100, None, False)])],
                    [(*tests, 103, None, False)])
    with duckdb.connect(str(release(tmp_path / "build3.duckdb", [(*tests, 103, None, False)]))) as con:
        assert small_revisions(con, previous).by_period == {"2025-01": 1}


def test_a_release_published_before_released_figures_were_kept_is_compared_with(tmp_path):
    tests = ("2025-01", "total", "all", "tests")
    # audit.sent_figures empty, no audit.released_figures: the release replaced is all there is
    previous = sent(tmp_path / "live.duckdb", [], [(*tests, 101, None, False)])
    with duckdb.connect(str(release(tmp_path / "build.duckdb", [(*tests, 102, None, False)]))) as con:
        found = small_revisions(con, previous)
    assert (found.sent_releases, found.compared, found.by_period) == (0, 1, {"2025-01": 1})


def test_marking_a_release_sent_keeps_its_published_figures_only(tmp_path):
    import datetime as dt

    from pipelines.lib.sql import query_rows

    with duckdb.connect(str(release(tmp_path / "live.duckdb", PREVIOUS))) as con:
        con.execute("CREATE SCHEMA audit")
        run_sql(con, "audit.figure_tables")
        for day in (5, 6):
            run_sql(con, "audit.sent_figures", {"sent_at": dt.datetime(2026, 2, day, 10)})
        # PREVIOUS publishes 10 rows of 11 (2025-Q1 female tests is suppressed), twice
        assert query_rows(con, "audit.sent_figures_count") == [(2, 20)]
        # the same figures were sent (first) on the 5th; one figure more, or one less, were not
        assert query_rows(con, "audit.sent_already") == [(dt.datetime(2026, 2, 5, 10),)]
        con.execute("UPDATE report.indicators SET numerator = numerator + 1 WHERE period = '2025-01' "
                    "AND category = 'all' AND indicator = 'tests'")
        assert query_rows(con, "audit.sent_already") == [(None,)]
        con.execute("UPDATE report.indicators SET numerator = numerator - 1, suppressed = true WHERE "
                    "period = '2025-01' AND category = 'all' AND indicator = 'tests'")
        assert query_rows(con, "audit.sent_already") == [(None,)]  # a row fewer published
        con.execute("UPDATE report.indicators SET suppressed = false WHERE period = '2025-01' "
                    "AND category = 'all' AND indicator = 'tests'")
        assert query_rows(con, "audit.sent_already") == [(dt.datetime(2026, 2, 5, 10),)]
        con.execute("UPDATE report.indicators SET numerator = 7, suppressed = false WHERE period = '2025-Q1' "
                    "AND category = 'female'")
        assert query_rows(con, "audit.sent_already") == [(None,)]  # a row more published
        assert con.execute("SELECT count(*) FROM audit.sent_figures WHERE numerator IS NULL OR period = '2025-Q1' "
                           "AND category = 'female'").fetchone() == (0,)


def published(path: Path, kept: list[tuple], replaced: list[tuple]) -> Path:
    """A published warehouse whose report.indicators is ``replaced``, no release marked as sent, and whose
    audit.released_figures holds ``kept`` (rows as PREVIOUS: figures of the releases before)."""
    release(path, replaced)
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE SCHEMA audit")
        run_sql(con, "audit.figure_tables")
        con.executemany("INSERT INTO audit.released_figures VALUES ('2026-01-05 10:00', ?, ?, ?, ?, ?, ?)",
                        [r[:6] for r in kept])
    return path


def test_every_release_published_since_the_last_sent_is_compared_with(tmp_path):
    tests = ("2025-01", "total", "all", "tests")
    # none marked as sent; published with 100 tests, then 107 (the release replaced): 102 is 5 from 107
    # but 2 from 100
    previous = published(tmp_path / "live.duckdb", [(*tests, 100, None, False), (*tests, 107, None, False)],
                         [(*tests, 107, None, False)])
    # 112: 12 and 5 from them; 104: 4 and 3; 100 or 107 again: a donor holding the other and this one
    # subtracts 7, which is not small
    for now, revised in ((102, {"2025-01": 1}), (112, {}), (104, {"2025-01": 1}), (100, {}), (107, {})):
        with duckdb.connect(str(release(tmp_path / f"build{now}.duckdb", [(*tests, now, None, False)]))) as con:
            found = small_revisions(con, previous)
        assert (found.sent_releases, found.compared, found.by_period) == (0, 1, revised), now
    # published with 100, then 101 (warned of then): 101 again is still 1 from a release donors may hold
    previous = published(tmp_path / "live2.duckdb", [(*tests, 100, None, False), (*tests, 101, None, False)],
                         [(*tests, 101, None, False)])
    with duckdb.connect(str(release(tmp_path / "build101.duckdb", [(*tests, 101, None, False)]))) as con:
        assert small_revisions(con, previous).by_period == {"2025-01": 1}
    # and once sent with 101 (their figures are in audit.sent_figures too), it passes
    with duckdb.connect(str(previous)) as con:
        con.execute("INSERT INTO audit.sent_figures VALUES ('2026-02-05 10:00', ?, ?, ?, ?, 101, NULL)", tests)
    with duckdb.connect(str(release(tmp_path / "build101b.duckdb", [(*tests, 101, None, False)]))) as con:
        assert small_revisions(con, previous).by_period == {}


def test_a_row_suppressed_in_the_replaced_release_is_compared_with_the_one_before(tmp_path):
    country = ("2025-01", "country_of_origin", "TJK", "tests")
    # published as 10, then suppressed (a complement); 12 now: 2 more than donors may have seen
    previous = published(tmp_path / "live.duckdb", [(*country, 10, None, False)], [(*country, None, None, True)])
    with duckdb.connect(str(release(tmp_path / "build.duckdb", [(*country, 12, None, False)]))) as con:
        found = small_revisions(con, previous)
    assert (found.compared, found.by_period) == (1, {"2025-01": 1})


def test_releases_are_kept_each_figure_once_until_one_is_marked_sent(tmp_path):
    import datetime as dt

    from pipelines.lib.revisions import keep_release

    tests = ("2025-01", "total", "all", "tests")
    with duckdb.connect(str(release(tmp_path / "build.duckdb", PREVIOUS))) as con:
        con.execute("CREATE SCHEMA audit")
        keep_release(con, dt.datetime(2026, 2, 5, 10))
        keep_release(con, dt.datetime(2026, 2, 6, 10))  # the same figures again: nothing added
        assert con.execute("SELECT count(*), count(DISTINCT released_at) FROM audit.released_figures").fetchone() \
            == (10, 1)  # PREVIOUS publishes 10 rows of 11
        con.execute("UPDATE report.indicators SET numerator = 11 WHERE (period, dimension, category, indicator) "
                    "= (?, ?, ?, ?)", tests)
        keep_release(con, dt.datetime(2026, 2, 7, 10))
        assert con.execute("SELECT numerator, released_at FROM audit.released_figures WHERE (period, dimension, "
                           "category, indicator) = (?, ?, ?, ?) ORDER BY numerator", tests).fetchall() \
            == [(10, dt.datetime(2026, 2, 5, 10)), (11, dt.datetime(2026, 2, 7, 10))]
        # marked as sent: the releases before it and not marked are taken as not sent
        run_sql(con, "audit.sent_figures", {"sent_at": dt.datetime(2026, 2, 8, 10)})
        run_sql(con, "audit.released_figures_clear")
        assert con.execute("SELECT count(*) FROM audit.released_figures").fetchone() == (0,)
        con.execute("UPDATE report.indicators SET numerator = 12 WHERE (period, dimension, category, indicator) "
                    "= (?, ?, ?, ?)", tests)
        keep_release(con, dt.datetime(2026, 2, 9, 10))  # a release after it: kept whole again
        assert con.execute("SELECT count(*), min(released_at) FROM audit.released_figures").fetchone() \
            == (10, dt.datetime(2026, 2, 9, 10))
