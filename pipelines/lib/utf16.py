"""A UTF-16 CSV file (Excel's "Unicode Text", PowerShell's Out-File, a database tool's "Unicode" export) as
the UTF-8 it holds, for the CSV reader, which parses UTF-8 bytes (its header and line ends are found in
them). Its bytes were checked as UTF-16 throughout when it was scanned (``text_encoding.EncodingScan``).
"""

from __future__ import annotations

import codecs
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pipelines.lib.scanned_file import HeldFile, ScannedFile, scan_file
from pipelines.lib.text_encoding import BLOCK


@contextmanager
def utf8_of(data: HeldFile | ScannedFile, skip: int, encoding: str) -> Iterator[HeldFile | ScannedFile]:
    """``data``'s text from byte ``skip`` (after its byte-order mark), written in ``encoding``, as UTF-8: held
    in memory where ``data`` is (a file of at most the inbox's HELD_BYTES), else in a file of its own,
    written a block at a time and deleted when done (FileChanged, as ever, where ``data`` changed)."""
    if isinstance(data, HeldFile):
        yield HeldFile(data.head[skip:].decode(encoding).encode("utf-8"))
        return
    with tempfile.TemporaryDirectory(prefix="mh-utf16-") as folder:
        path = Path(folder) / "utf8.csv"
        decoder = codecs.getincrementaldecoder(encoding)()
        with data.open(skip) as text, path.open("wb") as out:
            while block := text.read(BLOCK):
                out.write(decoder.decode(block).encode("utf-8"))
            out.write(decoder.decode(b"", final=True).encode("utf-8"))
        yield scan_file(path)
