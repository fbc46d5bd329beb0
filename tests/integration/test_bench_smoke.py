"""The benchmark runs end to end at a small N (a smoke test: no timing is asserted)."""

import subprocess
import sys

import duckdb

from tests.conftest import REPO


def test_bench_runs_and_prints_its_table(tmp_path):
    # at twelve sites (--sites; the sample's three by default): disclosure control's work grows with them
    proc = subprocess.run([sys.executable, str(REPO / "bench" / "run.py"), "--rows", "3000", "--sites", "12",
                           "--workdir", str(tmp_path)], capture_output=True, text=True, timeout=600, cwd=REPO)
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = proc.stdout
    for stage in ("ingest + contract", "GX validation", "SQL checks", "indicators (SQL)", "disclosure control",
                  "reports (HTML, CSV)", "chart images (PNG)", "bare DuckDB GROUP BY", "plain pandas indicators",
                  "pipeline total", "+1 file: ingest + contract", "+1 file: chart images (PNG)", "+1 file: total"):
        assert f"| {stage}" in out or f"| **{stage}" in out, stage
    assert "indicator build / bare GROUP BY:" in out and "pandas / indicator build:" in out
    assert "adding one file (" in out
    assert " records (" in out and " accepted) at 12 sites, " in out
    with duckdb.connect(str(tmp_path / "wh.next.duckdb"), read_only=True) as con:  # the build with the month
        sites = {s for (s,) in con.execute("SELECT DISTINCT site_code FROM staging.screening").fetchall()}
    assert sites == {f"{c}-01" for c in ("ALA", "AST", "SHY", "KAR", "AKT", "PAV", "TAR", "UKA", "KYZ", "ATY", "URA",
                                         "KOS")}
    assert (tmp_path / "reports" / "report_all_en.html").exists()
    pngs = list((tmp_path / "images").glob("report_all_en_*.png"))
    assert pngs and all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in pngs)
