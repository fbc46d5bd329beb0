"""A full disk said as what to change: which folder's disk, how much room is left, and the setting that
moves it: "No space left on device" alone names none of them, and the failure alert would tell the officer
to fix rows."""

from __future__ import annotations

import errno
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pipelines.lib.settings import DUCKDB_TMP, SettingError

NO_SPACE = "No space left on device"  # the system's words, which DuckDB's IO errors quote
QUOTA = "Disk quota exceeded"  # the same for a user's share of the disk (a quota on a shared server)
FULL = (errno.ENOSPC, errno.EDQUOT)
# what a DuckDB write that failed names: the warehouse, its build, or a file of its temp folder
_DUCKDB_FILE = re.compile(r'Could not write file \\?"([^"\\]+)\\?"')


class DiskFull(OSError, SettingError):
    """A write that failed for want of disk space. Its message names a folder, sizes and a setting, never a
    record: the failure alert carries it."""


def free_space(folder: Path) -> str:
    """How much room the disk holding ``folder`` (or its nearest existing parent) has, in words."""
    for place in (folder, *folder.parents):
        try:
            return f"{shutil.disk_usage(place).free / 1e6:,.0f} MB free now"
        except OSError:
            continue
    return "its free space unknown"


def disk_full(folder: Path, what: str, setting: str) -> DiskFull:
    return DiskFull(f"the disk holding {what} ({folder}) ran out of room ({free_space(folder)}, what was cut short "
                    f"removed): free space on it, or set {setting} to a folder on a disk with room, then run again")


@contextmanager
def writing(folder: Path, what: str, setting: str) -> Iterator[None]:
    """A write in the block that fails for want of space raises ``DiskFull`` naming ``folder`` (``what``
    it holds) and ``setting``; any other error passes as it is."""
    try:
        yield
    except DiskFull:
        raise
    except OSError as exc:
        if exc.errno not in FULL:
            raise
        raise disk_full(folder, what, setting) from exc


def duckdb_disk_full(message: str) -> DiskFull | None:
    """DuckDB's error ``message`` as ``DiskFull`` when it failed for want of space (the file it could not write
    and the room left there, or its first line; the setting), else None."""
    reason = next((words for words in (NO_SPACE, QUOTA) if words in message), None)
    if reason is None:
        return None
    found = _DUCKDB_FILE.search(message)  # its async writes' errors carry it inside JSON
    if found:
        path = Path(found.group(1))
        said = f"DuckDB could not write {path}: {reason} ({free_space(path.parent)})"
    else:
        said = message.partition("\n")[0]
    return DiskFull(f"{said}: free space on that disk, or set MH_WAREHOUSE to a folder on a disk with room (a build "
                    f"needs room for a second copy of the warehouse beside it, and DuckDB's temp folder {DUCKDB_TMP}/ "
                    "is there too), then run again")
