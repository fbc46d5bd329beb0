"""The inbox sensor (new or changed files start a run) and the failure alert."""

import time

import dagster as dg

from pipelines.defs.resources import PathsResource
from pipelines.defs.schedules import refresh_all
from pipelines.lib.operations import SETTLE_SECONDS, inbox_state, new_or_changed, run_key, settling, write_alert


@dg.sensor(job=refresh_all, minimum_interval_seconds=60, default_status=dg.DefaultSensorStatus.STOPPED)
def inbox_sensor(context: dg.SensorEvaluationContext, paths: PathsResource):
    """Starts a full run when a file with bytes not seen before lands in the inbox (cursor: hashes), once
    no inbox file has changed for a minute (one still being copied would be read cut short)."""
    waiting = settling(paths.inbox_dir(), time.time())
    if waiting:
        return dg.SkipReason(f"{waiting} inbox file(s) changed in the last {SETTLE_SECONDS} s: waiting until"
                             " they are complete")
    state = inbox_state(paths.inbox_dir())
    fresh, cursor = new_or_changed(context.cursor, state)
    if not fresh:
        return dg.SkipReason("no new or changed file in the inbox")
    context.log.info(f"new or changed files: {', '.join(fresh)}")
    return dg.SensorResult(
        run_requests=[dg.RunRequest(run_key=run_key(state), tags={"mh/trigger": "inbox"})], cursor=cursor)


@dg.run_failure_sensor(default_status=dg.DefaultSensorStatus.RUNNING)
def failure_alert(context: dg.RunFailureSensorContext, paths: PathsResource):
    """A failed run (a blocking check included) leaves an alert file for the officer's mail tool."""
    run = context.dagster_run
    records = context.instance.get_records_for_run(
        run.run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION).records
    failed = sorted({r.event_log_entry.dagster_event.event_specific_data.check_name for r in records
                     if not r.event_log_entry.dagster_event.event_specific_data.passed})
    message = context.failure_event.message or "run failed"
    if failed:
        message += " Failed checks: " + ", ".join(failed) + "."
    path = write_alert(paths.alerts_dir(), "run_failure", run.run_id, run.job_name, message, paths.clock().time())
    context.log.error(f"run {run.run_id} failed; alert written to {path}")
