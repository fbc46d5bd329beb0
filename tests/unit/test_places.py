"""pipelines/lib/places.py: what the pipeline writes is never put in the inbox folder it reads (until
2026-12-06 a warehouse there was read as two refused inbox files, changed at every run: every run rebuilt in
full)."""

import pytest

from pipelines.lib.places import InsideInbox, check_apart
from pipelines.lib.settings import SettingError


def test_places_outside_the_inbox_or_in_a_folder_of_it_pass(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    check_apart(inbox, tmp_path / "warehouse" / "wh.duckdb", tmp_path / "reports", tmp_path / "alerts")
    # a folder inside the inbox is not read (only files directly in it are)
    check_apart(inbox, inbox / "warehouse" / "wh.duckdb", inbox / "reports", inbox / "alerts")


def test_the_warehouse_or_alerts_in_the_inbox_folder_are_refused(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "wh.run.lock").touch()  # the run's lock, taken before its first step
    with pytest.raises(InsideInbox) as inside:
        check_apart(inbox, inbox / "wh.duckdb", tmp_path / "reports", tmp_path / "alerts")
    assert str(inside.value) == (
        f"MH_WAREHOUSE puts what the pipeline writes in the inbox folder {inbox} (MH_INBOX), where the next run would "
        "read it as inbox files: nothing is built or published. Set it to a folder outside the inbox, and remove "
        "wh.run.lock, which this run made there")
    assert isinstance(inside.value, SettingError)  # the failure alert says it
    with pytest.raises(InsideInbox, match=r"^MH_REPORTS and MH_ALERTS put what .* Set them to a folder outside the "
                                          r"inbox$"):
        check_apart(inbox / ".", tmp_path / "wh.duckdb", inbox, tmp_path / "inbox" / ".." / "inbox")
