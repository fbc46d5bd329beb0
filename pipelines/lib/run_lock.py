"""One run at a time per warehouse.

Dagster's ``duckdb_writer`` pool lets one step write at a time, but a run's build lives across its
steps (ingest, checks, indicators, release). Two runs at once (the monthly and the quarterly schedule
fire together on a quarter's report day; the inbox sensor meanwhile) interleave their steps: the second
run's ingest replaced the first run's build between the first run's checks and its release, which then
published rows no check had passed. So a run takes this lock before its first step and keeps it to its
end. It is an exclusive ``flock`` on a file beside the warehouse: the kernel drops it when the holding
process ends, however it ends, so a killed run never leaves it held.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

WAIT_REPORT_S = 60.0  # how often a waiting run says again who holds the lock


def holder_of(lock: Path) -> str:
    """What the holder wrote into the lock file ("" if nothing, or no file)."""
    try:
        return lock.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return ""


@contextmanager
def holding(lock: Path, holder: str, on_wait: Callable[[str], None] | None = None,
            poll_s: float = 0.5) -> Iterator[None]:
    """Hold ``lock`` exclusively for the block, waiting as long as another process (or another open
    of it in this one) holds it. ``holder`` describes this holder ("run 1a2b... (pid 4242)") and is
    written into the file while held; ``on_wait`` is called with the current holder's description when
    waiting begins and every ``WAIT_REPORT_S`` after."""
    lock.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        reported = None
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                now = time.monotonic()
                if on_wait is not None and (reported is None or now - reported >= WAIT_REPORT_S):
                    on_wait(holder_of(lock) or "another process")
                    reported = now
                time.sleep(poll_s)
        since = dt.datetime.now().astimezone().isoformat(timespec="seconds")
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{holder} since {since}\n".encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)  # released: no stale description for the next one to read
    finally:
        os.close(fd)  # closing the only descriptor releases the lock
