#!/usr/bin/env bash
# camfarm benchmark: starts a /16 estate on 127.64.0.0/16, reports start-up time, resident
# memory and the HTTP requests/s it sustains under a bounded load (count and time limited).
# Usage: tools/camfarm/bench/camfarm_bench.sh BUILD_DIR [REQUESTS] [CONCURRENCY] [SECONDS]
set -euo pipefail
build=${1:?build dir, e.g. build/release}
requests=${2:-200000}
concurrency=${3:-64}
seconds=${4:-20}
farm="$build/tools/camfarm/camfarm"
load="$build/tools/camfarm/camfarm_load"
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT

# ~5% live of 65,534 addresses with 2-6 ports each: ~14k sockets, under the usual 20k fd limit.
start=$(date +%s.%N)
"$farm" --range 127.64.0.0/16 --live 0.05 --seed 16 \
  --mix hikvision-ipc-v5=2 --mix dahua-ipc=2 --mix nginx-default=1 \
  --ground-truth "$work/truth.jsonl" --duration $((seconds + 30)) >"$work/out" 2>"$work/err" &
pid=$!
for _ in $(seq 1 300); do
  grep -q ready "$work/out" 2>/dev/null && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/err"; exit 1; }
  sleep 0.05
done
ready=$(date +%s.%N)
grep -q ready "$work/out" || { echo "camfarm did not become ready"; cat "$work/err"; exit 1; }
cat "$work/err"
printf 'startup_seconds %.3f (wall clock, spawn to "ready")\n' "$(echo "$ready - $start" | bc)"
echo "devices $(wc -l <"$work/truth.jsonl")"
grep -E 'VmRSS|VmHWM' /proc/$pid/status
echo "fds $(ls /proc/$pid/fd | wc -l)"
"$load" "$work/truth.jsonl" "$requests" "$concurrency" "$seconds"
grep -E 'VmRSS|VmHWM' /proc/$pid/status
