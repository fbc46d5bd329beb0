"""What a reports folder (MH_REPORTS) may hold: the pages replace the whole folder (``build._swap_in``), so
a folder holding anything else, a folder of the officer's own, is refused before anything is written."""

from __future__ import annotations

import re
from pathlib import Path

from pipelines.lib.file_names import name_identifier
from pipelines.lib.settings import SettingError

# the pages and their CSV files (of any period, earlier ones included), the index, the chart images
REPORTS = re.compile(r"index\.html|images|report_.+_(?:en|ru)\.(?:html|csv)")
# what file browsers leave in any folder they show (and hidden files, ".DS_Store"): replacing them loses
# nothing; a hidden folder (".git") may hold work, and is not theirs
LEFT_BY_BROWSERS = {"desktop.ini", "thumbs.db"}


class ReportsFolderNotOurs(SettingError):
    """MH_REPORTS is a file, or a folder holding other files than the reports: a run replaces the reports
    folder whole, so it would delete them (a folder such as Documents would go whole)."""


def check_reports_folder(folder: Path) -> None:
    """Raise ``ReportsFolderNotOurs`` unless ``folder`` is missing, empty or holds only the reports."""
    if not folder.exists():
        return
    if not folder.is_dir():
        raise ReportsFolderNotOurs(f"the reports folder {folder} (MH_REPORTS) is a file, not a folder: it is left as "
                                   "it is and no report is written; set MH_REPORTS to a folder of their own")
    others = sorted(p.name for p in folder.iterdir()
                    if not (REPORTS.fullmatch(p.name) and (p.name == "images") == p.is_dir())
                    and not ((p.name.startswith(".") and not p.is_dir()) or p.name.lower() in LEFT_BY_BROWSERS))
    if others:
        shown = next((repr(n) for n in others if name_identifier(n) is None), "a file whose name carries an identifier")
        raise ReportsFolderNotOurs(
            f"the reports folder {folder} (MH_REPORTS) holds {len(others)} file(s) or folder(s) that are not the "
            f"reports (such as {shown}): the reports replace the whole folder, so it is left as it is and no report "
            "is written. Set MH_REPORTS to a folder of their own (a new or empty one), or move those files out")
