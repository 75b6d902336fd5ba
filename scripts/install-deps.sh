#!/usr/bin/env bash
# Installs every Debian package camaudit needs to build, test and run its demo.
# Idempotent: when everything is present it only checks (dpkg-query) and exits in
# well under a second. Needs root (or sudo) only when something is missing.
# Usage: scripts/install-deps.sh [--bench]
#   --bench  also installs what bench/scan_bench.sh compares against (nmap, GNU time);
#            the build and the tests never need them, so the default run stays minimal.
set -euo pipefail

packages=(
  # toolchain
  g++ clang cmake ninja-build pkg-config
  # libraries (see ARCHITECTURE.md for which stage uses which)
  libasio-dev libssl-dev libsqlite3-dev libpcre2-dev libhyperscan-dev libpugixml-dev
  nlohmann-json3-dev libsimdjson-dev libcli11-dev libfmt-dev libtomlplusplus-dev libpcap-dev libzip-dev
  # tests, benchmarks, fuzzing (clang's libFuzzer runtime)
  libgtest-dev libgmock-dev libbenchmark-dev libclang-rt-14-dev
  # data: the IEEE MAC registry read at run time
  ieee-data
  # real clients the end-to-end tests drive against camfarm
  curl openssl iproute2 python3 ffmpeg onvif-tools
  # import end-to-end tests: a real nmap -sV XML and a real loopback capture of a camfarm scan
  nmap tcpdump
)
if [[ "${1:-}" == "--bench" ]]; then
  # the scanners bench/scan_bench.sh measures camaudit against, and /usr/bin/time for
  # wall/CPU/peak-RSS figures
  packages+=(time)
fi

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null || true)
  [[ "$status" == ii* ]] || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
  exit 0
fi

echo "install-deps: installing ${missing[*]}" >&2
SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO=sudo; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
