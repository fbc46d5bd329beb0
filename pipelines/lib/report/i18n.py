"""Labels and number formats of the donor report, in English and Russian."""

from __future__ import annotations

import math

from pipelines.lib.countries import country_names
from pipelines.lib.disclosure_cells import SMALL_MARK

LANGS = ("en", "ru")

WITHHELD = SMALL_MARK  # "<5", in both languages and every table, chart and CSV

TEXT: dict[str, dict[str, str]] = {
    "title": {"en": "Migrant Health: HIV testing and care among migrants in Kazakhstan",
              "ru": "Migrant Health: тестирование на ВИЧ и лечение среди мигрантов в Казахстане"},
    "period": {"en": "Reporting period", "ru": "Отчётный период"},
    "csv_table": {"en": "Table", "ru": "Таблица"},
    "csv_row": {"en": "Row", "ru": "Строка"},  # the CSV's name of a table's unnamed first column
    "period_all": {"en": "Whole programme", "ru": "Вся программа"},
    "index_title": {"en": "Migrant Health reports", "ru": "Отчёты Migrant Health"},
    # self-tests, indeterminate and invalid results are accepted rows, but no period has a page for them alone
    "no_pages": {"en": "No valid test (a negative or positive result, not a self-test) has been accepted yet, "
                       "so there is no report page.",
                 "ru": "Пока не принят ни один валидный тест (отрицательный или положительный результат, не "
                       "самотест), поэтому страниц отчёта нет."},
    "release": {"en": "release", "ru": "выпуск"},
    "headline": {"en": "Headline figures", "ru": "Основные показатели"},
    "change": {"en": "change from {period}", "ru": "изменение к периоду «{period}»"},
    "trend": {"en": "Positivity over time", "ru": "Доля положительных результатов во времени"},
    "nnt": {"en": "Number needed to test", "ru": "Число протестированных на одно выявление"},
    "nnt_note": {"en": "people tested per HIV-positive person found",
                 "ru": "сколько человек протестировано на одного выявленного ВИЧ-положительного"},
    "breakdowns": {"en": "Breakdowns", "ru": "Разбивки"},
    "cascade": {"en": "Care cascade", "ru": "Каскад помощи"},
    "coverage": {"en": "Coverage against target", "ru": "Охват относительно цели"},
    "quality": {"en": "Data quality", "ru": "Качество данных"},
    "methods": {"en": "Methods and definitions", "ru": "Методы и определения"},
    "tests": {"en": "Tests", "ru": "Тесты"},
    "people_tested": {"en": "People tested", "ru": "Протестировано человек"},
    "positives": {"en": "HIV-positive people", "ru": "ВИЧ-положительные"},
    "new_diagnoses": {"en": "New diagnoses", "ru": "Новые диагнозы"},
    "positivity": {"en": "Positivity", "ru": "Доля положительных"},
    "linked": {"en": "Linked to care", "ru": "Связаны с медицинской помощью"},
    "on_art": {"en": "On ART", "ru": "Получают АРТ"},
    "vl_tested": {"en": "Viral load tested", "ru": "Прошли тест на вирусную нагрузку"},
    "vl_suppressed": {"en": "Virally suppressed", "ru": "С подавленной вирусной нагрузкой"},
    "category": {"en": "Category", "ru": "Категория"},
    "value": {"en": "Value", "ru": "Значение"},
    "ci": {"en": "95 % CI", "ru": "95 % ДИ"},
    "count": {"en": "Number", "ru": "Число"},
    "of": {"en": "of", "ru": "из"},
    "month": {"en": "Month", "ru": "Месяц"},
    "suppressed_note": {
        "en": "<5: a number from 1 to 4, or a number withheld so that such a number cannot be worked out from "
              "the others. “withheld”: a number withheld for that reason which the published figures themselves "
              "show to be 5 or more (the tests, for instance, are at least the people tested), or a percentage "
              "built on a withheld number. Zero is shown as 0, except in a step of the care cascade whose "
              "percentage is withheld: its number is withheld with it.",
        "ru": "<5: число от 1 до 4 или число, скрытое, чтобы такое число нельзя было вычислить из других. "
              "«скрыто»: число, скрытое по той же причине, которое, как видно из опубликованных чисел, не меньше "
              "5 (например, тестов не меньше, чем протестированных людей), или процент, основанный на скрытом "
              "числе. Ноль показан как 0, кроме шага каскада помощи со скрытым процентом: его число скрыто "
              "вместе с ним."},
    "withheld": {"en": "withheld", "ru": "скрыто"},
    "files": {"en": "Files received", "ru": "Получено файлов"},
    "file": {"en": "File", "ru": "Файл"},
    "status": {"en": "Status", "ru": "Статус"},
    "rows_read": {"en": "Rows read", "ru": "Строк прочитано"},
    "rows_accepted": {"en": "Accepted", "ru": "Принято"},
    "rows_held": {"en": "Held back", "ru": "Отложено"},
    "rows_duplicate": {"en": "Duplicates", "ru": "Дубликаты"},
    "held_by_reason": {"en": "Rows held back, by column", "ru": "Отложенные строки по столбцам"},
    "column": {"en": "Column", "ru": "Столбец"},
    "held_other_columns": {"en": "Other columns (1 to 4 rows each)", "ru": "Другие столбцы (от 1 до 4 строк в каждом)"},
    "small_each": {"en": "<5 each", "ru": "<5 в каждом"},  # not "<5" alone: it would read as their sum
    "held_columns_withheld": {"en": "Not shown: the total would show how many each column held",
                              "ru": "Не показано: по итогу можно было бы узнать число строк в каждом столбце"},
    "pp": {"en": "pp", "ru": "п.\u00a0п."},
    "status_loaded": {"en": "loaded", "ru": "загружен"},
    "status_duplicate": {"en": "duplicate (same bytes re-sent)", "ru": "повтор (тот же файл)"},
    "status_refused": {"en": "refused", "ru": "отклонён"},
    # a file's month is that of its latest accepted test: one none of whose rows was accepted is not counted
    "late_files": {"en": "Late files adding tests (arrived after their month's report day)",
                   "ru": "Файлы с опозданием, добавившие тесты (получены после дня отчёта за их месяц)"},
    "target": {"en": "Target", "ru": "Цель"},
    "all_people": {"en": "All people tested", "ru": "Все протестированные"},
    "dimension": {"en": "Breakdown", "ru": "Разбивка"},
    "no_target": {"en": "No target configured for this period.", "ru": "Цель на этот период не задана."},
    "coverage_in_progress": {"en": "The period is in progress: people tested so far against the whole period's target.",
                             "ru": "Период не завершён: протестированные на сегодня относительно цели на весь период."},
    "language": {"en": "Русский", "ru": "English"},
    "generated": {"en": "Generated", "ru": "Сформирован"},
    "period_in_progress": {"en": "in progress: tests to {day}", "ru": "период не завершён: тесты по {day}"},
    "period_provisional": {"en": "provisional: files for this period are due on {day}",
                           "ru": "предварительные данные: срок сдачи файлов за период — {day}"},
    "period_in_progress_short": {"en": "in progress", "ru": "не завершён"},
    "period_provisional_short": {"en": "provisional", "ru": "предварительно"},
    "chart_alt": {"en": "Chart; the same numbers are in the table below it.",
                  "ru": "Диаграмма; те же числа приведены в таблице под ней."},
    "kaz": {"en": "In Kazakhstan", "ru": "В Казахстане"},
    "home_remote": {"en": "Remote, home country", "ru": "Дистанционно, в стране происхождения"},
    "not_linked": {"en": "Not linked", "ru": "Не связаны"},
    "sites": {"en": "Testing by site", "ru": "Тестирование по площадкам"},
}

DIMENSIONS = {
    "country_of_origin": {"en": "Country of origin", "ru": "Страна происхождения"},
    "migrant_group": {"en": "Migrant group", "ru": "Группа мигрантов"},
    "residence_status": {"en": "Residence status", "ru": "Статус пребывания"},
    "key_population": {"en": "Key population", "ru": "Ключевая группа"},
    "sex": {"en": "Sex", "ru": "Пол"},
    "age_band": {"en": "Age band", "ru": "Возрастная группа"},
    "site_code": {"en": "Site", "ru": "Площадка"},
    "care_location": {"en": "Care location", "ru": "Место получения помощи"},
}

CATEGORIES = {
    "labour_migrant": {"en": "Labour migrant", "ru": "Трудовой мигрант"},
    "relocant": {"en": "Relocant", "ru": "Релокант"},
    "kandas": {"en": "Kandas (returning ethnic Kazakh)", "ru": "Кандас"},
    "family_member": {"en": "Family member", "ru": "Член семьи"},
    "student": {"en": "Student", "ru": "Студент"},
    "other": {"en": "Other", "ru": "Другое"},
    "work_permit": {"en": "Work permit", "ru": "Разрешение на работу"},
    "temporary_residence": {"en": "Temporary residence", "ru": "Временное проживание"},
    "permanent_residence": {"en": "Permanent residence", "ru": "Постоянное проживание"},
    "citizen_kandas": {"en": "Citizen (kandas)", "ru": "Гражданин (кандас)"},
    "undocumented": {"en": "Undocumented", "ru": "Без документов"},
    "unknown": {"en": "Unknown", "ru": "Неизвестно"},
    "pwid": {"en": "People who inject drugs", "ru": "Люди, употребляющие инъекционные наркотики"},
    "sw": {"en": "Sex workers", "ru": "Секс-работники"},
    "msm": {"en": "Men who have sex with men", "ru": "Мужчины, практикующие секс с мужчинами"},
    "tg": {"en": "Transgender people", "ru": "Трансгендерные люди"},
    "prisoner": {"en": "People in prisons", "ru": "Люди в местах лишения свободы"},
    "none": {"en": "Not in a key population", "ru": "Вне ключевых групп"},
    "male": {"en": "Male", "ru": "Мужчины"},
    "female": {"en": "Female", "ru": "Женщины"},
    "KAZ": TEXT["kaz"], "home_remote": TEXT["home_remote"], "not_linked": TEXT["not_linked"],
    "50+": {"en": "50+", "ru": "50+"},
}


def t(key: str, lang: str) -> str:
    return TEXT[key][lang]


def category_label(dimension: str, category: str, lang: str) -> str:
    if dimension == "country_of_origin":
        return country_names()[lang].get(category, category)
    if dimension == "sex" and category == "other":
        return {"en": "Other", "ru": "Другой"}[lang]
    return CATEGORIES.get(category, {}).get(lang, category)


def period_label(period: str, lang: str) -> str:
    if period == "all":
        return t("period_all", lang)
    if "-Q" in period:
        year, q = period.split("-Q")
        return f"Q{q} {year}" if lang == "en" else f"{q}-й квартал {year} г."
    year, month = period.split("-")
    en = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
    ru = ["январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь",
          "октябрь", "ноябрь", "декабрь"]
    return f"{en[int(month) - 1]} {year}" if lang == "en" else f"{ru[int(month) - 1]} {year} г."


def fmt_int(v: float | int | None, lang: str) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "–"
    s = f"{int(round(v)):,}"
    return s.replace(",", "\u00a0") if lang == "ru" else s


def fmt_pct(v: float | None, lang: str, digits: int = 1) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "–"
    s = f"{100 * v:,.{digits}f}"
    if lang == "ru":
        s = s.replace(",", "\u00a0").replace(".", ",")
    return s + "\u00a0%"


def withheld_text(mark: str | None, lang: str) -> str:
    """A withheld number as its mark (report.indicators.mark) says: "<5", or "withheld" where the published
    figures show it to be 5 or more."""
    return WITHHELD if mark == WITHHELD else t("withheld", lang)
