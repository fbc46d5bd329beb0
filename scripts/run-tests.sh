#!/usr/bin/env bash
# The test suite, with its set-up (uv, locked environment, Debian's Chromium for page tests).
set -euo pipefail
cd "$(dirname "$0")/.."
MH_NEED_CHROMIUM=1 MH_NEED_POSTGRES=1 bash scripts/setup.sh
export PATH="$HOME/.local/bin:$PATH"
export GX_ANALYTICS_ENABLED=false
exec uv run pytest "$@"
