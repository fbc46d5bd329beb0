"""A published build is added to only when the rules that judged it and the definitions that built
its indicators are the current ones."""

import shutil
from pathlib import Path

from pipelines.lib import incremental, marts
from pipelines.lib.incremental import contract_fingerprint
from pipelines.lib.marts import definition_fingerprint
from pipelines.lib.sql import SQL_DIR


def test_any_file_of_the_ingest_sql_changes_the_fingerprint(tmp_path: Path):
    for layer in ("staging", "macros"):
        shutil.copytree(SQL_DIR / layer, tmp_path / layer)
    same = contract_fingerprint(tmp_path)
    assert same == contract_fingerprint() == contract_fingerprint(tmp_path)
    # held_raw.sql writes the text of rows held for a conflict: it shapes the build like the rules do
    held_raw = tmp_path / "staging" / "held_raw.sql"
    held_raw.write_text("-- another rule\n" + held_raw.read_text())
    changed = contract_fingerprint(tmp_path)
    assert changed != same
    (tmp_path / "staging" / "new_rule.sql").write_text("SELECT 1")  # a file added counts too
    added = contract_fingerprint(tmp_path)
    assert added not in (same, changed)
    # the ingest counts each UIC's valid tests by is_valid_test: another validity is another contract
    macros = tmp_path / "macros" / "indicators.sql"
    macros.write_text(macros.read_text().replace("result IN ('negative', 'positive')", "result = 'positive'"))
    assert contract_fingerprint(tmp_path) not in (same, changed, added)


def test_the_gx_suites_are_part_of_the_contract(tmp_path: Path):
    # an incremental build's GX check validates only the rows it adds: rows published under another
    # suite would never meet the changed one
    shutil.copytree(incremental.SUITE_DIR, tmp_path / "expectations")
    same = contract_fingerprint(suite_dir=tmp_path / "expectations")
    assert same == contract_fingerprint()
    suite = tmp_path / "expectations" / "staging.screening.json"
    text = suite.read_text()
    assert '"max_value": 100' in text
    suite.write_text(text.replace('"max_value": 100', '"max_value": 110'))
    assert contract_fingerprint(suite_dir=tmp_path / "expectations") != same


def test_the_readers_are_part_of_the_contract(monkeypatch):
    # a file refused, or read into other cells, by the readers before stays so in a build added to
    read: list[Path] = []
    real = incremental.files_digest
    monkeypatch.setattr(incremental, "files_digest", lambda paths: read.extend(paths) or real(paths))
    contract_fingerprint()
    names = {p.name for p in read}
    for module in ("readers.py", "csv_reader.py", "text_encoding.py", "scanned_file.py", "csv_misfits.py",
                   "xlsx_reader.py", "xlsx_sheet.py", "cells.py", "contract.py", "identifiers.py", "file_names.py",
                   "inbox.py", "uic.py", "header_again.py",
                   # the kinds of identifier: a form newly recognised must refuse a published file too
                   "person_names.py", "document_numbers.py", "phone_numbers.py", "header_words.py"):
        assert module in names
    assert all(p.is_file() for p in read)


def test_a_module_the_reading_comes_to_import_joins_the_contract(tmp_path: Path):
    lib = tmp_path / "lib"
    shutil.copytree(incremental.LIB_DIR, lib, ignore=shutil.ignore_patterns("__pycache__"))
    before = {p.name for p in incremental.reading_modules(lib)}
    assert "incremental.py" not in before and "marts.py" not in before  # planning and indicators: not reading
    # one more kind of identifier, imported inside a function, and a module imported whole
    identifiers = lib / "identifiers.py"
    identifiers.write_text(identifiers.read_text() + "\n\ndef _more(text):\n"
                           "    from pipelines.lib.bank_cards import card_in\n    return card_in(text)\n")
    (lib / "bank_cards.py").write_text("import pipelines.lib.luhn\n\n\ndef card_in(text):\n    return False\n")
    (lib / "luhn.py").write_text("")
    after = {p.name for p in incremental.reading_modules(lib)}
    assert after - before == {"bank_cards.py", "luhn.py"}


def test_any_file_of_the_indicator_definitions_changes_their_fingerprint(tmp_path: Path):
    for layer in ("macros", "marts"):
        shutil.copytree(SQL_DIR / layer, tmp_path / layer)
    same = definition_fingerprint(tmp_path)
    assert same == definition_fingerprint()
    age_bands = tmp_path / "macros" / "indicators.sql"
    age_bands.write_text(age_bands.read_text().replace("WHEN age < 15 THEN '<15'", "WHEN age < 18 THEN '<18'"))
    assert definition_fingerprint(tmp_path) != same


def test_the_module_that_runs_the_indicator_sql_changes_their_fingerprint(tmp_path: Path):
    # marts.py chooses which statements make the cells and with what: a change there is another build
    for layer in ("macros", "marts"):
        shutil.copytree(SQL_DIR / layer, tmp_path / layer)
    module = tmp_path / "marts.py"
    shutil.copyfile(marts.__file__, module)
    same = definition_fingerprint(tmp_path, module)
    assert same == definition_fingerprint()
    module.write_text(module.read_text().replace('run_sql(con, "marts.repeat_testers_kept")',
                                                 'run_sql(con, "marts.repeat_testers", {"tests": tests})'))
    assert definition_fingerprint(tmp_path, module) != same
