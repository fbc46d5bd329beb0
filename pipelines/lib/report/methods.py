"""The methods note of the donor report: definitions, standards, suppression."""

from __future__ import annotations

import html

from pipelines.lib.report.i18n import t

# indicator: (standard, (numerator, denominator) in English, the same in Russian)
ROWS = {
    "tests": ("WHO HTS.2", ("valid tests (negative or positive result, not a self-test)", "—"),
              ("валидные тесты (отрицательный или положительный результат, не самотест)", "—")),
    "people_tested": ("PEPFAR MER HTS_TST", ("people (distinct UIC) with a valid test", "—"),
                      ("люди (уникальный UIC) с валидным тестом", "—")),
    "positives": ("PEPFAR MER HTS_TST_POS", ("people with a positive valid test", "—"),
                  ("люди с положительным валидным тестом", "—")),
    "new_diagnoses": ("WHO HTS.3", ("positive people not all of whose positive tests were already known", "—"),
                      ("положительные, чей диагноз не был известен ранее", "—")),
    "positivity": ("WHO HTS.3", ("positive people", "people tested"), ("положительные", "протестированные")),
    "linked": ("WHO HTS.4", ("positive people registered with HIV care", "positive people"),
               ("положительные, взятые под наблюдение", "положительные")),
    "on_art": ("UNAIDS: second 95", ("positive people who started ART", "positive people"),
               ("положительные, начавшие АРТ", "положительные")),
    "vl_tested": ("WHO ART.6", ("people on ART with a viral-load result", "people on ART"),
                  ("получающие АРТ с результатом ВН", "получающие АРТ")),
    "vl_suppressed": ("PEPFAR MER TX_PVLS / WHO ART.3",
                      ("people whose latest viral load is < 1,000 copies/mL", "people VL tested"),
                      ("люди с последней ВН < 1000 копий/мл", "с тестом на ВН")),
    "coverage": ("programme target", ("people tested", "programme target for the period"),
                 ("протестированные", "цель программы на период")),
}
# the standards named in words, in Russian; the others are an organisation's codes, WHO's as "ВОЗ" as the
# text says (PEPFAR's name is the same in Russian)
_STANDARDS_RU = {"UNAIDS: second 95": "ЮНЭЙДС: второе 95", "programme target": "цель программы"}


def _standard(std: str, lang: str) -> str:
    return std if lang == "en" else _STANDARDS_RU.get(std, std.replace("WHO", "ВОЗ"))


TEXT = {
    "en": """<p>A person is a distinct unique identifier code (UIC) and counts once per period, under the
attributes of their earliest valid test in the period; tests count under their own row's attributes, so
tests and people need not be proportional. The care cascade of a positive person comes from their positive
valid tests in the period only. Care location belongs to the person (earliest linked positive test).
Indeterminate and invalid results and self-tests are recorded but counted in no indicator.
Every proportion carries a Wilson score 95 % confidence interval (z = 1.96). Where PEPFAR MER and WHO
definitions differ, the programme follows the rule stated here.</p>
<p><strong>Disclosure control.</strong> A count from 1 to 4 is shown as &lt;5 and every percentage built on it
is withheld; zero stays visible. Further cells are withheld, smallest first, wherever published numbers add
up (categories to their total, months to their quarter, numerator and complement to denominator) so that
no withheld number can be worked out from published ones, by adding and subtracting several sums or by
bounds that hold by definition (people tested are at most the tests, the linked at most the positives),
nor by using that counts are whole numbers. Such cells read &lt;5 as well, or “withheld” where the published
numbers themselves show them to be 5 or more. No result about HIV-positive people is published by
site, and key population is never cross-tabulated with country, age or sex.</p>
<p><strong>Periods.</strong> Months and quarters are by test date. A period is marked <em>in progress</em>
while it lasts (its counts are then not compared with the period before it) and <em>provisional</em> until
its files are due, on the programme's report day of the month after it. A file that arrives later can still
revise a period's figures.</p>""",
    "ru": """<p>Человек — это уникальный код идентификации клиента (UIC); в каждом периоде он учитывается один раз,
по признакам своего первого валидного теста в периоде; тесты учитываются по признакам своей строки, поэтому
число тестов и людей не обязательно пропорционально. Каскад помощи положительного человека строится только по
его положительным валидным тестам в периоде. Место получения помощи относится к человеку (первый его
положительный тест с датой связи с медицинской помощью). Неопределённые и недействительные результаты и
самотесты учитываются, но не входят ни в один показатель. Для каждой доли приведён 95 % доверительный интервал
Уилсона (z = 1,96). Где определения PEPFAR MER и ВОЗ расходятся, программа следует указанному здесь правилу.</p>
<p><strong>Защита от раскрытия.</strong> Число от 1 до 4 показывается как &lt;5, и все проценты на его основе
скрываются; ноль остаётся видимым. Дополнительные ячейки скрываются, начиная с наименьших, везде, где
опубликованные числа складываются (категории в итог, месяцы в квартал, числитель и дополнение в знаменатель),
чтобы ни одно скрытое число нельзя было получить из опубликованных, сочетая несколько таких сумм или
границы, верные по определению (протестированных людей не больше, чем тестов, связанных с медицинской помощью не
больше, чем положительных), ни с учётом того, что числа целые. Такие ячейки тоже показаны как &lt;5 или как
«скрыто», если сами опубликованные числа показывают, что они не меньше 5. Результаты о ВИЧ-положительных
людях не публикуются по площадкам, а ключевая группа никогда не сочетается со страной, возрастом или полом.</p>
<p><strong>Периоды.</strong> Месяцы и кварталы определяются по дате теста. Период отмечен как
<em>не завершён</em>, пока он идёт (его числа тогда не сравниваются с предыдущим периодом), и как
<em>предварительные данные</em> до срока сдачи его файлов — дня отчёта программы в следующем месяце. Файл,
полученный позже, может ещё изменить показатели периода.</p>""",
}


def _name(indicator: str, lang: str) -> str:
    """The page's name of an indicator, and its code (the CSV's and the warehouse's) where the name is another."""
    name = t(indicator, lang)
    return name if name.lower() == indicator.replace("_", " ") else f"{name} ({indicator})"


def methods_html(lang: str) -> str:
    """The methods section; each indicator under the name the page gives it, with its code (the CSV's and
    the warehouse's), the standards in the page's language."""
    header = ("Indicator", "Numerator", "Denominator", "Standard") if lang == "en" else (
        "Показатель", "Числитель", "Знаменатель", "Стандарт")
    head = "<tr>" + "".join(f"<th scope='col'>{h}</th>" for h in header) + "</tr>"
    rows = "".join(
        f"<tr><td>{html.escape(_name(k, lang))}</td>"
        + "".join(f"<td>{html.escape(v)}</td>" for v in (*(en if lang == "en" else ru), _standard(std, lang)))
        + "</tr>"
        for k, (std, en, ru) in ROWS.items())
    title = t("methods", lang)
    return (f'<section id="methods"><h2>{title}</h2>{TEXT[lang]}'
            f'<table class="words"><caption>{title}</caption><thead>{head}</thead><tbody>{rows}</tbody>'
            "</table></section>")
