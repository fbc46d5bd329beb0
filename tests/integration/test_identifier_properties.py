"""Property-based: a phone number (Kazakh, Russian, Tajik, Kyrgyz and Uzbek forms, with or without separators,
brackets or dots, ten digits as dialled at home or nine as written at home in Central Asia), a
valid Kazakh IIN, an e-mail address, a messenger's username, a person's name (with a patronymic, a Kyrgyz,
Kazakh or Uzbek "son/daughter of", or initials; a surname and a given name alone as an id, the only note or
the file's name) or a passport number after the document's word
in any row of any format, typed alone into a contract column (an id, a site's code, a date, a code typed in words:
until 2026-12-07 a phone number or a name alone in a date column, or a name alone in a coded one, was held back
with its row and stored so), amid words into a note, or into the file's name,
its spaces and hyphens as typed or as no-break spaces and en dashes, or soft hyphens amid it, refuses its file whole, in one part or a
later one: the reason names the column (or the name), the row and the kind of identifier, a file so named is
known only by its hash, nothing of the file (least of all the identifier) is in the warehouse, and a clean file
beside it loads. It found numbers with the area code in brackets unrecognised (mended with it), and phones and
names set with no-break spaces or en dashes, or holding soft hyphens (mended with ``typed_text``), and "д.р." in a file's
name, capitalised, taken for initials (a person's name said, not the date of birth; mended); each of six broken rules tried (four
of the cells' check, two of the file names') is caught, and so is leaving names or passport numbers out of the
cells' check or of the file names'."""

from __future__ import annotations

import datetime as dt
import hashlib
import tempfile
from pathlib import Path

import duckdb
from hypothesis import HealthCheck, assume, given, settings, strategies as st

from pipelines.lib import inbox as inbox_module
from pipelines.lib.ingest import ingest_inbox
from pipelines.lib.person_names import NOT_NAME_WORDS
from pipelines.lib.sample_files import FORMATS, write_export
from tests.conftest import AS_OF, rows_frame
from tests.integration.test_ingest_properties import SUFFIX
from tests.sql.test_marts_indicators import FIXTURE

PARTS = {"whole": (inbox_module.PART_ROWS, inbox_module.BATCH_ROWS), "in parts": (4, 3)}
KINDS = {"phone": "phone number", "at_home": "phone number", "local": "phone number", "iin": "IIN",
         "email": "e-mail address", "name": "person's name", "alone": "person's name",
         "passport": "passport or ID number", "handle": "social-network username", "address": "address",
         "birth": "date of birth"}


def iin(birth: str, century_sex: int, serial: str) -> str | None:
    """A Kazakh IIN: the birth date YYMMDD, the century and sex digit, a 4-digit serial and the check digit
    (weights 1-11, then 3-11,1,2 when the first sum gives 10), or None where these eleven digits have none."""
    d = [int(c) for c in f"{birth}{century_sex}{serial}"]
    check = sum(w * x for w, x in zip(range(1, 12), d)) % 11
    if check == 10:
        check = sum(w * x for w, x in zip([3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2], d)) % 11
    return None if check == 10 else "".join(map(str, d)) + str(check)


nine = st.text("0123456789", min_size=9, max_size=9)  # the digits after the country code
phones = st.one_of(
    # +7 (Kazakhstan, Russia): 10 digits after the code; +992, +996, +998: 9
    st.builds(lambda n: f"+7 7{n[:2]} {n[2:5]} {n[5:7]} {n[7:]}", nine),
    st.builds(lambda n: f"+7 (7{n[:2]}) {n[2:5]}-{n[5:7]}-{n[7:]}", nine),
    st.builds(lambda n: f"87{n}", nine),
    st.builds(lambda n: f"+77{n}", nine),
    st.builds(lambda c, n: f"+{c} {n[:2]} {n[2:5]} {n[5:7]} {n[7:]}", st.sampled_from(["992", "996", "998"]), nine),
    st.builds(lambda p, n: f"{p}7{n[:2]}.{n[2:5]}.{n[5:7]}.{n[7:]}", st.sampled_from(["", "8.", "+7."]), nine),
)
# ten digits as dialled at home (Kazakh 7.., Russian mobile 9.., Kyrgyz 0 and the code): phones in free text
# and file names only; alone in a contract cell they are ids as often, so they are placed amid words there
at_home = st.builds(lambda p, n: f"{p}{n}", st.sampled_from(["7", "9", "05", "07"]), nine).map(lambda v: v[:10])
# nine digits as written at home in Uzbekistan and Tajikistan (the operator's two digits, grouped 2-3-2-2 or
# 2-3-4) or Kyrgyzstan (its three, 3-2-2-2): as ten digits dialled at home, phones in free text and file names
local = st.one_of(
    st.builds(lambda n, form: form.format(n[:2], n[2:5], n[5:7], n[7:]), nine,
              st.sampled_from(["{} {} {} {}", "({}) {}-{}-{}", "{}-{}-{}-{}", "{} {} {}{}"])),
    st.builds(lambda n, form: form.format(n[:3], n[3:5], n[5:7], n[7:]), nine,
              st.sampled_from(["{} {} {} {}", "({}) {}-{}-{}"])))
iins = st.builds(iin, st.dates().map(lambda d: d.strftime("%y%m%d")), st.integers(1, 6),
                 st.text("0123456789", min_size=4, max_size=4)).filter(bool)
emails = st.builds(lambda u, d: f"{u}@{d}.kz", st.text("abcxyz.", min_size=1, max_size=8).filter(
    lambda u: u.strip(".") == u and ".." not in u), st.sampled_from(["mail", "gov", "ngo-help"]))
# persons' names in the forms recognised without a list of names, from made-up words (no list to fit)
_ru, _la = st.text("абвгдежзиклмнопрстуфхшэюя", min_size=2, max_size=7), st.text("abdefgiklmnorstuvz", min_size=2,
                                                                                    max_size=7)
names = st.one_of(
    st.builds(lambda s, g, f, e: f"{s.title()}ов {g.title()} {f.title()}{e}", _ru, _ru, _ru,
              st.sampled_from(["ович", "евич", "овна", "евна"])),
    st.builds(lambda s, g, f: f"{s}OV {g} {f}OVICH".upper(), _la, _la, _la),
    st.builds(lambda g, f, e: f"{g.title()} {f.title()}{e}", _la, _la, st.sampled_from(["ovich", "evna"])),
    st.builds(lambda g, f, p: f"{g.title()} {f.title()} {p}", _ru, _ru, st.sampled_from(["уулу", "кызы", "угли"])),
    st.builds(lambda g, f, p: f"{g.title()} {f.title()} {p}", _la, _la, st.sampled_from(["o'g'li", "qizi", "uulu"])),
    st.builds(lambda s, a, b: f"{s.title()}ов {a}.{b}.", _ru, st.sampled_from("АБВГДИКМНРСТ"),
              st.sampled_from("АБВГДИКМНРСТ")),
    st.builds(lambda s, a, b: f"{a}. {b}. {s.title()}", _la, st.sampled_from("ABDFGKRS"), st.sampled_from("ABDFGKRS")),
)
# a surname (a stem of three letters or more and a surname's ending) and a given name, alone: an id's whole, a
# note's (the column's only one) or a file's name, never amid words (there such a pair is not recognisable)
_ru3, _la3 = (st.text("абвгдежзиклмнопрстуфхшэюя", min_size=3, max_size=7),
              st.text("abdefgiklmnorstuvz", min_size=3, max_size=7))
names_alone = st.one_of(
    st.builds(lambda s, e, g: f"{s.title()}{e} {g.title()}", _ru3, st.sampled_from(["ов", "ева", "ин"]), _ru3),
    st.builds(lambda g, s, e: f"{g.title()} {s.title()}{e}", _la3, _la3, st.sampled_from(["ov", "eva", "zoda", "yan"])),
    st.builds(lambda s, g: f"{s}OVA {g}".upper(), _la3, _la3),
).filter(lambda v: not NOT_NAME_WORDS & set(v.lower().split()))
# a passport's or ID card's number after the document's word (Russian, Latin: cp1251 has no Kazakh letters)
passports = st.builds(lambda w, p, d: f"{w} {p}{d}", st.sampled_from(["паспорт", "Passport", "уд. личности",
                                                                     "ID card", "удостоверение", "pasport №"]),
                      st.sampled_from(["N", "AA", "AN", ""]), st.text("0123456789", min_size=7, max_size=8))
# a messenger's username after its @ (a t.me link cannot be a file's name: tests/unit/test_identifiers.py)
handles = st.builds(lambda a, b: f"@{a}{b}", st.sampled_from("abdfgkrsz"),
                    st.text("abdfgkrsz0123456789_", min_size=4, max_size=12))
# a home's address: a street's word, its name and house, a flat's number (Russian, Latin: cp1251 has no Kazakh)
addresses = st.builds(lambda w, n, h, f, k: f"{w} {n.title()} {h}, {f} {k}",
                      st.sampled_from(["ул.", "улица", "мкр.", "пр-т", "street", "ko'chasi"]), _ru3,
                      st.integers(1, 300), st.sampled_from(["кв.", "квартира", "kv.", "apt"]), st.integers(1, 999))
# a date of birth after its words or before "г.р." (Russian, Latin)
births = st.builds(lambda w, d, after: f"{w} {d.strftime('%d.%m.%Y')}{after}" if w else f"{d.strftime('%d.%m.%Y')} г.р.",
                   st.sampled_from(["д.р.", "дата рождения:", "DOB", "д/р", ""]),
                   st.dates(dt.date(1940, 1, 1), dt.date(2010, 12, 31)), st.sampled_from(["", ","]))
identifier = st.one_of(st.tuples(st.just("phone"), phones), st.tuples(st.just("at_home"), at_home),
                       st.tuples(st.just("local"), local),
                       st.tuples(st.just("name"), names), st.tuples(st.just("alone"), names_alone),
                       st.tuples(st.just("passport"), passports),
                       st.tuples(st.just("iin"), iins),
                       st.tuples(st.just("email"), emails), st.tuples(st.just("handle"), handles),
                       st.tuples(st.just("address"), addresses), st.tuples(st.just("birth"), births))


NAMED = "the file's name"
# how the spaces and hyphens were typed: as such, as no-break spaces (a letter or a web page copied), or with
# en dashes too (Word's correction); or with soft hyphens amid digits and letters (a hyphenated document);
# all are in cp1251
TYPESET = {"as typed": str.maketrans({}), "no-break": str.maketrans({" ": "\u00a0"}),
           "en dashes": str.maketrans({" ": "\u00a0", "-": "\u2013"}),
           "soft hyphens": str.maketrans({c: f"\u00ad{c}" for c in "0257aeoаеоу"})}
placement = st.tuples(identifier, st.integers(0, 7),  # the row
                      st.sampled_from(["record_id", "site_code", "test_date", "care_location", "note", "примечание",
                                       NAMED]),  # the column: an id, a code, a date, a code of words, a note
                      st.booleans(),  # amid words, or alone in the cell (or after the site and month)
                      st.sampled_from(sorted(TYPESET)))


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(placements=st.lists(placement, min_size=1, max_size=4, unique_by=lambda p: p[0][1]),  # no two names alike
       fmt=st.sampled_from(sorted(FORMATS)),
       parts=st.sampled_from(sorted(PARTS)))
def test_an_identifier_anywhere_refuses_the_file_and_leaves_no_trace(monkeypatch, placements, fmt, parts):
    part_rows, batch_rows = PARTS[parts]
    monkeypatch.setattr(inbox_module, "PART_ROWS", part_rows)
    monkeypatch.setattr(inbox_module, "BATCH_ROWS", batch_rows)
    suffix, secrets, expected = SUFFIX.get(fmt, ".csv"), [], {}
    with tempfile.TemporaryDirectory() as tmp:
        inbox = Path(tmp) / "inbox"
        for month, ((kind, value), row, where, amid_words, typeset) in enumerate(placements, start=1):
            frame = rows_frame(FIXTURE)
            frame["record_id"] = f"m{month}-" + frame["record_id"]  # no two files alike (withheld names differ)
            amid_words |= kind in ("at_home", "local") and where not in ("note", "примечание", NAMED)
            amid_words &= kind != "alone"
            where = "client_uic" if kind == "alone" and where == "site_code" else where  # a coded column holds it
            typed = (f"звонить {value} вечером" if amid_words else value).translate(TYPESET[typeset])
            assume(where != NAMED or "/" not in typed)  # "д/р" in a file's name is a folder: no such file
            value = value.translate(TYPESET[typeset])  # as it is in ``typed``
            name = f"site_2025-0{month}{suffix}"  # one identifier a file
            if where == NAMED:
                name = f"site_2025-0{month} {typed}{suffix}" if amid_words else f"{typed}{suffix}"
            else:
                if where not in frame:
                    frame[where] = ""
                frame.loc[row, where] = typed
            write_export(frame, inbox / name, fmt)
            if where == NAMED:  # stored by its content's hash alone
                name = f"(name withheld) {hashlib.sha256((inbox / name).read_bytes()).hexdigest()[:12]}{suffix}"
            expected[name] = (kind, value, where, row)
            secrets += [value, value.replace(" ", "").replace("\u00a0", "")[-7:], typed]
        write_export(rows_frame(FIXTURE), inbox / f"site_2025-09{suffix}", fmt)  # clean: loaded
        with duckdb.connect() as con:
            ingest_inbox(con, inbox, AS_OF)
            files = con.execute("SELECT file_name, status, rows_read, reason FROM audit.files").fetchall()
            rows = con.execute("SELECT DISTINCT file_name FROM staging.screening UNION ALL "
                               "SELECT DISTINCT file_name FROM audit.held_rows").fetchall()
            dump = "\n".join(str(r) for t in ("audit.files", "audit.held_rows", "staging.screening")
                             for r in con.execute(f"SELECT * FROM {t}").fetchall())
    assert sorted(f[0] for f in files) == sorted([*expected, f"site_2025-09{suffix}"])
    assert rows == [(f"site_2025-09{suffix}",)]
    for name, status, read, reason in files:
        if name not in expected:
            assert status == "loaded", (name, reason)
            continue
        kind, value, where, row = expected[name]
        assert (status, read) == ("refused", 0), (name, value, where, files)
        said = NAMED if where == NAMED else f"'{where}'"
        assert said in reason and KINDS[kind] in reason and "refused" in reason, reason
        assert where == NAMED or f" in row {row + 1}:" in reason, reason  # the officer finds it
    for secret in secrets:
        assert secret not in dump
