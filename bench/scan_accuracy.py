#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Identification accuracy of a scan against camfarm's ground truth, for bench/scan_bench.sh.

  scan_accuracy.py --truth truth.jsonl --camaudit devices.jsonl [--range CIDR]
  scan_accuracy.py --truth truth.jsonl --nmap nmap-sV.xml [--range CIDR]

Prints one JSON object. Per live device of the ground truth (inside --range when given):

  found            the scan reported the address (camaudit: a device line; nmap: an open port)
  vendor right     the true manufacturer (who made it, OEM labels resolved) was named.
                   A device with no maker in the truth (manufacturer "", e.g. a bare nginx)
                   counts as right when the scan names no manufacturer or calls it no camera.
                   Not found counts as wrong.
  model right      over devices whose truth has a model: same model, compared without case,
                   spaces or punctuation (camaudit's original_model counts too).
  firmware right   over devices whose truth has a firmware: the same text, or the same
                   dotted version number (V5.6.2 build 190701 ~ V5.6.2).
  brand right      the label on the box: the same name (without case); a maker's own label
                   is also right when the scan gives no brand (camaudit leaves brand null
                   when it equals the manufacturer); a white-label unit (truth brand "") is
                   right only with no brand.
  device type right
                   the same kb/vocab.toml device type (nmap: "camera" when its texts read
                   like a camera, so nmap can only be right on cameras).
  distractors called camera
                   printers, routers, web servers the scan called a camera/recorder.

nmap names no manufacturer field: the vendor is the first name from ALIASES found in the
service product, extrainfo, ostype, devicetype, hostname or name attributes of the host's
open ports. nmap usually names the label on the box (or nothing), so an OEM device counts
as right only if nmap names the real maker. Model and firmware are judged generously for
nmap: right when the truth's model (or version number) appears anywhere in those texts.
"""

import argparse
import ipaddress
import json
import re
import sys
import os
import xml.etree.ElementTree as ElementTree

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts"))
import compare_truth  # noqa: E402  (one definition of "the right brand")

# Names in nmap's service fingerprints (nmap-service-probes) -> canonical manufacturer as
# camfarm's ground truth spells it (kb/vendors.toml canonical names). A label that is not
# the maker maps to itself, so naming "Lorex" for a Dahua-made NVR is not the vendor.
ALIASES = [
    ("hikvision", "Hikvision"), ("hangzhou hikvision", "Hikvision"), ("dnvrs-webs", "Hikvision"),
    ("dvrdvs-webs", "Hikvision"), ("hikvision-webs", "Hikvision"),
    ("dahua", "Dahua"), ("zhejiang dahua", "Dahua"),
    ("axis", "Axis"), ("bosch", "Bosch"), ("videojet", "Bosch"), ("avigilon", "Avigilon"),
    ("hanwha", "Hanwha Vision"), ("samsung techwin", "Hanwha Vision"), ("wisenet", "Hanwha Vision"),
    ("uniview", "Uniview"), ("vivotek", "Vivotek"), ("mobotix", "Mobotix"), ("reolink", "Reolink"),
    ("panasonic", "i-PRO"), ("i-pro", "i-PRO"), ("xiongmai", "Xiongmai"), ("tp-link", "TP-Link"),
    ("hewlett", "HP"), ("hp", "HP"), ("jetdirect", "HP"), ("mikrotik", "MikroTik"),
    ("amcrest", "Amcrest"), ("lorex", "Lorex"), ("ezviz", "EZVIZ"), ("hilook", "HiLook"),
    ("annke", "Annke"), ("intelbras", "Intelbras"), ("cp plus", "CP Plus"), ("imou", "Imou"),
    ("interlogix", "Interlogix"), ("truvision", "Interlogix"), ("lts", "LTS"),
]
CAMERA_TYPES = {"camera", "ptz_camera", "thermal_camera", "anpr_camera", "nvr", "dvr", "hybrid_recorder", "encoder", "decoder", "intercom", "doorbell",
                "access_terminal", "vms"}
NMAP_CAMERA_WORDS = ("webcam", "camera", "dvr", "nvr", "video", "ip cam", "security-misc")
VERSION = re.compile(r"\d+(?:\.\d+)+")


def normalise(text):
    return re.sub(r"[^0-9a-z]", "", (text or "").lower())


def version_number(text):
    match = VERSION.search(text or "")
    return match.group(0) if match else None


def firmware_matches(truth, reported):
    if not truth or not reported:
        return False
    if normalise(truth) == normalise(reported):
        return True
    number = version_number(truth)
    return number is not None and number == version_number(reported)


def brand_matches(want, reported):
    """The label as scripts/compare_truth.py judges it; no maker (a bare nginx), no label to judge."""
    return not want["manufacturer"] or compare_truth.same_brand(want, reported)


def load_truth(path, network):
    devices = {}
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                device = json.loads(line)
                if network is None or ipaddress.ip_address(device["ip"]) in network:
                    devices[device["ip"]] = device
    return devices


def load_camaudit(path):
    """ip -> {manufacturer, model, firmware, device_type, text} from devices.jsonl."""
    found = {}
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                device = json.loads(line)
            except json.JSONDecodeError as error:
                sys.exit(f"{path}:{number}: not JSON ({error})")
            ip = device.get("ip")
            if ip:
                models = [device.get("model"), device.get("original_model")]
                found[ip] = {"manufacturer": device.get("manufacturer"), "brand": device.get("brand"),
                             "models": [m for m in models if m],
                             "firmware": device.get("firmware"), "device_type": device.get("device_type")}
    return found


def nmap_vendor(text):
    """The vendor whose alias appears first in the text (whole words only)."""
    best = None
    for alias, vendor in ALIASES:
        match = re.search(r"\b" + re.escape(alias) + r"\b", text, re.IGNORECASE)
        if match and (best is None or match.start() < best[0]):
            best = (match.start(), vendor)
    return best[1] if best else None


def load_nmap(path):
    """ip -> same shape as load_camaudit, from nmap's -oX output (open ports only)."""
    found = {}
    root = ElementTree.parse(path).getroot()
    for host in root.iter("host"):
        address = host.find("address[@addrtype='ipv4']")
        if address is None:
            continue
        texts = []
        open_ports = 0
        for port in host.iter("port"):
            state = port.find("state")
            if state is None or state.get("state") != "open":
                continue
            open_ports += 1
            service = port.find("service")
            if service is not None:
                texts += [service.get(key, "") for key in ("product", "version", "extrainfo", "ostype", "devicetype",
                                                           "hostname", "name")]
        if open_ports == 0:
            continue
        text = " ".join(t for t in texts if t)
        lowered = text.lower()
        found[address.get("addr")] = {
            "manufacturer": nmap_vendor(text),
            "brand": nmap_vendor(text),
            "text": lowered,
            "device_type": "camera" if any(word in lowered for word in NMAP_CAMERA_WORDS) else None,
        }
    return found


def score(truth, found, generous_text):
    live = len(truth)
    counts = {"live": live, "found": 0, "vendor_right": 0, "model_total": 0, "model_right": 0,
              "firmware_total": 0, "firmware_right": 0, "brand_right": 0, "device_type_right": 0, "distractors": 0, "distractors_called_camera": 0,
              "reported_not_live": len(set(found) - set(truth))}
    for ip, want in truth.items():
        got = found.get(ip)
        is_distractor = want["device_type"] not in CAMERA_TYPES
        counts["distractors"] += is_distractor
        if want.get("model"):
            counts["model_total"] += 1
        if want.get("firmware"):
            counts["firmware_total"] += 1
        if got is None:
            continue
        counts["found"] += 1
        called_camera = got.get("device_type") in CAMERA_TYPES
        counts["distractors_called_camera"] += is_distractor and called_camera
        if want["manufacturer"]:
            counts["vendor_right"] += got.get("manufacturer") == want["manufacturer"]
        else:
            counts["vendor_right"] += not got.get("manufacturer") or not called_camera
        counts["brand_right"] += brand_matches(want, got.get("brand"))
        counts["device_type_right"] += got.get("device_type") == want["device_type"]
        if generous_text:
            text = got["text"]
            model = normalise(want.get("model"))
            counts["model_right"] += bool(model) and model in normalise(text)
            number = version_number(want.get("firmware"))
            counts["firmware_right"] += bool(want.get("firmware")) and (
                (number is not None and number in text) or normalise(want.get("firmware")) in normalise(text))
        else:
            model = normalise(want.get("model"))
            counts["model_right"] += bool(model) and any(normalise(m) == model for m in got["models"])
            counts["firmware_right"] += firmware_matches(want.get("firmware"), got.get("firmware"))

    def percent(part, whole):
        return round(100.0 * part / whole, 1) if whole else None

    counts["found_pct"] = percent(counts["found"], live)
    counts["vendor_right_pct"] = percent(counts["vendor_right"], live)
    counts["model_right_pct"] = percent(counts["model_right"], counts["model_total"])
    counts["brand_right_pct"] = percent(counts["brand_right"], live)
    counts["device_type_right_pct"] = percent(counts["device_type_right"], live)
    counts["firmware_right_pct"] = percent(counts["firmware_right"], counts["firmware_total"])
    return counts


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--truth", required=True, help="camfarm --ground-truth file (JSON Lines)")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--camaudit", help="camaudit scan -o devices.jsonl")
    source.add_argument("--nmap", help="nmap -sV -oX file")
    parser.add_argument("--range", help="only score truth devices inside this CIDR")
    args = parser.parse_args()
    network = ipaddress.ip_network(args.range, strict=False) if args.range else None
    truth = load_truth(args.truth, network)
    try:
        found = load_camaudit(args.camaudit) if args.camaudit else load_nmap(args.nmap)
    except (OSError, ElementTree.ParseError) as error:
        sys.exit(f"scan_accuracy: {error}")
    if network is not None:
        found = {ip: device for ip, device in found.items() if ipaddress.ip_address(ip) in network}
    print(json.dumps(score(truth, found, generous_text=bool(args.nmap))))


if __name__ == "__main__":
    main()
