"""The inbox sensor (new or changed files start a run), the failure alert and the warning alert."""

import time

import dagster as dg

from pipelines.defs.resources import PathsResource
from pipelines.defs.schedules import refresh_all
from pipelines.defs.warehouse.assets import FAILING
from pipelines.lib.operations import (
    CHANGE_AND_RUN_AGAIN, FIX_AND_RESEND, SETTLE_SECONDS, hashed_inbox, new_or_changed, read_cursor, run_key, settling,
    write_alert,
)
from pipelines.lib.settings import SettingError


@dg.sensor(job=refresh_all, minimum_interval_seconds=60, default_status=dg.DefaultSensorStatus.STOPPED)
def inbox_sensor(context: dg.SensorEvaluationContext, paths: PathsResource):
    """Starts a full run when a file with bytes not seen before lands in the inbox (cursor: the hashes seen, and
    each file's size and times when hashed, so that a file not changed since is not read again), once no inbox
    file has changed for a minute (one still being copied would be read cut short)."""
    waiting = settling(paths.inbox_dir(), time.time())
    if waiting:
        return dg.SkipReason(f"{waiting} inbox file(s) changed in the last {SETTLE_SECONDS} s: waiting until"
                             " they are complete")
    # only files whose size or times changed are read again (the cursor knows the others' hashes)
    state, hashed = hashed_inbox(paths.inbox_dir(), read_cursor(context.cursor)[1])
    fresh, cursor = new_or_changed(context.cursor, state, hashed)
    if not fresh:
        return dg.SensorResult(skip_reason="no new or changed file in the inbox", cursor=cursor)
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
    said = _said(context.instance, run.run_id)
    if said:
        message += " " + " ".join(said)
    # a run stopped by what the message names is not mended by fixing rows
    what_to_do = CHANGE_AND_RUN_AGAIN if said else FIX_AND_RESEND
    path = write_alert(paths.alerts_dir(), "run_failure", run.run_id, run.job_name, message, paths.clock().time(),
                       what_to_do)
    context.log.error(f"run {run.run_id} failed; alert written to {path}")


def _said_in_alerts(cls: type = SettingError) -> set[str]:
    """The errors whose words an alert may carry: SettingError and its subclasses (a run's error is known by
    its class's name alone). Any other error's text could quote a cell, say a DuckDB conversion error's: the
    UI shows it."""
    return {cls.__name__}.union(*(_said_in_alerts(sub) for sub in cls.__subclasses__()))


def _said(instance: dg.DagsterInstance, run_id: str) -> list[str]:
    """What the run's failed steps (or their resources' set-up) said, for SettingError and its kinds (the
    error or what it was raised from)."""
    said_in_alerts = _said_in_alerts()
    out = []
    records = instance.get_records_for_run(
        run_id, of_type={dg.DagsterEventType.STEP_FAILURE, dg.DagsterEventType.RESOURCE_INIT_FAILURE}).records
    for r in records:
        event = r.event_log_entry.dagster_event
        error = event.event_specific_data.error
        while error is not None and error.cls_name not in said_in_alerts:
            error = error.cause
        if error is not None:  # its own words, without Dagster's "module.Class: " before them
            head, _, words = error.message.strip().partition(": ")
            out.append(f"{event.step_key}: {words if head.endswith(error.cls_name) else error.message.strip()}")
    return out


# warnings of what a run published that the officer must weigh before the reports go to donors: revised
# figures a donor could subtract, files whose rows are no longer counted, targets without a coverage figure
# (the others, site freshness, held rows, look-alike codes, are the data's lasting state: the UI shows them)
ALERTING_WARNINGS = ("small_revisions", "files_removed", "targets_unmet")


@dg.run_status_sensor(run_status=dg.DagsterRunStatus.SUCCESS, default_status=dg.DefaultSensorStatus.RUNNING)
def warning_alert(context: dg.RunStatusSensorContext, paths: PathsResource):
    """A run that published with a warning to weigh before sending the reports (ALERTING_WARNINGS) leaves an
    alert file, as a failed run does: a scheduled run's warning was seen only by whoever opened the UI."""
    run = context.dagster_run
    records = context.instance.get_records_for_run(
        run.run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION).records
    found: dict[str, int | None] = {}
    for r in records:
        e = r.event_log_entry.dagster_event.event_specific_data
        if not e.passed and e.check_name in ALERTING_WARNINGS:
            counts = {k: v.value for k, v in e.metadata.items() if isinstance(v.value, int)}
            found[e.check_name] = next((counts[k] for k in FAILING if k in counts), None)
    if not found:
        return dg.SkipReason(f"run {run.run_id} published without a warning to weigh before sending the reports")
    message = ("The run published, with warnings to weigh before the reports are sent to donors: "
               + "; ".join(f"{name} ({n} found)" if n is not None else name for name, n in sorted(found.items()))
               + ". Their metadata and the run's log say which figures, files or targets.")
    path = write_alert(paths.alerts_dir(), "run_warning", run.run_id, run.job_name, message, paths.clock().time(),
                       what_to_do="Open the run's checks in the Dagster UI before sending the reports: put back "
                                  "files taken out by mistake, correct the targets, and weigh revised figures "
                                  "(Disclosure control in the README); mark a release sent with mark_report_sent.")
    context.log.warning(f"run {run.run_id} published with warnings ({', '.join(sorted(found))}); alert written "
                        f"to {path}")
    return None
