#!/usr/bin/env bash
# The test suite, with its set-up (uv, locked environment, Debian's Chromium for page tests).
set -euo pipefail
cd "$(dirname "$0")/.."
MH_NEED_CHROMIUM=1 MH_NEED_POSTGRES=1 bash scripts/setup.sh
export PATH="$HOME/.local/bin:$PATH"
export GX_ANALYTICS_ENABLED=false
# One worker per core (pytest-xdist): DuckDB's queries already use both cores, but most of a test's time is
# Python, Dagster's start-up and subprocesses on one (10:41 -> 6:33-8:07 here). `-n 0` after it: one process.
exec uv run pytest -n auto --dist worksteal "$@"
