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
# One target's run; its verdict goes to $results/TARGET (ok or fail) and its log beside it.
smoke() {
  local target=$1 name work
  name=$(basename "$target")
  work=$(mktemp -d)
  cp "$seeds"/* "$work"/ 2>/dev/null || true
  cp fuzz/corpus/"$name"/* "$work"/ 2>/dev/null || true
  if "$target" -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 -print_final_stats=0 "$work" \
      >"$results/$name.log" 2>&1; then
    echo "fuzz ok: $name ($(grep -oE 'Done [0-9]+ runs' "$results/$name.log" | tail -1))" >"$results/$name"
  else
    { echo "FUZZ FAILURE: $name (log: $results/$name.log)"; tail -n 30 "$results/$name.log"; } >"$results/$name"
  fi
  rm -rf "$work"
}
# As many targets at once as there are cores (CI: 2), each for SECONDS.
results=$(mktemp -d)
jobs=$(nproc 2>/dev/null || echo 2)
for target in build/fuzz/fuzz/*_fuzz; do
  [[ -x $target ]] || continue
  while (($(jobs -rp | wc -l) >= jobs)); do wait -n || true; done
  smoke "$target" &
done
wait
failed=0
for verdict in "$results"/*_fuzz; do
  cat "$verdict"
  grep -q '^FUZZ FAILURE' "$verdict" && failed=1
done
if ((failed == 0)); then rm -rf "$results"; fi
exit $failed
