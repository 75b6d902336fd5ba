#!/usr/bin/env bash
# Assessment vs identification on the same devices (a real scan's observations), one run.
# Usage: bench/assess_bench.sh [ROUNDS] [OBSERVATIONS.jsonl]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh release assess_bench >/dev/null
build/release/bench/assess_bench "${1:-20}" "${2:-samples/scan-full-mix.jsonl}"
