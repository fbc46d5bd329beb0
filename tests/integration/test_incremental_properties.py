"""Property-based: whatever the files hold (returning people, look-alike UICs, a care cascade, repeated
record_ids with the same or other content, rows held back, self-tests) and wherever the published files
end and wherever the added files sort among them, adding the files to the published build gives the tables
of a full build of the whole inbox (or, where a published file after an added one shares a record_id with
it, says so, and the ingest builds in full):
the staging, the audit, the UIC folds and look-alike groups, and every indicator."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

import duckdb
from hypothesis import HealthCheck, assume, given, settings, strategies as st

from pipelines.lib.clock import PROGRAMME_TIMEZONE
from pipelines.lib.incremental import OrderConflict, plan
from pipelines.lib.ingest import ingest_inbox
from pipelines.lib.marts import build_marts, build_person_periods, refresh_indicators
from pipelines.lib.operations import inbox_state
from pipelines.lib.sample_files import write_export
from pipelines.lib.targets import empty_targets
from tests.conftest import AS_OF, rows_frame
from tests.integration.test_ingest_properties import HEADER

TABLES = ("staging.screening", "audit.held_rows", "audit.files", "staging.uic_folds",
          "staging.uic_lookalike_groups", "marts.indicators")
FORMATS = {"field_csv": "csv", "parquet": "parquet", "xlsx": "xlsx"}
FILES = 4
# Latin and look-alikes of it in Cyrillic letters (МАКА; МAKA: one letter), another pair, and one birth
# year: ten UICs, so that people return in later files and look-alike groups grow there
LETTERS = ("MAKA", "МАКА", "МAKA", "ABCD", "АВСD")

person = st.tuples(st.sampled_from(LETTERS), st.sampled_from("12"), st.just(1990),
                   st.sampled_from(["TJK", "UZB", "KGZ", "AFG"]), st.sampled_from(["pwid", "sw", "none"]))
test = st.fixed_dictionaries({
    "person": st.integers(0, 7), "day": st.integers(0, 300), "file": st.integers(0, FILES - 1),
    "result": st.sampled_from(["negative", "negative", "positive", "positive", "invalid"]),
    "modality": st.sampled_from(["community", "mobile", "self_test", ""]),
    # days from the test to linkage, from linkage to ART, from ART to the viral load (None: not yet)
    "linked": st.sampled_from([None, 0, 40]), "art": st.sampled_from([None, 0, 10]),
    "vl": st.sampled_from([None, 30, 200]), "copies": st.sampled_from([50, 5000]),
    "site": st.sampled_from(["ALA-01", "SHY-01"]),
    # a new record, an earlier one sent again (as it was, or with another site), or one held (its age)
    "kind": st.sampled_from(["new", "new", "new", "again", "changed", "held"]),
})


def line(record_id: str, who: tuple, t: dict) -> str:
    letters, sex_digit, born, country, key_population = who
    day = dt.date(2025, 1, 1) + dt.timedelta(days=t["day"])

    def after(*offsets: int | None) -> str:
        return "" if None in offsets else (day + dt.timedelta(days=sum(offsets))).isoformat()

    positive = t["result"] == "positive"
    linked = after(t["linked"]) if positive else ""
    art = after(t["linked"], t["art"]) if linked else ""
    vl = after(t["linked"], t["art"], t["vl"]) if art else ""
    age = 2025 - born + (70 if t["kind"] == "held" else 0)
    return "|".join([
        record_id, f"{letters}{sex_digit}{born}", day.isoformat(), t["site"], country, "labour_migrant",
        "undocumented", "male" if sex_digit == "1" else "female", str(age), key_population, t["modality"],
        t["result"], "", linked, "KAZ" if linked else "", art, vl, str(t["copies"]) if vl else ""])


def snapshot(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple]]:
    return {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in TABLES}


@settings(max_examples=20, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(people=st.lists(person, min_size=8, max_size=8), tests=st.lists(test, min_size=12, max_size=30),
       added=st.lists(st.booleans(), min_size=FILES, max_size=FILES),
       formats=st.lists(st.sampled_from(sorted(FORMATS)), min_size=FILES, max_size=FILES))
def test_adding_files_to_a_published_build_gives_the_full_builds_tables(people, tests, added, formats):
    files: list[list[str]] = [[] for _ in range(FILES)]
    sent: list[str] = []
    for n, t in enumerate(tests):
        if t["kind"] in ("again", "changed") and sent:
            row = sent[n % len(sent)]
            if t["kind"] == "changed":  # the same record_id with other content: held as a conflict
                row = row.replace("|ALA-01|", "|KAR-01|") if "|ALA-01|" in row else row.replace("|SHY-01|", "|ALA-01|")
        else:
            row = line(f"r{n}", people[t["person"]], t)
            sent.append(row)
        files[t["file"]].append(row)
    with tempfile.TemporaryDirectory() as tmp:
        inbox, later = Path(tmp) / "inbox", Path(tmp) / "later"
        later.mkdir()
        paths = []
        for i, rows in enumerate(files):
            if rows:
                path = inbox / f"site_2025-{i + 1:02d}.{FORMATS[formats[i]]}"
                write_export(rows_frame("\n".join([HEADER] + rows)), path, formats[i])
                paths.append(path)
        # any files added, sorting after the published ones or among them (as a site's new month does)
        moved = [p for i, p in enumerate(paths) if added[int(p.stem[-2:]) - 1]]
        assume(0 < len(moved) < len(paths))  # something published and something added
        for path in moved:
            shutil.move(path, later / path.name)
        live = Path(tmp) / "live.duckdb"
        with duckdb.connect(str(live)) as con:
            ingest_inbox(con, inbox, AS_OF)
            build_person_periods(con)
            refresh_indicators(con, empty_targets())
        for path in later.iterdir():
            shutil.move(path, inbox / path.name)
        previous, why = plan(live, inbox_state(inbox), PROGRAMME_TIMEZONE)
        assert previous is not None, why  # new files of their own bytes, nothing held as future
        try:
            with duckdb.connect(str(live)) as con:
                ingest_inbox(con, inbox, AS_OF, previous)
                build_person_periods(con)
                how = refresh_indicators(con, empty_targets())
                incremental = snapshot(con)
        except OrderConflict:  # the ingest asset then builds in full: only where file order may matter
            ids = [{r.split("|")[0] for r in rows} for rows in files]
            assert any(ids[i] & ids[j] for i, p in enumerate(paths) if p in moved
                       for j, q in enumerate(paths) if q not in moved and j > i)
            return
        with duckdb.connect(str(Path(tmp) / "full.duckdb")) as con:
            ingest_inbox(con, inbox, AS_OF)
            build_marts(con, empty_targets())
            full = snapshot(con)
    assert how.startswith("indicators added to:"), how
    for table in TABLES:
        assert incremental[table] == full[table], table
