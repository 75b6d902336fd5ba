#!/usr/bin/env bash
# What storing an audit adds to a real scan (issue 12: at most 10 % of the scan's wall
# time): `camaudit scan` of a camfarm /16 on loopback with --no-store and with --store
# DB, alternated (A B A B) so the machine's drift hits both alike; wall seconds of each
# and the ratio of the medians.
# Usage: bench/store_scan_bench.sh [BUILD_DIR] [ROUNDS]
#   ESTATE (default 127.64.0.0/16), LIVE (0.05), PORTS (80,554,8000), CONCURRENCY (2000)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
rounds=${2:-2}
estate=${ESTATE:-127.64.0.0/16}
live=${LIVE:-0.05}
ports=${PORTS:-80,554,8000}
concurrency=${CONCURRENCY:-2000}
[[ $estate == 127.* ]] || { echo "store_scan_bench: $estate is not loopback" >&2; exit 2; }
source bench/lib.sh
work=$(mktemp -d)
farm=""
trap 'kill $farm 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
start_farm "$build" "$work/camfarm.log" "$estate" "$live" 16 1800
echo "estate: $(head -1 "$work/camfarm.log")"
scan() {  # $1: label, rest: store options; the summary goes to $work/$1.log
  timeout 900 "$build/src/camaudit/app/camaudit" scan "$estate" -p "$ports" --concurrency "$concurrency" \
    --rate 0 --no-table --progress never --no-assess -o "$work/$1.jsonl" "${@:2}" >"$work/$1.log" 2>&1
}
no_store=() store=()
for ((r = 0; r < rounds; r++)); do
  no_store+=("$(wall_seconds scan "plain$r" --no-store)")
  store+=("$(wall_seconds scan "stored$r" --store "$work/inventory$r.db")")
  echo "round $((r + 1)): --no-store ${no_store[-1]} s, --store ${store[-1]} s ($(tail -1 "$work/stored$r.log"))"
done
a=$(median "${no_store[@]}") b=$(median "${store[@]}")
echo "median: --no-store $a s, --store $b s: store adds $(awk -v a="$a" -v b="$b" 'BEGIN {printf "%.1f", (b - a) * 100 / a}') % (target <= 10 %)"
