#!/usr/bin/env python3
"""Makes the report tests' assessed estate from a real scan, until assessment lands.

Input: tests/report/devices.jsonl, the devices of a real `camaudit scan` of camfarm's
full-mix estate (hostile-web profile included), unmodified, and hostile-truth.jsonl,
camfarm's ground truth for its two hostile-web devices. The scan finds those two but
cannot identify them (their answers are malformed on purpose), so their device strings
never reach devices.jsonl; here they get the identity camfarm serves in their ISAPI
answer (script tags, quotes, markup), marked in their notes, so the reports face the
hostile strings. Output, both committed:
  assessed.jsonl  the same devices with hand-made findings (marked `"handmade": true` in
                  their details) where a real assessment would put them: policy findings
                  for restricted makers (US NDAA s.889), CVE-2021-36260 on CISA KEV for
                  Hikvision firmware before V5.5.800, telnet exposure where telnet
                  answered, face-recognition capability findings; plus one synthetic
                  device whose strings look like spreadsheet formulas (formula-injection
                  test data, named "synthetic" in its notes).
  previous.jsonl  an "earlier audit" (assessed the same way) for the changes section: the
                  first Hikvision camera on older firmware, the first Dahua camera at
                  another address, one device that is now gone, one device that is new.
Deterministic: run it again and the files are the same.
Usage: tests/report/make_assessed.py
"""
import copy
import json
import pathlib

HERE = pathlib.Path(__file__).parent
RESTRICTED = {"Hikvision", "Dahua"}  # kb/vendors.toml restricted = true (the makers camfarm emulates)


def finding(kind, fid, severity, verdict, summary, cites, details):
    details = dict(details, handmade=True)
    return {"kind": kind, "id": fid, "severity": severity, "verdict": verdict, "summary": summary,
            "cites": cites, "rests_on": [], "rule": "handmade." + fid, "kb": "tests/report/make_assessed.py",
            "confidence": 0.9, "details": details}


def hik_before_fix(fw):
    # CVE-2021-36260 (HSRC-202109-01): fixed from V5.5.800 build 210628.
    import re
    m = re.match(r"V(\d+)\.(\d+)\.(\d+)", fw or "")
    return bool(m) and tuple(map(int, m.groups())) < (5, 5, 800)


def assess(d):
    findings = []
    maker, label = d.get("manufacturer"), d.get("brand") or d.get("manufacturer")
    if maker in RESTRICTED:
        via = f" (through the {label} label)" if label and label != maker else ""
        findings.append(finding("policy", "policy.us.ndaa889", "high", "prohibited",
                                f"Made by {maker}{via}: covered telecommunications equipment under NDAA s.889.",
                                [{"instrument": "John S. McCain NDAA for FY2019", "section": "s.889(a)(1)(A)", "date": "2019-08-13"}],
                                {"jurisdiction": "US"}))
    if maker == "Hikvision" and hik_before_fix(d.get("firmware")):
        findings.append(finding("vulnerability", "CVE-2021-36260", "critical", "affected",
                                "Command injection in the web server (HSRC-202109-01): firmware before the fixed build.",
                                [{"instrument": "CISA KEV", "section": "CVE-2021-36260", "date": "2022-01-10"}],
                                {"cvss": 9.8, "kev": {"dateAdded": "2022-01-10", "dueDate": "2022-01-24"}}))
    if any(s.startswith("telnet/") for s in d.get("seen", [])):
        findings.append(finding("exposure", "exposure.telnet", "medium", "present",
                                "Telnet answers: credentials cross the network in clear text.", [], {}))
    if "face_recognition" in d.get("capabilities", []):
        findings.append(finding("capability", "capability.face_recognition", "medium", "present",
                                "Can recognise faces: biometric processing needs a lawful basis and an impact assessment.", [], {}))
    d = copy.deepcopy(d)
    d["findings"] = findings
    d["assessed"] = True
    return d


def synthetic_formula_device():
    return {"ip": "127.78.0.254", "manufacturer": None, "brand": None,
            "model": "=HYPERLINK(\"http://example.invalid/\",\"click\")", "firmware": "@SUM(1+1)", "serial": "+1-555-0100",
            "mac": None, "device_type": "camera", "capabilities": [], "name": "-2+3", "confidence": 0.1,
            "seen": ["http/tcp/80"], "notes": ["synthetic: formula-injection test device (tests/report/make_assessed.py)"],
            "evidence": [], "observations": 0, "findings": [], "assessed": True}


def with_hostile_identity(devices):
    truth = {t["ip"]: t for t in map(json.loads, (HERE / "hostile-truth.jsonl").read_text().splitlines()) if t}
    for d in devices:
        t = truth.get(d["ip"])
        if not t:
            continue
        for key in ("manufacturer", "brand", "model", "firmware", "serial", "mac", "device_type"):
            d[key] = t[key]
        d["name"] = "<img src=x onerror=alert(1)>'\";--"
        d["confidence"] = 0.5
        d["evidence"] = [{"attribute": "model", "value": t["model"], "certainty": 0.5, "observation": None,
                          "field": "isapi.model", "matched": "<model>" + t["model"] + "</model></script><!--",
                          "rule": "handmade.hostile", "kb": "tests/report/make_assessed.py"}]
        d.setdefault("notes", []).append("hand-made: identity from camfarm's hostile-web ISAPI answer (hostile-truth.jsonl)")
    return devices


def main():
    devices = [json.loads(l) for l in (HERE / "devices.jsonl").read_text().splitlines() if l.strip()]
    devices = with_hostile_identity(devices)
    assessed = [assess(d) for d in devices] + [synthetic_formula_device()]
    (HERE / "assessed.jsonl").write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in assessed))

    previous = copy.deepcopy(devices)
    hik = next(d for d in previous if d.get("manufacturer") == "Hikvision" and d.get("mac") and d.get("firmware"))
    hik["firmware"] = "V5.4.0 build 160530"
    dahua = next(d for d in previous if d.get("manufacturer") == "Dahua" and d.get("mac"))
    parts = dahua["ip"].split(".")
    dahua["ip"] = ".".join(parts[:3] + [str((int(parts[3]) + 100) % 250)])
    gone = {"ip": "127.78.0.253", "manufacturer": "Axis", "brand": "Axis", "model": "M3106-L Mk II", "firmware": "9.80.1",
            "serial": "ACCC8E000253", "mac": "ac:cc:8e:00:02:53", "device_type": "camera", "capabilities": [],
            "confidence": 0.9, "seen": ["http/tcp/80"], "evidence": [], "observations": 1,
            "notes": ["hand-made: the device removed since the earlier audit"]}
    new_one = next(d for d in reversed(previous) if d.get("manufacturer") and d is not hik and d is not dahua)
    previous.remove(new_one)
    previous.append(gone)
    previous = [assess(d) for d in previous]
    (HERE / "previous.jsonl").write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in previous))


if __name__ == "__main__":
    main()
