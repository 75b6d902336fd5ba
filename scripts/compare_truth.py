#!/usr/bin/env python3
"""Compares camaudit devices (JSON Lines) with camfarm's ground truth (JSON Lines).

Checks every field camfarm's ground truth knows, per device and per profile:
found/live, manufacturer, brand (the label), device type, model, firmware, serial, MAC.

* manufacturer, brand and device type are judged on every live device: a missing value
  is wrong. The one exception is the label of a maker's own product: the device JSON
  leaves `brand` out (null) when it equals the manufacturer, so truth brand == truth
  manufacturer is right when the reported brand is null or that name. A truth brand of
  "" (a white-label unit whose label cannot be known) is right only when brand is null.
  A device with no maker in the truth (a bare nginx) has no label to judge.
* model, firmware, serial and MAC are judged where camaudit reported them (a right value
  or nothing; a wrong value is an error), and the report also gives "model known" over
  all devices with a model in the truth.
* Firmware counts as right when the truth starts with the reported version ("V5.6.3" of
  "V5.6.3 build 190923").
* "distractor called a camera": a device whose truth type is not a camera-type device
  (printer, router, web_server) reported with one.
Used by scripts/demo.sh; the end-to-end tests assert the same in C++ and
bench/scan_accuracy.py reuses same_brand().
Usage: compare_truth.py GROUND_TRUTH DEVICES
"""
import collections
import json
import sys

# Device types that are video devices (kb/vocab.toml); anything else is a distractor.
VIDEO_TYPES = {"camera", "ptz_camera", "thermal_camera", "anpr_camera", "nvr", "dvr",
               "hybrid_recorder", "encoder", "decoder", "intercom", "doorbell",
               "access_terminal", "vms"}
FIELDS = ("maker", "brand", "device_type", "model", "firmware", "serial", "mac")


def read(path):
    with open(path, encoding="utf-8") as f:
        return {d["ip"]: d for d in map(json.loads, filter(str.strip, f))}


def same_firmware(truth, found):
    t, f = truth.lower(), found.lower()
    return t == f or (t.startswith(f) and t[len(f):][:1] in (" ", ",", "b"))


def same_brand(t, found):
    if t["brand"] == "":
        return found is None
    if found is None:
        return t["brand"] == t["manufacturer"]
    return found.lower() == t["brand"].lower()


def checks_for(t, d):
    """Field -> True/False for one device; fields that are not judged are absent."""
    checks = {}
    hostile = t["profile"].startswith("hostile")  # only has to be survived and reported
    if not hostile:
        if t["manufacturer"]:
            checks["maker"] = d.get("manufacturer") == t["manufacturer"]
        if t["manufacturer"]:  # a bare web server's "brand" is its software (nginx), not a label
            checks["brand"] = same_brand(t, d.get("brand"))
        checks["device_type"] = d.get("device_type") == t["device_type"]
    if d.get("model"):
        checks["model"] = d["model"].lower() == t["model"].lower()
    if d.get("firmware"):
        checks["firmware"] = same_firmware(t["firmware"], d["firmware"])
    if d.get("serial") and t.get("serial"):
        checks["serial"] = d["serial"].lower() == t["serial"].lower()
    if d.get("mac") and t.get("mac"):
        checks["mac"] = d["mac"].lower() == t["mac"].lower()
    return checks


def compare(truth, found):
    """Returns (total Counter, per-profile Counters, distractors called cameras)."""
    total = collections.Counter()
    per_profile = collections.defaultdict(collections.Counter)
    distractor_cameras = []
    for ip, t in truth.items():
        c = per_profile[t["profile"]]
        counters = (total, c)
        for counter in counters:
            counter["live"] += 1
            if t.get("model") and not t["profile"].startswith("hostile"):
                counter["model_known_of"] += 1
        d = found.get(ip)
        if d is None:
            for counter in counters:
                counter["missing"] += 1
            continue
        for counter in counters:
            counter["found"] += 1
        if t["device_type"] not in VIDEO_TYPES and d.get("device_type") in VIDEO_TYPES:
            distractor_cameras.append(f"{ip} ({t['profile']}: {d.get('device_type')})")
        for name, ok in checks_for(t, d).items():
            for counter in counters:
                counter[name + ("" if ok else "_wrong")] += 1
                if name == "model" and ok and t.get("model") and not t["profile"].startswith("hostile"):
                    counter["model_known"] += 1
    return total, per_profile, distractor_cameras


def pct(right, of):
    return f"{right}/{of} ({100.0 * right / of:.0f}%)" if of else "0/0"


def main():
    truth, found = read(sys.argv[1]), read(sys.argv[2])
    total, per_profile, distractor_cameras = compare(truth, found)
    print(f"  {total['found']}/{total['live']} live devices found")
    for name in FIELDS:
        right, wrong = total[name], total[name + "_wrong"]
        print(f"  {name:12s} right {pct(right, right + wrong)}")
    print(f"  {'model known':12s} {pct(total['model_known'], total['model_known_of'])} of the devices with a model")
    print(f"  distractors called a video device: {len(distractor_cameras)}"
          + (f" {distractor_cameras}" if distractor_cameras else ""))
    for profile, c in sorted(per_profile.items()):
        wrong = {k: v for k, v in c.items() if k.endswith("_wrong") or k == "missing"}
        if wrong:
            print(f"  {profile}: {dict(wrong)}")
    extra = sorted(set(found) - set(truth))
    if extra:
        print(f"  reported but not in the estate: {extra}")


if __name__ == "__main__":
    main()
