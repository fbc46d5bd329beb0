"""The README's main command (scripts/run-pipeline.sh), once, as a user runs it, on the bundled sample."""

import os
import re
import subprocess
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parents[2]


def test_readme_main_command_on_bundled_sample(tmp_path):
    # DAGSTER_HOME a folder not made yet: the script makes it with the project's dagster.yaml (until
    # 2026-12-06 Dagster's traceback said it did not exist; an existing one without dagster.yaml had telemetry on)
    home = tmp_path / "new" / "dh"
    # typed in another folder, paths relative to it: they are that folder's (until 2026-12-06 the checkout's,
    # where the script moves to: the warehouse and reports were written inside the checkout)
    env = {**os.environ, "MH_WAREHOUSE": "wh.duckdb", "MH_REPORTS": "reports", "DAGSTER_HOME": "new/dh"}
    for name in ("MH_INBOX", "GX_ANALYTICS_ENABLED", "PYTHONPATH"):
        env.pop(name, None)
    proc = subprocess.run(["bash", str(REPO / "scripts" / "run-pipeline.sh")], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "RUN_SUCCESS" in proc.stderr
    # Dagster's notices about the command itself (superseded by `dg launch`; a beta parameter) are not the run's
    assert "SupersessionWarning" not in proc.stderr and "BetaWarning" not in proc.stderr
    assert (home / "dagster.yaml").read_text() == (REPO / ".dagster_home" / "dagster.yaml").read_text()
    assert f"DAGSTER_HOME {home} had no dagster.yaml: {REPO}/.dagster_home/dagster.yaml copied there" in proc.stderr
    # every step in the run's own process: a subprocess per step cost 3-5 s of start-up each
    assert "Launching subprocess" not in proc.stderr and "STEP_SUCCESS" in proc.stderr
    # the run selects report/images, so its browser was launched during the GX check (which waits for
    # GX's worker), and every image of this fresh report folder rendered in it
    assert re.search(r"gx_screening_suite - the browser for the chart images launches meanwhile", proc.stderr)
    # the check's rows went to GX's worker at the end of the ingest, which it validated while the run went on
    assert re.search(r"ingest - GX's worker has the 2,320 rows the GX check validates", proc.stderr)
    assert re.search(r"gx_screening_suite - GX validated 2,320 of 2,320 rows in 1 batch, in its worker process, "
                     r"handed over at the end of the ingest", proc.stderr)
    # the HTML step started rendering the 100 images of this fresh folder; report/images stored them
    assert re.search(r"report__html - 100 chart images render while the pages are written", proc.stderr)
    assert re.search(r"report__images - 100 images rendered \(from the HTML step on\), 0 unchanged", proc.stderr)
    assert len(list((tmp_path / "reports" / "images").glob("*.png"))) == 100
    con = duckdb.connect(str(tmp_path / "wh.duckdb"), read_only=True)
    rows = dict((i, (n, d)) for i, n, d in con.execute(
        "SELECT indicator, numerator, denominator FROM report.indicators "
        "WHERE period = 'all' AND dimension = 'total' AND category = 'all'").fetchall())
    # the generator's design: 1,990 people, 85 of them positive (pipelines/lib/sample.py)
    assert rows["people_tested"] == (1990, None)
    assert rows["positives"] == (85, None)
    assert rows["positivity"] == (85, 1990)
    lo, hi = con.execute("SELECT ci_low, ci_high FROM report.indicators WHERE period = 'all' AND "
                         "dimension = 'total' AND indicator = 'positivity'").fetchall()[0]
    # Wilson by hand: centre 0.043595, half-width 0.008919
    assert abs(lo - 0.034676) < 2e-5 and abs(hi - 0.052514) < 2e-5
    statuses = dict(con.execute("SELECT status, count(*) FROM audit.files GROUP BY status").fetchall())
    assert statuses == {"loaded": 36, "duplicate": 1, "refused": 2}
    html = (tmp_path / "reports" / "report_all_en.html").read_text(encoding="utf-8")
    assert "4.3\u00a0%" in html and "1,990" in html
    ru = (tmp_path / "reports" / "report_all_ru.html").read_text(encoding="utf-8")
    assert "4,3\u00a0%" in ru and "1\u00a0990" in ru
