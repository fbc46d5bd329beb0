"""Plain logic behind the sensor, the schedules and the alerts (unit-tested without Dagster)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from pipelines.lib.inbox import inbox_files, sha256_of, stored_names


def inbox_state(inbox: Path) -> dict[str, str]:
    """File name (as stored: ``inbox.stored_names``) -> SHA-256 of every file in the inbox (two files at a
    time: hashlib and file reads release the GIL, so both cores hash; 0.8 -> 0.4 s for the 280 MB of a
    10M-record inbox)."""
    return hashed_inbox(inbox)[0]


# A file's bytes cannot change without its change time (ctime) changing: no system call sets it. A file
# changed in the same tick of the kernel's clock as it was hashed keeps it, though, so a file changed this
# recently when hashed is hashed again next time.
RECENT_SECONDS = 2


def hashed_inbox(inbox: Path, known: dict[str, list] | None = None,
                 now: float | None = None) -> tuple[dict[str, str], dict[str, list]]:
    """``inbox_state``, reading only the files whose stat (size, modification and change times) differs from
    the one ``known`` for their device and inode (``"dev:ino"`` -> [size, mtime_ns, ctime_ns, digest]: no file
    names, which may hold identifiers); and what to know next time (not a file changed within RECENT_SECONDS
    of ``now``, or while it was read). Reading every byte every minute would take, for a 10M-record inbox
    (308 MB), 0.11-0.4 s a tick, against 1.5 ms knowing its files."""
    if not inbox.is_dir():
        return {}, {}
    known, now = known or {}, time.time() if now is None else now
    paths = inbox_files(inbox)

    def digest(path: Path) -> tuple[str, str | None, list | None]:
        try:
            st = path.stat()
        except OSError:  # gone since listed: its reading raises, naming it
            return sha256_of(path), None, None
        key, stat = f"{st.st_dev}:{st.st_ino}", [st.st_size, st.st_mtime_ns, st.st_ctime_ns]
        entry = known.get(key)
        if entry is not None and entry[:3] == stat:
            return entry[3], key, entry
        value = sha256_of(path)
        try:
            after = path.stat()
        except OSError:  # gone once read: not known next time
            return value, None, None
        same = [after.st_size, after.st_mtime_ns, after.st_ctime_ns] == stat
        return value, key, stat + [value] if same and now - after.st_ctime > RECENT_SECONDS else None

    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(digest, paths))
    digests = [value for value, _, _ in results]
    return (dict(zip(stored_names(paths, digests), digests)),
            {key: entry for _, key, entry in results if entry is not None})


# a file changed more recently than this may still be being copied into the inbox: the sensor waits
SETTLE_SECONDS = 60


def settling(inbox: Path, now: float) -> int:
    """How many inbox files changed in the last SETTLE_SECONDS before ``now`` (a time stamp), or went
    since they were listed: a file read while it is still being copied would be loaded cut short."""
    def changing(path: Path) -> bool:
        try:
            return now - path.stat().st_mtime < SETTLE_SECONDS
        except OSError:  # removed or renamed meanwhile: the inbox is being changed
            return True

    return sum(map(changing, inbox_files(inbox))) if inbox.is_dir() else 0


def read_cursor(cursor: str | None) -> tuple[set[str], dict[str, list]]:
    """The hashes of the files seen and what ``hashed_inbox`` knows, from the sensor's cursor (an older
    cursor is a list of the hashes alone)."""
    data = json.loads(cursor) if cursor else []
    return (set(data), {}) if isinstance(data, list) else (set(data["seen"]), data["hashed"])


def new_or_changed(cursor: str | None, state: dict[str, str],
                   hashed: dict[str, list] | None = None) -> tuple[list[str], str]:
    """Files whose bytes were not seen before, and the next cursor (the hashes seen, and ``hashed``: what
    ``hashed_inbox`` is to know next time)."""
    seen, _ = read_cursor(cursor)
    fresh = sorted(name for name, digest in state.items() if digest not in seen)
    return fresh, json.dumps({"seen": sorted(seen | set(state.values())), "hashed": hashed or {}})


def run_key(state: dict[str, str]) -> str:
    """One run per inbox content: the same bytes never start a second run."""
    return hashlib.sha256(json.dumps(sorted(state.items())).encode()).hexdigest()[:32]


def previous_month(day: dt.date) -> str:
    first = day.replace(day=1) - dt.timedelta(days=1)
    return first.strftime("%Y-%m")


def previous_quarter(day: dt.date) -> str | None:
    """The quarter that ended before ``day``, when ``day`` falls in the month after a quarter."""
    if day.month not in (1, 4, 7, 10):
        return None
    last = day.replace(day=1) - dt.timedelta(days=1)
    return f"{last.year}-Q{(last.month - 1) // 3 + 1}"


FIX_AND_RESEND = ("Open the run in the Dagster UI; fix the file or rows it names and drop the corrected file in "
                  "the inbox.")
# for a run stopped by what its message names (a SettingError and its kinds): nothing in the rows is wrong
CHANGE_AND_RUN_AGAIN = ("Change what the message names (a setting, or the file, folder or program it points to, the "
                        "Dagster instance, DuckDB's memory limit, a full disk), then run again.")


def write_alert(folder: Path, kind: str, run_id: str, job: str, message: str, when: dt.datetime,
                what_to_do: str = FIX_AND_RESEND) -> Path:
    """A small JSON file a mail tool can pick up; no network call from the pipeline itself.
    The message is Dagster's error text about the run, or check names and counts, never record-level data."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{when:%Y%m%dT%H%M%S}_{kind}_{run_id[:8]}.json"
    path.write_text(json.dumps({"kind": kind, "run_id": run_id, "job": job, "when": when.isoformat(),
                                "message": message[:4000], "what_to_do": what_to_do}, indent=2),
                    encoding="utf-8")
    return path
