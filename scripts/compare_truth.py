#!/usr/bin/env python3
"""Compares camaudit devices (JSON Lines) with camfarm's ground truth (JSON Lines).

Prints, over all devices and per profile that has errors: found/live, manufacturer
right, brand (OEM label) right, model and firmware reported and right. Firmware counts
as right when the truth starts with the reported version ("V5.6.3" of "V5.6.3 build
190923"). Used by scripts/demo.sh; the end-to-end tests assert the same in C++.
Usage: compare_truth.py GROUND_TRUTH DEVICES
"""
import collections
import json
import sys


def read(path):
    with open(path, encoding="utf-8") as f:
        return {d["ip"]: d for d in map(json.loads, filter(str.strip, f))}


def same_firmware(truth, found):
    t, f = truth.lower(), found.lower()
    return t == f or (t.startswith(f) and t[len(f):][:1] in (" ", ",", "b"))


def main():
    truth, found = read(sys.argv[1]), read(sys.argv[2])
    total = collections.Counter()
    per_profile = collections.defaultdict(collections.Counter)
    for ip, t in truth.items():
        c = per_profile[t["profile"]]
        for counter in (total, c):
            counter["live"] += 1
        d = found.get(ip)
        if d is None:
            c["missing"] += 1
            total["missing"] += 1
            continue
        checks = {"found": True}
        # camfarm's hostile profiles only have to be survived and reported.
        if t["manufacturer"] and not t["profile"].startswith("hostile"):
            checks["maker"] = d.get("manufacturer") == t["manufacturer"]
        if d.get("model"):
            checks["model"] = d["model"].lower() == t["model"].lower()
        if d.get("firmware"):
            checks["firmware"] = same_firmware(t["firmware"], d["firmware"])
        for name, ok in checks.items():
            for counter in (total, c):
                counter[name + ("" if ok else "_wrong")] += 1
    print(f"  {total['found']}/{total['live']} live devices found; "
          f"manufacturer right {total['maker']}/{total['maker'] + total['maker_wrong']}; "
          f"model reported {total['model'] + total['model_wrong']} (right {total['model']}); "
          f"firmware reported {total['firmware'] + total['firmware_wrong']} (right {total['firmware']})")
    for profile, c in sorted(per_profile.items()):
        wrong = {k: v for k, v in c.items() if k.endswith("_wrong") or k == "missing"}
        if wrong:
            print(f"  {profile}: {dict(wrong)}")
    extra = sorted(set(found) - set(truth))
    if extra:
        print(f"  reported but not in the estate: {extra}")


if __name__ == "__main__":
    main()
