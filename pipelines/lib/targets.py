"""Programme targets (people to test per period), the denominator of coverage."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

COLUMNS = ["period", "dimension", "category", "target"]


def empty_targets() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="int64" if c == "target" else "str") for c in COLUMNS})


def load_targets(path: Path) -> pd.DataFrame:
    """A CSV of period, target (and optionally dimension, category); a missing file means no targets."""
    if not path.is_file():
        return empty_targets()
    df = pd.read_csv(path, dtype=str).rename(columns=lambda c: c.strip().lower())
    if "period" not in df or "target" not in df:
        raise ValueError(f"{path}: targets need columns period and target, found {list(df.columns)}")
    df["dimension"] = df.get("dimension", pd.Series(["total"] * len(df))).fillna("total")
    df["category"] = df.get("category", pd.Series(["all"] * len(df))).fillna("all")
    bad = df[~df["target"].str.fullmatch(r"\s*[0-9]+\s*").fillna(False)]
    if len(bad):
        row = bad.index[0] + 2
        raise ValueError(f"{path}: row {row}, column target: {bad['target'].iloc[0]!r} is not a whole number")
    df["target"] = df["target"].astype("int64")
    return df[COLUMNS]
