"""pipelines/lib/clock.py: the programme's dates and times, whatever the machine's zone."""

import datetime as dt

import pytest

from pipelines.lib.clock import Clock

# 2026-12-05 20:30:00 UTC, and 2026-07-01 12:00:00 UTC
EVENING = dt.datetime(2026, 12, 5, 20, 30, tzinfo=dt.timezone.utc).timestamp()
SUMMER_NOON = dt.datetime(2026, 7, 1, 12, 0, tzinfo=dt.timezone.utc).timestamp()


@pytest.mark.parametrize("zone, at, expected", [
    # Kazakhstan has kept UTC+5 all year since 2024-03-01: 20:30 UTC is 01:30 the next day in Almaty
    ("Asia/Almaty", EVENING, dt.datetime(2026, 12, 6, 1, 30)),
    ("Asia/Almaty", SUMMER_NOON, dt.datetime(2026, 7, 1, 17, 0)),
    ("Asia/Tashkent", EVENING, dt.datetime(2026, 12, 6, 1, 30)),
    ("Asia/Bishkek", EVENING, dt.datetime(2026, 12, 6, 2, 30)),
    ("Europe/Moscow", EVENING, dt.datetime(2026, 12, 5, 23, 30)),
    # a zone with summer time: UTC+1 in winter, UTC+2 in summer
    ("Europe/Berlin", EVENING, dt.datetime(2026, 12, 5, 21, 30)),
    ("Europe/Berlin", SUMMER_NOON, dt.datetime(2026, 7, 1, 14, 0)),
])
def test_a_moment_on_the_programmes_clock(zone, at, expected, machine_far_behind):
    assert Clock(zone).time(at) == expected


def test_the_programmes_date_is_not_the_machines(machine_far_behind):
    # UTC-12 against UTC+14: 26 hours apart, so the dates differ by one or two days at every hour
    ahead = Clock("Pacific/Kiritimati").today()
    assert 1 <= (ahead - dt.date.today()).days <= 2
    assert Clock().timezone == "Asia/Almaty"


def test_times_are_to_the_second_without_a_zone():
    now = Clock().time()
    assert now.tzinfo is None and now.microsecond == 0
    assert Clock().time(EVENING + 0.75) == dt.datetime(2026, 12, 6, 1, 30)


@pytest.mark.parametrize("name", ["Asia/Almati", "UTC+5", "", "../etc/passwd"])
def test_a_wrong_zone_is_refused_when_the_clock_is_made(name):
    with pytest.raises(ValueError) as err:
        Clock(name)
    assert str(err.value) == (f"time zone {name!r} (MH_TIMEZONE) is not an IANA time zone name, "
                              "such as 'Asia/Almaty'")
