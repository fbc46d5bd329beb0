"""Text as the identifier search reads it: the spaces and dashes of a word processor or a web page as the
space and hyphen its rules are written with, and its invisible format characters as nothing. Russian
typography sets a phone number's groups and a person's initials apart with no-break spaces ("+7 701 555 43
21", "Иванов И. И." copied from a letter), and Word turns a typed hyphen into an en dash; RE2's ``\\s`` and
the phone rules' separators know neither, so such a phone number or name went unseen. Zero-width spaces
and word joiners (web pages, Word), soft hyphens (a hyphenated document), direction marks and embeddings
(a number copied from a phone's contacts or a messenger) sit inside a number or a name unseen and broke
its shape just as well. The values are stored as they came: only the search reads so.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

# every character Python's ``str.isspace`` takes but the space itself (tested against it)
SPACE_CHARS = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B)))
               + "\u2028\u2029\u202f\u205f\u3000")
# what a hyphen is typed or corrected as: hyphen, non-breaking hyphen, figure, en and em dashes, the
# horizontal bar, the minus sign, and their small and full-width forms
DASH_CHARS = "".join(map(chr, range(0x2010, 0x2016))) + "\u2212\ufe58\ufe63\uff0d"
# every format character of Python 3.11's Unicode (category Cf; tested against it): the soft hyphen,
# zero-width space and joiners, direction marks, embeddings and isolates, the word joiner, the byte-order
# mark (a zero-width no-break space inside text), and rarer ones of other scripts
_FORMAT_RANGES = [(0xAD, 0xAD), (0x600, 0x605), (0x61C, 0x61C), (0x6DD, 0x6DD), (0x70F, 0x70F), (0x890, 0x891),
                  (0x8E2, 0x8E2), (0x180E, 0x180E), (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x2064),
                  (0x2066, 0x206F), (0xFEFF, 0xFEFF), (0xFFF9, 0xFFFB), (0x110BD, 0x110BD), (0x110CD, 0x110CD),
                  (0x13430, 0x13438), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A), (0xE0001, 0xE0001),
                  (0xE0020, 0xE007F)]
FORMAT_CHARS = "".join(chr(c) for first, last in _FORMAT_RANGES for c in range(first, last + 1))
# RE2 and re classes of the characters themselves (none needs escaping in a class)
SPACES = f"[{SPACE_CHARS}]"
DASHES = f"[{DASH_CHARS}]"
FORMATS = f"[{FORMAT_CHARS}]"
_PLAIN = str.maketrans({**dict.fromkeys(SPACE_CHARS, " "), **dict.fromkeys(DASH_CHARS, "-"),
                        **dict.fromkeys(FORMAT_CHARS)})


def plain(text: str) -> str:
    """``text`` with its spaces and dashes of any kind written as a space and a hyphen, and without its
    format characters."""
    return text.translate(_PLAIN)


def plain_array(col: pa.Array) -> pa.Array:
    """``plain`` for each value of a text column; the column itself where it holds no such character
    (one scan: nearly every column)."""
    odd = pc.match_substring_regex(col, f"{SPACES}|{DASHES}|{FORMATS}")
    if not pc.any(odd).as_py():
        return col
    col = pc.replace_substring_regex(pc.replace_substring_regex(col, SPACES, " "), DASHES, "-")
    return pc.replace_substring_regex(col, FORMATS, "")
