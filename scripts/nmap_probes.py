#!/usr/bin/env python3
"""Reads nmap-service-probes: its match lines for cameras, video recorders, encoders and VMS.

Used by scripts/kb_coverage.py (coverage of kb/ against nmap) and scripts/nmap_examples.py
(example strings that an nmap pattern itself matches). nmap is a source of facts (what a
device sends, who makes it); camaudit's rules are its own, in kb/fingerprints/.

* parse(path)        -> [Match]: every `match`/`softmatch` line with its attributes.
* is_video(match)    -> bool: d/webcam/, or a camera / DVR / NVR / video-server / VMS
                        product in p/ or i/ (TV set-top DVRs and card-sharing excluded).
* family(match)      -> (vendor, family): the maker (cpe:/h: vendor, else the product's
                        first word) and the product with its $n placeholders removed.
* compile(match)     -> re.Pattern: the Perl-style pattern in Python's re dialect.
* example(match)     -> str: a string the pattern matches (made from the pattern).
"""
import dataclasses
import re
try:
    import re._parser as sre_parse  # Python >= 3.11
    from re import _constants as sre_c
except ImportError:  # pragma: no cover
    import sre_parse
    import sre_constants as sre_c

DEFAULT_PATH = "/usr/share/nmap/nmap-service-probes"
VIDEO_WORDS = re.compile(
    r"(?i)(camera|\bcam\b|ipcam|webcam|\bDVR|\bNVR|\bXVR|video ?server|video encoder|network video|"
    r"surveillance|\bNVS\b|video management|\bVMS\b|CCTV|video recorder|netcam|doorbell|intercom)")
# Television set-top recorders, satellite card sharing, phone apps: "DVR" but not CCTV.
NOT_CCTV = re.compile(r"(?i)(tivo|topfield|hdhomerun|fetchtv|humax|cccam|android|polaroid cube|olympus|"
                      r"google video server|printer/webcam)")
SERVICE_SUFFIX = re.compile(
    r"(?i)\s+(ftpd|httpd|telnetd|rtspd|sshd|smtpd|upnp|http config|http interface|http admin|"
    r"http viewer|web ui|web interface|admin httpd|control port|text ui|daytime|http|rtsp|ftp|telnet)$")


@dataclasses.dataclass
class Match:
    line: int
    service: str
    pattern: str
    flags: str
    product: str
    info: str
    device: str
    cpes: list  # [(part, vendor, product)]
    soft: bool


def _attribute(rest, name):
    m = re.search(r"(?:^|\s)" + name + r"([/|=%@#!])(.*?)\1", rest)
    return m.group(2) if m else ""


def parse(path=DEFAULT_PATH):
    out = []
    with open(path, encoding="latin-1") as f:
        for number, text in enumerate(f, 1):
            if not text.startswith(("match ", "softmatch ")):
                continue
            m = re.match(r"(soft)?match (\S+) m(.)(.*?)\3([si]*)(?:\s+(.*))?$", text.rstrip("\n"))
            if not m:
                continue
            rest = m.group(6) or ""
            cpes = re.findall(r"cpe:/([aho]):([^:/ ]+)(?::([^:/ ]*))?", rest)
            out.append(Match(number, m.group(2), m.group(4), m.group(5), _attribute(rest, "p"),
                             _attribute(rest, "i"), _attribute(rest, "d"), cpes, bool(m.group(1))))
    return out


# Makers whose nmap lines are all video products, whatever the wording (uc-httpd is the
# Xiongmai DVR/camera web server, Genetec Security Center a VMS).
VIDEO_CPE_VENDORS = {"xiongmai_technologies", "genetec"}


def is_video(m):
    text = m.product + " " + m.info
    if NOT_CCTV.search(text):
        return False
    if any(vendor in VIDEO_CPE_VENDORS for _, vendor, _ in m.cpes):
        return True
    return m.device == "webcam" or bool(VIDEO_WORDS.search(text))


GENERIC_SERVERS = re.compile(r"(?i)^(thttpd|goahead|uclinux|cassini|rapidlogic|wym|utelnetd|busybox|boa|"
                             r"mini_httpd|lighttpd|apache|gsoap|vodserver|gordian|netport|allegro|indy|iweb|"
                             r"everest|ubicom|vcs-videojet|adh-web|wg_httpd)")
# Makers whose name is more than the product's first word.
MULTI_WORD = re.compile(r"(?i)^(american dynamics|dedicated micros|texas instruments|mango dsp|march networks|"
                        r"digital watchdog|intelligent security systems|blue iris|cp plus|techno vision|py software|"
                        r"monster digital|bosch security|a\+v link|db power|active webcam|ip webcam|webcam 7|"
                        r"network video streamer|dvr systems)")


def family(m):
    vendor = next((v for part, v, _ in m.cpes if part == "h" and "$" not in v), None)
    text = m.product
    if GENERIC_SERVERS.search(text) and VIDEO_WORDS.search(m.info):
        text = m.info  # a stock server; the camera is named in i/
        vendor = None
    product = re.sub(r"\$\w+(?:\([^)]*\))?", "", text)
    product = re.sub(r"\s+", " ", product).strip()
    while SERVICE_SUFFIX.search(product):
        product = SERVICE_SUFFIX.sub("", product).strip()
    if not product:  # a generic server whose camera identity is in i/
        product = re.sub(r"\$\w+", "", m.info).strip()
    if vendor is None:
        vendor = next((v for part, v, _ in m.cpes if v in VIDEO_CPE_VENDORS), None)
    if vendor is None:
        multi = MULTI_WORD.search(product)
        if re.match(r"(?i)ad network video", product):
            vendor = "dedicated micros"
        else:
            vendor = multi.group(1) if multi else (re.split(r"[ /]", product)[0] if product else m.service)
    return vendor.lower().replace("_", " "), product.lower()


def python_pattern(m):
    """nmap's Perl-style regex in Python's dialect."""
    p = m.pattern
    p = p.replace(r"\Z", r"\Z").replace("(?<", "(?P<") if "(?<" in p and "(?<=" not in p and "(?<!" not in p else p
    # Perl's \0 is NUL; Python's \0 is octal too, fine. \x{..} is not Python.
    p = re.sub(r"\\x\{([0-9a-fA-F]+)\}", lambda g: "\\x%02x" % int(g.group(1), 16), p)
    return p


def compile(m):
    flags = re.DOTALL if "s" in m.flags else 0
    if "i" in m.flags:
        flags |= re.IGNORECASE
    return re.compile(python_pattern(m).encode("latin-1"), flags)


# ---------------------------------------------------------------- examples from a pattern

_CATEGORY_CHAR = {
    sre_c.CATEGORY_DIGIT: "1", sre_c.CATEGORY_NOT_DIGIT: "a", sre_c.CATEGORY_WORD: "a",
    sre_c.CATEGORY_NOT_WORD: " ", sre_c.CATEGORY_SPACE: " ", sre_c.CATEGORY_NOT_SPACE: "a",
}
_PREFERRED = "a1 .-_ABCDEFGHIJKLMNOPQRSTUVWXYZbcdefghijklmnopqrstuvwxyz023456789/:()"


def _char_in(items):
    negate = any(op == sre_c.NEGATE for op, _ in items)
    allowed = set()
    for op, av in items:
        if op == sre_c.LITERAL:
            allowed.add(chr(av))
        elif op == sre_c.RANGE:
            lo, hi = av
            allowed.update(chr(c) for c in range(lo, min(hi, lo + 400) + 1))
        elif op == sre_c.CATEGORY:
            allowed.add(_CATEGORY_CHAR.get(av, "a"))
    if negate:
        return next(c for c in _PREFERRED + "".join(map(chr, range(256))) if c not in allowed)
    for c in _PREFERRED:
        if c in allowed:
            return c
    return min(allowed) if allowed else "a"


def _gen(parsed, groups):
    out = []
    for op, av in parsed:
        if op == sre_c.LITERAL:
            out.append(chr(av))
        elif op == sre_c.NOT_LITERAL:
            out.append("a" if av != ord("a") else "b")
        elif op == sre_c.ANY:
            out.append("a")
        elif op == sre_c.IN:
            out.append(_char_in(av))
        elif op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT, getattr(sre_c, "POSSESSIVE_REPEAT", None)):
            lo, hi, item = av
            count = lo if lo > 0 else (1 if hi > 0 else 0)
            out.append("".join(_gen(item, groups) for _ in range(count)))
        elif op == sre_c.SUBPATTERN:
            group, _, _, sub = av
            text = _gen(sub, groups)
            if group is not None:
                groups[group] = text
            out.append(text)
        elif op == sre_c.BRANCH:
            out.append(_gen(av[1][0], groups))
        elif op == sre_c.GROUPREF:
            out.append(groups.get(av, ""))
        elif op == sre_c.CATEGORY:
            out.append(_CATEGORY_CHAR.get(av, "a"))
        elif op in (sre_c.AT, sre_c.ASSERT, sre_c.ASSERT_NOT):
            continue
        elif op == getattr(sre_c, "ATOMIC_GROUP", None):
            out.append(_gen(av, groups))
        elif op == sre_c.GROUPREF_EXISTS:
            out.append(_gen(av[1], groups))
    return "".join(out)


def example(m):
    """A string the match line's pattern matches, or None when the generator cannot make one."""
    flags = re.DOTALL if "s" in m.flags else 0
    try:
        parsed = sre_parse.parse(python_pattern(m), flags)
        text = _gen(parsed, {})
        return text if compile(m).search(text.encode("latin-1", "replace")) else None
    except (re.error, ValueError, OverflowError, RecursionError, UnicodeEncodeError):
        return None


if __name__ == "__main__":
    import sys
    matches = [m for m in parse(sys.argv[1] if len(sys.argv) > 1 else DEFAULT_PATH) if is_video(m)]
    for m in matches:
        print(m.line, family(m), repr(example(m))[:100])
    print(len(matches), "video match lines,", len({family(m) for m in matches}), "families")
