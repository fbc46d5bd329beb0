"""Partitions of the code location, defined once."""

import dagster as dg

from pipelines.lib.clock import PROGRAMME_TIMEZONE

# Test months from the contract's earliest accepted date to the current month (end_offset=1: the
# month under way is a partition too, so its slice can be rebuilt before it ends).
test_months = dg.MonthlyPartitionsDefinition(
    start_date="2015-01", fmt="%Y-%m", end_offset=1, timezone=PROGRAMME_TIMEZONE,
)
