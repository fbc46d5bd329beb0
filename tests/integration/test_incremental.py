"""Incremental ingest: new files that sort after the published ones are judged against the published
build alone, and the result equals a full rebuild of the same inbox; anything else is a full rebuild."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipelines.lib.clock import PROGRAMME_TIMEZONE
from pipelines.lib.incremental import InboxMismatch, OrderConflict, plan
from pipelines.lib.publish import WarehouseUnreadable
from pipelines.lib.marts import build_marts, build_person_periods, refresh_indicators
from pipelines.lib.targets import empty_targets
from pipelines.lib.inbox import reading_inbox
from pipelines.lib.ingest import ingest_inbox, ingest_read
from pipelines.lib.operations import inbox_state
from pipelines.lib.sample_files import write_export
from pipelines.lib.sql import query_rows
from tests.conftest import AS_OF, REPO, failure_alert_of, rows_frame
from tests.sql.test_staging_screening import BAD, GOOD, HEADER

SAMPLE_INBOX = REPO / "data" / "inbox"
TABLES = {"staging.screening": "record_id", "audit.held_rows": "file_name, row_number",
          "audit.files": "file_name"}
# every per-row reason except the one that depends on the run date (b03, in the future)
FIRST = [HEADER] + GOOD + [b[0] for b in BAD if not b[0].startswith("b03|")]
LATER = [
    HEADER,
    GOOD[0],                                   # g1 again, same content: a duplicate
    GOOD[1].replace("AST-02", "SHY-01"),       # g2 again, other site: held (conflict)
    BAD[11][0].replace("|150|", "|35|"),       # b12 corrected: accepted now
    "n1|NATI11995|2025-04-03|SHY-01|KGZ|student|unknown|other|30|none|mobile|negative||||||",
    "n1|NATI11995|2025-04-03|SHY-01|KGZ|student|unknown|other|30|none|mobile|negative||||||",  # same file
    "n2|ZZZZ11990|2025-04-04|ALA-01|UZB|labour_migrant|work_permit|male|35|pwid|community|negative||||||",
    "n3|ZZZZ11990|2025-04-04|ALA-01|UZB|labour_migrant|work_permit|male|35|pwid|community|maybe||||||",
]


def snapshot(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple]]:
    return {t: con.execute(f"SELECT * FROM {t} ORDER BY {o}").fetchall() for t, o in TABLES.items()}


@pytest.fixture
def published(tmp_path) -> tuple[Path, Path]:
    inbox = tmp_path / "inbox"
    write_export(rows_frame("\n".join(FIRST)), inbox / "a_2025-03.csv", "field_csv")
    live = tmp_path / "live.duckdb"
    with duckdb.connect(str(live)) as con:
        ingest_inbox(con, inbox, AS_OF)
    return inbox, live


def add_later_files(inbox: Path) -> None:
    write_export(rows_frame("\n".join(LATER)), inbox / "b_2025-04.xlsx", "xlsx")
    shutil.copyfile(inbox / "a_2025-03.csv", inbox / "c_resent.csv")  # same bytes: a duplicate file


def added_equals_full(live: Path, inbox: Path, previous, tmp_path: Path) -> dict[str, list[tuple]]:
    """The tables of the new files added to a copy of ``live``, asserted equal to a full build's."""
    copy = tmp_path / "copy.duckdb"
    shutil.copyfile(live, copy)
    with duckdb.connect(str(copy)) as con:
        ingest_inbox(con, inbox, AS_OF, previous)
        incremental = snapshot(con)
    with duckdb.connect(str(tmp_path / "full.duckdb")) as con:
        ingest_inbox(con, inbox, AS_OF)
        assert snapshot(con) == incremental
    return incremental


def test_incremental_equals_full_rebuild(published, tmp_path):
    inbox, live = published
    add_later_files(inbox)
    previous, why = plan(live, inbox_state(inbox), PROGRAMME_TIMEZONE)
    assert previous is not None and why == "incremental: 2 new file(s) added to 1 published"
    copy = tmp_path / "copy.duckdb"
    # as the ingest asset: the new files' reading begins, then the published build is copied
    with reading_inbox(inbox, previous, PROGRAMME_TIMEZONE) as reading:
        shutil.copyfile(live, copy)
        with duckdb.connect(str(copy)) as con:
            ingest_read(con, reading, AS_OF)
            incremental = snapshot(con)
            mode = con.execute("SELECT mode, files_read FROM audit.build").fetchall()
    with duckdb.connect(str(tmp_path / "full.duckdb")) as con:
        ingest_inbox(con, inbox, AS_OF)
        full = snapshot(con)
    # what record_id_unique looks at in this build: the new files (the duplicate one adds no row)
    assert mode == [("incremental", ["b_2025-04.xlsx", "c_resent.csv"])]
    for table in TABLES:
        assert incremental[table] == full[table], table
    files = {r[0]: r[2:7] for r in full["audit.files"]}
    # status, rows_read, accepted, held, duplicate: worked out by hand from LATER
    assert files["b_2025-04.xlsx"][:2] == ("loaded", 7) and files["b_2025-04.xlsx"][2:5] == (3, 2, 2)
    assert files["c_resent.csv"][:2] == ("duplicate", 0)
    staged = {r[0] for r in full["staging.screening"]}
    assert {"b12", "n1", "n2"} <= staged and "n3" not in staged


def test_a_changed_published_file_rebuilds_everything(published):
    inbox, live = published
    (inbox / "a_2025-03.csv").write_bytes((inbox / "a_2025-03.csv").read_bytes() + b"\n")
    previous, why = plan(live, inbox_state(inbox), PROGRAMME_TIMEZONE)
    assert previous is None and "a_2025-03.csv was changed or removed" in why


def test_taking_a_refused_file_out_of_the_inbox_stays_incremental(published, tmp_path):
    inbox, live = published
    (inbox / "b_names.csv").write_text("record_id,ФИО\nr9,Иванов Иван\n", encoding="utf-8")  # refused
    with duckdb.connect(str(live)) as con:
        ingest_inbox(con, inbox, AS_OF)
        assert con.execute("SELECT status FROM audit.files WHERE file_name = 'b_names.csv'").fetchall() == [
            ("refused",)]
    (inbox / "b_names.csv").unlink()  # what the officer should do with it
    add_later_files(inbox)
    previous, why = plan(live, inbox_state(inbox), PROGRAMME_TIMEZONE)
    assert previous is not None and why == "incremental: 2 new file(s) added to 1 published"
    added_equals_full(live, inbox, previous, tmp_path)


def test_a_file_refused_for_its_name_is_added_incrementally_wherever_it_sorts(published, tmp_path):
    inbox, live = published
    add_later_files(inbox)
    write_export(rows_frame("\n".join(LATER)), inbox / "0 +7 701 555 43 21.xlsx", "xlsx")  # sorts first
    digest = hashlib.sha256((inbox / "0 +7 701 555 43 21.xlsx").read_bytes()).hexdigest()
    state = inbox_state(inbox)
    assert sorted(state) == [f"(name withheld) {digest[:12]}.xlsx", "a_2025-03.csv", "b_2025-04.xlsx", "c_resent.csv"]
    previous, why = plan(live, state, PROGRAMME_TIMEZONE)
    assert previous is not None and why == "incremental: 3 new file(s) added to 1 published"
    with duckdb.connect(str(live)) as con:
        ingest_inbox(con, inbox, AS_OF, previous)
        incremental = snapshot(con)
    assert plan(live, inbox_state(inbox), PROGRAMME_TIMEZONE)[1] == "incremental: 0 new file(s) added to 4 published"
    with duckdb.connect(str(tmp_path / "full.duckdb")) as con:
        ingest_inbox(con, inbox, AS_OF)
        assert snapshot(con) == incremental
    assert [f[:3] for f in incremental["audit.files"]][0] == (f"(name withheld) {digest[:12]}.xlsx", digest, "refused")


# a site's months, as the field tools name them: a new month of ala-01 sorts before shy-01's published files
SHY = [HEADER, "s1|SAMA11990|2025-03-10|SHY-01|KGZ|student|unknown|male|35|none|mobile|negative||||||",
       "s2|SAMA21991|2025-03-11|SHY-01|KGZ|student|unknown|female|34|none|mobile|positive|no|||||",
       "s3|SAMA11992|2025-03-12|SHY-01|KGZ|student|unknown|male|150|none|mobile|negative||||||"]  # held: age
APRIL = [HEADER, "a1|ALAP11990|2025-04-01|ALA-01|TJK|labour_migrant|work_permit|male|35|pwid|community|negative||||||",
         GOOD[0]]  # g1 of a_2025-03.csv again, as it was: a duplicate


def add_to(inbox: Path, live: Path, shy: list[str], april: list[str]) -> tuple[Path, Path]:
    write_export(rows_frame("\n".join(shy)), inbox / "s_2025-03.csv", "field_csv")
    with duckdb.connect(str(live)) as con:
        ingest_inbox(con, inbox, AS_OF)
    write_export(rows_frame("\n".join(april)), inbox / "a_2025-04.csv", "field_csv")
    return inbox, live


def test_a_new_file_sorting_among_the_published_ones_is_added_to_them(published, tmp_path):
    # until 2026-12-06 any new file sorting before a published one rebuilt everything: with files named by
    # site and month, nearly every month's
    inbox, live = add_to(*published, SHY, APRIL)
    previous, why = plan(live, inbox_state(inbox), PROGRAMME_TIMEZONE)
    assert why == "incremental: 1 new file(s) added to 2 published, 1 of them sorting among the published ones"
    incremental = added_equals_full(live, inbox, previous, tmp_path)
    files = {r[0]: r[2:7] for r in incremental["audit.files"]}
    assert files["a_2025-04.csv"] == ("loaded", 2, 1, 0, 1) and files["s_2025-03.csv"] == ("loaded", 3, 2, 1, 0)


@pytest.mark.parametrize("again", [SHY[1], SHY[3].replace("|150|", "|35|")], ids=["accepted", "held"])
def test_a_new_file_sharing_a_record_id_with_a_published_file_after_it_rebuilds_everything(published, again):
    # s1 (loaded from s_2025-03.csv) or s3 (held there): in file order a_2025-04.csv's row comes first
    inbox, live = add_to(*published, SHY, APRIL + [again])
    previous, why = plan(live, inbox_state(inbox), PROGRAMME_TIMEZONE)
    assert previous is not None
    with duckdb.connect(str(live)) as con, pytest.raises(OrderConflict) as conflict:
        ingest_inbox(con, inbox, AS_OF, previous)
    assert str(conflict.value) == ("full rebuild: a_2025-04.csv sorts before s_2025-03.csv, which is already loaded,"
                                   " and shares a record_id with it (file order decides)")


def test_a_new_file_with_the_bytes_of_a_published_file_after_it_rebuilds_everything(published):
    inbox, live = add_to(*published, SHY, APRIL)
    (inbox / "a_2025-04.csv").unlink()
    shutil.copyfile(inbox / "s_2025-03.csv", inbox / "r_resent.csv")  # the same bytes, sorting first
    previous, why = plan(live, inbox_state(inbox), PROGRAMME_TIMEZONE)
    assert previous is None and why == ("full rebuild: r_resent.csv has the same bytes as s_2025-03.csv, which sorts"
                                        " after it and is already loaded (file order decides which one is the "
                                        "duplicate)")


def test_an_inbox_without_any_published_file_builds_nothing(published):
    # an empty or wrong MH_INBOX (a share not mounted) rebuilt from nothing and published an empty warehouse and
    # reports in place of the programme's (until 2026-12-06); one file taken out still rebuilds
    inbox, live = published
    (inbox / "a_2025-03.csv").rename(inbox.parent / "a_2025-03.csv")
    with pytest.raises(InboxMismatch) as mismatch:
        plan(live, inbox_state(inbox), PROGRAMME_TIMEZONE)
    assert str(mismatch.value) == (
        "the inbox holds none of the 1 files the published warehouse was loaded from (such as a_2025-03.csv): "
        "nothing is built or published. Check MH_INBOX (and that the folder is mounted); to build from this "
        "inbox alone, move the published warehouse aside first")
    write_export(rows_frame("\n".join(APRIL)), inbox / "b_2025-04.csv", "field_csv")  # a new file alone: the same
    with pytest.raises(InboxMismatch):
        plan(live, inbox_state(inbox), PROGRAMME_TIMEZONE)
    (inbox.parent / "a_2025-03.csv").rename(inbox / "a_2025-03.csv")
    assert plan(live, inbox_state(inbox), PROGRAMME_TIMEZONE)[1] == "incremental: 1 new file(s) added to 1 published"


def test_a_run_on_an_inbox_without_any_published_file_fails_and_keeps_the_published_warehouse(tmp_path):
    from tests.integration.test_materialize import ASSETS, resources

    write_export(rows_frame("\n".join(FIRST)), tmp_path / "inbox" / "a_2025-03.csv", "field_csv")
    assert dg.materialize(ASSETS, resources=resources(tmp_path)).success
    before = (tmp_path / "wh.duckdb").read_bytes(), (tmp_path / "reports" / "report_all_en.html").read_bytes()
    (tmp_path / "inbox" / "a_2025-03.csv").unlink()  # the share not mounted: an empty folder
    instance = dg.DagsterInstance.ephemeral()
    result = dg.materialize(ASSETS, resources=resources(tmp_path), raise_on_error=False, instance=instance)
    (failure,) = [e for e in result.all_events if e.is_step_failure]
    assert failure.step_key == "ingest" and "the inbox holds none of the 1 files the published warehouse" in str(
        failure.step_failure_data.error)
    assert ((tmp_path / "wh.duckdb").read_bytes(),
            (tmp_path / "reports" / "report_all_en.html").read_bytes()) == before
    # the failure alert says so, for the officer's mail (the message names settings and a file only)
    assert ("ingest: the inbox holds none of the 1 files the published warehouse was loaded from (such as "
            "a_2025-03.csv): nothing is built or published. Check MH_INBOX") in failure_alert_of(
        instance, result, tmp_path / "alerts")["message"]


def test_a_warehouse_file_that_is_not_the_pipelines_is_never_replaced(tmp_path):
    # MH_WAREHOUSE pointed at someone's own DuckDB database was rebuilt over, and a damaged or foreign file
    # stopped the run with DuckDB's words alone (until 2026-12-06)
    from tests.integration.test_materialize import ASSETS, resources

    write_export(rows_frame("\n".join(FIRST)), tmp_path / "inbox" / "a_2025-03.csv", "field_csv")
    state, live = inbox_state(tmp_path / "inbox"), tmp_path / "wh.duckdb"
    with duckdb.connect(str(live)) as con:
        con.execute("CREATE TABLE main.my_analysis AS SELECT 1 AS n")
    before = live.read_bytes()
    with pytest.raises(WarehouseUnreadable) as foreign:
        plan(live, state, PROGRAMME_TIMEZONE)
    assert str(foreign.value) == (
        f"{live} (MH_WAREHOUSE) is a DuckDB database, but not the pipeline's warehouse (1 tables or views, none of "
        "audit.files, audit.build, staging.screening): it is not replaced, and nothing is built or published. Set "
        "MH_WAREHOUSE to the warehouse's file, or to a new file's path")
    instance = dg.DagsterInstance.ephemeral()
    result = dg.materialize(ASSETS, resources=resources(tmp_path), raise_on_error=False, instance=instance)
    assert not result.success and live.read_bytes() == before
    assert "ingest: " + str(foreign.value) in failure_alert_of(instance, result, tmp_path / "alerts")["message"]
    live.write_bytes(b"PK\x03\x04 a workbook, say")
    with pytest.raises(WarehouseUnreadable) as damaged:
        plan(live, state, PROGRAMME_TIMEZONE)
    assert str(damaged.value).startswith(f"the warehouse {live} (MH_WAREHOUSE) cannot be opened (IO Error: ")
    assert str(damaged.value).endswith("). Nothing is built or published, and the file is not replaced: if another "
                                       "program has it open for writing, close it (analysts open it read-only: "
                                       "duckdb -readonly); if it is not the warehouse, set MH_WAREHOUSE to the "
                                       "warehouse's file; if it is damaged, move it aside, and the next run rebuilds "
                                       "the warehouse from the inbox")
    live.unlink()
    duckdb.connect(str(live)).close()  # an empty database holds nothing to lose
    assert plan(live, state, PROGRAMME_TIMEZONE) == (None, "full rebuild: the published warehouse has no build record")


def test_a_run_with_reports_in_a_folder_of_other_files_stops_before_building(tmp_path):
    from pipelines.lib.report.folder import ReportsFolderNotOurs
    from tests.integration.test_materialize import ASSETS, resources

    write_export(rows_frame("\n".join(FIRST)), tmp_path / "inbox" / "a_2025-03.csv", "field_csv")
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "letter.docx").write_bytes(b"the officer's own")
    instance = dg.DagsterInstance.ephemeral()
    result = dg.materialize(ASSETS, resources=resources(tmp_path), raise_on_error=False, instance=instance)
    (failure,) = [e for e in result.all_events if e.is_step_failure]
    assert failure.step_key == "ingest"
    assert failure.step_failure_data.error.cause.cls_name == ReportsFolderNotOurs.__name__
    assert not (tmp_path / "wh.duckdb").exists()  # failed before anything was built or published
    assert sorted(p.name for p in (tmp_path / "reports").iterdir()) == ["letter.docx"]
    assert "ingest: the reports folder" in failure_alert_of(instance, result, tmp_path / "alerts")["message"]


def test_a_run_with_its_warehouse_in_the_inbox_folder_stops_before_building(tmp_path):
    # until 2026-12-06 wh.duckdb and wh.run.lock were read as refused inbox files, changed at every run
    from pipelines.defs.resources import WarehouseResource
    from tests.integration.test_materialize import ASSETS, resources

    write_export(rows_frame("\n".join(FIRST)), tmp_path / "inbox" / "a_2025-03.csv", "field_csv")
    inside = {**resources(tmp_path), "warehouse": WarehouseResource(path=str(tmp_path / "inbox" / "wh.duckdb"))}
    instance = dg.DagsterInstance.ephemeral()
    result = dg.materialize(ASSETS, resources=inside, raise_on_error=False, instance=instance)
    assert not result.success
    assert sorted(p.name for p in (tmp_path / "inbox").iterdir()) == ["a_2025-03.csv", "wh.run.lock"]
    assert (f"ingest: MH_WAREHOUSE puts what the pipeline writes in the inbox folder {tmp_path / 'inbox'} (MH_INBOX)"
            in failure_alert_of(instance, result, tmp_path / "alerts")["message"])


def test_a_warehouse_another_program_holds_for_writing_is_said(published):
    import subprocess
    import sys

    inbox, live = published
    holder = subprocess.Popen([sys.executable, "-c", f"import duckdb, sys; c = duckdb.connect({str(live)!r}); "
                               "print('open', flush=True); sys.stdin.read()"],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "open\n"
        with pytest.raises(WarehouseUnreadable, match=r"cannot be opened \(IO Error: Could not set lock on file .*"
                                                      r"if another program has it open for writing, close it"):
            plan(live, inbox_state(inbox), PROGRAMME_TIMEZONE)
    finally:
        holder.communicate("")
    assert plan(live, inbox_state(inbox), PROGRAMME_TIMEZONE)[0] is not None  # closed: the run adds to it again


# a test_date in the future (b03), and, since 2026-12-07, a linked_date after the run's date: each comes due
FUTURE_LINKED = ("f1|AIBU11990|2026-11-20|ALA-01|TJK|labour_migrant|work_permit|male|36|pwid|community|positive|"
                 "no|2026-12-01|KAZ|||")


@pytest.mark.parametrize("row", [BAD[2][0], FUTURE_LINKED])
def test_rows_held_as_in_the_future_rebuild_everything(tmp_path, row):
    inbox = tmp_path / "inbox"
    write_export(rows_frame("\n".join([HEADER, row])), inbox / "a.csv", "field_csv")
    live = tmp_path / "live.duckdb"
    with duckdb.connect(str(live)) as con:
        ingest_inbox(con, inbox, AS_OF)
    previous, why = plan(live, inbox_state(inbox), PROGRAMME_TIMEZONE)
    assert previous is None and "in the future" in why


def test_another_contract_rebuilds_everything(published):
    inbox, live = published
    with duckdb.connect(str(live)) as con:
        con.execute("UPDATE audit.build SET contract_sha = 'older'")
    previous, why = plan(live, inbox_state(inbox), PROGRAMME_TIMEZONE)
    assert previous is None and "contract" in why
    assert plan(live.with_name("none.duckdb"), {}, PROGRAMME_TIMEZONE)[0] is None


def test_another_time_zone_rebuilds_everything(published):
    # the files were read in the programme's zone (a Parquet instant is dated in it): a build read in
    # another is not added to
    inbox, live = published
    with duckdb.connect(str(live), read_only=True) as con:
        assert con.execute("SELECT timezone FROM audit.build").fetchall() == [(PROGRAMME_TIMEZONE,)]
    assert plan(live, inbox_state(inbox), "Asia/Tashkent") == (
        None, "full rebuild: the programme's time zone (MH_TIMEZONE) is Asia/Tashkent, the published build's files"
              " were read in Asia/Almaty")
    assert plan(live, inbox_state(inbox), PROGRAMME_TIMEZONE)[0] is not None


def test_the_pipeline_adds_a_new_file_incrementally(tmp_path):
    from tests.integration.test_materialize import ASSETS, resources

    inbox = tmp_path / "inbox"
    write_export(rows_frame("\n".join(FIRST)), inbox / "a_2025-03.csv", "field_csv")
    from pipelines.defs.ingest.checks import contract_checks
    from pipelines.defs.ingest.gx_checks import gx_screening_suite

    first = dg.materialize(ASSETS + [contract_checks, gx_screening_suite], resources=resources(tmp_path))
    add_later_files(inbox)
    second = dg.materialize(ASSETS + [contract_checks, gx_screening_suite], resources=resources(tmp_path))
    # GX: the four accepted rows of the full build (g1-g3, b26), then the three the second build added
    # (b12 corrected, n1, n2: the rest of b_2025-04 are held or duplicates, c_resent a duplicate file)
    gx = [{(e.metadata["rows"].value, e.metadata["rows_total"].value, e.metadata["added_rows_only"].value, e.passed)
           for e in r.get_asset_check_evaluations() if e.check_name == "gx_required_fields"} for r in (first, second)]
    assert gx == [{(4, 4, False, True)}, {(3, 3, True, True)}]
    # a run with no new file: nothing for GX to validate, and no group fails for want of rows (GX on no
    # rows failed the share of distinct UICs, a warning in every such run)
    third = dg.materialize(ASSETS + [contract_checks, gx_screening_suite], resources=resources(tmp_path))
    assert {(e.check_name, e.passed, e.metadata["rows_total"].value, e.metadata["expectations"].value)
            for e in third.get_asset_check_evaluations() if e.check_name.startswith("gx_")} == {
        (f"gx_{g}", True, 0, 0) for g in ("required_fields", "identity", "codes", "ranges", "cascade", "soft_signals")}
    # the blocking uniqueness check: all rows of the full build, the added rows of the incremental one
    checked = [[(e.passed, e.metadata["rows_checked"].value) for e in r.get_asset_check_evaluations()
                if e.check_name == "record_id_unique"] for r in (first, second)]
    assert checked == [[(True, "every row")], [(True, "rows added by this build")]]
    builds = [next(m.metadata["build"].value for m in r.asset_materializations_for_node("ingest")
                   if m.asset_key == dg.AssetKey(["staging", "screening"])) for r in (first, second)]
    assert builds == ["full", "incremental"]
    marts = [next(m.metadata["build"].value for m in r.asset_materializations_for_node("marts__indicators"))
             for r in (first, second)]
    assert marts[0].startswith("indicators from every valid test")
    assert marts[1].startswith("indicators added to: 1 file(s) not counted yet")
    with duckdb.connect(str(tmp_path / "wh.duckdb"), read_only=True) as con:
        incremental = snapshot(con) | marts_snapshot(con)
    with duckdb.connect(str(tmp_path / "full.duckdb")) as con:
        ingest_inbox(con, inbox, AS_OF)
        build_marts(con, empty_targets())
        full = snapshot(con) | marts_snapshot(con)
    assert incremental == full


def test_the_pipeline_builds_in_full_when_file_order_decides_once_the_new_files_are_read(tmp_path):
    # a_2025-04.csv sorts before the published s_2025-03.csv and holds its s1 again (other content):
    # found once a_2025-04.csv is read, the copy is dropped and every file read again, in file order
    from tests.integration.test_materialize import ASSETS, resources

    inbox = tmp_path / "inbox"
    write_export(rows_frame("\n".join(FIRST)), inbox / "a_2025-03.csv", "field_csv")
    write_export(rows_frame("\n".join(SHY)), inbox / "s_2025-03.csv", "field_csv")
    assert dg.materialize(ASSETS, resources=resources(tmp_path)).success
    write_export(rows_frame("\n".join(APRIL + [SHY[1].replace("|male|35|", "|male|36|")])), inbox / "a_2025-04.csv",
                 "field_csv")
    result = dg.materialize(ASSETS, resources=resources(tmp_path))
    (meta,) = [m.metadata for m in result.asset_materializations_for_node("ingest")
               if m.asset_key == dg.AssetKey(["staging", "screening"])]
    assert (meta["build"].value, meta["build_reason"].value) == (
        "full", "full rebuild: a_2025-04.csv sorts before s_2025-03.csv, which is already loaded, and shares a "
                "record_id with it (file order decides)")
    with duckdb.connect(str(tmp_path / "wh.duckdb"), read_only=True) as con:
        built = snapshot(con) | marts_snapshot(con)
        # s1 is loaded from a_2025-04.csv now, and s_2025-03.csv's s1 held for its other content
        assert con.execute("SELECT file_name FROM staging.screening WHERE record_id = 's1'").fetchall() == [
            ("a_2025-04.csv",)]
    with duckdb.connect(str(tmp_path / "full.duckdb")) as con:
        ingest_inbox(con, inbox, AS_OF)
        build_marts(con, empty_targets())
        assert built == snapshot(con) | marts_snapshot(con)


def marts_snapshot(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple]]:
    return {"marts.indicators": con.execute(
        "SELECT * FROM marts.indicators ORDER BY period, dimension, category, indicator").fetchall()}


def test_adding_the_samples_last_files_gives_the_indicators_of_a_full_build(tmp_path):
    """The bundled sample without its three last files, published; then those added (Shymkent's
    October and November, and late corrections repeating earlier rows): incremental ingest and
    indicators equal a full build."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    names = sorted(p.name for p in SAMPLE_INBOX.iterdir())
    for name in names[:-3]:
        shutil.copyfile(SAMPLE_INBOX / name, inbox / name)
    live = tmp_path / "live.duckdb"
    with duckdb.connect(str(live)) as con:
        ingest_inbox(con, inbox, AS_OF)
        build_person_periods(con)
        refresh_indicators(con, empty_targets())
    for name in names[-3:]:
        shutil.copyfile(SAMPLE_INBOX / name, inbox / name)
    previous, why = plan(live, inbox_state(inbox), PROGRAMME_TIMEZONE)
    assert previous is not None, why
    with duckdb.connect(str(live)) as con:
        ingest_inbox(con, inbox, AS_OF, previous)
        build_person_periods(con)
        how = refresh_indicators(con, empty_targets())
        incremental = marts_snapshot(con)
        changed = con.execute("SELECT count(DISTINCT file_name) FROM staging.screening "
                              "WHERE file_name = ANY(?)", [names[-3:]]).fetchall()
    # two of the three brought rows (the corrections are all duplicates)
    assert how.startswith("indicators added to: 3 file(s) not counted yet") and changed == [(2,)]
    with duckdb.connect(str(tmp_path / "full.duckdb")) as con:
        ingest_inbox(con, inbox, AS_OF)
        build_marts(con, empty_targets())
        assert marts_snapshot(con) == incremental


LOOKALIKES_FIRST = [
    HEADER,
    "l1|MAKA11991|2025-03-01|ALA-01|TJK|labour_migrant|work_permit|male|34|none|community|negative||||||",
    "l2|МАКА11991|2025-03-02|ALA-01|TJK|labour_migrant|work_permit|male|34|none|community|negative||||||",  # Cyrillic
    "l3|ХОРА21990|2025-03-03|ALA-01|UZB|labour_migrant|work_permit|female|35|none|community|negative||||||",  # Cyrillic
    "l4|ZZZZ11990|2025-03-04|ALA-01|UZB|labour_migrant|work_permit|male|35|none|community|negative||||||",
]
LOOKALIKES_LATER = [
    HEADER,
    "l5|XOPA21990|2025-04-01|ALA-01|UZB|labour_migrant|work_permit|female|35|none|community|negative||||||",  # Latin
    "l6|MAKA11991|2025-04-02|ALA-01|TJK|labour_migrant|work_permit|male|34|none|community|negative||||||",
]


def publish(tmp_path: Path, lines: list[str]) -> tuple[Path, Path]:
    """An inbox of one March file, published: (inbox, warehouse)."""
    inbox = tmp_path / "inbox"
    write_export(rows_frame("\n".join(lines)), inbox / "a_2025-03.csv", "field_csv")
    live = tmp_path / "live.duckdb"
    with duckdb.connect(str(live)) as con:
        ingest_inbox(con, inbox, AS_OF)
    return inbox, live


def add_april(inbox: Path, live: Path, lines: list[str]):
    """An April file added to the inbox: what an incremental build adds to."""
    write_export(rows_frame("\n".join(lines)), inbox / "b_2025-04.csv", "field_csv")
    previous, why = plan(live, inbox_state(inbox), PROGRAMME_TIMEZONE)
    assert previous is not None, why
    return previous


def test_lookalike_uics_are_folded_once_and_grouped_across_runs(tmp_path):
    inbox, live = publish(tmp_path, LOOKALIKES_FIRST)
    with duckdb.connect(str(live)) as con:
        assert query_rows(con, "checks.uic_lookalikes") == [(1, ["l1", "l2"])]  # MAKA11991 twice
    previous = add_april(inbox, live, LOOKALIKES_LATER)
    folds = "SELECT client_uic, latin FROM staging.uic_folds ORDER BY client_uic"
    with duckdb.connect(str(live)) as con:
        ingest_inbox(con, inbox, AS_OF, previous)
        # XOPA21990 (Latin) now meets ХОРА21990; MAKA11991 again adds no UIC, only a record (l6)
        assert query_rows(con, "checks.uic_lookalikes") == [(2, ["l1", "l2", "l3", "l5", "l6"])]
        incremental = con.execute(folds).fetchall()
    assert len(incremental) == 5 and ("ХОРА21990", "XOPA21990") in incremental
    with duckdb.connect(str(tmp_path / "full.duckdb")) as con:
        ingest_inbox(con, inbox, AS_OF)
        assert con.execute(folds).fetchall() == incremental


COUNTS_FIRST = [
    HEADER,
    "k1|AAAA11990|2025-03-01|ALA-01|TJK|labour_migrant|work_permit|male|34|none|community|negative||||||",
    "k2|AAAA11990|2025-03-09|ALA-01|TJK|labour_migrant|work_permit|male|34|none|mobile|negative||||||",
    "k3|BBBB21985|2025-03-02|ALA-01|UZB|labour_migrant|work_permit|female|40|none|self_test|negative||||||",
    "k4|CCCC11980|2025-03-03|ALA-01|KGZ|labour_migrant|work_permit|male|45|none|community|indeterminate||||||",
]
COUNTS_LATER = [
    HEADER,
    "k5|BBBB21985|2025-04-02|ALA-01|UZB|labour_migrant|work_permit|female|40|none|community|negative||||||",
    "k6|CCCC11980|2025-04-03|ALA-01|KGZ|labour_migrant|work_permit|male|45|none|mobile|positive|no|||||",
    "k7|AAAA11990|2025-04-04|ALA-01|TJK|labour_migrant|work_permit|male|34|none|community|negative||||||",
    "k8|DDDD22000|2025-04-05|ALA-01|RUS|relocant|unknown|female|25|none|community|invalid||||||",
]
KEPT = "SELECT client_uic, valid_tests FROM staging.uic_folds ORDER BY client_uic"
# each UIC's valid tests counted from the accepted records, as the indicator build would
RECOUNTED = ("SELECT client_uic, count(*) FILTER (WHERE is_valid_test(result, test_modality)) FROM staging.screening "
             "GROUP BY client_uic ORDER BY client_uic")


def test_valid_tests_per_uic_are_kept_across_runs(tmp_path):
    inbox, live = publish(tmp_path, COUNTS_FIRST)
    with duckdb.connect(str(live)) as con:
        # a self-test (k3) and an indeterminate result (k4) are accepted records but no valid test
        assert con.execute(KEPT).fetchall() == [("AAAA11990", 2), ("BBBB21985", 0), ("CCCC11980", 0)]
    previous = add_april(inbox, live, COUNTS_LATER)
    expected = [("AAAA11990", 3), ("BBBB21985", 1), ("CCCC11980", 1), ("DDDD22000", 0)]
    with duckdb.connect(str(live)) as con:
        ingest_inbox(con, inbox, AS_OF, previous)
        assert con.execute(KEPT).fetchall() == expected
        assert con.execute(RECOUNTED).fetchall() == expected
    with duckdb.connect(str(tmp_path / "full.duckdb")) as con:
        ingest_inbox(con, inbox, AS_OF)
        assert con.execute(KEPT).fetchall() == expected


def test_indicators_from_kept_counts_equal_indicators_counted_again(tmp_path, monkeypatch):
    from pipelines.lib import incremental
    from pipelines.lib.incremental import counts_current

    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        assert not counts_current(con)  # no build record: nothing was counted
        ingest_inbox(con, SAMPLE_INBOX, AS_OF)
        assert counts_current(con)
        build_marts(con, empty_targets(), kept_counts=False)
        counted = marts_snapshot(con)
        build_marts(con, empty_targets(), kept_counts=True)
        assert marts_snapshot(con) == counted
        # the kept counts are what that build read: wrong ones give other figures
        con.execute("UPDATE staging.uic_folds SET valid_tests = 1")
        build_marts(con, empty_targets(), kept_counts=True)
        assert marts_snapshot(con) != counted
        # counted by another contract (e.g. is_valid_test changed since): not current
        monkeypatch.setattr(incremental, "contract_fingerprint", lambda: "another contract")
        assert not counts_current(con)
