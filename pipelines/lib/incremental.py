"""Whether a run may add the new inbox files to the published warehouse instead of rebuilding it.

Rows are judged in file-name order and a record_id is loaded from its first valid row, so a row's
outcome depends only on the earlier rows of its record_id. New files can therefore be judged against the
published warehouse alone, and the result is the same as a full rebuild (tested), when no published file
sorting after one of them was judged differently for it: none holds a record_id of the new file (checked
once the new files are read: ``OrderConflict``) nor the same bytes (a new file would be loaded and the
published one a duplicate). With files named by site and month, a site's new month sorts before another
site's published files, and is added to them. Anything else rebuilds from the whole
inbox.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import duckdb

from pipelines.lib import uic
from pipelines.lib.countries import country_aliases
from pipelines.lib.file_names import is_withheld
from pipelines.lib.publish import check_ours, open_published
from pipelines.lib.settings import SettingError
from pipelines.lib.sql import SQL_DIR, files_digest, query_rows, sql_path

LIB_DIR = Path(__file__).resolve().parent


def reading_modules(lib_dir: Path = LIB_DIR) -> list[Path]:
    """What makes a file's cells and header and refuses files: ``inbox.py`` and every module of
    pipelines/lib it imports, directly or through another, found in their import statements (so that a
    module added, say one more kind of identifier, is never left out; importing them here would import
    openpyxl at every start-up). This module, which only plans, is not one of them."""
    import ast

    found: dict[str, Path] = {}
    todo = ["inbox"]
    while todo:
        name = todo.pop()
        path = lib_dir / f"{name}.py"
        if name in found or name == "incremental" or not path.is_file():
            continue
        found[name] = path
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):  # from pipelines.lib.x import y; from pipelines.lib import x
                names = ([f"{node.module}.{a.name}" for a in node.names] if node.module == "pipelines.lib"
                         else [node.module or ""])
            elif isinstance(node, ast.Import):  # import pipelines.lib.x
                names = [a.name for a in node.names]
            else:
                continue
            todo.extend(n.removeprefix("pipelines.lib.").split(".")[0] for n in names if n.startswith("pipelines.lib."))
    return sorted(found.values())


@lru_cache(maxsize=1)
def _reading_modules_here() -> tuple[Path, ...]:
    # a run asks for the fingerprint two or three times (~25 ms of parsing each): the modules a process
    # runs do not change while it runs; their bytes are hashed again at every call
    return tuple(reading_modules())


SUITE_DIR = SQL_DIR.parent / "expectations"


def contract_fingerprint(sql_dir: Path = SQL_DIR, suite_dir: Path = SUITE_DIR) -> str:
    """What judged the build's rows: every statement of ``sql/staging/`` (the ingest's SQL), the shared
    macros (``sql/macros/``: the ingest counts each UIC's valid tests by them), the look-alike fold
    (``pipelines/lib/uic.py``), how files are read into cells and which are refused (reading_modules), the
    country spellings and the GX suites (``expectations/``: an incremental build's GX check validates the
    added rows only, the published ones having passed the same suites). A build judged by other rules is
    not added to: a file refused or read otherwise before would stay so, as published files are not read
    again."""
    h = files_digest(sorted((sql_dir / "staging").glob("*.sql")) + sorted((sql_dir / "macros").glob("*.sql"))
                     + sorted(suite_dir.glob("*.json")) + [Path(uic.__file__)] + list(_reading_modules_here()))
    h.update(repr(sorted(country_aliases().items())).encode())
    return h.hexdigest()


@dataclass
class Previous:
    """The published build's files (audit.files rows as dicts) that a run adds to, and the new files that
    sort among them (``OrderConflict`` is looked for only then)."""
    files: list[dict]
    among: list[str] = field(default_factory=list)


class InboxMismatch(SettingError):
    """The inbox holds none of the files the published warehouse was loaded from: a wrong MH_INBOX, or a
    share not mounted. A full rebuild from it would publish an empty or partial warehouse and reports in
    place of the programme's."""


class OrderConflict(Exception):
    """A new file sorting among the published ones shares a record_id with a published file after it:
    the published rows would be judged otherwise in file order, so the build is done again in full."""


def plan(live: Path, state: dict[str, str], timezone: str) -> tuple[Previous | None, str]:
    """(what to add to, or None for a full rebuild; the reason, for the run log). ``timezone``: the programme's,
    which the files are read in (a Parquet timestamp with a zone is dated in it)."""
    if not live.exists():
        return None, "full rebuild: no published warehouse yet"
    with open_published(live) as con:
        check_ours(con, live)
        ((has_build, has_files),) = query_rows(con, "audit.build_present")
        if not (has_build and has_files):
            return None, "full rebuild: the published warehouse has no build record"
        ((fingerprint, future_held, read_in),) = query_rows(con, "audit.build_state")
        files = [dict(zip(("file_name", "sha256", "status", "reason", "rows_read", "rows_accepted", "rows_held",
                           "rows_duplicate", "arrived_at"), r)) for r in query_rows(con, "audit.files_published")]
    if fingerprint != contract_fingerprint():
        return None, ("full rebuild: the contract (its SQL, the look-alike fold, the readers, the country"
                      " names or the GX suite) changed since the last build")
    if read_in != timezone:
        return None, (f"full rebuild: the programme's time zone (MH_TIMEZONE) is {timezone}, the published build's"
                      f" files were read in {read_in}")
    if future_held:
        return None, "full rebuild: rows held as 'in the future' may have come due"
    # the published files rows were loaded from, by hash (a file of the same bytes is a duplicate, never loaded)
    loaded = {f["sha256"]: f["file_name"] for f in files if f["status"] == "loaded"}
    if loaded and not any(name in state for name in loaded.values()):
        raise InboxMismatch(
            f"the inbox holds none of the {len(loaded)} files the published warehouse was loaded from (such as "
            f"{next(iter(loaded.values()))}): nothing is built or published. Check MH_INBOX (and that the folder is "
            "mounted); to build from this inbox alone, move the published warehouse aside first")
    for f in files:
        now = state.get(f["file_name"])
        # a refused or duplicate file gave no rows: taking it out of the inbox changes nothing
        if now != f["sha256"] and (f["status"] == "loaded" or now is not None):
            return None, f"full rebuild: {f['file_name']} was changed or removed since the last build"
    files = [f for f in files if f["file_name"] in state]
    known = {f["file_name"] for f in files}
    new = sorted(set(state) - known)
    last = max(known, default="")
    # a file refused for its name gives no rows: its place in the order changes nothing
    early = [n for n in new if n < last and not is_withheld(n, state[n])]
    for name in early:  # every loaded file is in the inbox unchanged by now
        twin = loaded.get(state[name], "")
        if twin > name:
            return None, (f"full rebuild: {name} has the same bytes as {twin}, which sorts after it and is already"
                          " loaded (file order decides which one is the duplicate)")
    among = f", {len(early)} of them sorting among the published ones" if early else ""
    return Previous(files, early), f"incremental: {len(new)} new file(s) added to {len(files)} published{among}"


def check_sql(con: duckdb.DuckDBPyConnection, name: str) -> tuple[str, bool]:
    """The SQL a check runs on this build, and whether it looks at the added rows only: in an
    incremental build a check with a ``sql/checks/<name>_added.sql`` runs that (the file says why the
    added rows are enough), else ``sql/checks/<name>.sql``."""
    added = f"checks.{name}_added"
    if sql_path(added).is_file() and query_rows(con, "audit.build_mode") == [("incremental",)]:
        return added, True
    return f"checks.{name}", False


def counts_current(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the valid tests the ingest kept per UIC (``staging.uic_folds.valid_tests``) may stand
    for the indicator build's own count: the build's staging was judged, and counted, by the current
    contract, which covers ``sql/macros/`` and so ``is_valid_test`` (a marts-only run after a change of
    the macros counts again)."""
    ((has_build, _),) = query_rows(con, "audit.build_present")
    if not has_build:
        return False
    ((fingerprint, _, _),) = query_rows(con, "audit.build_state")
    return fingerprint == contract_fingerprint()
