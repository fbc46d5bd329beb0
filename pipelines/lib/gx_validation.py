"""Great Expectations 1.x on DataFrames pulled from DuckDB in batches.

GX cannot validate DuckDB through SQLAlchemy at this version (stack notes), so each batch of
``staging.screening`` is validated as a pandas DataFrame and the statistics are summed. Batches come
from DuckDB as Arrow tables and become DataFrames here (``as_frame``), in GX's worker when there is
one: the conversion (~0.2-1 s for GX's 100,000-row sample) is then off the run's own process.
GX is imported here only, inside the functions that use it: importing this module does not import GX
(it runs in GX's worker process, pipelines/lib/gx_worker.py, or in-process when no worker was started).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import pandas as pd
import pyarrow as pa


@dataclass
class ExpectationStats:
    type: str
    column: str
    group: str
    blocking: bool
    success: bool = True
    element_count: int = 0
    unexpected_count: int = 0
    sample_ids: list[str] = field(default_factory=list)


@dataclass
class SuiteStats:
    suite: str
    batches: int = 0
    rows: int = 0  # rows GX looked at
    rows_total: int = 0  # rows in the table (more than ``rows`` when a sample was validated)
    added_only: bool = False  # the table's rows an incremental build added, not all (rows_total: those)
    in_worker: bool = False  # validated in GX's worker process (pipelines/lib/gx_worker.py)
    submitted_early: bool = False  # handed over by the ingest (GreatExpectationsResource.submit_screening)
    expectations: list[ExpectationStats] = field(default_factory=list)

    @property
    def success(self) -> bool:
        return all(e.success for e in self.expectations if e.blocking)

    def groups(self) -> dict[str, list[ExpectationStats]]:
        out: dict[str, list[ExpectationStats]] = {}
        for e in self.expectations:
            out.setdefault(e.group, []).append(e)
        return out


def load_suite_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


SUITE_DIR = Path(__file__).resolve().parents[2] / "expectations"


def suite_groups(name: str, suite_dir: Path = SUITE_DIR) -> dict[str, bool]:
    """Group -> blocking, from the reviewed suite file (read without importing GX)."""
    groups: dict[str, bool] = {}
    for e in load_suite_json(suite_dir / f"{name}.json")["expectations"]:
        meta = e.get("meta", {})
        g = meta.get("group", "other")
        groups[g] = groups.get(g, False) or bool(meta.get("blocking", True))
    return groups


def suite_value_sets(name: str, suite_dir: Path = SUITE_DIR) -> dict[str, list[str]]:
    """Column -> its allowed values, from the reviewed suite's expect_column_values_to_be_in_set."""
    return {e["kwargs"]["column"]: list(e["kwargs"]["value_set"])
            for e in load_suite_json(suite_dir / f"{name}.json")["expectations"]
            if e["type"] == "expect_column_values_to_be_in_set"}


def _class_name(expectation_type: str) -> str:
    return "".join(part.capitalize() for part in expectation_type.split("_"))


def build_suite(spec: dict):
    import great_expectations as gx

    expectations = []
    for e in spec["expectations"]:
        cls = getattr(gx.expectations, _class_name(e["type"]))
        expectations.append(cls(**e["kwargs"], meta=e.get("meta", {})))
    return gx.ExpectationSuite(name=spec["name"], expectations=expectations, meta=spec.get("meta", {}))


def ephemeral_context():
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    return context


Batch = pa.Table | pd.DataFrame  # what GX is handed: DuckDB's Arrow results, or DataFrames

# DuckDB's own .df() gives an integer column with nulls as pandas' nullable integer of its width
_NULLABLE = {pa.int8(): pd.Int8Dtype(), pa.int16(): pd.Int16Dtype(), pa.int32(): pd.Int32Dtype(),
             pa.int64(): pd.Int64Dtype(), pa.uint8(): pd.UInt8Dtype(), pa.uint16(): pd.UInt16Dtype(),
             pa.uint32(): pd.UInt32Dtype(), pa.uint64(): pd.UInt64Dtype()}


def as_frame(batch: Batch) -> pd.DataFrame:
    """A batch of ``checks.gx_batch`` (text, dates as text, integers) as DuckDB's ``.df()`` would have
    given it; a DataFrame passes as it is."""
    if isinstance(batch, pd.DataFrame):
        return batch
    df = batch.to_pandas()
    for name, column in zip(batch.column_names, batch.columns):
        if column.null_count and column.type in _NULLABLE:
            df[name] = column.to_pandas(types_mapper=_NULLABLE.get)
    return df


def validate_batches(context, spec: dict, batches: Iterable[Batch]) -> SuiteStats:
    """Validate every batch against the suite; counts add up, success needs every batch."""
    suite = context.suites.add(build_suite(spec))
    source = context.data_sources.add_pandas(re.sub(r"\W", "_", spec["name"]))
    batch_def = source.add_dataframe_asset("batches").add_batch_definition_whole_dataframe("batch")
    stats = SuiteStats(spec["name"])
    stats.expectations = [
        ExpectationStats(e["type"], e["kwargs"].get("column") or
                         f'{e["kwargs"].get("column_A")}>={e["kwargs"].get("column_B")}',
                         e.get("meta", {}).get("group", "other"), e.get("meta", {}).get("blocking", True))
        for e in spec["expectations"]
    ]
    for batch in batches:
        df = as_frame(batch)
        stats.batches += 1
        stats.rows += len(df)
        result = batch_def.get_batch(batch_parameters={"dataframe": df}).validate(suite, result_format="SUMMARY")
        by_id = {r.expectation_config.id: r for r in result.results}
        # GX does not keep the suite's order in its results: match them by expectation id
        for s, expectation in zip(stats.expectations, suite.expectations):
            r = by_id[expectation.id]
            s.success = s.success and bool(r.success)
            # only counts are kept: GX's partial_unexpected_list holds values (UICs), never exported
            s.element_count += int(r.result.get("element_count", len(df)) or 0)
            s.unexpected_count += int(r.result.get("unexpected_count", 0) or 0)
            if "record_id" in df and len(s.sample_ids) < 10:
                idx = r.result.get("partial_unexpected_index_list") or []
                s.sample_ids += [str(df["record_id"].iloc[i]) for i in idx[: 10 - len(s.sample_ids)]]
    return stats
