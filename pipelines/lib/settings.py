"""Where things live. Values come from resources; these are the defaults inside the repo."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DEFAULT_INBOX = REPO / "data" / "inbox"
DEFAULT_WAREHOUSE = REPO / "warehouse" / "migrant_health.duckdb"
DEFAULT_REPORTS = REPO / "reports"
DEFAULT_TARGETS = REPO / "data" / "targets.csv"
# DuckDB's memory limit for each of the pipeline's connections (MH_DUCKDB_MEMORY), and the folder
# beside the warehouse it writes out to above it
DEFAULT_DUCKDB_MEMORY = "2GB"
# the day of the month a month's report is due (MH_REPORT_DAY)
DEFAULT_REPORT_DAY = 5
DUCKDB_TMP = "duckdb_tmp"


class SettingError(ValueError):
    """A setting (MH_*), or what it points to, that cannot be right. Its message quotes settings, file names
    and the targets file only, never a record: the failure alert carries the words of this class and its
    subclasses (pipelines/defs/ingest/sensors.py)."""


class InboxMissing(FileNotFoundError, SettingError):
    """The inbox folder (MH_INBOX) is not there: a share not mounted, a path mistyped."""


class InboxUnreadable(OSError, SettingError):
    """A file of the inbox that cannot be read (open in another program, no permission) or that changed while
    the run read it (a copy under way). Its message names the file as the warehouse does (a name carrying an
    identifier is not given), never a cell: the failure alert quotes it (until 2026-12-06 the alert said only
    that the ingest failed)."""


_SIZE = re.compile(r"\s*[0-9]+(?:\.[0-9]+)?\s*(?:[KMGT]i?B)\s*", re.IGNORECASE)


def memory_size(value: str) -> str:
    """``value`` if DuckDB reads it as a memory size ("2GB", "512 MiB"); else the run stops naming the setting
    (until 2026-12-06 DuckDB's own words, "Memory must have a number", failed the ingest step)."""
    if not _SIZE.fullmatch(value):
        raise SettingError(f"memory limit {value!r} (MH_DUCKDB_MEMORY) is not a size such as 2GB, 512MB or 4GiB")
    return value
