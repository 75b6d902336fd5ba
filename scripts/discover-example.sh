#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# A small LAN estate in network namespaces, and `camaudit discover` finding it.
# Run as root:  scripts/discover-example.sh [BUILD_DIR]   (default build/release)
#
# Shape (the same as src/camaudit/discover/discover_netns_test.cpp): a bridge in its own
# namespace; one namespace per camfarm device, each joined to the bridge by a veth pair;
# camaudit discover in a client namespace on the same bridge. Addresses are 10.199.1.x,
# which exist only inside these namespaces: every multicast and broadcast stays in them.
# Everything is torn down on exit, also on error or Ctrl-C.
set -euo pipefail

build=${1:-build/release}
camaudit=$(realpath "$build/src/camaudit/app/camaudit")
camfarm=$(realpath "$build/tools/camfarm/camfarm")
[[ $(id -u) == 0 ]] || { echo "run as root (network namespaces)" >&2; exit 2; }
[[ -x $camaudit && -x $camfarm ]] || { echo "build first: cmake --build $build" >&2; exit 2; }

prefix=cadx$$
work=$(mktemp -d)
namespaces=()
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  for ((i = ${#namespaces[@]} - 1; i >= 0; i--)); do ip netns del "${namespaces[i]}" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

bridge=$prefix-br
ip netns add "$bridge"; namespaces+=("$bridge")
ip -n "$bridge" link add br0 type bridge mcast_snooping 0
ip -n "$bridge" link set br0 up

host=0
add_host() {  # add_host NAME IP -> namespace $prefix-NAME with eth0 = IP/24 on the bridge
  local ns=$prefix-$1 peer=v$host
  host=$((host + 1))
  ip netns add "$ns"; namespaces+=("$ns")
  ip -n "$bridge" link add "$peer" type veth peer name eth0 netns "$ns"
  ip -n "$bridge" link set "$peer" master br0 up
  ip -n "$ns" link set lo up
  ip -n "$ns" addr add "$2/24" dev eth0
  ip -n "$ns" link set eth0 up
}

ip_last=10
for profile in hikvision-ipc-v5 hilook-nvr dahua-ipc lorex-nvr axis-camera onvif-generic-camera nginx-default; do
  ip_last=$((ip_last + 1))
  add_host "$profile" "10.199.1.$ip_last"
  ip netns exec "$prefix-$profile" "$camfarm" --range "10.199.1.$ip_last/32" --live 1 --seed 5 \
      --mix "$profile=1" --multicast --duration 60 --threads 1 \
      --ground-truth "$work/$profile.truth.jsonl" --request-log "$work/$profile.requests.jsonl" \
      > "$work/$profile.out" 2>&1 &
  pids+=($!)
  echo "10.199.1.$ip_last  $profile"
done
add_host client 10.199.1.2
for _ in $(seq 50); do  # every farm prints "ready" once it listens
  [[ $(cat "$work"/*.out | grep -c ready) -ge 7 ]] && break
  sleep 0.1
done

echo
echo "# ip netns exec $prefix-client camaudit discover --interface eth0 --wait 3 -o devices.jsonl --table"
ip netns exec "$prefix-client" "$camaudit" discover --interface eth0 --wait 3 -o "$work/devices.jsonl" --table

echo
echo "# what the devices were asked (camfarm check-log: only inquiry/search/probe allowed)"
for log in "$work"/*.requests.jsonl; do
  [[ -s $log ]] && "$camfarm" check-log "$log" | tail -1
done
