"""The report's methods table: every indicator under the page's own name, in the page's language."""

import re

from pipelines.lib.report.methods import methods_html


def cells(html: str) -> list[list[str]]:
    body = html[html.index("<tbody>"):html.index("</tbody>")]
    return [re.findall(r"<td>(.*?)</td>", row) for row in re.findall(r"<tr>(.*?)</tr>", body)]


def test_russian_names_and_standards():
    # until 2026-12-06 the Russian table named each indicator by its code ("positivity") and gave two
    # standards in English ("second 95", "programme target")
    rows = cells(methods_html("ru"))
    assert [r[0] for r in rows[:5]] == ["Тесты (tests)", "Протестировано человек (people_tested)",
                                        "ВИЧ-положительные (positives)", "Новые диагнозы (new_diagnoses)",
                                        "Доля положительных (positivity)"]
    assert [r[3] for r in rows if not r[3].startswith(("ВОЗ", "PEPFAR"))] == ["ЮНЭЙДС: второе 95", "цель программы"]
    # WHO's codes under its Russian name, as the text above the table writes it (until 2026-12-06 "WHO HTS.2")
    assert [r[3] for r in rows if "HTS" in r[3] or "ART" in r[3]] == [
        "ВОЗ HTS.2", "PEPFAR MER HTS_TST", "PEPFAR MER HTS_TST_POS", "ВОЗ HTS.3", "ВОЗ HTS.3", "ВОЗ HTS.4",
        "ВОЗ ART.6", "PEPFAR MER TX_PVLS / ВОЗ ART.3"]
    assert "WHO" not in methods_html("ru")
    assert "<th scope='col'>Показатель</th>" in methods_html("ru")


def test_english_names_carry_the_code_only_where_it_differs():
    names = [r[0] for r in cells(methods_html("en"))]
    assert names[:4] == ["Tests", "People tested", "HIV-positive people (positives)", "New diagnoses"]
    assert names[-1] == "Coverage against target (coverage)"
    assert "<th scope='col'>Indicator</th>" in methods_html("en")
