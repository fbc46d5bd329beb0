"""The programme's clock: its dates and times are those of Kazakhstan (Asia/Almaty, UTC+5), whatever zone
the machine that runs the pipeline is set to, as the schedules' and the partitions' are.

A server kept in UTC is five hours behind Almaty: from midnight to five in the morning its date is the day
before, so a test done that night, at an outreach to sex workers, say, was held back as "in the future" by
a run in those hours, and a file that arrived then was dated the day before (which decides whether it was
late for a report). The times the warehouse keeps (a file's arrival, a release, a report marked as sent)
are the programme's wall-clock times, without a zone, to the second.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pipelines.lib.settings import SettingError

PROGRAMME_TIMEZONE = "Asia/Almaty"


def zone(name: str) -> ZoneInfo:
    """The IANA zone ``name``; a clear error for anything else (a typo in MH_TIMEZONE)."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise SettingError(f"time zone {name!r} (MH_TIMEZONE) is not an IANA time zone name, such as "
                           f"{PROGRAMME_TIMEZONE!r}") from exc


@dataclass(frozen=True)
class Clock:
    """The wall clock of the programme's time zone."""

    timezone: str = PROGRAMME_TIMEZONE

    def __post_init__(self) -> None:
        zone(self.timezone)  # a wrong name fails when the run starts, not at its first date

    def time(self, timestamp: float | None = None) -> dt.datetime:
        """The programme's wall-clock time now, or at a POSIX ``timestamp`` (a file's mtime)."""
        instant = (dt.datetime.now(dt.timezone.utc) if timestamp is None
                   else dt.datetime.fromtimestamp(timestamp, dt.timezone.utc))
        return instant.astimezone(zone(self.timezone)).replace(tzinfo=None, microsecond=0)

    def today(self) -> dt.date:
        """The programme's date: no test may be later."""
        return self.time().date()
