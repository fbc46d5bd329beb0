"""A published build is added to only when the rules that judged it are the current ones."""

import shutil
from pathlib import Path

from pipelines.lib.incremental import contract_fingerprint
from pipelines.lib.sql import SQL_DIR


def test_any_file_of_the_ingest_sql_changes_the_fingerprint(tmp_path: Path):
    shutil.copytree(SQL_DIR / "staging", tmp_path / "staging")
    same = contract_fingerprint(tmp_path)
    assert same == contract_fingerprint() == contract_fingerprint(tmp_path)
    # held_raw.sql writes the text of rows held for a conflict: it shapes the build like the rules do
    held_raw = tmp_path / "staging" / "held_raw.sql"
    held_raw.write_text("-- another rule\n" + held_raw.read_text())
    changed = contract_fingerprint(tmp_path)
    assert changed != same
    (tmp_path / "staging" / "new_rule.sql").write_text("SELECT 1")  # a file added counts too
    assert contract_fingerprint(tmp_path) not in (same, changed)
