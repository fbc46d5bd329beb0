"""Every resource of the code location, defined once. Environment enters only here."""


import importlib
import os
from collections.abc import Callable
from concurrent.futures import Future
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Iterable, Iterator

import dagster as dg
import duckdb
import pyarrow as pa
from dagster_duckdb import DuckDBResource
from pydantic import PrivateAttr

from pipelines.lib import publish as publication, run_lock, settings
from pipelines.lib.clock import PROGRAMME_TIMEZONE, Clock
from pipelines.lib.gx_validation import Batch, SuiteStats
from pipelines.lib.gx_worker import GxWorker
from pipelines.lib.report.images import ImagePlan, Renderer, plan_images, start_rendering
from pipelines.lib.sql import run_sql
from pipelines.lib.targets import TargetsError


def _setting(value: str | None, env: str, default: Path) -> Path:
    # read when a run asks, never at import: tests set env with monkeypatch or pass values
    return Path(value or os.environ.get(env) or default).resolve()


class PathsResource(dg.ConfigurableResource):
    """Inbox, report folder, targets file and alert folder (MH_INBOX, MH_REPORTS, MH_TARGETS, MH_ALERTS), and
    the programme's calendar: its report day (MH_REPORT_DAY) and time zone (MH_TIMEZONE, default Asia/Almaty)."""

    inbox: str | None = None
    reports: str | None = None
    targets: str | None = None
    alerts: str | None = None
    timezone: str | None = None

    def clock(self) -> Clock:
        """The programme's dates and times (``pipelines/lib/clock.py``), whatever the machine's zone."""
        return Clock(self.timezone or os.environ.get("MH_TIMEZONE") or PROGRAMME_TIMEZONE)

    def report_day(self) -> int:
        """Day of the month the report for the month before is due (MH_REPORT_DAY, default 5): 1 to 28, which
        every month has (a 31st would skip the monthly report in February, April, June, ...)."""
        value = os.environ.get("MH_REPORT_DAY") or str(settings.DEFAULT_REPORT_DAY)
        if not (value.strip().isdigit() and 1 <= int(value) <= 28):
            raise settings.SettingError(f"MH_REPORT_DAY: {value!r} is not a day of the month from 1 to 28")
        return int(value)

    def alerts_dir(self) -> Path:
        return _setting(self.alerts, "MH_ALERTS", settings.REPO / "alerts")

    def inbox_dir(self) -> Path:
        return _setting(self.inbox, "MH_INBOX", settings.DEFAULT_INBOX)

    def reports_dir(self) -> Path:
        return _setting(self.reports, "MH_REPORTS", settings.DEFAULT_REPORTS)

    def targets_file(self) -> Path | None:
        """The programme's targets: MH_TARGETS, which must be a file (a mistyped path gave no coverage without
        a word); unset, the bundled sample's targets for the sample's inbox, and none for any other (a
        programme's own inbox would get the sample's target of 2,500 people, and a coverage figure against it
        in the donors' reports)."""
        given = self.targets or os.environ.get("MH_TARGETS")
        if given:
            path = Path(given).resolve()
            if not path.is_file():
                raise TargetsError(f"MH_TARGETS: {path} is not a file: nothing is run. Give the targets file "
                                   "(CSV or .xlsx), or unset MH_TARGETS for no coverage figures")
            return path
        return settings.DEFAULT_TARGETS if self.inbox_dir() == settings.DEFAULT_INBOX.resolve() else None


class WarehouseResource(dg.ConfigurableResource):
    """The DuckDB warehouse (MH_WAREHOUSE), with a memory cap (MH_DUCKDB_MEMORY, default 2GB) above
    which DuckDB spills to a folder beside the warehouse instead of failing. A run holds the warehouse
    from before its first step to its end (``pipelines/lib/run_lock.py``): runs never interleave."""

    path: str | None = None
    memory_limit: str | None = None
    threads: int = 2
    _held: ExitStack | None = PrivateAttr(default=None)

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        instance = context.instance
        if instance is not None and instance.telemetry_enabled:
            # no network at run time: an instance of the officer's own (DAGSTER_HOME) may leave it on
            raise settings.SettingError(  # the failure alert quotes a SettingError's words (a dg.Failure's, not)
                f"Dagster's instance at {instance.root_directory} has telemetry on: nothing is run. Add "
                "'telemetry:\n  enabled: false' to its dagster.yaml (as in .dagster_home/dagster.yaml), "
                "or unset DAGSTER_HOME for the project's own instance.")
        self.memory()  # a wrong MH_DUCKDB_MEMORY stops the run here, before anything is read
        # before any step claims the writer pool: a run waiting here holds nothing another needs
        live = self.database()

        def waiting(holder: str) -> None:
            context.log.info(f"waiting for the warehouse {live.name}: {holder} holds it; this run "
                             "starts when that one ends")

        held = ExitStack()
        held.enter_context(run_lock.holding(publication.lock_path(live),
                                            f"run {context.run_id} (pid {os.getpid()})", waiting))
        self._held = held

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        if self._held is not None:
            self._held.close()
            self._held = None

    def database(self) -> Path:
        return _setting(self.path, "MH_WAREHOUSE", settings.DEFAULT_WAREHOUSE)

    def memory(self) -> str:
        return settings.memory_size(self.memory_limit or os.environ.get("MH_DUCKDB_MEMORY")
                                    or settings.DEFAULT_DUCKDB_MEMORY)

    @contextmanager
    def connect(self, fresh: bool = False, from_published: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        """The single writer's connection to the build file (``fresh``: start an empty one;
        ``from_published``: start from a copy of the published warehouse). Callers hold the
        ``duckdb_writer`` pool; ``publish()`` later swaps the build in."""
        live = self.database()
        if from_published:
            db = publication.start_from_published(live)
        else:
            db = publication.start_fresh_build(live) if fresh else publication.ensure_build(live)
        try:
            with self._open(db) as con:
                yield con
        except BaseException:
            if fresh or from_published:  # a build begun here (the ingest's) that failed: no run takes it up
                publication.discard_build(live)
            raise

    @contextmanager
    def patch(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A writer's connection to a private copy of the published warehouse, swapped in when the
        block ends without error (a month rebuild). Callers hold the ``duckdb_writer`` pool."""
        live = self.database()
        db = publication.start_patch(live)
        with self._open(db) as con:
            yield con
        publication.publish(live, db)

    def _config(self, db: Path) -> dict[str, object]:
        # readers too: the checks group every record_id, ~650 MB at ten million rows, which DuckDB's
        # default limit (80 % of RAM) let grow past MH_DUCKDB_MEMORY. One run at a time (above), and
        # its connections one after another, so they share the temp folder.
        return {"memory_limit": self.memory(), "threads": self.threads,
                "temp_directory": str(db.parent / settings.DUCKDB_TMP)}

    @contextmanager
    def _open(self, db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
        resource = DuckDBResource(database=str(db), connection_config=self._config(db))
        with resource.get_connection() as con:
            try:
                yield con
            except BaseException:
                # dagster-duckdb closes it only on success: left open, a build begun again on the same path
                # (pipelines/defs/ingest/assets.py) got this database back from DuckDB's cache of open ones
                con.close()
                raise
            run_sql(con, "meta.checkpoint")

    @contextmanager
    def reader(self, build: bool = True) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-only connection: to the build under way (checks), or to the published file."""
        live = self.database()
        path = publication.build_path(live) if build and publication.build_path(live).exists() else live
        con = (publication.open_published(live, self._config(live)) if path == live
               else duckdb.connect(str(path), read_only=True, config=self._config(path)))
        try:
            yield con
        finally:
            con.close()

    def publish(self) -> None:
        publication.publish(self.database())


def _import_gx() -> None:
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")  # before GX is first imported
    importlib.import_module("great_expectations")


class GreatExpectationsResource(dg.ConfigurableResource):
    """Runs a reviewed suite from ``expectations/`` in an ephemeral GX context (no files, no telemetry).

    GX validates every accepted row up to ``sample_rows``; above that, a deterministic sample of about
    that many rows (by a hash of record_id), because GX on pandas needs ~7 s per million rows. In an
    incremental build, of the rows it added only (``sql/checks/gx_files.sql``). Every row has already
    been judged by the contract SQL; GX is the independent second look."""

    suite_dir: str = str(settings.REPO / "expectations")
    batch_rows: int = 1_000_000
    sample_rows: int = 100_000

    _worker: GxWorker | None = PrivateAttr(default=None)
    _submitted_scope: tuple[int, bool] = PrivateAttr(default=(0, False))  # rows_total, added_only

    def validate_screening(self, con: duckdb.DuckDBPyConnection,
                           sent: Callable[[], object] | None = None) -> SuiteStats:
        """The staging.screening suite over the rows chosen as above; ``rows_total`` says out of how many
        (in an incremental build the rows it added: ``added_only``). ``sent``: called once the rows are
        handed to GX (see ``validate``). When the ingest of this run handed them over already
        (``submit_screening``), its answer, and ``con`` is not read."""
        if self._worker is not None and self._worker.submitted():
            worker, (total, added_only) = self._worker, self._submitted_scope
            self._worker = None
            stats = worker.result(sent)
            stats.rows_total, stats.added_only, stats.submitted_early = total, added_only, True
            return stats
        total, added_only, batches = self._screening_batches(con)
        if added_only and total == 0:  # an incremental build that added no row: nothing to validate (GX
            # on no rows fails what it cannot measure, the share of distinct UICs)
            self.close()
            if sent is not None:
                sent()
            return SuiteStats("staging.screening", added_only=True)
        stats = self.validate("staging.screening", batches, sent)
        stats.rows_total, stats.added_only = total, added_only
        return stats

    def submit_screening(self, con: duckdb.DuckDBPyConnection) -> int:
        """Hand the rows ``validate_screening`` would validate to GX's worker now, from the writer's
        connection at the end of the ingest, so that GX validates them while the run goes on (the
        check step that follows then only collects the answer). Only once ``prepare`` started the
        worker; returns the rows handed over (0: not done). The sample is at most ~``sample_rows``
        rows, so it is held in memory until the worker has read it."""
        if self._worker is None or self._worker.submitted():
            return 0
        total, added_only, batches = self._screening_batches(con)
        if added_only and total == 0:
            return 0
        frames = list(batches)
        self._worker.submit(self._spec("staging.screening"), frames)
        self._submitted_scope = (total, added_only)
        return sum(len(f) for f in frames)

    def _screening_batches(self, con: duckdb.DuckDBPyConnection) -> tuple[int, bool, Iterator[pa.Table]]:
        # Arrow, not DataFrames: GX's worker converts them (as_frame), off this process's critical path
        from pipelines.lib.sql import query_arrow, query_rows

        ((has_build, _),) = query_rows(con, "audit.build_present")
        files = query_rows(con, "checks.gx_files")[0][0] if has_build else None
        ((total,),) = query_rows(con, "checks.screening_rows", {"files": files})
        stride = max(1, -(-total // max(1, self.sample_rows)))  # 1: every row

        def batches() -> Iterator[pa.Table]:
            offset = 0
            while True:  # at least one batch, even an empty one, so that every expectation reports
                batch = query_arrow(con, "checks.gx_batch", {"batch_rows": self.batch_rows, "offset": offset,
                                                             "stride": stride, "files": files})
                yield batch
                if len(batch) < self.batch_rows:
                    return
                offset += self.batch_rows

        return int(total), files is not None, batches()

    def prepare(self) -> None:
        """Start GX's worker process, which imports GX (~2 s of Python) on the other core while the
        ingest runs; the check, next in the same run, validates in it (``pipelines/lib/gx_worker.py``).
        Unprepared, ``validate`` imports GX and validates in this process."""
        if self._worker is None:
            self._worker = GxWorker()

    def validate(self, suite: str, batches: Iterable[Batch],
                 sent: Callable[[], object] | None = None) -> SuiteStats:
        """``sent`` is called when the worker has every batch and validates them (this process only
        waits then), or at once when GX runs in this process."""
        from pipelines.lib import gx_validation

        spec = self._spec(suite)
        if self._worker is not None:
            worker, self._worker = self._worker, None  # one validation each: it exits after answering
            return worker.validate(spec, batches, sent)
        if sent is not None:
            sent()
        _import_gx()
        return gx_validation.validate_batches(gx_validation.ephemeral_context(), spec, batches)

    def _spec(self, suite: str) -> dict:
        from pipelines.lib.gx_validation import load_suite_json

        return load_suite_json(Path(self.suite_dir) / f"{suite}.json")

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        self.close()

    def close(self) -> None:
        """Stop a worker that was prepared and never used (a run that failed before its check)."""
        if self._worker is not None:
            self._worker.close()
            self._worker = None


IMAGES = dg.AssetKey(["report", "images"])
REPORT_INDICATORS = dg.AssetKey(["report", "indicators"])
SCREENING = dg.AssetKey(["staging", "screening"])


def gx_follows(run: dg.DagsterRun) -> bool:
    """Whether the GX check of staging.screening runs later in this run: its checks are selected, or
    no checks are named and staging.screening is (the main command, a whole job). ``dg.materialize``
    gives an empty asset selection: not known, so no."""
    if run.asset_check_selection is not None:
        return any(k.asset_key == SCREENING and k.name.startswith("gx_") for k in run.asset_check_selection)
    return _selected(run, SCREENING)


def images_follow(run: dg.DagsterRun) -> bool:
    """Whether report/images runs later in this run: a run of a whole job (no selection, as
    refresh_all's scheduled runs) or of a selection holding it (the main command's ``--select '*'``).
    ``dg.materialize`` gives an empty selection: not known, so no."""
    return _selected(run, IMAGES)


def disclosure_follows(run: dg.DagsterRun) -> bool:
    """Whether report/indicators (disclosure control) runs later in this run, as ``images_follow`` says
    of the images."""
    return _selected(run, REPORT_INDICATORS)


def _selected(run: dg.DagsterRun, key: dg.AssetKey) -> bool:
    return run.asset_selection is None or key in run.asset_selection


class ChartImagesResource(dg.ConfigurableResource):
    """Debian's headless Chromium that renders the chart images (``pipelines/lib/report/images.py``).

    ``prepare_for(run)`` launches it in the background when the images follow in the same run, so that
    its launch and its load of plotly.js (~1.5 s of Chromium's own CPU) use a core the run leaves
    idle: the GX check calls it once GX's worker has the sample (that step then only waits for the
    worker's answer). ``render_ahead`` is the HTML step's: it starts rendering the charts whose images
    changed while it writes the pages (on one core: the other is idle), and the images step stores
    what it rendered. The browser is closed when the run's resources are torn down."""

    _renderer: Renderer | None = PrivateAttr(default=None)
    _ahead: tuple[ImagePlan, Future] | None = PrivateAttr(default=None)

    def prepare(self) -> None:
        if self._renderer is None:
            self._renderer = Renderer().start()

    def prepare_for(self, run: dg.DagsterRun) -> bool:
        """prepare() if report/images runs later in ``run``; whether the browser launched now."""
        if self._renderer is not None or not images_follow(run):
            return False
        self.prepare()
        return True

    def prepared(self) -> Renderer | None:
        """The browser prepare() started, if it did (else the images step launches one if it must)."""
        return self._renderer

    def render_ahead(self, run: dg.DagsterRun, jobs: Callable[[], list[tuple[str, dict]]],
                     folder: Path) -> int | None:
        """If report/images runs later in ``run``: start rendering the images of ``jobs()`` (file stem,
        figure; made only then) that are not in ``folder`` yet, and return how many; the images step
        collects them with ``rendered_ahead()``. Nothing is written here (the HTML step swaps the report
        folder meanwhile)."""
        if not images_follow(run):
            return None
        plan = plan_images(jobs(), folder)
        if plan.todo:
            self.prepare()
        self._ahead = (plan, start_rendering(plan, self._renderer))
        return len(plan.todo)

    def rendered_ahead(self) -> tuple[ImagePlan, Future] | None:
        """What render_ahead started in this run: its plan and the future of its PNGs."""
        return self._ahead

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        self._ahead = None
        if self._renderer is not None:
            self._renderer.close()
            self._renderer = None


@dg.definitions
def resources() -> dg.Definitions:
    return dg.Definitions(resources={
        "paths": PathsResource(), "warehouse": WarehouseResource(), "gx": GreatExpectationsResource(),
        "chart_images": ChartImagesResource(),
    })
