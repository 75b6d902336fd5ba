#!/usr/bin/env bash
# Records tests/ingest/nmap/camfarm-full-mix.xml: the real `nmap -sV` with the device
# scripts against a camfarm estate on loopback, inside a private network namespace (other
# engineers use the same loopback ranges), with camfarm's ground truth beside it.
# Usage: tests/ingest/record_nmap.sh [BUILD_DIR]   (needs root for unshare, and nmap)
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build/release}
out=tests/ingest/nmap
mkdir -p "$out"
command -v nmap >/dev/null || { echo "record_nmap: nmap is not installed (scripts/install-deps.sh)" >&2; exit 2; }
unshare --net bash -euo pipefail -c "
  ip link set lo up
  $build/tools/camfarm/camfarm --estate tools/camfarm/estates/full-mix.toml --range 127.88.0.0/27 --live 1 \
      --seed 7 --ground-truth $out/camfarm-full-mix.truth.jsonl --duration 600 --threads 1 >/dev/null 2>&1 &
  farm=\$!
  sleep 3
  timeout 500 nmap -sV -Pn -n -T4 -p 21,23,80,443,554,8000,8080,8443 \
      --script banner,ssl-cert,http-title,http-server-header,http-headers,http-favicon,http-auth,rtsp-methods \
      -oX $out/camfarm-full-mix.xml 127.88.0.0/27 >/dev/null
  kill \$farm
"
echo "record_nmap: wrote $out/camfarm-full-mix.xml ($(grep -c '<host ' $out/camfarm-full-mix.xml || true) hosts)"
