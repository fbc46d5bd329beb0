"""The encoding of a CSV file decided a block at a time (so that a file is never held whole) is the decision
taken on the whole file's bytes at once, as the readers took it until 2026-12-06 (``whole_file_decision``,
their code kept here as the reference, with what was decided since), whatever the blocks' sizes and wherever
they cut a character."""

import codecs
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings, strategies as st

from pipelines.lib import text_encoding as te
from pipelines.lib.cells import FileRefused
from pipelines.lib.scanned_file import scan_file


def whole_file_decision(data: bytes, sniff: int) -> tuple[int, str]:
    """The readers' decision until 2026-12-06, on the whole file's bytes (Python's decoder in place of
    Arrow's validation, which only made it faster)."""
    def first_invalid(start: int) -> tuple[int | None, bool]:
        try:
            text = data[start:].decode("utf-8")
            return None, not text.isascii()
        except UnicodeDecodeError as exc:
            return start + exc.start, not data[start:start + exc.start].isascii()

    def unexpected(end: int) -> bool:
        first = re.search(rb"[\x80-\xff]", data[:end])
        if first is None:
            return False
        window = data[first.start():min(end, first.start() + sniff)]
        return bool(te._NOT_UTF8_TEXT.search(window.decode("utf-8", errors="ignore")))

    def cp1251_throughout() -> bool:
        try:
            return not te._NOT_CP1251_TEXT.search(data.decode("cp1251"))
        except UnicodeDecodeError:
            return False

    if data.startswith(te.BOM):
        bad, _ = first_invalid(3)
        if bad is not None:
            raise FileRefused(f"mixed encodings: starts as UTF-8 but byte {bad - 3} is not UTF-8")
        return 3, "utf-8"
    marked = data.startswith((b"\xff\xfe", b"\xfe\xff"))  # until 2026-12-07 (forty-fourth session) refused
    # without its mark: eight ASCII characters each beside a NUL first (until 2026-12-08 refused as binary)
    bomless = (re.match(rb"(?:[\x01-\x7f]\x00){8}", data) and "utf-16-le") or (
        re.match(rb"(?:\x00[\x01-\x7f]){8}", data) and "utf-16-be")
    if marked or bomless:
        codec = ("utf-16-le" if data.startswith(b"\xff\xfe") else "utf-16-be") if marked else bomless
        skip = 2 if marked else 0
        try:
            text = data[skip:].decode(codec)
        except UnicodeDecodeError:
            mark = "after its byte-order mark" if marked else "without a byte-order mark"
            raise FileRefused(f"{codec.upper()} text ({mark}) with bytes that are not UTF-16: "
                              "save the sheet as \"CSV UTF-8\" or as a workbook (.xlsx)") from None
        if "\x00" in text:
            raise FileRefused("binary content, not a text CSV file")
        return skip, codec
    if b"\x00" in data[:4096]:
        raise FileRefused("binary content, not a text CSV file")
    bad, non_ascii_before = first_invalid(0)
    if bad is None:
        return (0, "cp1251") if unexpected(len(data)) and cp1251_throughout() else (0, "utf-8")
    if non_ascii_before and not (unexpected(bad) and cp1251_throughout()):
        raise FileRefused(f"mixed encodings: UTF-8 text up to byte {bad}, then bytes that are not UTF-8")
    # since 2026-12-07: DOS code page 866 where the text beyond ASCII reads as these files' text so and not as
    # Windows-1251 (Excel's "CSV (MS-DOS)")
    first = re.search(rb"[\x80-\xff]", data).start()
    window = data[first:first + sniff]
    as_1251 = window.decode("cp1251", errors="replace")
    odd = len(te._NOT_UTF8_TEXT.findall(as_1251))
    beyond = sum(not c.isascii() for c in as_1251)
    dos = odd >= 3 and odd * 10 >= beyond and not te._NOT_CP1251_TEXT.search(window.decode("cp866"))
    return 0, "cp866" if dos else "cp1251"


def outcome(decide) -> tuple[int, str] | str:
    try:
        return decide()
    except FileRefused as exc:
        return str(exc)


def scanned(data: bytes, sizes: list[int]) -> tuple[int, str]:
    scan, at, i = te.EncodingScan(), 0, 0
    while at < len(data):
        size = sizes[i % len(sizes)]
        scan.feed(data[at:at + size])
        at, i = at + size, i + 1
    return scan.decision()


PIECES = [b"r1,AAAA11990\n", b",", "Россия".encode(), "Россия".encode("cp1251"), "ЖЁ".encode("cp1251"),
          "№ «x» —".encode(), "№ «x»".encode("cp1251"), "Ελλάδα".encode(), "Şahin".encode(), b"\x98", b"\x00",
          "Ж".encode()[:1], b"\xef\xbb\xbf", b"\xff\xfe", b"a" * 40, "ЮЛAL22002,Россия".encode("cp866"),
          "+7\u00ad700".encode("cp1251"), b"\xfe\xff", "Россия,r1\n".encode("utf-16-le"),
          "Россия".encode("utf-16-be"), b"\x00\xd8", b"\x3d\xd8\x00\xde",  # UTF-16: a lone surrogate, a pair
          "record_id,".encode("utf-16-le"), "record_id".encode("utf-16-be"), "r1,".encode("utf-16-le")]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
# UTF-16 with a NUL, then an odd byte at its end: said to be no UTF-16 however it is fed (it was "binary" fed a
# byte at a time)
@example(pieces=[b"\xfe\xff", b"\x00", b"\x00", b"r1,AAAA11990\n"], sizes=[1])
@given(pieces=st.lists(st.sampled_from(PIECES), max_size=25), sizes=st.lists(st.integers(1, 23), min_size=1,
                                                                             max_size=4))
def test_decided_a_block_at_a_time_as_on_the_whole_file(monkeypatch, pieces, sizes):
    data = b"".join(pieces)
    with monkeypatch.context() as m:
        m.setattr(te, "_SNIFF", 16)  # the window's edge falls among the pieces
        assert outcome(lambda: scanned(data, sizes)) == outcome(lambda: whole_file_decision(data, 16))


@pytest.mark.parametrize("text, encoding, expected", [
    ("Россия,Таджикистан", "utf-8", (0, "utf-8")),
    ("Россия,Таджикистан", "cp1251", (0, "cp1251")),
    ("r1,AЖЁA11990\n", "cp1251", (0, "cp1251")),  # valid UTF-8 throughout, "ƨ" in it
    # Excel's "CSV (MS-DOS)" on a Russian Windows: until 2026-12-07 read as Windows-1251 ("ЮЛ" as "ћ‹")
    ("ЮЛAL22002,Россия,Таджикистан", "cp866", (0, "cp866")),
    ("ЮЛAL22002,Россия,Таджикистан", "cp1251", (0, "cp1251")),
    # soft hyphens only (a phone number so typed: read as DOS text they would be "н", hiding it), or a stray
    # sign or two that code page 866 would read as letters: Windows-1251, as before
    ("r1,+7\u00ad700\u00ad000\u00ad00\u00ad00", "cp1251", (0, "cp1251")),
    ("r1,5 €,§ 3", "cp1251", (0, "cp1251")),
    ("\ufeffРоссия", "utf-8", (3, "utf-8")),
    # Excel's "Unicode Text": until 2026-12-07 (forty-fourth session) refused
    ("\ufeffРоссия\tТаджикистан", "utf-16-le", (2, "utf-16-le")),
    ("\ufeffРоссия,Таджикистан", "utf-16-be", (2, "utf-16-be")),
    # without its mark, as SQL Server's "bcp -w" writes it: until 2026-12-08 refused as binary content
    ("record_id,Россия\tТаджикистан", "utf-16-le", (0, "utf-16-le")),
    ("record_id,Россия,Таджикистан", "utf-16-be", (0, "utf-16-be")),
])
def test_a_file_from_disk_is_decided_as_its_bytes_are(tmp_path: Path, monkeypatch, text, encoding, expected):
    # blocks of 5 bytes: every Cyrillic letter's two bytes are cut apart somewhere
    from pipelines.lib import scanned_file

    monkeypatch.setattr(scanned_file, "BLOCK", 5)
    p = tmp_path / "f.csv"
    p.write_bytes(("x" * 4100 + text).encode(encoding) if not text.startswith("\ufeff")
                  else codecs.BOM_UTF8 + text[1:].encode() if encoding == "utf-8"
                  else (text + "x" * 4100).encode(encoding))  # its mark first, its letters cut across blocks
    assert scan_file(p).encoding == expected == te.text_encoding(p.read_bytes())


def test_a_file_ending_amid_a_character():
    cut = "Россия".encode()[:-1]  # "я" cut after its first byte, the 11th
    for decide in (te.text_encoding, lambda d: whole_file_decision(d, 1 << 16)):
        with pytest.raises(FileRefused, match="UTF-8 text up to byte 10, then"):
            decide(cut)
        with pytest.raises(FileRefused, match="starts as UTF-8 but byte 10 is not UTF-8"):
            decide(te.BOM + cut)
    assert te.text_encoding(b"r1,A" + cut[:1]) == (0, "cp1251")  # no UTF-8 text before
