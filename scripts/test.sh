#!/usr/bin/env bash
# The whole test suite: unit, knowledge-base and end-to-end tests on the release
# build, the same suite under AddressSanitizer + UndefinedBehaviorSanitizer, and a
# short run of every parser's fuzz target.
# Usage: scripts/test.sh [--quick]   (--quick: release build only, without the soak test)
set -euo pipefail
cd "$(dirname "$0")/.."
quick=0
# Commands store their audits by default: the tests' go to a throwaway data directory,
# never the user's inventory.
export XDG_DATA_HOME
XDG_DATA_HOME=$(mktemp -d /tmp/camaudit-test-data.XXXXXX)
trap 'rm -rf "$XDG_DATA_HOME"' EXIT
[[ ${1:-} == --quick ]] && quick=1

echo "== release build and tests"
scripts/build.sh release
if ((quick)); then
  # The quick run leaves out the soak test (label `soak`, up to two minutes).
  ctest --preset release -j"$(nproc 2>/dev/null || echo 2)" -LE soak
  exit 0
fi
ctest --preset release -j"$(nproc 2>/dev/null || echo 2)"

echo "== sanitizer build (ASan + UBSan) and tests"
scripts/build.sh asan
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --preset asan -j"$(nproc 2>/dev/null || echo 2)"

echo "== fuzz smoke run"
scripts/fuzz.sh 10
