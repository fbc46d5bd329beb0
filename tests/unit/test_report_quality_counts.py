"""pipelines/lib/report/quality.py, shown_counts: the data-quality counts donors see, worked out by hand, and an
attacker who knows the rule and tries every truth behind a display."""

import itertools
from collections import defaultdict

from pipelines.lib.report.quality import shown_counts


def counts(read: int, accepted: int, held: int, duplicate: int) -> dict[str, int]:
    return {"rows_read": read, "rows_accepted": accepted, "rows_held": held, "rows_duplicate": duplicate}


# the bundled sample's: 42 rows held back, under ten columns (a row may be held for several reasons)
SAMPLE_COLUMNS = [("age", 5), ("client_uic", 5), ("country_of_origin", 5), ("result", 5), ("key_population", 4),
                  ("migrant_group", 4), ("sex", 4), ("test_date", 4), ("vl_copies", 4), ("record_id", 2)]


def test_counts_of_five_or_more_are_shown_whole_and_columns_of_one_to_four_are_not_listed():
    shown, listed, others = shown_counts(counts(2372, 2320, 42, 10), SAMPLE_COLUMNS)
    # rows read are whole: 2320 + 42 + 10 (until 2026-12-06 "2,370 ≈", rounded to tens)
    assert shown == counts(2372, 2320, 42, 10)
    assert listed == [("age", 5), ("client_uic", 5), ("country_of_origin", 5), ("result", 5)]
    assert others is True


def test_rows_read_are_withheld_with_any_of_their_parts():
    # 3 duplicates: rows read 2335 would give them as 2335 - 2320 - 12
    shown, _, _ = shown_counts(counts(2335, 2320, 12, 3), [("age", 12)])
    assert shown == {"rows_read": "withheld", "rows_accepted": 2320, "rows_held": 12, "rows_duplicate": "<5"}
    # a warehouse of two rows: both read and accepted are 1 to 4, and nothing shows them to be 5 or more
    shown, listed, others = shown_counts(counts(2, 2, 0, 0), [])
    assert shown == {"rows_read": "<5", "rows_accepted": "<5", "rows_held": 0, "rows_duplicate": 0}
    assert (listed, others) == ([], False)


def test_what_the_tens_gave_away_until_2026_12_06():
    # rows read 2005 and accepted 1995 were both shown "2,000 ≈" (rounded half to even), and 9 duplicates:
    # held = read - accepted - 9, at most 2005 - 1995 - 9 = 1 and at least 1, so the "<5" was 1
    shown, _, _ = shown_counts(counts(2005, 1995, 1, 9), [("sex", 1)])
    assert shown == {"rows_read": "withheld", "rows_accepted": 1995, "rows_held": "<5", "rows_duplicate": 9}


def test_a_column_of_one_to_four_is_not_listed_beside_a_total_that_would_pin_it():
    # 9 rows held, 5 under age: with sex's "<5" listed, sex held at least 9 - 5 = 4 rows, so 4
    shown, listed, others = shown_counts(counts(109, 100, 9, 0), [("age", 5), ("sex", 4)])
    assert shown["rows_held"] == 9 and listed == [("age", 5)] and others is True


def test_when_every_column_not_listed_must_have_held_four_none_is_listed():
    # two columns a row can be held under, 8 rows held, 4 under each: the total alone says so
    shown, listed, _ = shown_counts(counts(108, 100, 8, 0), [("a", 4), ("b", 4)], columns=2)
    assert listed is None
    assert shown == {"rows_read": "withheld", "rows_accepted": 100, "rows_held": "withheld", "rows_duplicate": 0}
    # 7 rows held: one column held 3 or 4, which the total does not tell
    shown, listed, _ = shown_counts(counts(107, 100, 7, 0), [("a", 4), ("b", 3)], columns=2)
    assert listed == [] and shown["rows_held"] == 7


def test_no_display_lets_an_attacker_who_knows_the_rule_work_out_a_withheld_count():
    # every truth of a few columns: for each display, every withheld count and every column not listed must be
    # left more than one value by the truths that give that display (a column known to be 0 is no secret)
    for columns, values, parts in ((1, 10, 8), (2, 11, 7), (3, 8, 5)):
        truths = defaultdict(list)
        for accepted, duplicate in itertools.product(range(parts), repeat=2):
            for held_under in itertools.product(range(values), repeat=columns):
                for held in range(max(held_under), sum(held_under) + 1):
                    rows = counts(accepted + held + duplicate, accepted, held, duplicate)
                    named = [(f"c{i}", n) for i, n in enumerate(held_under) if n]
                    shown, listed, others = shown_counts(rows, named, columns=columns)
                    display = (tuple(shown.items()), None if listed is None else tuple(listed), others)
                    truths[display].append((rows, held_under))
        for (shown, listed, _), behind in truths.items():
            for name, value in shown:
                if isinstance(value, str):
                    assert len({rows[name] for rows, _ in behind}) > 1, (columns, shown, listed)
            for i in range(columns):
                if f"c{i}" not in {c for c, _ in listed or ()}:
                    left = {held_under[i] for _, held_under in behind}
                    assert left == {0} or len(left) > 1, (columns, shown, listed, i)


def test_the_page_says_why_no_column_is_listed():
    # every one of the 19 columns a row can be held under held 4 rows, 76 in all: the total gives each
    # column away, so the page lists none and withholds the total, and the rows read with it
    import pandas as pd

    from pipelines.lib.contract import COLUMNS
    from pipelines.lib.report.page import Page
    from pipelines.lib.report.quality import Quality

    held = pd.DataFrame({"column": [*COLUMNS, "row"], "rows": [4] * 19})
    quality = Quality(files=pd.DataFrame({"status": ["loaded"], "files": [3]}), rows=counts(1076, 1000, 76, 0),
                      held_by_column=held)
    page = Page(pd.DataFrame(columns=["period", "dimension", "category", "indicator"]), "all", "en", quality, "")
    page.quality()
    tables = {}
    for row in page.csv_rows:
        tables.setdefault(row["Table"], []).append([v for k, v in row.items() if k != "Table"])
    assert tables["Files received"] == [["loaded", "<5"]]
    assert tables["Rows read"] == [["Rows read", "withheld"], ["Accepted", "1,000"], ["Held back", "withheld"],
                                   ["Duplicates", "0"]]
    assert tables["Rows held back, by column"] == [["Not shown: the total would show how many each column held", ""]]
