"""Spaces and dashes of any kind are read as a space and a hyphen by the identifier search, format characters
as nothing."""

import unicodedata

import pyarrow as pa
import pytest

from pipelines.lib.typed_text import DASH_CHARS, FORMAT_CHARS, SPACE_CHARS, plain, plain_array


def test_the_spaces_are_every_white_space_python_knows():
    white = {chr(c) for c in range(0x110000) if chr(c).isspace()}
    assert set(SPACE_CHARS) == white - {" "}
    assert len(SPACE_CHARS) == len(white) - 1  # none twice


def test_the_dashes_are_dashes_hyphens_and_minus_signs():
    names = [unicodedata.name(c) for c in DASH_CHARS]
    assert all(any(w in n for w in ("DASH", "HYPHEN", "MINUS", "HORIZONTAL BAR")) for n in names), names
    assert "-" not in DASH_CHARS and len(set(DASH_CHARS)) == len(DASH_CHARS) == 10


def test_the_format_characters_are_every_one_python_knows():
    assert unicodedata.unidata_version == "14.0.0"  # Python 3.11's: a later one adds a few
    assert set(FORMAT_CHARS) == {chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) == "Cf"}
    assert len(set(FORMAT_CHARS)) == len(FORMAT_CHARS) == 163


@pytest.mark.parametrize("text, read", [
    ("+7\u00a0701\u00a0555\u201143\u201121", "+7 701 555-43-21"),  # no-break space, non-breaking hyphen
    ("Иванов\u2009И.\u202fИ.", "Иванов И. И."),  # thin and narrow no-break spaces
    ("8\u2013701\u2014555\u221243\uff0d21", "8-701-555-43-21"),  # en, em dash, minus, full-width hyphen
    ("a\tb\nc\u3000d\u0085e", "a b c d e"),
    ("R31337-00022", "R31337-00022"),
    ("", ""),
    # zero-width space, word joiner, soft hyphen, a contact's embedding, direction marks, a stray BOM
    ("+7\u200b701\u2060555\u00ad43\u00ad21", "+77015554321"),
    ("\u202a+7 701 555 4321\u202c", "+7 701 555 4321"),
    ("\u200eРахи\u00adмов\ufeff Рустам\u200f", "Рахимов Рустам"),
    ("a\U000e0041b", "ab"),  # a tag character, beyond the first plane
])
def test_plain(text, read):
    assert plain(text) == read


def test_plain_array_reads_each_value_as_plain_does():
    values = ["+7\u00a0701\u00a0555\u201143\u201121", None, "ok", "", "Иванов\u2009И.\u202fИ.",
              "8701\u200b555\u00ad4321", "\u202a+7 701\u202c", "a\U000e0041b"]
    assert plain_array(pa.array(values)).to_pylist() == [None if v is None else plain(v) for v in values]


def test_plain_array_returns_a_column_without_such_characters_itself():
    col = pa.array(["R31337-00022", None, "визит 3"])
    assert plain_array(col) is col
