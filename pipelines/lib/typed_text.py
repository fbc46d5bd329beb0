"""Text as the identifier search reads it: the spaces and dashes of a word processor or a web page as the
space and hyphen its rules are written with. Russian typography sets a phone number's groups and a
person's initials apart with no-break spaces ("+7 701 555 43 21", "Иванов И. И." copied from a letter), and
Word turns a typed hyphen into an en dash; RE2's ``\\s`` and the phone rules' separators know neither, so
such a phone number or name went unseen. The values are stored as they came: only the search reads so.
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
# RE2 and re classes of the characters themselves (none needs escaping in a class)
SPACES = f"[{SPACE_CHARS}]"
DASHES = f"[{DASH_CHARS}]"
_PLAIN = str.maketrans({**dict.fromkeys(SPACE_CHARS, " "), **dict.fromkeys(DASH_CHARS, "-")})


def plain(text: str) -> str:
    """``text`` with its spaces and dashes of any kind written as a space and a hyphen."""
    return text.translate(_PLAIN)


def plain_array(col: pa.Array) -> pa.Array:
    """``plain`` for each value of a text column; the column itself where it holds no such character
    (one scan: nearly every column)."""
    odd = pc.match_substring_regex(col, f"{SPACES}|{DASHES}")
    if not pc.any(odd).as_py():
        return col
    return pc.replace_substring_regex(pc.replace_substring_regex(col, SPACES, " "), DASHES, "-")
