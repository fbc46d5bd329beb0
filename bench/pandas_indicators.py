"""A plain pandas implementation of shared/indicator-definitions.md: the comparison for the benchmark,
written independently of the SQL (and tested to give identical numbers)."""

from __future__ import annotations

import numpy as np
import pandas as pd

DIMS = ["country_of_origin", "migrant_group", "residence_status", "key_population", "sex", "age_band", "site_code"]
# peak memory per accepted record (staging frame and the three periods' copies): 3,303 MB measured at
# 1M (README, Performance); at 10M it needs ~33 GB, and the kernel killed the benchmark on a 24 GB machine
BYTES_PER_ROW = 3_300


def fits(rows: int, available: int) -> bool:
    """Whether the comparison's memory at ``rows`` records fits in ``available`` bytes."""
    return rows * BYTES_PER_ROW <= available


BANDS = [(15, "<15"), (20, "15-19"), (25, "20-24"), (30, "25-29"), (35, "30-34"), (40, "35-39"), (45, "40-44"),
         (50, "45-49")]


def age_band(age: pd.Series) -> pd.Series:
    out = pd.Series("50+", index=age.index, dtype=object)
    for limit, label in reversed(BANDS):
        out[age < limit] = label
    return out


def indicators(s: pd.DataFrame) -> pd.DataFrame:
    v = s[s["result"].isin(["negative", "positive"]) & (s["test_modality"].fillna("") != "self_test")].copy()
    v["age_band"] = age_band(v["age"])
    td = pd.to_datetime(v["test_date"])
    v["pos"] = v["result"] == "positive"
    frames = []
    for period in (pd.Series("all", index=v.index), td.dt.strftime("%Y-%m"),
                   td.dt.year.astype(str) + "-Q" + td.dt.quarter.astype(str)):
        frames.append(v.assign(period=period.values))
    t = pd.concat(frames, ignore_index=True)
    t = t.sort_values(["period", "client_uic", "test_date", "record_id"])
    first = t.groupby(["period", "client_uic"], sort=False).head(1).set_index(["period", "client_uic"])
    g = t.groupby(["period", "client_uic"], sort=False)
    people = first[DIMS].copy()
    people["tests"] = g.size()
    people["positive"] = g["pos"].any()
    pos = t[t["pos"]]
    gp = pos.groupby(["period", "client_uic"], sort=False)
    people["new_diagnosis"] = gp["previously_diagnosed"].apply(lambda x: (x.fillna("") != "yes").any())
    people["linked"] = gp["linked_date"].apply(lambda x: x.notna().any())
    people["on_art"] = gp["art_start_date"].apply(lambda x: x.notna().any())
    linked = pos[pos["linked_date"].notna()].groupby(["period", "client_uic"], sort=False).head(1)
    people["care_location"] = linked.set_index(["period", "client_uic"])["care_location"]
    withvl = pos[pos["vl_copies"].notna()].sort_values(["period", "client_uic", "vl_date", "record_id"])
    people["viral_load"] = withvl.groupby(["period", "client_uic"], sort=False)["vl_copies"].last()
    for c in ("new_diagnosis", "linked", "on_art"):
        people[c] = people[c].fillna(False).astype(bool)
    people["care_location"] = people["care_location"].fillna("not_linked")
    people["vl_tested"] = people["on_art"] & people["viral_load"].notna()
    people["vl_suppressed"] = people["vl_tested"] & (people["viral_load"] < 1000)
    people = people.reset_index()

    rows = []
    for dim in ["total"] + DIMS + ["care_location"]:
        keys = ["period"] if dim == "total" else ["period", dim]
        pc = people.groupby(keys).agg(
            people_tested=("client_uic", "size"), positives=("positive", "sum"),
            new_diagnoses=("new_diagnosis", "sum"), linked=("linked", "sum"), on_art=("on_art", "sum"),
            vl_tested=("vl_tested", "sum"), vl_suppressed=("vl_suppressed", "sum"), person_tests=("tests", "sum"))
        if dim == "care_location":
            pc["tests"] = pc["person_tests"]
        else:
            pc["tests"] = t.groupby(keys).size()
        pc = pc.drop(columns="person_tests")
        tc = t.groupby(keys).size().rename("tests_rows") if dim != "care_location" else None
        if tc is not None:
            pc = pc.join(tc, how="outer")
            pc["tests"] = pc["tests_rows"]
            pc = pc.drop(columns="tests_rows")
        pc = pc.fillna(0).astype("int64").reset_index()
        pc["dimension"] = dim
        pc["category"] = "all" if dim == "total" else pc[dim]
        rows.append(pc[["period", "dimension", "category", "tests", "people_tested", "positives", "new_diagnoses",
                        "linked", "on_art", "vl_tested", "vl_suppressed"]])
    cells = pd.concat(rows, ignore_index=True)
    spec = [("tests", "tests", None), ("people_tested", "people_tested", None), ("positives", "positives", None),
            ("new_diagnoses", "new_diagnoses", None), ("positivity", "positives", "people_tested"),
            ("linked", "linked", "positives"), ("on_art", "on_art", "positives"),
            ("vl_tested", "vl_tested", "on_art"), ("vl_suppressed", "vl_suppressed", "vl_tested")]
    out = []
    for name, num, den in spec:
        f = cells[["period", "dimension", "category"]].copy()
        f["indicator"] = name
        f["numerator"] = cells[num]
        f["denominator"] = cells[den] if den else np.nan
        out.append(f)
    return pd.concat(out, ignore_index=True)
