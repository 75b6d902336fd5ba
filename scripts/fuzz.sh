#!/usr/bin/env bash
# Builds every parser's libFuzzer target (fuzz/*_fuzz.cpp) with clang and runs each
# for SECONDS (default 60), seeded with the real corpus and the target's kept corpus
# (fuzz/corpus/TARGET/, minimised by scripts/fuzz-campaign.sh). Any crash fails the script.
# Usage: scripts/fuzz.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
targets=()
for src in fuzz/*_fuzz.cpp; do targets+=("$(basename "$src" .cpp)"); done
scripts/build.sh fuzz "${targets[@]}"
shared=${CAMAUDIT_SHARED_DIR:-../shared}
seeds=$(mktemp -d)
trap 'rm -rf "$seeds"' EXIT
[[ -d $shared/corpus ]] && cp "$shared"/corpus/*.txt "$seeds"/ 2>/dev/null || true
failed=0
for target in build/fuzz/fuzz/*_fuzz; do
  [[ -x $target ]] || continue
  work=$(mktemp -d)
  cp "$seeds"/* "$work"/ 2>/dev/null || true
  cp fuzz/corpus/"$(basename "$target")"/* "$work"/ 2>/dev/null || true
  if ! "$target" -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 -print_final_stats=0 "$work" \
      >"$work.log" 2>&1; then
    echo "FUZZ FAILURE: $(basename "$target") (log: $work.log)"
    tail -n 30 "$work.log"
    failed=1
  else
    echo "fuzz ok: $(basename "$target") ($(grep -oE 'Done [0-9]+ runs' "$work.log" | tail -1))"
  fi
  rm -rf "$work"
done
exit $failed
