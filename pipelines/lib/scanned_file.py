"""A large CSV or Parquet file read from disk a block at a time, never held whole: read through once for its
SHA-256 (and a CSV file's text encoding: ``scan_file``), then read again for parsing, through
``ScannedFile.open``, which checks that what it read has that hash, or for a reader that seeks (Parquet's)
``open_seekable`` and ``verify`` after it: audit.files records the very bytes parsed.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from pipelines.lib.cells import FileRefused
from pipelines.lib.text_encoding import BLOCK, EncodingScan, text_encoding


class FileChanged(OSError):
    """The file's bytes changed between its two readings (a copy into the inbox still under way, the file
    replaced while the run read it) or could not be read the second time. Raised without the file's name,
    which the caller gives as it may; never a refusal, which would be kept for the file's bytes."""


@dataclass(frozen=True)
class ScannedFile:
    """A file's SHA-256, length, first block and, for a CSV file, its encoding (``(bytes before the text,
    encoding)``, or why it cannot be read as text), from one reading of it."""
    path: Path
    digest: str
    size: int
    head: bytes
    encoding: tuple[int, str] | FileRefused

    def __len__(self) -> int:
        return self.size

    def text_encoding(self) -> tuple[int, str]:
        if isinstance(self.encoding, FileRefused):
            raise self.encoding
        return self.encoding

    def open_seekable(self) -> io.BufferedReader:
        """The file, for a reader that seeks (a Parquet file's): ``verify`` once it has read what it needs."""
        return io.BufferedReader(_Reading(self.path), BLOCK)

    def verify(self) -> None:
        """FileChanged unless the file still has the bytes scanned: read through again and hashed (what a
        reader that seeks reads cannot be hashed as it goes)."""
        digest, size = hashlib.sha256(), 0
        try:
            with self.path.open("rb") as f:
                while block := f.read(BLOCK):
                    digest.update(block)
                    size += len(block)
        except OSError as exc:
            raise _unread(exc) from None
        if digest.hexdigest() != self.digest:
            raise FileChanged(f"changed while the run read it ({self.size:,} bytes when first read, {size:,} after)")

    def tail(self, n: int) -> bytes:
        """The file's last ``n`` bytes (all of a shorter file), read again: a change since the scan is found by
        the reading of the whole (``open``), which raises FileChanged at its end."""
        try:
            with self.path.open("rb") as f:
                f.seek(max(0, self.size - n))
                return f.read(n)
        except OSError as exc:
            raise _unread(exc) from None

    def open(self, skip: int = 0) -> io.BufferedReader:
        """The file from byte ``skip`` on, read again: FileChanged is raised at its end, when all of it
        has been read, unless it is the file that was scanned."""
        reader = io.BufferedReader(_Verified(self), BLOCK)
        reader.read(skip)
        return reader

    def arrow_stream(self, skip: int = 0) -> pa.NativeFile:
        """``open`` for Arrow's streaming parser."""
        return pa.PythonFile(self.open(skip), mode="r")


class HeldFile:
    """A file's bytes held in memory, read through the same methods as a ScannedFile (the readers need not
    tell the two apart): nothing to check, as what is parsed is what was hashed."""

    def __init__(self, data: bytes) -> None:
        self.head = data

    def __len__(self) -> int:
        return len(self.head)

    def text_encoding(self) -> tuple[int, str]:
        return text_encoding(self.head)

    def tail(self, n: int) -> bytes:
        return self.head[-n:]

    def open(self, skip: int = 0) -> io.BytesIO:
        stream = io.BytesIO(self.head)
        stream.seek(skip)
        return stream

    def arrow_stream(self, skip: int = 0) -> pa.NativeFile:
        return pa.BufferReader(pa.py_buffer(self.head).slice(skip))  # no copy

    def open_seekable(self) -> pa.NativeFile:
        return pa.BufferReader(self.head)

    def verify(self) -> None:
        pass


def source(data: bytes | ScannedFile | HeldFile) -> ScannedFile | HeldFile:
    """What a reader reads a file from: its scan, or its bytes."""
    return HeldFile(data) if isinstance(data, bytes) else data


def scan_file(path: Path) -> ScannedFile:
    """Read ``path`` through a block at a time: its hash and how its text is written. Memory: two blocks."""
    digest, scan, size, head = hashlib.sha256(), EncodingScan(), 0, b""
    with path.open("rb") as f:
        while block := f.read(BLOCK):
            digest.update(block)
            scan.feed(block)
            size += len(block)
            head = head or block
    try:
        encoding: tuple[int, str] | FileRefused = scan.decision()
    except FileRefused as exc:
        encoding = exc
    return ScannedFile(path, digest.hexdigest(), size, head, encoding)


class _Reading(io.RawIOBase):
    """The file, its reading's errors FileChanged (the parser's are refusals, kept for the file's bytes)."""

    def __init__(self, path: Path) -> None:
        try:
            self._file = path.open("rb", buffering=0)
        except OSError as exc:
            raise _unread(exc) from None

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if self._file.closed:
            return 0
        try:
            return self._file.readinto(buffer)
        except OSError as exc:
            raise _unread(exc) from None

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        return self._file.seek(offset, whence)

    def tell(self) -> int:
        return self._file.tell()

    def close(self) -> None:
        self._file.close()
        super().close()


class _Verified(_Reading):
    """The scanned file's bytes read in order, hashed as they are read; at the end compared with the scan's."""

    def __init__(self, scanned: ScannedFile) -> None:
        super().__init__(scanned.path)
        self._scanned = scanned
        self._digest = hashlib.sha256()
        self._read = 0

    def seekable(self) -> bool:
        return False

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        raise io.UnsupportedOperation("read in order: what is read is hashed")

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if self._file.closed:
            return 0
        n = super().readinto(buffer)
        if n:
            self._digest.update(memoryview(buffer)[:n])
            self._read += n
            return n
        self._file.close()  # at the end, even when the reader is kept
        if self._digest.hexdigest() != self._scanned.digest:
            raise FileChanged(f"changed while the run read it ({self._scanned.size:,} bytes when first read, "
                              f"{self._read:,} the second time)")
        return 0


def _unread(exc: OSError) -> FileChanged:
    return FileChanged(f"could not be read the second time ({exc.strerror or type(exc).__name__})")
