"""Property-based: for any mix of valid, invalid and repeated rows in any format, nothing is lost and
exactly the valid rows are accepted."""

import tempfile
from pathlib import Path

import duckdb
from hypothesis import HealthCheck, given, settings, strategies as st

from pipelines.lib.ingest import ingest_inbox
from pipelines.lib.sample_files import write_export
from tests.conftest import AS_OF, rows_frame

HEADER = ("record_id|client_uic|test_date|site_code|country_of_origin|migrant_group|residence_status|sex|age|"
          "key_population|test_modality|result|previously_diagnosed|linked_date|care_location|art_start_date|"
          "vl_date|vl_copies")
VALID = "{id}|{uic}|2025-0{m}-1{d}|ALA-01|{country}|labour_migrant|undocumented|{sex}|{age}|pwid|community|{result}||||||"
FAULTS = {  # each breaks exactly one rule of the contract
    "uic": lambda r: r.replace("|ZZ", "|Z", 1),
    "age": lambda r: r.replace("|pwid|", "|pwid|").replace("|35|", "|135|").replace("|36|", "|136|"),
    "country": lambda r: r.replace("|TJK|", "|Narnia|").replace("|Узбекистан|", "|Narnia|"),
    "result": lambda r: r.replace("|community|negative|", "|community|maybe|").replace(
        "|community|positive|", "|community|maybe|"),
    "date": lambda r: r.replace("2025-0", "2035-0", 1),
}

row = st.tuples(
    st.sampled_from(["valid", "valid", "valid", *FAULTS]),
    st.integers(1, 9), st.integers(0, 8), st.sampled_from(["TJK", "Узбекистан"]),
    st.sampled_from(["negative", "positive"]), st.sampled_from(["male", "female"]),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(row, min_size=1, max_size=25), repeats=st.lists(st.integers(0, 24), max_size=5),
       fmt=st.sampled_from(["field_csv", "excel_cp1251", "excel_utf8", "xlsx", "parquet"]))
def test_rows_in_equal_rows_out_and_only_valid_rows_accepted(rows, repeats, fmt):
    lines, valid_ids, faulty = [], [], 0
    for i, (kind, month, day, country, result, sex) in enumerate(rows):
        sex_digit = "1" if sex == "male" else "2"
        line = VALID.format(id=f"id{i:03d}", uic=f"ZZAB{sex_digit}1990", m=month, d=day, country=country,
                            sex=sex, age=35, result=result)
        if kind == "valid":
            valid_ids.append(f"id{i:03d}")
        else:
            line = FAULTS[kind](line)
            faulty += 1
        lines.append(line)
    dup = [lines[k] for k in repeats if k < len(lines) and lines[k].split("|")[0] in valid_ids]
    frame = rows_frame("\n".join([HEADER] + lines + dup))
    with tempfile.TemporaryDirectory() as tmp:
        suffix = {"xlsx": ".xlsx", "parquet": ".parquet"}.get(fmt, ".csv")
        write_export(frame, Path(tmp) / f"in{suffix}", fmt)
        con = duckdb.connect()
        (o,) = ingest_inbox(con, Path(tmp), AS_OF)
        counts = con.execute("SELECT rows_read, rows_accepted, rows_held, rows_duplicate FROM audit.files").fetchall()
        accepted = sorted(r[0] for r in con.execute("SELECT record_id FROM staging.screening").fetchall())
    read, acc, held, dups = counts[0]
    assert read == len(lines) + len(dup) == acc + held + dups
    assert accepted == sorted(valid_ids)
    assert held == faulty and dups == len(dup)
