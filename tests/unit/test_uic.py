"""The look-alike fold on Arrow bytes gives what reading each letter as its Latin twin gives."""

import duckdb
import pyarrow as pa
from hypothesis import given, settings, strategies as st

from pipelines.lib.uic import CYRILLIC, LATIN, fold_array

TWINS = str.maketrans(CYRILLIC, LATIN)


def expected(values: list[str | None]) -> list[str | None]:
    return [None if v is None else v.translate(TWINS) for v in values]


def test_examples():
    values = ["АВЕК11990", "ABEK11990", "ЖЖЖЖ11990", "МАКА11991", "", None, "xА", "Ё", "ХХ"]
    assert fold_array(pa.array(values, pa.string())).to_pylist() == [
        "ABEK11990", "ABEK11990", "ЖЖЖЖ11990", "MAKA11991", "", None, "xA", "Ё", "XX"]


def test_no_lookalike_returns_the_array_itself():
    arr = pa.array(["ABCD11990", "ЖЖЖЖ11990"])
    assert fold_array(arr) is arr


def test_same_as_duckdb_translate_the_sql_once_used():
    values = ["АВЕКМНОРСТХ", "аве", "Ѐ", "ДОМ", None, "КОТ12001"]
    got = fold_array(pa.array(values, pa.string())).to_pylist()
    sql = duckdb.sql("SELECT translate(v, 'АВЕКМНОРСТХ', 'ABEKMHOPCTX') FROM unnest(?::VARCHAR[]) AS t(v)",
                     params=[values]).fetchall()
    assert got == [r[0] for r in sql] == expected(values)


# letters of every UTF-8 length, the look-alikes and their neighbours (Ѐ-Я share the lead byte D0,
# а-п too; р-я lead with D1), emoji of four bytes
LETTERS = st.sampled_from(list(CYRILLIC + LATIN + "ЁЖЗИЙЛПФЦЧЩЪЫЬЭЮЯабвгдеёжрстуфхя0129 €😀ѐЀ"))


@settings(max_examples=200, deadline=None)
@given(values=st.lists(st.one_of(st.none(), st.text(LETTERS, max_size=12)), max_size=30),
       start=st.integers(0, 5), stop=st.integers(0, 5))
def test_any_strings_any_slice(values, start, stop):
    arr = pa.array(values, pa.string())[start: max(start, len(values) - stop)]
    out = fold_array(arr)
    out.validate(full=True)
    assert out.to_pylist() == expected(arr.to_pylist())
