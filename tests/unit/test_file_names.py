"""File names that carry direct identifiers are recognised; dates, times and copy counters are not."""

import os

import pytest

from pipelines.lib.file_names import is_withheld, name_identifier, withheld_name
from pipelines.lib.inbox import display_name, unique_names

PHONE, EMAIL, IIN = "phone number", "e-mail address", "IIN (12-digit national identification number)"
NAME = "person's name"


@pytest.mark.parametrize("name, kind", [
    # the names exports really arrive under: none identifying
    ("ala-01_2025-07_field-tool.csv", None),
    ("ast-02_2025-03_with-contacts.csv", None),
    ("resent_ala-01_2025-04.xlsx", None),
    ("ala-01 2025 07 15.csv", None),  # 10 digits with spaces: a date, not a phone
    ("ala-01_2025-07-01 (2).csv", None),  # a copy counter after a date
    ("ala-01 (12) 2025-07.csv", None),
    ("ala-01_2025-07-01_2025-07-31.csv", None),
    ("export_20250701_123045.parquet", None),
    ("export 20250701-123045.csv", None),  # 14 digits with a separator: a timestamp
    ("ala-01 15.07.2025 12.30.csv", None),
    ("2025-07-01 12:30:45.csv", None),
    ("export@ala-01.csv", None),  # no domain: ".csv" is the file type
    ("202507011230.csv", None),  # twelve digits, not a valid IIN (month 25)
    ("a_900101300018.csv", None),  # twelve digits, wrong check digit
    ("export_1733356800.csv", None),  # ten digits of a Unix time (begins with 1): not as a phone is dialled
    ("site_0000123456.csv", None),  # a zero-padded number
    ("ala-01_2025070112.csv", None),  # a date and an hour
    ("site 5011234567.csv", None),  # ten digits not in a Kazakh, Russian or Kyrgyz form
    # identifying
    ("Иванов +7 701 123 45 67.csv", PHONE),
    ("87011234567.xlsx", PHONE),
    ("client_8(701)1234567.csv", PHONE),
    ("ala-01_2025-07 +77011234567 (2).csv", PHONE),
    ("client +7 (701) 123-45-67 (2).csv", PHONE),  # an area code in brackets, then a copy counter
    ("ala-01 (701) 123-45-67.csv", PHONE),
    ("x.+77011234567", PHONE),  # in what would be the file type
    ("site 7011234567.csv", PHONE),  # ten digits as dialled in Kazakhstan (until 2026-12-05 not a phone)
    ("Иванов 7172123456.csv", PHONE),  # an Astana landline
    ("ivanov_9161234567.xlsx", PHONE),  # a Russian mobile
    ("client 0555123456.csv", PHONE),  # a Kyrgyz mobile
    ("ivan.petrov@mail.ru_2025-07.csv", EMAIL),
    ("ivan@mail.ru", EMAIL),
    ("@rustam_92.csv", "messenger or social-network username (@name, t.me/name, vk.com/name)"),
    ("ala-01 t.me_farrukh.csv", None),  # "_" for "/": not a link (a file's name cannot hold a /)
    ("a_900101300017.csv", IIN),
    ("Рахимов_Р.А._2025-03.csv", NAME),  # underscores between the words
    ("ala-01 2025-03 Асан уулу Бакыт.xlsx", NAME),
    ("Karimova Dilnoza Bakhtiyorovna.parquet", NAME),
    ("P.S. Results 2025-03.csv", None),
    ("Rakhimov_Rustam.csv", NAME),  # a name alone, the whole name (until the evening of 2026-12-05 stored)
    ("ИВАНОВА АННА (2).xlsx", NAME),
    ("Rostov_Oblast.csv", None),
    ("Rakhimov_Rustam_2025-03.csv", NAME),  # beside a date or a number, alone still (stored until 2026-12-06)
    ("Рахимов Рустам 2025-07.csv", NAME),
    ("rahimov_rustam_07 (2).xlsx", NAME),
    ("ala-01 Rakhimov Rustam 2025-03.csv", NAME),  # a site's code holds digits: left out like a date
    ("Tursunov Khairullo test results 2025-03.csv", None),  # amid other words a name alone is not recognisable
    ("Rakhimov Rustam test results 2025-03.csv", NAME),  # unless its given name is on the list (until 2026-12-08)
    ("Almaty Mobile 2025-07.csv", None),
    ("late corrections shy-01 2025-12.csv", None),
    # in lower case, as a file saved by hand is often named (until 2026-12-05's last session stored)
    ("rakhimov_rustam.csv", NAME),
    ("иванова анна (2).xlsx", NAME),
    ("karimova_dilnoza_bakhtiyorovna.parquet", NAME),
    ("рахимов_р.а._2025-03.csv", NAME),
    ("ala-01 2025-03 асан уулу бакыт.xlsx", NAME),
    ("rostov_oblast.csv", None),
    ("results_almaty_2025-03.csv", None),
    ("отчет_мигрантов.csv", None),
    ("p.s. results 2025-03.csv", None),
    ("паспорт_AA1234567.xlsx", "passport or ID number"),
    ("ala-01 passport N12345678 2025-03.csv", "passport or ID number"),
    ("passports checked 2025-03.csv", None),
])
def test_name_identifier(name, kind):
    assert name_identifier(name) == kind


def test_a_withheld_name_keeps_only_the_hash_and_the_file_type():
    digest = "0123456789abcdef" * 4
    assert withheld_name("Иванов +7 701 123 45 67.CSV", digest) == "(name withheld) 0123456789ab.csv"
    assert withheld_name("x.+77011234567", digest) == "(name withheld) 0123456789ab"
    assert is_withheld("(name withheld) 0123456789ab.csv", digest)
    assert not is_withheld("(name withheld) 0123456789ab.csv", "f" * 64)  # another file's


def test_names_that_would_be_shared_get_a_copy_counter_no_other_name_has():
    withheld = "(name withheld) 0123456789ab.csv"
    assert unique_names(["a.csv", "a.csv", "a (2).csv", "b", "b", withheld, withheld]) == [
        "a.csv", "a (3).csv", "a (2).csv", "b", "b (2)", withheld, "(name withheld) 0123456789ab (2).csv"]
    assert is_withheld("(name withheld) 0123456789ab (2).csv", "0123456789abcdef" * 4)
    assert unique_names(["x.csv", "y.csv"]) == ["x.csv", "y.csv"]


@pytest.mark.parametrize("text, code", [
    ("Алматы_2025-07.csv", "cp1251"),  # written on a Russian-locale desktop, copied as it was
    ("Алматы_2025-07.csv", "cp866"),  # from a zip archive made by Windows' "compressed folder"
    ("Отчёт №7 «июль».csv", "cp1251"),  # ё, № and quotes: Windows-1251's own signs
    ("Отчёт_июль.csv", "cp866"),
])
def test_a_name_that_is_not_utf8_reads_as_the_code_page_that_gives_russian_letters(tmp_path, text, code):
    raw = os.fsencode(tmp_path) + b"/" + text.encode(code)
    open(raw, "wb").close()
    (path,) = tmp_path.iterdir()
    assert display_name(path) == text


@pytest.mark.parametrize("name, kind", [
    # spaces and dashes of any kind, as a web page or Word writes them (phones so set were not recognised
    # until the night of 2026-12-05)
    ("+7\u00a0701\u00a0555\u201143\u201121.csv", PHONE),
    ("client 8\u2013701\u2013555\u201343\u201321.xlsx", PHONE),
    ("Иванов\u00a0И.\u00a0И..csv", NAME),
    ("rakhimov\u00a0rustam.parquet", NAME),
    ("ala-01 2025\u201307\u201315.csv", None),  # a date with en dashes
    ("ala\u201101\u00a02025\u201307.csv", None),
])
def test_spaces_and_dashes_of_any_kind_in_file_names(name, kind):
    assert name_identifier(name) == kind


@pytest.mark.parametrize("name, kind", [
    # a zero-width space, a soft hyphen, direction marks in a name saved from a messenger (until 2026-12-06 not)
    ("\u202a+7 701 555\u200b43\u200b21\u202c.csv", PHONE),
    ("Рахи\u00adмов Рустам.xlsx", NAME),
    ("ala-01\u200b 2025-07.csv", None),
])
def test_format_characters_in_file_names(name, kind):
    assert name_identifier(name) == kind


@pytest.mark.parametrize("name, kind", [
    ("ул Абая 12 кв 5.csv", "address"), ("ala-01 ul_Abaya_12_kv_5.xlsx", None),  # Latin "ul" is no street's word
    ("Abay street 12 apt 5.csv", "address"), ("ala-01 2025 кв 3.csv", None),
    ("дата рождения 15.03.1990.xlsx", "date of birth"), ("ala-01 15.03.2025.csv", None),
    # "д.р." capitalised reads as initials: the date of birth is named (until 2026-12-07 a person's name)
    ("д.р. 15.03.1990.csv", "date of birth"), ("site_2025-02 звонить д.р. 01.01.2000 вечером.csv", "date of birth"),
])
def test_an_address_or_a_date_of_birth_in_a_file_name(name, kind):
    assert name_identifier(name) == kind


@pytest.mark.parametrize("name, kind", [
    ("mama 90 123 45 67.csv", PHONE),  # as written at home in Uzbekistan (until the night of 2026-12-05 not)
    ("client (93) 123-45-67.xlsx", PHONE),
    ("ala-01 2025 07 15 123.csv", None),
    ("ala-01_123_456_789.csv", None),
])
def test_nine_digit_numbers_in_file_names(name, kind):
    assert name_identifier(name) == kind


def test_an_e_mail_address_in_a_cyrillic_domain_in_a_file_name():
    assert name_identifier("иван@почта.рф_2025-07.csv") == EMAIL
    assert name_identifier("иван@почта.csv") is None  # ".csv" is the file type
