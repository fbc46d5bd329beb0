"""Benchmark: the pipeline stage by stage on N generated records, against a bare DuckDB scan and
plain pandas, measured in the same run.   uv run python bench/run.py --rows 1000000"""

from __future__ import annotations

import argparse
import multiprocessing
import datetime as dt
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import duckdb
import psutil

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "bench")]

from pipelines.lib import disclosure  # noqa: E402
from pipelines.lib.ingest import ingest_inbox  # noqa: E402
from pipelines.lib.marts import build_marts  # noqa: E402
from pipelines.lib.report.build import build_reports, load_quality  # noqa: E402
from pipelines.lib.sample_files import write_bench_inbox  # noqa: E402
from pipelines.lib.targets import empty_targets  # noqa: E402


class Peak:
    """Peak RSS of this process while a stage runs (sampled every 20 ms)."""

    def __init__(self):
        self.proc, self.peak, self._stop = psutil.Process(), 0, threading.Event()

    def _run(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, self.proc.memory_info().rss)
            time.sleep(0.02)

    @contextmanager
    def measure(self):
        self.peak, self._stop = self.proc.memory_info().rss, threading.Event()
        t = threading.Thread(target=self._run, daemon=True)
        t.start()
        yield
        self._stop.set()
        t.join()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--memory-limit", default="2GB")
    ap.add_argument("--skip-pandas", action="store_true", help="skip the pandas comparison (large N)")
    ap.add_argument("--workdir", type=Path, default=None)
    args = ap.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="mh-bench-"))
    results: list[tuple[str, float, int, int]] = []
    peak = Peak()

    def stage(name: str, rows: int, fn):
        with peak.measure():
            t0 = time.perf_counter()
            out = fn()
            results.append((name, time.perf_counter() - t0, rows, peak.peak))
        print(f"  {name}: {results[-1][1]:.2f} s", file=sys.stderr, flush=True)
        return out

    # in a child process: the generator's memory would otherwise count in every later stage's peak RSS
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        n = stage("generate (not pipeline)", args.rows,
                  lambda: pool.submit(write_bench_inbox, work / "inbox", args.rows).result())
    for old in (work / "wh.duckdb", work / "wh.duckdb.wal"):  # a fresh warehouse, as the pipeline builds
        old.unlink(missing_ok=True)
    con = duckdb.connect(str(work / "wh.duckdb"))
    con.execute(f"SET memory_limit = '{args.memory_limit}'")
    con.execute(f"SET temp_directory = '{work / 'spill'}'")
    stage("ingest + contract", n, lambda: ingest_inbox(con, work / "inbox", dt.date.today()))
    accepted = con.execute("SELECT count(*) FROM staging.screening").fetchall()[0][0]

    def gx():
        from pipelines.defs.resources import GreatExpectationsResource

        return GreatExpectationsResource().validate_screening(con)

    stage("GX validation", accepted, gx)

    def build():
        build_marts(con, empty_targets())

    stage("indicators (SQL)", accepted, build)
    marts = con.execute("SELECT * FROM marts.indicators").df()
    published = stage("disclosure control", len(marts), lambda: disclosure.apply(marts))
    quality = load_quality(con, report_day=5)
    stage("reports (HTML, CSV)", len(published),
          lambda: build_reports(published, quality, work / "reports", dt.date.today().isoformat()))

    bare = duckdb.connect()
    glob = str(work / "inbox" / "*.parquet")
    stage("bare DuckDB GROUP BY (parquet)", n, lambda: bare.execute(
        "SELECT country_of_origin, strftime(test_date, '%Y-%m') AS m, count(*) FROM read_parquet(?) GROUP BY ALL",
        [glob]).fetchall())
    if not args.skip_pandas:
        from pandas_indicators import indicators

        staging = con.execute("SELECT * FROM staging.screening").df()
        stage("plain pandas indicators", accepted, lambda: indicators(staging))

    pipeline = sum(r[1] for r in results if r[0] not in ("generate (not pipeline)",
                                                          "bare DuckDB GROUP BY (parquet)", "plain pandas indicators"))
    times = {r[0]: r[1] for r in results}
    print(f"\n{n:,} records ({accepted:,} accepted), {psutil.cpu_count()} cores\n")
    print("| stage | wall s | rows/s | peak RSS MB |\n|---|---|---|---|")
    for name, secs, rows, rss in results:
        print(f"| {name} | {secs:.2f} | {rows / secs:,.0f} | {rss / 2**20:,.0f} |")
    print(f"| **pipeline total** | {pipeline:.2f} | {n / pipeline:,.0f} | |")
    ratio = times["indicators (SQL)"] / times["bare DuckDB GROUP BY (parquet)"]
    print(f"\nindicator build / bare GROUP BY: {ratio:.1f}x")
    if "plain pandas indicators" in times:
        print(f"pandas / indicator build: {times['plain pandas indicators'] / times['indicators (SQL)']:.1f}x")


if __name__ == "__main__":
    main()
