"""When the bundled sample's files arrived, kept in ``data/sample_arrivals.csv`` and set as their
modification times, which the ingest takes for a file's arrival (``audit.files.arrived_at``).

A checkout gives every file the time it was written, after every report day of 2025: the sample's report
would count 35 late files of 36 loaded. In the sample's story every file arrives before
its month's report day but the corrections re-sent in January (whose rows were all loaded before). Only
files whose bytes are the sample's (by SHA-256) are touched: an officer's own file under a sample's name
keeps its time. Standard library only: the main command runs it before Dagster starts.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import os
import re
import sys
from pathlib import Path

# the standard library only, as this module
from pipelines.lib.clock import PROGRAMME_TIMEZONE, zone
from pipelines.lib.settings import DEFAULT_INBOX as INBOX, REPO

MANIFEST = REPO / "data" / "sample_arrivals.csv"
ALMATY = zone(PROGRAMME_TIMEZONE)
_MONTH = re.compile(r"(?:resent_)?[a-z]+-[0-9]+_([0-9]{4})-([0-9]{2})")


def arrival(name: str) -> dt.datetime | None:
    """A sample file's arrival: on the 3rd of the month after its month (before the report day, the 5th),
    a re-sent copy a day later, the corrections on 20 January 2026 (late); None for another name."""
    m = _MONTH.match(name)
    if m is None:
        return None
    if "late-corrections" in name:
        return dt.datetime(2026, 1, 20, 10, 0, tzinfo=ALMATY)
    year, month = int(m[1]) + int(m[2]) // 12, int(m[2]) % 12 + 1
    return dt.datetime(year, month, 4 if name.startswith("resent_") else 3, 10, 0, tzinfo=ALMATY)


def _sha256(path: Path) -> str:
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def write_manifest(inbox: Path = INBOX, manifest: Path = MANIFEST) -> int:
    """Record each sample file's name, SHA-256 and arrival; returns the files recorded."""
    rows = [(p.name, _sha256(p), arrival(p.name)) for p in sorted(inbox.iterdir()) if arrival(p.name)]
    with manifest.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(["file_name", "sha256", "arrived_at"])
        out.writerows((name, digest, at.isoformat()) for name, digest, at in rows)
    return len(rows)


def apply_manifest(inbox: Path = INBOX, manifest: Path = MANIFEST) -> int:
    """Set the modification time of each inbox file whose name and bytes are a sample file's to its
    arrival; returns the files set."""
    touched = 0
    with manifest.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            path = inbox / row["file_name"]
            if path.is_file() and _sha256(path) == row["sha256"]:
                at = dt.datetime.fromisoformat(row["arrived_at"]).timestamp()
                os.utime(path, (at, at))
                touched += 1
    return touched


if __name__ == "__main__":
    n = apply_manifest()
    sys.stdout.write(f"the bundled sample: arrival times of {n} files set from {MANIFEST.name}\n")
