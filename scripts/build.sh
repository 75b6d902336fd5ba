#!/usr/bin/env bash
# Installs dependencies (if missing) and builds one CMake preset (default: release).
# Usage: scripts/build.sh [PRESET]
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-release}
scripts/install-deps.sh
jobs=$(nproc 2>/dev/null || echo 2)
if [[ ! -f build/$preset/build.ninja ]]; then
  cmake --preset "$preset" >/dev/null
fi
cmake --build --preset "$preset" -j"$jobs"
