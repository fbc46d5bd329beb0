"""A run waits, before its first step, while another run holds the warehouse, and says which one."""

import threading
import time

import dagster as dg

from pipelines.defs.ingest.assets import ingest
from pipelines.defs.resources import GreatExpectationsResource, PathsResource, WarehouseResource
from pipelines.lib.publish import lock_path
from pipelines.lib.run_lock import holder_of, holding
from pipelines.lib.sample_files import write_export
from tests.conftest import rows_frame
from tests.sql.test_marts_indicators import FIXTURE


def logged(instance: dg.DagsterInstance, text: str) -> bool:
    return any(text in (e.user_message or "") for r in instance.get_runs() for e in instance.all_logs(r.run_id))


def test_a_run_starts_its_steps_only_when_the_run_holding_the_warehouse_ends(tmp_path):
    write_export(rows_frame(FIXTURE), tmp_path / "inbox" / "a.csv", "field_csv")
    warehouse = tmp_path / "wh.duckdb"
    instance = dg.DagsterInstance.ephemeral()
    other_in, released_at = threading.Event(), []

    def other_run() -> None:  # what a run of another process does: hold the warehouse for a while
        with holding(lock_path(warehouse), "run other-run (pid 99)"):
            other_in.set()
            deadline = time.monotonic() + 60
            while not logged(instance, "waiting for the warehouse") and time.monotonic() < deadline:
                time.sleep(0.05)
            released_at.append(time.time())

    other = threading.Thread(target=other_run)
    other.start()
    assert other_in.wait(10)
    result = dg.materialize([ingest], instance=instance, resources={
        "paths": PathsResource(inbox=str(tmp_path / "inbox"), reports=str(tmp_path / "reports")),
        "warehouse": WarehouseResource(path=str(warehouse)), "gx": GreatExpectationsResource()})
    other.join(10)
    assert result.success
    logs = instance.all_logs(result.run_id)
    (waited,) = [e for e in logs if "waiting for the warehouse" in (e.user_message or "")]
    assert "wh.duckdb: run other-run (pid 99) since " in waited.user_message
    (started,) = [e for e in logs if e.dagster_event and e.dagster_event.event_type == dg.DagsterEventType.STEP_START]
    assert started.timestamp >= released_at[0] > waited.timestamp
    assert holder_of(lock_path(warehouse)) == ""  # released at the run's end
