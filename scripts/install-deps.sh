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
  nlohmann-json3-dev libsimdjson-dev libcli11-dev libfmt-dev libtomlplusplus-dev libpcap-dev
  libpq-dev
  # the central store's server, for the tests' throwaway cluster (scripts/pg-cluster.sh)
  postgresql
  libxlsxwriter-dev libzip-dev
  # tests, benchmarks, fuzzing (clang's libFuzzer runtime)
  libgtest-dev libgmock-dev libbenchmark-dev libclang-rt-14-dev
  # data: the IEEE MAC registry read at run time; nmap-service-probes, the fingerprint
  # database scripts/kb_coverage.py measures kb/ against
  ieee-data nmap
  # real clients the end-to-end tests drive against camfarm
  curl openssl iproute2 python3 ffmpeg onvif-tools
  # reports: PDF printing and the browser tests (headless Chromium, chromedriver, selenium);
  # readers that check the XLSX and the JSON against its schema
  chromium chromium-driver python3-selenium python3-openpyxl python3-jsonschema
  # import end-to-end tests: a real loopback capture of a camfarm scan (nmap is above)
  tcpdump
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
# Debian's postgresql package would create and start a system cluster; the tests start
# their own throwaway one (scripts/pg-cluster.sh), so ask for none.
if [[ ! -f /etc/postgresql-common/createcluster.conf ]] || ! grep -q '^create_main_cluster' /etc/postgresql-common/createcluster.conf; then
  $SUDO mkdir -p /etc/postgresql-common
  echo "create_main_cluster = false" | $SUDO tee -a /etc/postgresql-common/createcluster.conf >/dev/null
fi
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${missing[@]}" >/dev/null
