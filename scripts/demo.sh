#!/usr/bin/env bash
# The main job: identify every real device response bundled in samples/corpus.jsonl
# (cut from ../shared/corpus by scripts/corpus_sample.py) and print what was found.
# Writes the full results, with evidence, to out/devices.jsonl.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh release
mkdir -p out
camaudit=build/release/src/camaudit/app/camaudit
"$camaudit" identify samples/corpus.jsonl -o out/devices.jsonl --table
echo
echo "Full results with evidence: out/devices.jsonl"
