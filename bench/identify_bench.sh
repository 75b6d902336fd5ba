#!/usr/bin/env bash
# Identification throughput vs the one-regex-at-a-time baseline, in one run per sample:
# the corpus sample (widest protocol mix) and a real scan's observations (the mix and
# grouping identification sees after `camaudit scan`).
# Usage: bench/identify_bench.sh [OBSERVATIONS]   (default 1,000,000 per sample)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh release >/dev/null
for sample in samples/corpus.jsonl samples/scan-full-mix.jsonl; do
  echo "== $sample"
  build/release/bench/identify_bench "${1:-1000000}" "$sample"
done
