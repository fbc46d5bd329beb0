"""The job every trigger runs, and the monthly and quarterly report schedules."""

import datetime as dt

import dagster as dg

from pipelines.defs.resources import PathsResource
from pipelines.lib.clock import PROGRAMME_TIMEZONE
from pipelines.lib.operations import previous_month, previous_quarter

refresh_all = dg.define_asset_job(
    "refresh_all", selection=dg.AssetSelection.all(),
    description="Process the whole inbox, rebuild and release the warehouse, write the donor reports.",
)


@dg.schedule(job=refresh_all, cron_schedule="0 6 * * *", execution_timezone=PROGRAMME_TIMEZONE,
             default_status=dg.DefaultScheduleStatus.STOPPED)
def monthly_report(context: dg.ScheduleEvaluationContext, paths: PathsResource):
    """On the report day (MH_REPORT_DAY, default 5; read at each tick, so that the officer changes it
    without redeploying) build the report for the month before."""
    day, report_day = context.scheduled_execution_time.date(), paths.report_day()
    if day.day != report_day:
        return dg.SkipReason(f"monthly report runs on day {report_day} of the month")
    period = previous_month(day)
    return dg.RunRequest(run_key=f"monthly-{period}", tags={"mh/period": period, "mh/kind": "monthly"})


@dg.schedule(job=refresh_all, cron_schedule="0 6 * * *", execution_timezone=PROGRAMME_TIMEZONE,
             default_status=dg.DefaultScheduleStatus.STOPPED)
def quarterly_report(context: dg.ScheduleEvaluationContext, paths: PathsResource):
    """On the report day of the month after a quarter, build the quarter's report."""
    day: dt.date = context.scheduled_execution_time.date()
    quarter = previous_quarter(day)
    if day.day != paths.report_day() or quarter is None:
        return dg.SkipReason("quarterly report runs on the report day of January, April, July and October")
    return dg.RunRequest(run_key=f"quarterly-{quarter}", tags={"mh/period": quarter, "mh/kind": "quarterly"})


@dg.definitions
def schedules() -> dg.Definitions:
    return dg.Definitions(jobs=[refresh_all], schedules=[monthly_report, quarterly_report])
