"""pipelines/lib/report/folder.py: the reports replace their whole folder, so one holding other files is
refused before anything is written (until 2026-12-06 MH_REPORTS set to a folder of one's own, say Documents,
lost its files at the first run)."""

import pytest

from pipelines.lib.report.folder import ReportsFolderNotOurs, check_reports_folder
from pipelines.lib.settings import SettingError


def test_a_missing_empty_or_reports_only_folder_may_be_replaced(tmp_path):
    check_reports_folder(tmp_path / "missing")
    check_reports_folder(tmp_path)
    for name in ("index.html", "report_2025-Q1_en.html", "report_all_ru.csv", "report_2019-07_ru.html",
                 ".DS_Store", "desktop.ini", "Thumbs.db"):
        (tmp_path / name).write_text("x")
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "images.json").write_text("{}")
    check_reports_folder(tmp_path)


@pytest.mark.parametrize("name, shown", [
    ("letter.docx", "'letter.docx'"),
    ("report_2025-Q1_de.html", "'report_2025-Q1_de.html'"),  # no language of the reports'
    ("Rakhimov Rustam.xlsx", "a file whose name carries an identifier"),
])
def test_a_folder_holding_other_files_is_refused_naming_one(tmp_path, name, shown):
    (tmp_path / "index.html").write_text("x")
    (tmp_path / name).write_text("x")
    with pytest.raises(ReportsFolderNotOurs) as refused:
        check_reports_folder(tmp_path)
    assert str(refused.value) == (
        f"the reports folder {tmp_path} (MH_REPORTS) holds 1 file(s) or folder(s) that are not the reports (such as "
        f"{shown}): the reports replace the whole folder, so it is left as it is and no report is written. Set "
        "MH_REPORTS to a folder of their own (a new or empty one), or move those files out")
    assert isinstance(refused.value, SettingError)  # the failure alert says it


def test_a_file_where_the_folder_should_be_or_an_images_file_is_refused(tmp_path):
    (tmp_path / "reports").write_text("x")
    with pytest.raises(ReportsFolderNotOurs, match=r"\(MH_REPORTS\) is a file, not a folder"):
        check_reports_folder(tmp_path / "reports")
    (tmp_path / "r").mkdir()
    (tmp_path / "r" / "images").write_text("x")
    (tmp_path / "r" / "Мои отчёты").mkdir()
    (tmp_path / "r" / ".git").mkdir()  # a hidden folder may hold work; a hidden file is a browser's
    with pytest.raises(ReportsFolderNotOurs, match=r"holds 3 file\(s\) or folder\(s\) that are not the reports"):
        check_reports_folder(tmp_path / "r")
