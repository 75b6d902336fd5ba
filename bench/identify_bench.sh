#!/usr/bin/env bash
# Identification throughput vs the one-regex-at-a-time baseline, in one run.
# Usage: bench/identify_bench.sh [OBSERVATIONS]   (default 1,000,000)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh release >/dev/null
build/release/bench/identify_bench "${1:-1000000}" samples/corpus.jsonl
