#!/usr/bin/env bash
# Everything a fresh machine needs: uv (from PyPI), the locked environment, Chromium (chart images,
# page tests) and PostgreSQL (run-storage test) when asked for.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.local/bin:$PATH"
if ! command -v uv >/dev/null 2>&1; then
  python3 -m pip install --quiet --user uv || python3 -m pip install --quiet uv
fi
if [ "${MH_NEED_CHROMIUM:-0}" = "1" ] && ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
fi
if [ "${MH_NEED_POSTGRES:-0}" = "1" ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
fi
# uv's bytecode compilation failed once on a fresh clone here (2026-12-07: a compiling worker answered nothing,
# "expected .../scipy/optimize/_numdiff.py, received: \"\""); a second sync compiles the environment again.
if ! uv sync --frozen --compile-bytecode --quiet; then
  echo "setup: uv sync failed (above); trying once more" >&2
  uv sync --frozen --compile-bytecode --quiet
fi
# Dagster's instance lives in the project; telemetry is off there (.dagster_home/dagster.yaml).
mkdir -p .dagster_home
