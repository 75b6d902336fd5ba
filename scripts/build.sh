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
  launcher=()
  # ccache, when installed, makes rebuilds and fresh worktrees cheap (base_dir in its
  # config keeps hits across checkout folders); the build never needs it.
  if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
  cmake --preset "$preset" "${launcher[@]}" >/dev/null
fi
targets=()
for t in "$@"; do targets+=(--target "$t"); done
cmake --build --preset "$preset" -j"$jobs" "${targets[@]}"
