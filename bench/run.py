"""Benchmark: the pipeline stage by stage on N generated records, against a bare DuckDB scan and
plain pandas, measured in the same run.   uv run python bench/run.py --rows 1000000"""

from __future__ import annotations

import argparse
import contextlib
import multiprocessing
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import duckdb
import psutil

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "bench")]

from measure import Peak  # noqa: E402
from pipelines.defs.resources import GreatExpectationsResource  # noqa: E402
from pipelines.lib import disclosure, settings  # noqa: E402
from pipelines.lib.clock import Clock  # noqa: E402
from pipelines.lib.incremental import check_sql, counts_current, plan  # noqa: E402
from pipelines.lib.inbox import reading_inbox  # noqa: E402
from pipelines.lib.ingest import ingest_inbox, ingest_read  # noqa: E402
from pipelines.lib.marts import build_person_periods, refresh_indicators  # noqa: E402
from pipelines.lib.report.build import build_reports  # noqa: E402
from pipelines.lib.report.images import (  # noqa: E402
    Renderer, image_jobs, plan_images, start_rendering, store_images)
from pipelines.lib.report.quality import load_quality  # noqa: E402
from pipelines.lib.operations import inbox_state  # noqa: E402
from pipelines.lib.sample import SITES  # noqa: E402
from pipelines.lib.sample_files import write_bench_inbox, write_bench_month  # noqa: E402
from pipelines.lib.sql import query_rows  # noqa: E402
from pipelines.lib.targets import empty_targets  # noqa: E402


STAGES = ("ingest + contract", "SQL checks", "GX validation", "indicators (SQL)", "disclosure control",
          "reports (HTML, CSV)", "chart images (PNG)")
REPORT_DAY = settings.DEFAULT_REPORT_DAY  # the bench measures, it is not configured
SQL_CHECKS = ("record_id_unique", "rows_accounted", "uic_lookalikes", "tests_repeated", "held_by_column")


def sql_checks(con) -> None:
    for name in SQL_CHECKS:  # the SQL each check runs on this build, as the check steps choose it
        query_rows(con, check_sql(con, name)[0])
    query_rows(con, "checks.site_freshness", {"as_of": Clock().today(), "days": 45})


def connect(path: Path, work: Path, memory_limit: str) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(path))
    con.execute("SET memory_limit = ?", [memory_limit])
    con.execute("SET temp_directory = ?", [str(work / "spill")])
    return con


def pipeline_stages(open_db: Callable[[], duckdb.DuckDBPyConnection], work: Path, stage, prefix: str, n: int,
                    reading=None) -> tuple[int, duckdb.DuckDBPyConnection]:
    """The pipeline's stages in order, as the assets run them; returns the accepted rows and the last
    connection. ``open_db`` opens the build: again for the indicators, as the marts asset opens its own
    connection after the check steps. ``reading``: the new files' reading when adding to a published build,
    begun before its copy (else the whole inbox is read here)."""
    gx = GreatExpectationsResource()
    con = open_db()

    def ingest() -> None:  # as the ingest asset: GX's worker starts first, importing GX meanwhile, and
        gx.prepare()  # gets the GX check's rows at the end, as when the check follows in the run
        if reading is None:
            ingest_inbox(con, work / "inbox", Clock().today())
        else:
            ingest_read(con, reading, Clock().today())
        gx.submit_screening(con)

    stage(prefix + "ingest + contract", n, ingest)
    accepted = con.execute("SELECT count(*) FROM staging.screening").fetchall()[0][0]
    renderer = Renderer()
    try:
        # as contract_checks, which runs while GX's worker validates, then the GX check: it collects GX's
        # answer; the chart images' browser launches meanwhile
        stage(prefix + "SQL checks", accepted, lambda: sql_checks(con))
        stage(prefix + "GX validation", accepted, lambda: gx.validate_screening(con, sent=renderer.start))
        con.close()
        con = open_db()
        # as the assets do: from every valid test in a fresh build, for the added people when adding a file
        stage(prefix + "indicators (SQL)", accepted,
              lambda: (build_person_periods(con), refresh_indicators(con, empty_targets(), counts_current(con))))
        marts = con.execute("SELECT * FROM marts.indicators").df()
        published = stage(prefix + "disclosure control", len(marts), lambda: disclosure.apply(marts))
        quality = load_quality(con, report_day=REPORT_DAY)

        def reports():  # as report/html: it starts rendering the changed charts, then writes the pages
            plan = plan_images(image_jobs(published, quality), work / "images")
            pngs = start_rendering(plan, renderer)
            build_reports(published, quality, work / "reports", Clock().today(), REPORT_DAY)
            return plan, pngs

        plan, pngs = stage(prefix + "reports (HTML, CSV)", len(published), reports)
        # as report/images: it stores what the HTML step's rendering made (unchanged charts are reused)
        stage(prefix + "chart images (PNG)", len(plan.index), lambda: store_images(plan, pngs.result()))
    finally:
        renderer.close()
    return accepted, con


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--memory-limit", default=settings.DEFAULT_DUCKDB_MEMORY)
    ap.add_argument("--skip-pandas", action="store_true", help="skip the pandas comparison (large N)")
    ap.add_argument("--sites", type=int, default=None,
                    help="spread the tests over this many sites (default: the sample's three)")
    ap.add_argument("--workdir", type=Path, default=None)
    args = ap.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="mh-bench-"))
    results: list[tuple[str, float, int, int]] = []
    peak = Peak()

    def stage(name: str, rows: int | Callable[[], int], fn, repeat: int = 1):
        """Run ``fn`` and record its wall time (the median of ``repeat`` runs, for a step so short that
        one run's noise would move a ratio), the rows it handled and the peak RSS so far."""
        with peak.measure():
            walls = []
            for _ in range(repeat):
                t0 = time.perf_counter()
                out = fn()
                walls.append(time.perf_counter() - t0)
            results.append((name, statistics.median(walls), rows() if callable(rows) else rows, peak.peak))
        print(f"  {name}: {results[-1][1]:.2f} s", file=sys.stderr, flush=True)
        return out

    # in a child process: the generator's memory would otherwise count in every later stage's peak RSS
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        n = stage("generate (not pipeline)", args.rows,
                  lambda: pool.submit(write_bench_inbox, work / "inbox", args.rows, sites=args.sites).result())
    for old in (work / "wh.duckdb", work / "wh.duckdb.wal"):  # a fresh warehouse, as the pipeline builds
        old.unlink(missing_ok=True)
    for old in (work / "images", work / "reports"):  # and every chart rendered, also in a reused --workdir
        shutil.rmtree(old, ignore_errors=True)
    accepted, con = pipeline_stages(lambda: connect(work / "wh.duckdb", work, args.memory_limit), work, stage, "", n)
    bare = duckdb.connect()
    glob = str(work / "inbox" / "*.parquet")
    # a fraction of a second, varying by half from run to run: the median of five is the divisor
    stage("bare DuckDB GROUP BY (parquet)", n, lambda: bare.execute(
        "SELECT country_of_origin, strftime(test_date, '%Y-%m') AS m, count(*) FROM read_parquet(?) GROUP BY ALL",
        [glob]).fetchall(), repeat=5)
    if not args.skip_pandas:
        from pandas_indicators import BYTES_PER_ROW, fits, indicators

        if fits(accepted, psutil.virtual_memory().available):
            staging = con.execute("SELECT * FROM staging.screening").df()
            stage("plain pandas indicators", accepted, lambda: indicators(staging))
        else:  # it would be killed after minutes of work, and the run's later stages with it
            print(f"  plain pandas indicators: skipped, needs ~{accepted * BYTES_PER_ROW / 1e9:.0f} GB at "
                  f"{accepted:,} records, {psutil.virtual_memory().available / 1e9:.0f} GB available",
                  file=sys.stderr, flush=True)

    con.close()
    # the incremental case: one new monthly file (about N/12 records) added to the published build
    added = write_bench_month(work / "inbox", max(1, n // 12), sites=args.sites)
    build = work / "wh.next.duckdb"

    with contextlib.ExitStack() as reads:
        def start():  # what the ingest asset does first: hash the inbox, decide, start reading the new
            # file, copy the published build (the reading goes on meanwhile)
            previous, why = plan(work / "wh.duckdb", inbox_state(work / "inbox"), Clock().timezone)
            assert previous is not None, why
            reading = reads.enter_context(reading_inbox(work / "inbox", previous, Clock().timezone))
            shutil.copyfile(work / "wh.duckdb", build)
            return reading

        reading = stage("+1 file: plan, copy published build", added, start)
        _, con = pipeline_stages(lambda: connect(build, work, args.memory_limit), work, stage, "+1 file: ", added,
                                 reading)
    con.close()

    times = {r[0]: r[1] for r in results}
    pipeline = sum(times[s] for s in STAGES)
    incremental = sum(t for name, t in times.items() if name.startswith("+1 file: "))
    print(f"\n{n:,} records ({accepted:,} accepted) at {args.sites or len(SITES)} sites, {psutil.cpu_count()} cores\n")
    print("| stage | wall s | rows/s | peak RSS MB |\n|---|---|---|---|")
    for name, secs, rows, rss in results:
        print(f"| {name} | {secs:.2f} | {rows / secs:,.0f} | {rss / 2**20:,.0f} |")
    print(f"| **pipeline total** | {pipeline:.2f} | {n / pipeline:,.0f} | |")
    print(f"| **+1 file: total** | {incremental:.2f} | {added / incremental:,.0f} | |")
    ratio = times["indicators (SQL)"] / times["bare DuckDB GROUP BY (parquet)"]
    print(f"\nindicator build / bare GROUP BY: {ratio:.1f}x")
    print(f"adding one file ({added:,} records) / full run: {incremental / pipeline:.0%}")
    if "plain pandas indicators" in times:
        print(f"pandas / indicator build: {times['plain pandas indicators'] / times['indicators (SQL)']:.1f}x")


if __name__ == "__main__":
    main()
