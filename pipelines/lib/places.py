"""Where the pipeline writes kept apart from the inbox it reads: a file it writes directly in the inbox folder
would be read by the next run as an inbox file (refused, and changing at every run, so every run would
rebuild in full: tried with the warehouse there)."""

from __future__ import annotations

from pathlib import Path

from pipelines.lib.publish import lock_path
from pipelines.lib.settings import SettingError


class InsideInbox(SettingError):
    """A setting puts what the pipeline writes directly in the inbox folder."""


def check_apart(inbox: Path, warehouse: Path, reports: Path, alerts: Path) -> None:
    """Raise ``InsideInbox`` if the warehouse (and the files beside it), the reports folder or the alerts
    folder is the inbox folder itself (a folder inside it is fine: only files directly in the inbox are read)."""
    home = inbox.resolve()
    wrong = [setting for setting, folder in (("MH_WAREHOUSE", warehouse.parent), ("MH_REPORTS", reports),
                                             ("MH_ALERTS", alerts)) if folder.resolve() == home]
    if wrong:
        lock = lock_path(warehouse)  # taken before the first step, so already there
        made = "MH_WAREHOUSE" in wrong and lock.exists()
        tidy = f", and remove {lock.name}, which this run made there" if made else ""
        raise InsideInbox(f"{' and '.join(wrong)} put{'s' if len(wrong) == 1 else ''} what the pipeline writes in "
                          f"the inbox folder {inbox} (MH_INBOX), where the next run would read it as inbox files: "
                          f"nothing is built or published. Set {'it' if len(wrong) == 1 else 'them'} to a folder "
                          f"outside the inbox{tidy}")
