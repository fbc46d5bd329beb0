"""Write export rows in the four formats field teams send, and build the bundled sample inbox."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipelines.lib.contract import DATE_COLUMNS
from pipelines.lib.sample import people, tests_for, to_export

FORMATS = ("field_csv", "excel_cp1251", "excel_utf8", "xlsx", "parquet")


def _dates(col: pd.Series, fmt: str | None) -> pd.Series:
    """Valid ISO dates re-formatted (or as date objects when fmt is None); anything else kept as typed."""
    parsed = pd.to_datetime(col, errors="coerce", format="%Y-%m-%d")
    nice = parsed.dt.date if fmt is None else parsed.dt.strftime(fmt)
    return nice.astype(object).where(parsed.notna(), col.where(col.notna(), None))


def write_export(df: pd.DataFrame, path: Path, fmt: str) -> None:
    """One file as a partner would send it: field-tool CSV, Excel CSV (cp1251 or UTF-8 BOM) or "Unicode Text"
    (named .csv), XLSX, Parquet."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "field_csv":
        df.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
    elif fmt in ("excel_cp1251", "excel_utf8", "excel_unicode_text"):
        out = df.copy()
        for c in DATE_COLUMNS:
            out[c] = _dates(out[c], "%d.%m.%Y")
        out.columns = [f" {c.upper()} " if i % 5 == 2 else c for i, c in enumerate(out.columns)]
        # "Unicode Text": tab-separated UTF-16, little-endian after its byte-order mark
        out.to_csv(path, index=False, sep="\t" if fmt == "excel_unicode_text" else ";", lineterminator="\r\n",
                   encoding={"excel_cp1251": "cp1251", "excel_utf8": "utf-8-sig"}.get(fmt, "utf-16"))
    elif fmt == "xlsx":
        out = df.copy()
        for c in DATE_COLUMNS:
            out[c] = _dates(out[c], None)
        out["age"] = pd.to_numeric(out["age"], errors="coerce").astype(object).where(
            pd.to_numeric(out["age"], errors="coerce").notna(), out["age"])
        out.to_excel(path, index=False, engine="openpyxl")
    elif fmt == "parquet":
        cols = {}
        for c in df.columns:
            as_dates = _dates(df[c], None) if c in DATE_COLUMNS else None
            if as_dates is not None and all(v is None or not isinstance(v, str) for v in as_dates):
                cols[c] = pa.array(as_dates, pa.date32())
            elif c in ("age", "vl_copies") and pd.to_numeric(df[c], errors="coerce").notna().sum() == df[c].notna().sum():
                cols[c] = pa.array(pd.to_numeric(df[c]).astype("Int64"), pa.int64())
            else:
                cols[c] = pa.array(df[c].where(df[c].notna(), None), pa.string())
        pq.write_table(pa.table(cols), path)
    else:
        raise ValueError(f"unknown format {fmt!r}")


def _suffix(fmt: str) -> str:
    return {"xlsx": ".xlsx", "parquet": ".parquet"}.get(fmt, ".csv")


def _noise(seed: int) -> pd.DataFrame:
    """Rows that count in no indicator or are held back: self-tests, indeterminate, invalid, faults."""
    extra = people(140, 6, seed + 100, realistic=False)
    rows = tests_for(extra, seed + 100, repeat_share=0.0)
    kind = np.array(["self_test"] * 70 + ["indeterminate"] * 15 + ["invalid"] * 15 + ["bad"] * 40)
    rows["kind"] = kind[: len(rows)]
    rows.loc[rows["kind"] == "self_test", "test_modality"] = "self_test"
    rows.loc[rows["kind"].isin(["indeterminate", "invalid"]), "result"] = rows["kind"]
    for c in ("linked_date", "care_location", "art_start_date", "vl_date", "vl_copies"):
        rows.loc[rows["kind"].isin(["indeterminate", "invalid"]), c] = None
    out = to_export(rows, seed + 9, id_prefix="MH25N")
    bad = np.flatnonzero(rows["kind"].to_numpy() == "bad")
    faults = [("client_uic", "ABC12"), ("age", "150"), ("country_of_origin", "Atlantis"), ("result", None),
              ("test_date", "2025-02-31"), ("sex", "flip"), ("migrant_group", "tourist"),
              ("vl_copies", None), ("key_population", "unknown")]
    for j, i in enumerate(bad):
        col, val = faults[j % len(faults)]
        if col == "sex":
            out.loc[i, "sex"] = "female" if out.loc[i, "sex"] == "male" else "male"
        elif col == "vl_copies":
            out.loc[i, ["vl_date", "vl_copies"]] = ["2025-06-01", None]
        else:
            out.loc[i, col] = val
    return out


def write_sample_inbox(inbox: Path, seed: int = 2025) -> list[Path]:
    """The bundled sample: 1,990 people (85 positive) in site-month files of all four formats."""
    if inbox.exists():
        shutil.rmtree(inbox)
    inbox.mkdir(parents=True)
    main = to_export(tests_for(people(1990, 85, seed), seed), seed)
    allrows = pd.concat([main, _noise(seed)], ignore_index=True)
    allrows = allrows.iloc[np.random.default_rng(seed + 3).permutation(len(allrows))].reset_index(drop=True)
    allrows["month"] = allrows["test_date"].str[:7].fillna("2025-06")
    written = []
    for k, ((site, month), part) in enumerate(sorted(allrows.groupby(["site_code", "month"]), key=lambda x: x[0])):
        fmt = FORMATS[k % len(FORMATS)]
        path = inbox / f"{str(site).lower()}_{month}{_suffix(fmt)}"
        write_export(part.drop(columns="month").reset_index(drop=True), path, fmt)
        written.append(path)
    # a partner re-sends a file unchanged, and another re-sends rows inside a corrected later file
    shutil.copyfile(written[3], inbox / f"resent_{written[3].name}")
    first = pd.read_csv(written[0], dtype=str, keep_default_na=False).replace("", None)
    overlap = first.head(12).copy()
    overlap.loc[overlap.index[:2], "site_code"] = "SHY-01"  # same record_id, different content: held
    write_export(overlap, inbox / "shy-01_2025-12_late-corrections.csv", "field_csv")
    # a file with a phone column, and a truncated workbook: both refused whole
    ident = first.head(5).copy()
    ident.insert(2, "phone", [f"+7 701 555 {10 + i:02d} {20 + i:02d}" for i in range(5)])
    write_export(ident, inbox / "ast-02_2025-03_with-contacts.csv", "field_csv")
    (inbox / "shy-01_2025-05_broken.xlsx").write_bytes(written[1].read_bytes()[:200] if written[1].suffix == ".xlsx"
                                                       else b"PK\x03\x04 truncated workbook")
    return sorted(inbox.iterdir())


if __name__ == "__main__":
    import sys

    from pipelines.lib import sample_arrivals

    target = Path(sys.argv[1]) if len(sys.argv) > 1 else sample_arrivals.INBOX
    for p in write_sample_inbox(target):
        print(p.name)
    if target.resolve() == sample_arrivals.INBOX:  # the bundled sample: its files' arrivals, by their new bytes
        sample_arrivals.write_manifest()
        sample_arrivals.apply_manifest()


# the bench's record_ids are shaped as the exports' ("R31337-00022", shared/examples): a run of digits
# like a phone's amid each id, which the identifier search must set aside at no cost per id (ids "B-0000001"
# hid that every id of such a file went through Python: 1M ingest 5.5-6.3 s against 3.7-4.1 s)
BENCH_IDS = "R31337"
# outreach sites of a national programme, for the benchmark's --sites: a city's code and a number
_CITIES = ["ALA", "AST", "SHY", "KAR", "AKT", "PAV", "TAR", "UKA", "KYZ", "ATY", "URA", "KOS", "SEM", "TUR",
           "ZHE", "PET", "TAL", "EKI", "ZHA", "KON"]


def bench_sites(export: pd.DataFrame, sites: int | None, seed: int) -> pd.DataFrame:
    """``export`` with each test at one of ``sites`` sites ("ALA-01", "AST-01", ... "ALA-02", ...) drawn
    uniformly; None keeps the sample's three. Disclosure control's work grows with the categories a
    dimension has, not with the records."""
    if sites is None:
        return export
    if not 1 <= sites <= len(_CITIES) * 99:
        raise ValueError(f"sites={sites}: from 1 to {len(_CITIES) * 99}")
    codes = [f"{_CITIES[i % len(_CITIES)]}-{i // len(_CITIES) + 1:02d}" for i in range(sites)]
    return export.assign(site_code=np.random.default_rng(seed).choice(codes, len(export)))


def write_bench_inbox(inbox: Path, rows: int, seed: int = 7, csv_share: float = 0.1, sites: int | None = None) -> int:
    """About ``rows`` synthetic records for benchmarks: monthly Parquet files plus a CSV share, at
    ``sites`` sites (``bench_sites``)."""
    if inbox.exists():
        shutil.rmtree(inbox)
    inbox.mkdir(parents=True)
    n_people = max(10, int(rows / 1.11))
    export = to_export(tests_for(people(n_people, int(n_people * 0.043), seed, realistic=False), seed), seed,
                       id_prefix=BENCH_IDS)
    export = bench_sites(export, sites, seed)
    export["month"] = export["test_date"].str[:7]
    rng = np.random.default_rng(seed)
    as_csv = rng.random(len(export)) < csv_share
    for month, part in export.groupby("month"):
        mask = as_csv[part.index]
        write_export(part[~mask].drop(columns="month").reset_index(drop=True), inbox / f"bench_{month}.parquet",
                     "parquet")
        if mask.any():
            write_export(part[mask].drop(columns="month").reset_index(drop=True), inbox / f"bench_{month}.csv",
                         "field_csv")
    return len(export)


def write_bench_month(inbox: Path, rows: int, seed: int = 8, sites: int | None = None) -> int:
    """One more monthly file of about ``rows`` new records, all tested in January 2026 (other
    record_ids), named to sort after every file of write_bench_inbox: the benchmark's incremental case."""
    n_people = max(10, int(rows / 1.11))
    export = to_export(tests_for(people(n_people, int(n_people * 0.043), seed, realistic=False), seed), seed,
                       id_prefix=BENCH_IDS)
    export = bench_sites(export, sites, seed)
    # new record_ids among the published ones (R31337-0000001J after R31337-0000001), as a month of sites' own
    # numbering falls: with a prefix of their own (C-) DuckDB skipped every published row group when the
    # ingest looked for the month's ids among them (0.004 s against 0.83 s at 10M + a month)
    export["record_id"] = export["record_id"] + "J"
    # each row's dates moved by the same number of days, from its test's month to January 2026: the
    # order of test, linkage, ART and viral load stays as generated
    test = pd.to_datetime(export["test_date"])
    shift = pd.Timestamp("2026-01-01") - test.dt.to_period("M").dt.to_timestamp()
    for column in ("test_date", "linked_date", "art_start_date", "vl_date"):
        moved = pd.to_datetime(export[column]) + shift
        export[column] = moved.dt.strftime("%Y-%m-%d").where(export[column].notna(), None)
    write_export(export.reset_index(drop=True), inbox / "bench_2026-01.parquet", "parquet")
    return len(export)
