#!/usr/bin/env bash
# The main job: process the whole inbox (the bundled sample unless MH_INBOX is set) and rebuild
# the warehouse and the donor reports.
set -euo pipefail
# a folder or file given relative to where the command is typed, not to the checkout it then moves to
for name in MH_INBOX MH_WAREHOUSE MH_REPORTS MH_TARGETS MH_ALERTS DAGSTER_HOME; do
  value="${!name:-}"
  if [ -n "$value" ] && [ "${value#/}" = "$value" ]; then export "$name=$PWD/$value"; fi
done
cd "$(dirname "$0")/.."
MH_NEED_CHROMIUM=1 bash scripts/setup.sh   # Debian's Chromium renders the chart images
export PATH="$HOME/.local/bin:$PATH"
if [ -n "${MH_DAGSTER_PG_URL:-}" ]; then
  INSTANCE="$PWD/deploy/postgres"   # run storage on PostgreSQL
else
  INSTANCE="$PWD/.dagster_home"     # embedded SQLite
fi
export DAGSTER_HOME="${DAGSTER_HOME:-$INSTANCE}"
if [ ! -f "$DAGSTER_HOME/dagster.yaml" ] && [ ! -f "$DAGSTER_HOME/dagster.yml" ]; then
  # Dagster's defaults would turn telemetry on (and a run refuses such an instance): the project's settings
  mkdir -p "$DAGSTER_HOME"
  cp "$INSTANCE/dagster.yaml" "$DAGSTER_HOME/dagster.yaml"
  echo "DAGSTER_HOME $DAGSTER_HOME had no dagster.yaml: $INSTANCE/dagster.yaml copied there (telemetry off)" >&2
fi
export GX_ANALYTICS_ENABLED=false DAGSTER_DISABLE_TELEMETRY=1   # the latter: Dagster never uploads its logs
if [ -z "${MH_INBOX:-}" ]; then   # the bundled sample: its files arrive when its story says, not at checkout
  uv run python -m pipelines.lib.sample_arrivals
fi
# Dagster's own notices about this command, not about the run: `asset materialize` is superseded by `dg
# launch` (a CLI package the project does not install) and the CLI's '*' selection uses a beta parameter
export PYTHONWARNINGS="ignore:Function \`asset_materialize_command\` is superseded,ignore:Parameter \`include_sources\` of function \`AssetSelection.all\`${PYTHONWARNINGS:+,$PYTHONWARNINGS}"
exec uv run dagster asset materialize -m pipelines.definitions --select '*' "$@"
