#!/usr/bin/env bash
# `camaudit kb import-kev FILE` on a copy of the knowledge base: a malformed catalogue is
# refused with its reason and the snapshot is left byte for byte; a valid one replaces the
# snapshot with the entries of vendors the KB knows (PTZOptics is not one) and its date.
# Usage: import_kev.sh CAMAUDIT KB_DIR
set -euo pipefail
camaudit=$1 kb=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$kb" "$work/kb"
snapshot=$work/kb/vulns/kev.json
python3 - "$snapshot" "$work" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["catalogVersion"], d["dateReleased"] = "2099.01.02", "2099-01-02T00:00:00.0000Z"
d["vulnerabilities"].append({"cveID": "CVE-2024-8956", "vendorProject": "PTZOptics", "product": "PT30X-SDI/NDI Cameras",
  "vulnerabilityName": "PTZOptics Insufficient Authentication", "dateAdded": "2024-11-04", "shortDescription": "x",
  "requiredAction": "y", "dueDate": "2024-11-25", "knownRansomwareCampaignUse": "Unknown", "notes": "", "cwes": []})
d["count"] = len(d["vulnerabilities"])
json.dump(d, open(sys.argv[2] + "/full.json", "w"))
d["vulnerabilities"][0]["dateAdded"] = "yesterday"
json.dump(d, open(sys.argv[2] + "/bad.json", "w"))
PY
before=$(md5sum <"$snapshot")
if "$camaudit" kb import-kev "$work/bad.json" --kb "$work/kb" 2>"$work/err"; then echo "malformed catalogue accepted"; exit 1; fi
grep -q "vulnerabilities\[0\].dateAdded" "$work/err" || { echo "no path in the error:"; cat "$work/err"; exit 1; }
[[ $(md5sum <"$snapshot") == "$before" ]] || { echo "snapshot changed by a refused import"; exit 1; }
"$camaudit" kb import-kev "$work/full.json" --kb "$work/kb"
python3 - "$snapshot" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["catalogVersion"] == "2099.01.02", d["catalogVersion"]
assert d["count"] == len(d["vulnerabilities"])
ids = {v["cveID"] for v in d["vulnerabilities"]}
assert "CVE-2024-8956" not in ids and "CVE-2017-7921" in ids, ids
PY
[[ -z $(ls "$work/kb/vulns" | grep tmp || true) ]] || { echo "temporary file left behind"; exit 1; }
"$camaudit" kb check --kb "$work/kb" | grep -q "KEV catalogue 2099.01.02"
echo "import-kev: malformed refused, nothing changed; valid subset written"
