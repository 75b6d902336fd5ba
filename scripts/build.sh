#!/usr/bin/env bash
# Installs dependencies (if missing) and builds one CMake preset (default: release),
# all of it or only the targets named.
# Usage: scripts/build.sh [PRESET [TARGET...]]
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-release}
shift || true
scripts/install-deps.sh
jobs=$(nproc 2>/dev/null || echo 2)
if [[ ! -f build/$preset/build.ninja ]]; then
  cmake --preset "$preset" >/dev/null
fi
targets=()
for t in "$@"; do targets+=(--target "$t"); done
cmake --build --preset "$preset" -j"$jobs" "${targets[@]}"
