"""Deterministic synthetic screening data: the bundled sample inbox and benchmark inboxes.

No real person is behind any row. The sample mirrors the programme's published shape: 1,990 people
tested, 85 HIV-positive, country shares TJK 25 %, UZB 22 %, KGZ 17 %, relocants 30 %, 82 % in key
populations, a realistic care cascade, plus the faults real exports carry.
"""

from __future__ import annotations


import numpy as np
import pandas as pd

from pipelines.lib.contract import COLUMNS

MOTHER = ["AI", "DI", "FA", "GU", "MA", "NA", "SA", "ZU", "ЮЛ", "ОЛ", "ДИ", "ГУ", "ЗА", "МА", "НИ", "РА"]
FATHER = ["RU", "SH", "TI", "BA", "KA", "IS", "NU", "AL", "ИВ", "СЕ", "АЛ", "БА", "КА", "ТИ", "ШО", "ЮС"]
COUNTRIES = ["TJK", "UZB", "KGZ", "RUS", "BLR", "UKR", "AFG", "AZE", "ARM", "TKM", "CHN", "TUR"]
COUNTRY_P = [0.25, 0.22, 0.17, 0.20, 0.05, 0.05, 0.02, 0.01, 0.01, 0.01, 0.005, 0.005]
SPELLINGS = {
    "TJK": ["TJK", "tjk", "Tajikistan", "Таджикистан"], "UZB": ["UZB", "uzb", "Uzbekistan", "Узбекистан"],
    "KGZ": ["KGZ", "kgz", "Kyrgyzstan", "Кыргызстан", "Киргизия"], "RUS": ["RUS", "rus", "Russia", "Россия"],
    "BLR": ["BLR", "Belarus", "Беларусь"], "UKR": ["UKR", "Ukraine", "Украина"], "AFG": ["AFG", "Afghanistan"],
    "AZE": ["AZE", "Азербайджан"], "ARM": ["ARM", "Armenia"], "TKM": ["TKM", "Туркменистан"],
    "CHN": ["CHN", "China"], "TUR": ["TUR", "Turkey"],
}
KP = ["pwid", "sw", "msm", "tg", "prisoner", "none"]
KP_P = [0.25, 0.22, 0.21, 0.04, 0.10, 0.18]
SITES = ["ALA-01", "AST-02", "SHY-01"]
SITE_P = [0.5, 0.3, 0.2]
MODALITY = ["community", "mobile", "facility", "index", None]
MODALITY_P = [0.45, 0.25, 0.15, 0.12, 0.03]
RESIDENCE = ["work_permit", "temporary_residence", "permanent_residence", "undocumented", "unknown"]
RESIDENCE_P = [0.35, 0.22, 0.1, 0.25, 0.08]
YEAR = 2025


def _uics(rng: np.random.Generator, sex_digit: np.ndarray, birth: np.ndarray, realistic: bool) -> np.ndarray:
    n = len(sex_digit)
    if realistic:
        m = np.array(MOTHER)[rng.integers(0, len(MOTHER), n)]
        f = np.array(FATHER)[rng.integers(0, len(FATHER), n)]
        prefix = np.char.add(m, f)
    else:
        letters = np.array(list("ABCDEFGHIJKLMNOPQRSTUVWXYZАБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЭЮЯ"))
        idx = rng.integers(0, len(letters), (n, 4))
        prefix = np.array(["".join(r) for r in letters[idx]]) if n < 200_000 else \
            np.char.add(np.char.add(letters[idx[:, 0]], letters[idx[:, 1]]),
                        np.char.add(letters[idx[:, 2]], letters[idx[:, 3]]))
    return np.char.add(np.char.add(prefix, sex_digit.astype(str)), birth.astype(str))


def people(n: int, n_positive: int, seed: int, realistic: bool = True) -> pd.DataFrame:
    """n distinct people; the first n_positive (after shuffling) are HIV-positive."""
    rng = np.random.default_rng(seed)
    sex_digit = np.where(rng.random(n) < 0.62, 1, 2)
    age = np.clip(rng.normal(34, 10, n).round().astype(int), 15, 75)
    age[rng.random(n) < 0.01] = rng.integers(13, 15)
    birth = YEAR - age
    uic = _uics(rng, sex_digit, birth, realistic)
    if realistic:  # distinct people need distinct UICs: redraw collisions with random letters
        dup = pd.Series(uic).duplicated().to_numpy()
        while dup.any():
            uic[dup] = _uics(rng, sex_digit[dup], birth[dup], realistic=False)
            dup = pd.Series(uic).duplicated().to_numpy()
    country = rng.choice(COUNTRIES, n, p=COUNTRY_P)
    relocant = np.isin(country, ["RUS", "BLR", "UKR"])
    group = np.where(relocant, "relocant", rng.choice(
        ["labour_migrant", "family_member", "student", "kandas", "other"], n, p=[0.8, 0.08, 0.05, 0.05, 0.02]))
    positive = np.zeros(n, bool)
    positive[rng.permutation(n)[:n_positive]] = True
    return pd.DataFrame({
        "client_uic": uic, "sex": np.where(sex_digit == 1, "male", "female"), "age": age,
        "country": country, "migrant_group": group,
        "residence_status": rng.choice(RESIDENCE, n, p=RESIDENCE_P),
        "key_population": rng.choice(KP, n, p=KP_P), "site_code": rng.choice(SITES, n, p=SITE_P),
        "positive": positive,
    })


def tests_for(pp: pd.DataFrame, seed: int, repeat_share: float = 0.12) -> pd.DataFrame:
    """Valid test events: one per person, a second (negative, later) for some negatives."""
    rng = np.random.default_rng(seed + 1)
    n = len(pp)
    first_day = rng.integers(0, 365 - 40, n)
    rows = pp.assign(day=first_day, result=np.where(pp["positive"], "positive", "negative"))
    again = rows[(~rows["positive"]) & (rng.random(n) < repeat_share)].copy()
    again["day"] = again["day"] + rng.integers(14, 40, len(again))
    moved = rng.random(len(again)) < 0.15  # some are tested again at another site
    again.loc[moved, "site_code"] = rng.choice(SITES, int(moved.sum()))
    rows = pd.concat([rows, again], ignore_index=True)
    m = len(rows)
    rows["test_date"] = pd.Timestamp(f"{YEAR}-01-01") + pd.to_timedelta(rows["day"], unit="D")
    rows["test_modality"] = rng.choice(np.array(MODALITY, dtype=object), m, p=MODALITY_P)
    rows["previously_diagnosed"] = np.where(
        rows["positive"], rng.choice(["no", "yes", "unknown", None], m, p=[0.6, 0.15, 0.15, 0.1]),
        rng.choice(["no", "unknown", None], m, p=[0.5, 0.2, 0.3]))
    return _cascade(rows, rng)


def _cascade(rows: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    m = len(rows)
    pos = rows["result"].eq("positive").to_numpy()
    linked = pos & (rng.random(m) < 0.86)
    art = linked & (rng.random(m) < 0.88)
    vl = art & (rng.random(m) < 0.8)
    td = rows["test_date"]
    rows["linked_date"] = td.where(linked) + pd.to_timedelta(rng.integers(0, 30, m), unit="D")
    rows["care_location"] = np.where(linked, rng.choice(["KAZ", "home_remote"], m, p=[0.7, 0.3]), None)
    rows["art_start_date"] = rows["linked_date"].where(art) + pd.to_timedelta(rng.integers(0, 21, m), unit="D")
    rows["vl_date"] = rows["art_start_date"].where(vl) + pd.to_timedelta(rng.integers(90, 200, m), unit="D")
    rows["vl_copies"] = np.where(vl, np.where(rng.random(m) < 0.86, rng.integers(0, 900, m),
                                              rng.integers(1000, 90000, m)), None)
    cap = pd.Timestamp(f"{YEAR}-12-31")
    for c in ("linked_date", "art_start_date", "vl_date"):
        rows.loc[rows[c] > cap, c] = cap  # nothing after the export's end
    return rows


def to_export(rows: pd.DataFrame, seed: int, id_prefix: str = "MH25") -> pd.DataFrame:
    """Rows as field teams write them: varied spellings and case, one column per contract field."""
    rng = np.random.default_rng(seed + 2)
    m = len(rows)
    rows = rows.reset_index(drop=True)
    spelled = [SPELLINGS[c][i % len(SPELLINGS[c])] for c, i in zip(rows["country"], rng.integers(0, 8, m))]
    uic = np.where(rng.random(m) < 0.2, rows["client_uic"].str.lower(), rows["client_uic"])

    def d(col: str) -> pd.Series:
        return rows[col].dt.strftime("%Y-%m-%d").where(rows[col].notna(), None)

    return pd.DataFrame({
        "record_id": [f"{id_prefix}-{i:07d}" for i in range(1, m + 1)], "client_uic": uic,
        "test_date": d("test_date"), "site_code": rows["site_code"], "country_of_origin": spelled,
        "migrant_group": rows["migrant_group"], "residence_status": rows["residence_status"],
        "sex": rows["sex"], "age": (rows["age"] + (rows["test_date"].dt.year - YEAR)).astype(str),
        "key_population": rows["key_population"], "test_modality": rows["test_modality"],
        "result": rows["result"], "previously_diagnosed": rows["previously_diagnosed"],
        "linked_date": d("linked_date"), "care_location": rows["care_location"],
        "art_start_date": d("art_start_date"), "vl_date": d("vl_date"),
        "vl_copies": [None if v is None or pd.isna(v) else str(int(v)) for v in rows["vl_copies"]],
    })[list(COLUMNS)]
