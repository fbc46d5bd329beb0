"""Which text encoding a CSV file is written in, decided a block at a time (``EncodingScan``), so that a
file of any size is judged without being held in memory: UTF-8 (with or without BOM), Windows-1251 or, as
Excel's "CSV (MS-DOS)" saves one on a Russian Windows, DOS code page 866; UTF-16 after its byte-order mark,
or without one where the file begins with ASCII characters each beside a NUL.
"""

from __future__ import annotations

import codecs
import re

import pyarrow as pa

from pipelines.lib.cells import FileRefused
from pipelines.lib.person_names import LOWER, UPPER

BOM = b"\xef\xbb\xbf"
BLOCK = 1 << 24  # bytes judged (and parsed: csv_reader) at a time

# What the text of these files is written in: ASCII, the letters of the alphabets migrants here write
# (Russian, Kazakh, Uzbek, Kyrgyz, Tajik, Ukrainian, Belarusian) and the typography Excel and Word put in
# (no-break space, quotes, dashes, numero sign, ...); read as UTF-8 also Latin letters with accents (a
# Turkish or French name). Windows-1251 bytes that happen to pair as UTF-8 does (a capital letter, then Ё, ё,
# №, « or a no-break space) read as UTF-8 give other characters: "ЖЁ", C6 A8, reads "ƨ".
_LETTERS = f"\\x00-\\x7f{UPPER}{LOWER}ЄєЇїҐґ"
_TYPOGRAPHY = "\\u00a0«»–—‘’“”„…№"
_NOT_UTF8_TEXT = re.compile(f"[^{_LETTERS}{_TYPOGRAPHY}\\u00c0-\\u00d6\\u00d8-\\u00f6\\u00f8-\\u017f\\u00ad°•‚ʻʼ]")
_NOT_CP1251_TEXT = re.compile(f"[^{_LETTERS}{_TYPOGRAPHY}]")
_SNIFF = 1 << 16  # UTF-8 text looked at from its first byte beyond ASCII on
_HEAD = 4096  # bytes looked at for a byte-order mark and binary content
_BEYOND_ASCII = re.compile(rb"[\x80-\xff]")
_ASCII_STEP = 1 << 20
# UTF-16 without its byte-order mark (SQL Server's "bcp -w", .NET's Encoding.Unicode written without its
# preamble): a file begun with eight ASCII characters, each beside a NUL in its byte order ("r\0e\0c\0..."), as
# a header of the contract's headings is. No binary format these inboxes see begins so (zip "PK\3\4", Parquet
# "PAR1", OLE's D0 CF 11 E0, PNG, PDF)
_BOMLESS_UTF16 = ((re.compile(rb"(?:[\x01-\x7f]\x00){8}"), "utf-16-le"),
                  (re.compile(rb"(?:\x00[\x01-\x7f]){8}"), "utf-16-be"))


def bomless_utf16(head: bytes) -> str | None:
    """The UTF-16 codec of a file that begins with ``head`` and is written in UTF-16 without its byte-order
    mark (``_BOMLESS_UTF16``), or None."""
    return next((codec for pattern, codec in _BOMLESS_UTF16 if pattern.match(head)), None)


def text_encoding(data: bytes) -> tuple[int, str]:
    """(bytes before the text, encoding) of a file's bytes: ``EncodingScan``'s decision."""
    scan = EncodingScan()
    for start in range(0, len(data), BLOCK):
        scan.feed(data[start:start + BLOCK])
    return scan.decision()


class EncodingScan:
    """Fed a file's bytes in order (``feed``, blocks of any size), tells how it is written (``decision``):
    UTF-8 after a BOM or when valid throughout, else Windows-1251; a file mixing both is refused, as is
    binary content. Windows-1251 bytes may happen to be valid UTF-8 up to a point or throughout (a cp1251
    "ЖЁ" reads as UTF-8 "ƨ"): where UTF-8 would give a character these files are not written in and
    Windows-1251 none, the file is Windows-1251 (until 2026-12-06 such a file was read as UTF-8, its rows held
    with a "ƨ" in their UICs, or refused as mixing the two). Memory: a block and 64 KB, whatever the file's
    length (until 2026-12-06 the decision took the whole file's bytes, which were held while it was read).
    After a UTF-16 byte-order mark (Excel's "Unicode Text", PowerShell's Out-File, a database tool's "Unicode"
    export), UTF-16 in its order, checked throughout (until 2026-12-07 (forty-fourth session) refused); so
    without one, where the file begins as UTF-16 text of ASCII characters does (``bomless_utf16``; until
    2026-12-08 refused as binary content)."""

    def __init__(self) -> None:
        self._head = b""  # the first bytes, until _HEAD of them (or the whole file) are in
        self._started = False
        self._refusal: FileRefused | None = None
        self._skip = 0
        self._pos = 0  # bytes judged so far
        self._pending = b""  # a character's first bytes, its rest in the next block
        self._bad: int | None = None  # where the bytes stop being UTF-8
        self._non_ascii_before = False  # non-ASCII text before there
        self._first: int | None = None  # the first byte beyond ASCII
        self._window = bytearray()  # the _SNIFF bytes from there
        self._cp1251 = True  # no block read as Windows-1251 gave a character these files are not written in
        self._utf16: str | None = None  # after a UTF-16 byte-order mark: its byte order's codec
        self._utf16_decoder: codecs.IncrementalDecoder | None = None
        self._utf16_nul = False  # a NUL character in the UTF-16 text: binary content

    def feed(self, block: bytes) -> None:
        if not self._started:
            self._head += block
            if len(self._head) >= _HEAD:
                self._start()
        else:
            self._judge(block)

    def decision(self) -> tuple[int, str]:
        if not self._started:
            self._start()
        if self._refusal is None and self._bad is None and self._pending:  # the file ends amid a character
            self._bad = self._pos - len(self._pending)
        if self._utf16 and self._refusal is None:
            self._decode_utf16(b"", final=True)
            if self._refusal is None and self._utf16_nul:
                self._refusal = FileRefused("binary content, not a text CSV file")
        if self._refusal is not None:
            raise self._refusal
        if self._utf16:
            return self._skip, self._utf16
        if self._skip:
            if self._bad is not None:
                raise FileRefused(f"mixed encodings: starts as UTF-8 but byte {self._bad - self._skip} is not UTF-8")
            return self._skip, "utf-8"
        if self._bad is None:
            return (0, "cp1251") if self._unexpected_as_utf8() and self._cp1251 else (0, "utf-8")
        if self._non_ascii_before and not (self._unexpected_as_utf8() and self._cp1251):
            raise FileRefused(f"mixed encodings: UTF-8 text up to byte {self._bad}, then bytes that are not UTF-8")
        return 0, "cp866" if _dos_text(bytes(self._window)) else "cp1251"

    def _start(self) -> None:
        head, self._started = self._head, True
        if head.startswith(BOM):
            self._skip = len(BOM)
        elif head.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode Text", PowerShell's Out-File
            self._skip = 2
            self._utf16 = "utf-16-le" if head.startswith(b"\xff\xfe") else "utf-16-be"
            self._utf16_decoder = codecs.getincrementaldecoder(self._utf16)()
        elif codec := bomless_utf16(head):  # SQL Server's "bcp -w"
            self._utf16 = codec
            self._utf16_decoder = codecs.getincrementaldecoder(codec)()
        elif b"\x00" in head[:_HEAD]:
            self._refusal = FileRefused("binary content, not a text CSV file")
        self._pos = self._skip
        self._judge(head[self._skip:])

    def _judge(self, block: bytes) -> None:
        start, self._pos = self._pos, self._pos + len(block)
        if self._refusal is not None or (self._skip and self._bad is not None):
            return
        if self._utf16:
            self._decode_utf16(block)
            return
        if self._bad is None:
            self._check_utf8(block, start)
        if not self._skip:
            self._look_as_windows_1251(block, start)

    def _decode_utf16(self, block: bytes, final: bool = False) -> None:
        """UTF-16 throughout (a lone surrogate, or an odd byte at the end, is none), and text: a NUL in it is
        binary content, as in any text file (said only of UTF-16: bytes that are none are said first, as the
        whole file's decoding says them)."""
        try:
            text = self._utf16_decoder.decode(block, final)
        except UnicodeDecodeError:
            mark = "after its byte-order mark" if self._skip else "without a byte-order mark"
            self._refusal = FileRefused(f"{self._utf16.upper()} text ({mark}) with bytes that are not UTF-16: save "
                                        "the sheet as \"CSV UTF-8\" or as a workbook (.xlsx)")
            return
        self._utf16_nul = self._utf16_nul or "\x00" in text  # said once all is known to be UTF-16

    def _look_as_windows_1251(self, block: bytes, start: int) -> None:
        if self._first is None:
            first = _first_beyond_ascii(block, len(block))
            if first is None:
                return  # ASCII reads as either
            self._first = start + first
        if len(self._window) < _SNIFF:
            self._window += block[max(0, self._first - start):self._first + _SNIFF - start]
        # only needed while UTF-8 may read as text these files are not written in
        if self._cp1251 and not (self._window_complete() and not self._unexpected_as_utf8()):
            self._cp1251 = _cp1251_throughout(block)

    def _window_complete(self) -> bool:
        return len(self._window) >= _SNIFF or self._bad is not None

    def _unexpected_as_utf8(self) -> bool:
        """Whether the text from the first byte beyond ASCII on (up to where it stops being UTF-8, at most
        _SNIFF bytes), read as UTF-8, holds a character these files are not written in."""
        if self._first is None or (self._bad is not None and self._first >= self._bad):
            return False
        end = _SNIFF if self._bad is None else min(_SNIFF, self._bad - self._first)
        return bool(_NOT_UTF8_TEXT.search(bytes(self._window[:end]).decode("utf-8", errors="ignore")))

    def _check_utf8(self, block: bytes, start: int) -> None:
        data = self._pending + block
        cut = _whole_characters(data)
        if _valid_utf8(data[:cut]):
            self._non_ascii_before = self._non_ascii_before or not data[:cut].isascii()
            self._pending = data[cut:]
            return
        try:  # Python's decoder says where: exc.start counts from the bytes given
            codecs.getincrementaldecoder("utf-8")().decode(data)  # a character cut at the end waits
        except UnicodeDecodeError as exc:
            self._bad = start - len(self._pending) + exc.start
            self._non_ascii_before = self._non_ascii_before or not data[:exc.start].isascii()
            return
        # Arrow and Python disagree: taken as UTF-8, the parser will say what it cannot read
        self._non_ascii_before, self._pending = True, data[cut:]


def _whole_characters(data: bytes) -> int:
    """How many of ``data``'s bytes end with a whole UTF-8 character: a lead byte among the last three whose
    character would run past the end is cut, with what follows it."""
    for back in range(1, min(4, len(data)) + 1):
        byte = data[-back]
        if byte < 0x80:
            return len(data)
        if byte >= 0xC0:  # a lead byte: 110xxxxx two bytes, 1110xxxx three, 11110xxx four
            need = 2 if byte < 0xE0 else 3 if byte < 0xF0 else 4
            return len(data) - back if need > back else len(data)
    return len(data)


def _valid_utf8(data: bytes) -> bool:
    """Arrow's validation: ~10x Python's decoding, nothing kept."""
    view = pa.py_buffer(data)
    offsets = pa.array([0, view.size], pa.int64()).buffers()[1]
    try:
        pa.Array.from_buffers(pa.large_binary(), 1, [None, offsets, view]).cast(pa.large_string())
        return True
    except pa.ArrowInvalid:
        return False


def _cp1251_throughout(data: bytes) -> bool:
    """Whether ``data`` read as Windows-1251 is all text these files are written in."""
    if data.isascii():
        return True
    try:
        return not _NOT_CP1251_TEXT.search(data.decode("cp1251"))
    except UnicodeDecodeError:  # byte 0x98, which Windows-1251 leaves unassigned
        return False


def _dos_text(window: bytes) -> bool:
    """Whether text that is not UTF-8 (``window``: up to _SNIFF bytes from its first beyond ASCII) is in DOS
    code page 866, as Excel's "CSV (MS-DOS)" saves a sheet on a Russian Windows: read so, it is all text these
    files are written in, while read as Windows-1251 a tenth or more of what is beyond ASCII, and three
    characters at least, is no character they hold ("ЮЛ" reads "ћ‹"; a soft hyphen, a degree sign or a
    bullet is one they hold: a phone number typed with soft hyphens must not read as letters). Until
    2026-12-07 such a file was read as Windows-1251, its Cyrillic UICs and country names held back garbled."""
    as_1251 = window.decode("cp1251", errors="replace")
    odd = len(_NOT_UTF8_TEXT.findall(as_1251))
    beyond = len(as_1251) - len(as_1251.encode("ascii", errors="ignore"))
    return odd >= 3 and odd * 10 >= beyond and not _NOT_CP1251_TEXT.search(window.decode("cp866"))


def _first_beyond_ascii(data: bytes, end: int) -> int | None:
    """Where the first byte beyond ASCII is before ``end``, if any: a megabyte at a time by ``isascii``
    (~30x a regular expression's search: an ASCII export of 120 MB took 0.58 s so, 0.02 s now)."""
    for start in range(0, end, _ASCII_STEP):
        stop = min(end, start + _ASCII_STEP)
        if not data[start:stop].isascii():
            return _BEYOND_ASCII.search(data, start, stop).start()
    return None
