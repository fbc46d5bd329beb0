"""Which files are judged before the file whose name theirs extends: names by hand."""

from pipelines.lib.file_order import judged_before_original


def test_copies_and_corrections_named_to_sort_first_are_paired_with_their_original():
    names = ["ala-01_2025-01.csv", "ala-01_2025-01 (2).csv", "ala-01_2025-01 - Copy.csv",
             "ala-01_2025-01-corrected.xlsx", "ala-01_2025-01_v2.csv",  # sorts after: judged after
             "ala-01_2025-02.csv", "ala-01_2025-02.xlsx",  # the same name but for its type: nothing extended
             "shy-01_2025-1.csv", "shy-01_2025-10.csv",  # "0" after ".": judged after
             "ast-02_2025-03 (1).parquet", "ast-02_2025-03.csv", "ast-02_2025-03.csv"]  # listed twice: once
    assert judged_before_original(names) == [
        ("ala-01_2025-01 (2).csv", "ala-01_2025-01.csv"), ("ala-01_2025-01 - Copy.csv", "ala-01_2025-01.csv"),
        ("ala-01_2025-01-corrected.xlsx", "ala-01_2025-01.csv"), ("ast-02_2025-03 (1).parquet", "ast-02_2025-03.csv")]


def test_names_that_extend_none_before_them_give_nothing():
    # a name without a type ("noext") sorts before what extends it
    assert judged_before_original(["a.csv", "a_v2.csv", "b (2).csv", "c.csv", "noext", "noext (2)"]) == []
    assert judged_before_original([]) == []
