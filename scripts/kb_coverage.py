#!/usr/bin/env python3
"""Coverage of kb/ against the two public fingerprint databases camaudit measures itself by.

* nmap: the camera / video-recorder / encoder / VMS match lines of nmap-service-probes
  (Debian's nmap package, /usr/share/nmap/nmap-service-probes; selection and families in
  scripts/nmap_probes.py). A match line is covered when a kb rule that cites
  nmap-service-probes has an example that nmap's own pattern matches, or when a kb rule
  on the raw response keys matches the string nmap_probes.py makes to nmap's pattern.
* Recog: the camera / recorder fingerprints of rapid7/recog's XML files, listed with
  their patterns, examples and citations in kb/coverage/recog_families.jsonl (the search
  tool that read them is not available in CI). A Recog fingerprint is covered when a kb
  rule on the field Recog's file reads (http_servers.xml -> http.server, ...) matches one
  of Recog's examples.
A family (vendor + product, nmap_probes.family) is covered when one of its lines is; a
vendor when one of its families is. kb rules are matched with Python's re after turning
PCRE2's (?<name>) into (?P<name>); a rule Python cannot compile is reported.

Usage: scripts/kb_coverage.py [--kb kb] [--nmap PATH] [--summary kb/coverage/summary.txt] [--missing]
`camaudit kb stats` prints the committed summary (kb/coverage/summary.txt); re-run this
script with --summary after changing kb/.
"""
import argparse
import collections
import json
import os
import re
import sys
import tomllib

sys.path.insert(0, os.path.dirname(__file__))
import nmap_probes  # noqa: E402

RECOG_KEYS = {
    "xml/http_servers.xml": ["http.server"], "xml/html_title.xml": ["http.title"],
    "xml/http_wwwauth.xml": ["http.www_authenticate", "http.realm"], "xml/rtsp_servers.xml": ["rtsp.server"],
    "xml/ftp_banners.xml": ["ftp.banner"], "xml/telnet_banners.xml": ["telnet.banner", "banner.text"],
    "xml/x509_subjects.xml": ["tls.subject"], "xml/x509_issuers.xml": ["tls.issuer"],
    "xml/dhcp_vendor_class.xml": ["dhcp.vendor_class"], "xml/favicons.xml": ["http.favicon_md5"],
    "xml/ssh_banners.xml": ["banner.text"], "xml/snmp_sysdescr.xml": [], "xml/sip_user_agents.xml": [],
    "xml/tls_jarm.xml": [],
}
# Recog reads the whole header; camaudit also cuts out the realm (http.realm).
DERIVED = {"http.realm": lambda text: (re.search(r'realm="([^"]*)"', text) or [None, None])[1]}
RAW_KEYS = {"http.response", "rtsp.response", "banner.response"}


def python_regex(pattern, flags):
    p = re.sub(r"\(\?<(?![=!])", "(?P<", pattern)
    f = 0
    if "i" in flags:
        f |= re.IGNORECASE
    if "s" in flags:
        f |= re.DOTALL
    if "m" in flags:
        f |= re.MULTILINE
    return re.compile(p.encode("utf-8"), f)


def example_bytes(example):
    if "value_hex" in example:
        return bytes.fromhex(example["value_hex"])
    return example.get("value", "").encode("utf-8")


def load_kb(root):
    """[rule dict with 'key', 'regex', 'examples' (bytes), 'source', 'where']"""
    rules, problems = [], []
    folder = os.path.join(root, "fingerprints")
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".toml"):
            continue
        with open(os.path.join(folder, name), "rb") as f:
            doc = tomllib.load(f)
        for rule in doc.get("rule", []):
            key = rule.get("key", doc.get("match_key", ""))
            try:
                regex = python_regex(rule["pattern"], rule.get("flags", ""))
            except re.error as error:
                problems.append(f"{name} {rule.get('id')}: Python cannot compile the pattern ({error})")
                regex = None
            rules.append({"id": rule.get("id"), "key": key, "regex": regex, "source": str(rule.get("source", "")),
                          "examples": [example_bytes(e) for e in rule.get("example", [])], "file": name})
    return rules, problems


def nmap_coverage(rules, path):
    matches = [m for m in nmap_probes.parse(path) if nmap_probes.is_video(m)]
    cited = [r for r in rules if "nmap-service-probes" in r["source"]]
    raw = [r for r in rules if r["key"] in RAW_KEYS and r["regex"] is not None]
    lines = {}
    for m in matches:
        try:
            nmap_regex = nmap_probes.compile(m)
        except re.error:
            lines[m.line] = (m, None)
            continue
        rule = next((r["id"] for r in cited for e in r["examples"] if nmap_regex.search(e)), None)
        if rule is None:
            example = nmap_probes.example(m)
            if example is not None:
                data = example.encode("latin-1", "replace")
                rule = next((r["id"] for r in raw if r["regex"].search(data)), None)
        lines[m.line] = (m, rule)
    return lines


def recog_coverage(rules, path):
    by_key = collections.defaultdict(list)
    for r in rules:
        if r["regex"] is not None:
            by_key[r["key"]].append(r)
    out = []
    with open(path, encoding="utf-8") as f:
        for entry in map(json.loads, filter(str.strip, f)):
            keys = RECOG_KEYS.get(entry["file"], [])
            rule = None
            for example in entry["examples"]:
                for k in keys:
                    value = DERIVED[k](example) if k in DERIVED else example
                    if value is None:
                        continue
                    rule = next((r["id"] for r in by_key[k] if r["regex"].search(value.encode("utf-8"))), None)
                    if rule:
                        break
                if rule:
                    break
            why = None if rule else ("camaudit reads no such field" if not keys else
                                     "no example" if not entry["examples"] else "no kb rule matches Recog's example")
            out.append((entry, rule, why))
    return out


def ratio(covered, listed):
    return {"covered": covered, "listed": listed, "percent": round(100.0 * covered / listed, 1) if listed else None}


def summarise(nmap_lines, recog):
    families = collections.defaultdict(bool)
    vendors = collections.defaultdict(bool)
    for m, rule in nmap_lines.values():
        vendor, fam = nmap_probes.family(m)
        families[("nmap", vendor, fam)] |= rule is not None
        vendors[("nmap", vendor)] |= rule is not None
    for entry, rule, _ in recog:
        vendor = entry["vendor"].lower()
        families[("recog", vendor, entry["file"] + " " + entry["description"].lower())] |= rule is not None
        vendors[("recog", vendor)] |= rule is not None

    def count(table, source):
        items = [v for k, v in table.items() if k[0] == source]
        return ratio(sum(items), len(items))

    all_families = list(families.values())
    all_vendors = {k[1]: False for k in vendors}
    for k, v in vendors.items():
        all_vendors[k[1]] |= v
    return {
        "nmap": {"match_lines": ratio(sum(r is not None for _, r in nmap_lines.values()), len(nmap_lines)),
                 "families": count(families, "nmap"), "vendors": count(vendors, "nmap")},
        "recog": {"fingerprints": ratio(sum(r is not None for _, r, _ in recog), len(recog)),
                  "families": count(families, "recog"), "vendors": count(vendors, "recog")},
        "total": {"families": ratio(sum(all_families), len(all_families)),
                  "vendors": ratio(sum(all_vendors.values()), len(all_vendors))},
    }


def summary_text(summary):
    """The committed summary `camaudit kb stats` prints, one line per source and measure."""
    lines = ["# Coverage of kb/ against nmap-service-probes (Debian nmap) and rapid7/recog",
             "# (kb/coverage/recog_families.jsonl); written by scripts/kb_coverage.py --summary."]
    for source in ("nmap", "recog", "total"):
        for measure, v in summary[source].items():
            lines.append(f"{source} {measure} {v['covered']}/{v['listed']} ({v['percent']}%)")
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kb", default="kb")
    parser.add_argument("--nmap", default=nmap_probes.DEFAULT_PATH)
    parser.add_argument("--recog", default=None, help="default: KB/coverage/recog_families.jsonl")
    parser.add_argument("--summary", help="write the summary here (kb/coverage/summary.txt)")
    parser.add_argument("--missing", action="store_true", help="list what is not covered")
    parser.add_argument("--check", metavar="SUMMARY",
                        help="exit 1 unless SUMMARY (kb/coverage/summary.txt) is what this run measures")
    args = parser.parse_args()
    rules, problems = load_kb(args.kb)
    nmap_lines = nmap_coverage(rules, args.nmap)
    recog = recog_coverage(rules, args.recog or os.path.join(args.kb, "coverage", "recog_families.jsonl"))
    summary = summarise(nmap_lines, recog)
    for source in ("nmap", "recog", "total"):
        print(source + ": " + "; ".join(f"{k} {v['covered']}/{v['listed']} ({v['percent']}%)"
                                         for k, v in summary[source].items()))
    if args.missing:
        for m, rule in sorted(nmap_lines.values(), key=lambda x: x[0].line):
            if rule is None:
                print(f"  missing nmap line {m.line}: {m.product or m.info} ({m.service})")
        for entry, rule, why in recog:
            if rule is None:
                print(f"  missing recog {entry['file']}: {entry['description']} ({why})")
    for p in problems:
        print("  note: " + p)
    if args.summary:
        with open(args.summary, "w", encoding="utf-8") as f:
            f.write(summary_text(summary))
    if args.check:
        with open(args.check, encoding="utf-8") as f:
            if f.read() != summary_text(summary):
                sys.exit(f"{args.check} is not current: run scripts/kb_coverage.py --summary {args.check}")


if __name__ == "__main__":
    main()
