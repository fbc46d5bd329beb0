#!/usr/bin/env bash
# The main job: process the whole inbox (the bundled sample unless MH_INBOX is set) and rebuild
# the warehouse and the donor reports.
set -euo pipefail
cd "$(dirname "$0")/.."
MH_NEED_CHROMIUM=1 bash scripts/setup.sh   # Debian's Chromium renders the chart images
export PATH="$HOME/.local/bin:$PATH"
if [ -n "${MH_DAGSTER_PG_URL:-}" ]; then
  export DAGSTER_HOME="${DAGSTER_HOME:-$PWD/deploy/postgres}"   # run storage on PostgreSQL
else
  export DAGSTER_HOME="${DAGSTER_HOME:-$PWD/.dagster_home}"     # embedded SQLite
fi
export GX_ANALYTICS_ENABLED=false
if [ -z "${MH_INBOX:-}" ]; then   # the bundled sample: its files arrive when its story says, not at checkout
  uv run python -m pipelines.lib.sample_arrivals
fi
exec uv run dagster asset materialize -m pipelines.definitions --select '*' "$@"
