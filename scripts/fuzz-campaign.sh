#!/usr/bin/env bash
# The fuzz campaign of fuzz/README.md: every libFuzzer target (fuzz/*_fuzz.cpp) in turn,
# ONE at a time (the machine is shared), each until RUNS executions or SECONDS seconds,
# whichever comes first, from the kept corpus (fuzz/corpus/TARGET/) plus the real device
# corpus. Then the corpus is minimised (-merge=1) back into fuzz/corpus/TARGET/, capped at
# MAX_FILES files of at most 64 KiB, and one Markdown row per target is printed for the
# table in fuzz/README.md. A crash keeps its reproducer in build/fuzz/crashes/TARGET/ and
# makes the script exit 1.
# Usage: scripts/fuzz-campaign.sh [SECONDS [RUNS [TARGET...]]]
#   full campaign (the issue's bar):  scripts/fuzz-campaign.sh 1800 10000000
#   what was run on a shared 2-core machine: scripts/fuzz-campaign.sh 60
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-1800}
runs=${2:-10000000}
shift 2 || shift $# || true
max_files=${MAX_FILES:-200}
targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
  for src in fuzz/*_fuzz.cpp; do targets+=("$(basename "$src" .cpp)"); done
fi
scripts/build.sh fuzz "${targets[@]}"
shared=${CAMAUDIT_SHARED_DIR:-../shared}
failed=0
echo "| target | executions | exec/s | seconds | crashes | corpus files |"
echo "|---|---:|---:|---:|---:|---:|"
for target in "${targets[@]}"; do
  binary=build/fuzz/fuzz/$target
  kept=fuzz/corpus/$target
  work=$(mktemp -d)
  crashes=build/fuzz/crashes/$target
  mkdir -p "$kept" "$crashes"
  cp "$kept"/* "$work"/ 2>/dev/null || true
  [[ -d $shared/corpus ]] && cp "$shared"/corpus/*.txt "$work"/ 2>/dev/null || true
  log=build/fuzz/$target.campaign.log
  status=0
  "$binary" -max_total_time="$seconds" -runs="$runs" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -print_final_stats=1 -artifact_prefix="$crashes/" "$work" >"$log" 2>&1 || status=$?
  execs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' || echo 0)
  rate=$(grep -oE 'stat::average_exec_per_sec: *[0-9]+' "$log" | grep -oE '[0-9]+$' || echo 0)
  elapsed=$(grep -oE 'Done [0-9]+ runs in [0-9]+ second' "$log" | grep -oE 'in [0-9]+' | grep -oE '[0-9]+' || echo "$seconds")
  found=$(find "$crashes" -type f | wc -l)
  # Minimise: the smallest set of inputs with the same coverage, then keep it small.
  fresh=$(mktemp -d)
  "$binary" -merge=1 -max_len=65536 "$fresh" "$work" >/dev/null 2>&1 || true
  find "$fresh" -type f -size +64k -delete
  rm -rf "${kept:?}"/*
  find "$fresh" -type f -printf '%s %p\n' | sort -n | head -n "$max_files" | cut -d' ' -f2- |
    while read -r f; do cp "$f" "$kept/"; done
  echo "| $target | $execs | $rate | $elapsed | $found | $(find "$kept" -type f | wc -l) |"
  if [[ $status -ne 0 || $found -ne 0 ]]; then
    echo "FUZZ FAILURE: $target (log: $log, reproducers: $crashes)" >&2
    failed=1
  fi
  rm -rf "$work" "$fresh"
done
exit $failed
