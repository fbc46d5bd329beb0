"""Property-based: for any mix of valid, invalid and repeated rows in any format, nothing is lost,
exactly the valid rows are accepted and each held row is named by file, row, column and value; each
accepted row holds the values written, in any spelling the contract allows (six broken normalisations
tried, each caught); and the GX suite passes every row the contract accepts (two stricter rules tried,
each caught)."""

import datetime as dt
import re
import tempfile
from pathlib import Path

import duckdb
import pandas as pd
from hypothesis import HealthCheck, given, settings, strategies as st

from pipelines.defs.resources import GreatExpectationsResource
from pipelines.lib.ingest import ingest_inbox
from pipelines.lib.sample_files import FORMATS, write_export
from tests.conftest import AS_OF, rows_frame

HEADER = ("record_id|client_uic|test_date|site_code|country_of_origin|migrant_group|residence_status|sex|age|"
          "key_population|test_modality|result|previously_diagnosed|linked_date|care_location|art_start_date|"
          "vl_date|vl_copies")
SUFFIX = {"xlsx": ".xlsx", "parquet": ".parquet"}  # of each format's file; the three CSV formats: .csv
VALID = "{id}|{uic}|2025-0{m}-1{d}|ALA-01|{country}|labour_migrant|undocumented|{sex}|{age}|pwid|community|{result}||||||"
FAULTS = {  # each breaks exactly one rule of the contract
    "uic": lambda r: r.replace("|ZZ", "|Z", 1),
    "age": lambda r: r.replace("|pwid|", "|pwid|").replace("|35|", "|135|").replace("|36|", "|136|"),
    "country": lambda r: r.replace("|TJK|", "|Narnia|").replace("|Узбекистан|", "|Narnia|"),
    "result": lambda r: r.replace("|community|negative|", "|community|maybe|").replace(
        "|community|positive|", "|community|maybe|"),
    # after the run's date (2026-11-25), and still within a year of the age the UIC gives
    "date": lambda r: re.sub(r"\|2025-0[1-9]-1", "|2026-12-1", r, count=1),
}
# the column each fault's reason must name, and words of it (the value as typed, or the rule)
SAID = {"uic": ("client_uic", "'ZAB"), "age": ("age", "'135'"), "country": ("country_of_origin", "'Narnia'"),
        "result": ("result", "'maybe'"), "date": ("test_date", "is in the future")}

row = st.tuples(
    st.sampled_from(["valid", "valid", "valid", *FAULTS]),
    st.integers(1, 9), st.integers(0, 8), st.sampled_from(["TJK", "Узбекистан"]),
    st.sampled_from(["negative", "positive"]), st.sampled_from(["male", "female"]),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(row, min_size=1, max_size=25), repeats=st.lists(st.integers(0, 24), max_size=5),
       fmt=st.sampled_from(FORMATS))
def test_rows_in_equal_rows_out_and_only_valid_rows_accepted(rows, repeats, fmt):
    lines, valid_ids, faulty = [], [], []
    for i, (kind, month, day, country, result, sex) in enumerate(rows):
        sex_digit = "1" if sex == "male" else "2"
        line = VALID.format(id=f"id{i:03d}", uic=f"ZZAB{sex_digit}1990", m=month, d=day, country=country,
                            sex=sex, age=35, result=result)
        if kind == "valid":
            valid_ids.append(f"id{i:03d}")
        else:
            line = FAULTS[kind](line)
            faulty.append((i + 1, f"id{i:03d}", kind))  # its row in the file: the header is not counted
        lines.append(line)
    dup = [lines[k] for k in repeats if k < len(lines) and lines[k].split("|")[0] in valid_ids]
    frame = rows_frame("\n".join([HEADER] + lines + dup))
    with tempfile.TemporaryDirectory() as tmp:
        suffix = SUFFIX.get(fmt, ".csv")
        write_export(frame, Path(tmp) / f"in{suffix}", fmt)
        con = duckdb.connect()
        (o,) = ingest_inbox(con, Path(tmp), AS_OF)
        counts = con.execute("SELECT rows_read, rows_accepted, rows_held, rows_duplicate FROM audit.files").fetchall()
        accepted = sorted(r[0] for r in con.execute("SELECT record_id FROM staging.screening").fetchall())
        held_rows = con.execute("SELECT file_name, row_number, record_id, reason_columns, reason "
                                "FROM audit.held_rows ORDER BY row_number").fetchall()
    read, acc, held, dups = counts[0]
    assert read == len(lines) + len(dup) == acc + held + dups
    assert accepted == sorted(valid_ids)
    assert held == len(faulty) and dups == len(dup)
    # each held row named by file, row, column and value
    assert [h[:4] for h in held_rows] == [(f"in{suffix}", n, rid, [SAID[kind][0]]) for n, rid, kind in faulty]
    for (*_, reason), (_, _, kind) in zip(held_rows, faulty):
        assert reason.startswith(SAID[kind][0] + ": ") and SAID[kind][1] in reason, reason


# --- what is accepted is what was written: any spelling the contract allows, in any format ------------

# each country by its code in any case and by English and Russian names (all encodable in Windows-1251)
SPELLINGS = {"TJK": ["TJK", "tjk", "Tajikistan", "Таджикистан", " таджикистан "],
             "KGZ": ["kgz", "Kyrgyzstan", "Кыргызстан", "Киргизия", "KYRGYZSTAN"],
             "UZB": ["UZB", "Uzbekistan", "Узбекистан"], "RUS": ["Rus", "Russia", "Россия", "РОССИЯ"],
             "AFG": ["AFG", "Afghanistan", "Афганистан"]}
CODED = {"migrant_group": ["labour_migrant", "relocant", "kandas", "student"],
         "residence_status": ["work_permit", "undocumented", "citizen_kandas", "unknown"],
         "key_population": ["pwid", "sw", "msm", "none"]}
LOOKS = [str, str.upper, str.title, lambda v: f"  {v} "]  # how a coded value may be typed

canonical = st.fixed_dictionaries({
    "letters": st.text("ABZQАБЖЁ", min_size=4, max_size=4), "sex": st.sampled_from(["male", "female", "other"]),
    "digit": st.sampled_from("12"), "born": st.integers(1920, 2026),
    "date": st.dates(dt.date(2015, 1, 1), AS_OF), "age_off": st.sampled_from([-1, 0, 1]),
    "site": st.sampled_from(["ALA-01", "SHY-01", "AST-02"]), "country": st.sampled_from(sorted(SPELLINGS)),
    **{c: st.sampled_from(v) for c, v in CODED.items()},
    "modality": st.sampled_from(["community", "index", "self_test", None]),
    "result": st.sampled_from(["negative", "positive", "indeterminate", "invalid"]),
    "previously": st.sampled_from(["yes", "no", "unknown", None]),
    "linked": st.sampled_from([None, 0, 12]), "where": st.sampled_from(["KAZ", "home_remote"]),
    "art": st.sampled_from([None, 3]), "vl": st.sampled_from([None, 0, 90]), "copies": st.integers(0, 10 ** 7),
})
spelling = st.fixed_dictionaries({  # how the cells of a row are typed
    "uic": st.sampled_from([str, str.lower, lambda v: f" {v.lower()} "]), "site": st.sampled_from(LOOKS),
    "country": st.integers(0, 4),  # which of the country's SPELLINGS
    "coded": st.sampled_from(LOOKS), "age": st.sampled_from(["{}", " {} "]),
    # dates as the text D.M.YYYY (no leading zeros) in any format; else as ISO text, which write_export
    # turns into that format's dates (DD.MM.YYYY in an Excel CSV, date cells, Parquet dates)
    "dotted": st.booleans(),
})


def canonical_row(n: int, c: dict) -> dict:
    """The row as the warehouse must hold it (keeping the contract: sex and age agree with the UIC, dates
    in order, linkage only for positives)."""
    sex = c["sex"] if c["sex"] == "other" else ("male" if c["digit"] == "1" else "female")
    day = c["date"]
    born = max(min(c["born"], day.year), day.year - 99)  # ages 0 to 100, the contract's range

    def later(days: int | None, start: dt.date | None) -> dt.date | None:
        return None if days is None or start is None else min(start + dt.timedelta(days=days), AS_OF)

    linked = later(c["linked"], day) if c["result"] == "positive" else None
    art = later(c["art"], day)
    vl = later(c["vl"], art or day)
    return {"record_id": f"ID-{n}", "client_uic": f"{c['letters']}{c['digit']}{born}", "test_date": day,
            "site_code": c["site"], "country_of_origin": c["country"], "migrant_group": c["migrant_group"],
            "residence_status": c["residence_status"], "sex": sex,
            "age": max(0, day.year - born + c["age_off"]), "key_population": c["key_population"],
            "test_modality": c["modality"], "result": c["result"], "previously_diagnosed": c["previously"],
            "linked_date": linked, "care_location": c["where"] if linked else None, "art_start_date": art,
            "vl_date": vl, "vl_copies": c["copies"] if vl else None}


def typed_row(row: dict, t: dict) -> dict:
    """The same row as a field team typed it (text cells; write_export formats the dates of each format)."""
    def date(d: dt.date | None) -> str | None:
        if d is None:
            return None
        return f"{d.day}.{d.month}.{d.year}" if t["dotted"] else d.isoformat()

    spellings = SPELLINGS[row["country_of_origin"]]
    return {**{k: (str(v) if v is not None else None) for k, v in row.items()},
            "client_uic": t["uic"](row["client_uic"]), "site_code": t["site"](row["site_code"]),
            "country_of_origin": spellings[t["country"] % len(spellings)], "age": t["age"].format(row["age"]),
            **{c: t["coded"](row[c]) for c in ("migrant_group", "residence_status", "key_population", "result")},
            **{c: date(row[c]) for c in ("test_date", "linked_date", "art_start_date", "vl_date")}}


@settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(rows=st.lists(st.tuples(canonical, spelling), min_size=4, max_size=12),
       fmt=st.sampled_from(FORMATS),
       order=st.permutations(range(18)))
def test_each_accepted_row_holds_the_values_written_in_any_spelling_the_contract_allows(rows, fmt, order):
    expected = [canonical_row(n, c) for n, (c, _) in enumerate(rows)]
    typed = pd.DataFrame([typed_row(r, t) for r, (_, t) in zip(expected, rows)], dtype=object)
    typed = typed[[typed.columns[i] for i in order]]  # column order is free
    with tempfile.TemporaryDirectory() as tmp:
        write_export(typed, Path(tmp) / f"site_2025-01{SUFFIX.get(fmt, '.csv')}", fmt)
        with duckdb.connect() as con:
            ingest_inbox(con, Path(tmp), AS_OF)
            held = con.execute("SELECT row_number, reason FROM audit.held_rows").fetchall()
            got = con.execute(f"SELECT {', '.join(expected[0])} FROM staging.screening ORDER BY row_number").fetchall()
    assert held == []
    assert [dict(zip(expected[0], r)) for r in got] == expected


@settings(max_examples=8, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(rows=st.lists(st.tuples(canonical, spelling), min_size=4, max_size=40))
def test_the_gx_suite_passes_every_row_the_contract_accepts(rows):
    """The suite in expectations/ and the SQL contract agree: a blocking GX failure on accepted rows stops
    the run, so a rule stricter there than here (an order of dates that must be strict, a range, a set)
    would stop a run of good data."""
    expected = [canonical_row(n, c) for n, (c, _) in enumerate(rows)]
    with tempfile.TemporaryDirectory() as tmp:
        write_export(pd.DataFrame([typed_row(r, t) for r, (_, t) in zip(expected, rows)], dtype=object),
                     Path(tmp) / "site_2025-01.parquet", "parquet")
        with duckdb.connect() as con:
            ingest_inbox(con, Path(tmp), AS_OF)
            assert con.execute("SELECT count(*) FROM staging.screening").fetchone() == (len(rows),)
            stats = GreatExpectationsResource().validate_screening(con)
    # the soft signals (a share of distinct UICs) may warn on a few generated people; nothing blocking fails
    failed = [(e.type, e.column, e.unexpected_count) for e in stats.expectations if e.blocking and not e.success]
    assert stats.rows == len(rows) and failed == []
