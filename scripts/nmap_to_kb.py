#!/usr/bin/env python3
"""Writes kb/fingerprints/nmap_video.toml: camaudit rules for the camera, recorder, encoder
and VMS families that nmap-service-probes knows (scripts/nmap_probes.py selects them).

What is carried over from nmap is the fact: the bytes a device sends (the literal text of
nmap's pattern, in order), who makes it (cpe:/h: vendor or the product name) and what it is
(p/ i/ d/). The rule is camaudit's own: its pattern keeps only the literal runs of nmap's
pattern, in order, joined by lazy gaps, without nmap's version/model captures; it is
matched on the raw response (http.response, rtsp.response, banner.response). Each rule
cites its nmap line, and its example is a string made to nmap's pattern that nmap's own
pattern matches (grade "synthetic": made to the format, not captured from a device).
Lines whose pattern has too little literal text to be a fingerprint of its own (a daytime
clock, 4 binary bytes) get no rule; kb_coverage.py lists them as missing.

New makers named only by nmap are appended to kb/vendors.toml (section "Makers named by
nmap-service-probes") so that rules can claim them.
Usage: scripts/nmap_to_kb.py [NMAP_SERVICE_PROBES]   (run from the repository root)
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(__file__))
import nmap_probes  # noqa: E402
from nmap_probes import sre_c, sre_parse  # noqa: E402

OUT = "kb/fingerprints/nmap_video.toml"
VENDORS = "kb/vendors.toml"
VENDOR_SECTION = "# ---- Makers named by nmap-service-probes (scripts/nmap_to_kb.py) ----"
MIN_LITERAL = 8  # distinct literal characters a rule needs to stand on its own
GAP = r"[\s\S]*?"
# nmap vendor tokens that are spelt differently in vendors.toml.
# None: no maker to claim (software, or nmap names none).
VENDOR_ALIASES = {"xiongmai technologies": "Xiongmai", "dlink": "D-Link", "d-link": "D-Link", "samsung": "Hanwha Vision", "lts or qsee": "LTS",
                  "iqinvision": "IQinVision", "climax technology": "Climax", "cp plus": "CP Plus",
                  "bosch security": "Bosch", "dinion": "Bosch", "trendnet": "TRENDnet", "gadspot": "Gadspot",
                  "digital watchdog": "Digital Watchdog", "webgateinc": "WebGate", "digisprite": "Dedicated Micros",
                  "gm": None, "security": None, "network video streamer": None, "ip webcam": None, "dvr": None,
                  "dvr systems": None, "webcam 7": None, "motion": None, "gopro or similar": None, "onvif": None,
                  "blue iris": None, "active webcam": None, "py software": None, "dvrweb": None, "dxclient": None,
                  "icanwebserver": None, "go1984": None, "dvr1614n": None, "hi3518": None, "hilinux": None,
                  "bbvs": None, "ums": None, "gm streaming server": None}
SOFTWARE = re.compile(r"(?i)(security center|webcamxp|webcam 7|yawcam|securityspy|motion|dorgem|webcam2000|simplecam|"
                      r"milestone|exacqvision|geviscope|gevicontrol|video management|bluecherry|menuetos|"
                      r"surveillance software|devline|ateas|zoneminder)")


def device_type(m):
    """The kb/vocab.toml type nmap's texts name, or None (a stock web server of cameras and DVRs alike)."""
    text = (m.product + " " + m.info).lower()
    if SOFTWARE.search(text):
        return "vms"
    if m.device != "webcam" and not nmap_probes.VIDEO_WORDS.search(text):
        return None
    if False:
        return "vms"
    if "intercom" in text:
        return "intercom"
    if "doorbell" in text:
        return "doorbell"
    if re.search(r"\bnvr\b", text):
        return "nvr"
    if re.search(r"\b(dvr|video recorder|edvr|digital sprite|mdr-)", text):
        return "dvr"
    if re.search(r"video server|video encoder|video streamer|encoder|\bnvs\b", text):
        return "encoder"
    return "camera"


# ---------------------------------------------------------------- the rule's own pattern

def _escape(ch):
    if ch.isalnum() and ord(ch) < 128 or ch == " ":
        return ch
    if 0x21 <= ord(ch) <= 0x7e:
        return "\\" + ch if ch != "'" else "\\x27"
    return "\\x%02x" % ord(ch)


def _skeleton(parsed):
    """[(kind, text)]: ('lit', text) literal runs, ('gap', ''), ('raw', regex) anchors/branches."""
    out = []
    for op, av in parsed:
        if op == sre_c.LITERAL:
            out.append(("lit", chr(av)))
        elif op == sre_c.AT:
            if av in (sre_c.AT_BEGINNING, sre_c.AT_BEGINNING_STRING):
                out.append(("raw", "^"))
            else:
                out.append(("gap", ""))
        elif op == sre_c.SUBPATTERN:
            out.extend(_skeleton(av[3]))
        elif op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT):
            lo, hi, item = av
            inner = _skeleton(item)
            if lo == hi and lo <= 64 and all(k == "lit" for k, _ in inner):
                out.extend(inner * lo)
            else:
                if lo > 0 and all(k == "lit" for k, _ in inner):
                    out.extend(inner)
                out.append(("gap", ""))
        elif op == sre_c.BRANCH:
            alternatives = [_render(_skeleton(alt)) for alt in av[1]]
            out.append(("raw", "(?:" + "|".join(a for a, _ in alternatives) + ")"))
            out.append(("branchlit", min((n for _, n in alternatives), default=0)))
        else:  # classes, any, categories, look-arounds, back-references
            out.append(("gap", ""))
    return out


def _render(items):
    """(regex, literal character count)."""
    parts, literal, last_gap = [], 0, False
    for kind, text in items:
        if kind == "lit":
            parts.append(_escape(text))
            literal += 1
            last_gap = False
        elif kind == "gap":
            if not last_gap:
                parts.append(GAP)
            last_gap = True
        elif kind == "branchlit":
            literal += text
        else:
            parts.append(text)
            last_gap = False
    while parts and parts[-1] == GAP:
        parts.pop()
    return "".join(parts), literal


def own_pattern(m):
    flags = re.DOTALL if "s" in m.flags else 0
    return _render(_skeleton(sre_parse.parse(nmap_probes.python_pattern(m), flags)))


# ---------------------------------------------------------------- vendors

def norm(name):
    return re.sub(r"[^0-9a-z]", "", name.lower())


def read_vendor_names():
    """Canonical names by normalised name/alias, from vendors.toml without this script's section."""
    names = {}
    text = open(VENDORS, encoding="utf-8").read().split("\n" + VENDOR_SECTION)[0]
    for block in re.split(r"\n(?=\[\[vendor\]\])", text):
        name = re.search(r'^name = "([^"]*)"', block, re.M)
        if not name:
            continue
        names[norm(name.group(1))] = name.group(1)
        aliases = re.search(r"^aliases = \[(.*)\]", block, re.M)
        for alias in re.findall(r'"([^"]*)"', aliases.group(1) if aliases else ""):
            names.setdefault(norm(alias), name.group(1))
    return names, text


def display_name(token, m):
    """The maker's name as nmap's product text spells it."""
    words = token.split()
    found = re.search(r"(?i)\b" + r"[\s_-]*".join(map(re.escape, words)) + r"\b", m.product + " " + m.info)
    return found.group(0) if found else token.title()


# ---------------------------------------------------------------- output

def key_for(m):
    if m.service in ("http", "upnp", "http-proxy") or m.pattern.startswith(r"^HTTP"):
        return "http.response"
    if m.service == "rtsp" or m.pattern.startswith("^RTSP"):
        return "rtsp.response"
    return "banner.response"


def toml_basic(s):
    out = []
    for ch in s:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def example_entry(text):
    if any(ord(c) >= 0x7f or (ord(c) < 0x20 and c not in "\r\n\t") for c in text):
        return "value_hex = " + toml_basic(text.encode("latin-1").hex())
    return "value = " + toml_basic(text)


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else nmap_probes.DEFAULT_PATH
    vendor_names, vendors_text = read_vendor_names()
    new_vendors = {}
    rules, skipped, seen_patterns, descriptions = [], [], {}, set()
    for m in (m for m in nmap_probes.parse(path) if nmap_probes.is_video(m)):
        token, fam = nmap_probes.family(m)
        example = nmap_probes.example(m)
        pattern, literal = own_pattern(m)
        flags = "i" if "i" in m.flags else ""
        if example is None or literal < MIN_LITERAL or not pattern.strip("^"):
            skipped.append((m.line, fam, "too little literal text" if example else "no example"))
            continue
        if not re.search(pattern.encode("latin-1"), example.encode("latin-1"), re.I if flags else 0):
            skipped.append((m.line, fam, "own pattern does not match the example"))
            continue
        # First rule wins in a file: a later rule whose example an earlier rule matches is shadowed.
        shadow = next((n for n, (p, f) in seen_patterns.items()
                       if re.search(p.encode("latin-1"), example.encode("latin-1"), re.I if f else 0)), None)
        if shadow is not None:
            skipped.append((m.line, fam, f"same bytes as the rule for line {shadow}"))
            continue
        seen_patterns[m.line] = (pattern, flags)
        if token in VENDOR_ALIASES:
            maker = VENDOR_ALIASES[token]
            if maker is not None:
                maker = vendor_names.get(norm(maker), maker)
                if norm(maker) not in vendor_names:
                    new_vendors[norm(maker)] = maker
        else:
            maker = vendor_names.get(norm(token)) or new_vendors.get(norm(token))
            if maker is None and not SOFTWARE.search(m.product):
                maker = display_name(token, m)
                new_vendors[norm(token)] = maker
        description = f"{m.product or m.info} ({m.service}, nmap line {m.line})"
        descriptions.add(description)
        rules.append((m, fam, pattern, flags, maker, example))
    write_rules(rules, path)
    append_vendors(vendors_text, new_vendors)
    print(f"{len(rules)} rules written to {OUT}; {len(new_vendors)} vendors added; {len(skipped)} lines skipped")
    for line, fam, why in skipped:
        print(f"  skipped line {line} ({fam}): {why}")


def write_rules(rules, path):
    out = ["# Generated by scripts/nmap_to_kb.py from nmap-service-probes (Debian package nmap): do not edit",
           "# by hand, re-run the script. One rule per camera / recorder / encoder / VMS match line; the",
           "# pattern is camaudit's own (nmap's literal text in order, gaps between), the example is made",
           "# to nmap's pattern and nmap's pattern matches it (scripts/kb_coverage.py checks that).",
           "schema = 1",
           'description = "Cameras, video recorders, encoders and VMS from nmap-service-probes match lines (raw responses)."',
           'match_key = "banner.response"', ""]
    for m, fam, pattern, flags, maker, example in rules:
        claims = [f'manufacturer = "{maker}"'] if maker else []
        if device_type(m):
            claims.append(f'device_type = "{device_type(m)}"')
        name = re.sub(r"[^0-9a-z]+", "_", fam.lower()).strip("_")[:40] or m.service
        out += ["[[rule]]",
                f'id = "nmap_video.{name}_{m.line}"',
                f"description = {toml_basic((m.product or m.info) + f' ({m.service}, nmap line {m.line})')}",
                f'key = "{key_for(m)}"',
                f"pattern = '{pattern}'"]
        if flags:
            out.append(f'flags = "{flags}"')
        out += ["certainty = 0.7",
                f'source = "nmap/nmap:nmap-service-probes line {m.line} (match {m.service}; Debian nmap package)"',
                "claims = { " + ", ".join(claims) + " }", "",
                "  [[rule.example]]",
                "  " + example_entry(example),
                '  grade = "synthetic"',
                f'  source = "made to the pattern of nmap-service-probes line {m.line}; nmap\'s pattern matches it"',
                ""]
    with open(OUT, "w", encoding="utf-8") as f:
        f.write("\n".join(out))


def append_vendors(text, new_vendors):
    head = text.split("\n" + VENDOR_SECTION)[0].rstrip("\n")
    if not new_vendors:
        return
    block = ["", VENDOR_SECTION,
             "# Makers of camera / recorder families nmap fingerprints; name as nmap's product text spells it."]
    for name in sorted(new_vendors.values(), key=str.lower):
        block += ["", "[[vendor]]", f'name = "{name}"', "aliases = []", 'parent = ""', 'country = ""',
                  'source = "nmap/nmap:nmap-service-probes (product name in a camera/recorder match line)"']
    with open(VENDORS, "w", encoding="utf-8") as f:
        f.write(head + "\n" + "\n".join(block) + "\n")


if __name__ == "__main__":
    main()
