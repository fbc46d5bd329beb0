"""GX's worker defers the packages our suite never uses: GX still validates, with the same results."""

from __future__ import annotations

import json
import subprocess
import sys

import pyarrow.parquet as pq

from pipelines.lib import gx_validation, settings
from pipelines.lib.sql import query_arrow
from tests.conftest import load_staging, rows_frame
from tests.sql.test_marts_indicators import FIXTURE

STRICT_AGE = {"name": "strict", "expectations": [{
    "type": "expect_column_values_to_be_between",
    "kwargs": {"column": "age", "min_value": 0, "max_value": 30}, "meta": {"group": "ranges"}}]}

# run in a process of its own: the test's process needs sqlalchemy (Dagster's storage)
VALIDATE = """
import json, sys, types
import pyarrow.parquet as pq
from pipelines.lib import gx_imports, gx_validation
gx_imports.defer_unused_imports()
context = gx_validation.ephemeral_context()
batch = pq.read_table(sys.argv[1])
out = {}
for spec in json.loads(sys.argv[2]):
    stats = gx_validation.validate_batches(context, spec, [batch])
    out[spec["name"]] = [[e.type, e.column, e.success, e.element_count, e.unexpected_count, sorted(e.sample_ids)]
                         for e in stats.expectations]
ran = lambda name: type(sys.modules.get(name)) is types.ModuleType  # a deferred module is not run yet
out["modules"] = {"sqlalchemy": "sqlalchemy" in sys.modules and sys.modules["sqlalchemy"] is not None,
                  "scipy.stats": ran("scipy.stats"), "altair": ran("altair"),
                  "great_expectations": ran("great_expectations")}
print(json.dumps(out))
"""


def _stats(stats: gx_validation.SuiteStats) -> list:
    return [[e.type, e.column, e.success, e.element_count, e.unexpected_count, sorted(e.sample_ids)]
            for e in stats.expectations]


def test_the_worker_validates_the_suite_without_scipy_altair_or_sqlalchemy(con, tmp_path):
    load_staging(con, rows_frame(FIXTURE))
    batch = query_arrow(con, "checks.gx_batch", {"batch_rows": 100, "offset": 0, "stride": 1, "files": None})
    pq.write_table(batch, tmp_path / "batch.parquet")
    suite = gx_validation.load_suite_json(gx_validation.SUITE_DIR / "staging.screening.json")
    done = subprocess.run([sys.executable, "-c", VALIDATE, str(tmp_path / "batch.parquet"),
                           json.dumps([STRICT_AGE, suite])],
                          cwd=settings.REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["modules"] == {"sqlalchemy": False, "scipy.stats": False, "altair": False,
                              "great_expectations": True}
    # ages over 30 in the fixture: r01 r02 (35), r03 r07 r08 (40), r04 (55)
    (strict,) = out["strict"]
    assert strict[2:] == [False, 8, 6, ["r01", "r02", "r03", "r04", "r07", "r08"]]
    # the reviewed suite: as GX validates it with every package loaded (this process)
    full = gx_validation.validate_batches(gx_validation.ephemeral_context(), suite, [batch])
    assert out[suite["name"]] == _stats(full)
    assert len(out[suite["name"]]) == len(suite["expectations"]) > 20
