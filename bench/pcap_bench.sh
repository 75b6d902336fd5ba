#!/usr/bin/env bash
# Reading a capture (issue 13: `camaudit import pcap` at >= 50 % of `tcpdump -r FILE -w
# /dev/null`'s speed): tcpdump records loopback while camaudit scans a camfarm estate,
# then both read the file, alternated (A B A B), wall seconds of each and the ratio of the
# medians. camaudit's figure includes TCP reassembly and identification of every device;
# tcpdump only copies the packets.
# Usage: bench/pcap_bench.sh [BUILD_DIR] [ROUNDS]   (needs tcpdump and the right to capture)
#   ESTATE (default 127.65.0.0/20), LIVE (0.3), PORTS (80,443,554,8000,37777)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
rounds=${2:-3}
estate=${ESTATE:-127.65.0.0/20}
live=${LIVE:-0.3}
ports=${PORTS:-80,443,554,8000,37777}
[[ $estate == 127.* ]] || { echo "pcap_bench: $estate is not loopback" >&2; exit 2; }
command -v tcpdump >/dev/null || { echo "pcap_bench: tcpdump is not installed" >&2; exit 2; }
source bench/lib.sh
work=$(mktemp -d)
farm="" dump=""
trap 'kill $farm $dump 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
start_farm "$build" "$work/camfarm.log" "$estate" "$live" 21 900
tcpdump -i lo -U -n -s 0 -w "$work/scan.pcap" net "$estate" >"$work/tcpdump.log" 2>&1 &
dump=$!
for _ in $(seq 100); do grep -q "listening on" "$work/tcpdump.log" && break; sleep 0.1; done
timeout 600 "$build/src/camaudit/app/camaudit" scan "$estate" -p "$ports" --no-table --progress never --no-store \
  --no-assess -o "$work/scan.jsonl" 2>&1 | tail -1
sleep 1
kill -INT "$dump"
wait "$dump" 2>/dev/null || true
dump=""
echo "capture: $(du -h "$work/scan.pcap" | cut -f1), $(tcpdump -r "$work/scan.pcap" -n 2>/dev/null | wc -l) packets"
ours=() theirs=()
for ((r = 0; r < rounds; r++)); do
  theirs+=("$(wall_seconds tcpdump -r "$work/scan.pcap" -w /dev/null)")
  ours+=("$(wall_seconds "$build/src/camaudit/app/camaudit" import pcap "$work/scan.pcap" -o /dev/null --no-store --no-assess)")
  echo "round $((r + 1)): tcpdump -r ${theirs[-1]} s, camaudit import pcap ${ours[-1]} s"
done
"$build/src/camaudit/app/camaudit" import pcap "$work/scan.pcap" -o /dev/null --no-store --no-assess 2>&1 | grep devices
a=$(median "${theirs[@]}") b=$(median "${ours[@]}")
echo "median: tcpdump -r $a s, camaudit import pcap $b s: camaudit at $(awk -v a="$a" -v b="$b" 'BEGIN {printf "%.0f", a * 100 / b}') % of tcpdump's speed (target >= 50 %)"
