#!/usr/bin/env bash
# The main job: a demo audit of an emulated camera estate on loopback.
#   1. installs the Debian packages and builds (scripts/build.sh);
#   2. starts camfarm with every device profile on 127.78.0.0/24 (cameras, recorders,
#      OEM-labelled Hikvision/Dahua units, distractors and a hostile device) — loopback
#      only, nothing leaves this machine;
#   3. runs `camaudit scan` over the range and prints the summary table;
#   4. checks camfarm's request log: nothing intrusive was sent;
#   5. compares the results with camfarm's ground truth;
#   6. restarts the estate "one quarter later" (camfarm --later: some devices gone, some
#      new, some re-flashed), audits it again into the same store and prints the diff;
#   7. writes the report (out/report.html and out/report.pdf, with what changed since the
#      first audit) and prints its summary.
# Results (devices with evidence, CSV, raw observations) go to out/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh release camaudit camfarm
bin=build/release
range=${CAMAUDIT_DEMO_RANGE:-127.78.0.0/24}
mkdir -p out
rm -f out/devices.jsonl out/devices-later.jsonl out/devices.csv out/observations.jsonl out/*.meta.json out/inventory.db*
store=out/inventory.db  # a fresh store for the demo (the default is $XDG_DATA_HOME/camaudit/inventory.db)

# Starts camfarm on the demo range; $1: extra options (--later F: the estate one audit later).
start_farm() {
  "$bin/tools/camfarm/camfarm" --estate tools/camfarm/estates/full-mix.toml --range "$range" \
    --ground-truth out/ground-truth.jsonl --request-log out/requests.jsonl --duration 600 "$@" >out/camfarm.log 2>&1 &
  farm=$!
  for _ in $(seq 100); do grep -q ready out/camfarm.log && break; sleep 0.1; done
  grep -q ready out/camfarm.log || { cat out/camfarm.log; echo "camfarm did not start"; exit 1; }
}
stop_farm() { kill "$farm" 2>/dev/null || true; wait "$farm" 2>/dev/null || true; }
trap stop_farm EXIT
start_farm
echo "== estate: $(head -1 out/camfarm.log)"
echo

# Assessed for an example organisation: an English council (UK local authority).
"$bin/src/camaudit/app/camaudit" scan "$range" --rate 5000 --read-timeout 3000 --store "$store" \
  --jurisdiction UK --org-type uk_local_authority --site-context public_space \
  -o out/devices.jsonl --csv out/devices.csv --observations out/observations.jsonl

echo
echo "== what camaudit sent (camfarm check-log): $("$bin/tools/camfarm/camfarm" check-log out/requests.jsonl)"
echo "== against camfarm's ground truth:"
python3 scripts/compare_truth.py out/ground-truth.jsonl out/devices.jsonl
echo
echo "== one quarter later: the same estate with some devices gone, new or re-flashed (camfarm --later 0.15)"
stop_farm
start_farm --later 0.15
"$bin/src/camaudit/app/camaudit" scan "$range" --rate 5000 --read-timeout 3000 --store "$store" \
  --jurisdiction UK --org-type uk_local_authority --site-context public_space \
  -o out/devices-later.jsonl --no-table
echo
echo "== what changed (camaudit diff 1 2):"
"$bin/src/camaudit/app/camaudit" diff 1 2 --store "$store" || [[ $? -eq 1 ]]  # 1: something changed, as diff(1)
echo
echo "== report:"
"$bin/src/camaudit/app/camaudit" audits --store "$store"
"$bin/src/camaudit/app/camaudit" report latest --previous 1 --store "$store" --organisation "Example Council" --format html -o out/report.html
if command -v chromium >/dev/null; then
  "$bin/src/camaudit/app/camaudit" report latest --previous 1 --store "$store" --organisation "Example Council" --format pdf -o out/report.pdf -q &&
    echo out/report.pdf
fi
echo
echo "Results: out/report.html, $store (camaudit audits/show/diff --store $store), out/devices.jsonl (with evidence), out/devices.csv, out/observations.jsonl (re-run: camaudit identify out/observations.jsonl)"
