#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Turn the research corpus into observations: samples/corpus.jsonl.

Every file in ../shared/corpus/ is one real device response (or a note on why it is
not), and tests/corpus/manifest.toml says, per file, how to cut the response bytes
out of it and which protocol/port they came from. This script applies the manifest
and writes the observations in the JSON Lines format `camaudit identify` reads
(src/camaudit/identify/observation_reader.hpp). tests/corpus/corpus_test.cpp then
identifies them and checks the manifest's expectations.

    python3 scripts/corpus_sample.py            # (re)write samples/corpus.jsonl
    python3 scripts/corpus_sample.py --check    # exit 1 if it is stale or the manifest is wrong

The corpus lives beside the checkout: $CAMAUDIT_SHARED_DIR, default ../shared
relative to the repository root. Python 3.11+ standard library only.
"""

import argparse
import base64
import json
import os
import sys
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MANIFEST = REPO / "tests" / "corpus" / "manifest.toml"
OUTPUT = REPO / "samples" / "corpus.jsonl"

# How a part's bytes are picked out of the file (exactly one per part).
SELECTORS = ("lines", "between")
# Every key a part or an observation may carry; anything else is a manifest typo.
PART_KEYS = set(SELECTORS) | {"hex", "crlf", "unescape", "prefix", "suffix", "strip"}
OBSERVATION_KEYS = PART_KEYS | {"device", "protocol", "port", "transport", "path", "parts", "note"}
DEVICE_KEYS = {"key", "manufacturer", "brand", "model", "firmware", "known_gap", "note"}
HEX_DIGITS = "0123456789abcdefABCDEF"
FILE_KEYS = {"name", "skip", "observation", "expect", "device", "note"}


class ManifestError(Exception):
    pass


def shared_dir() -> Path:
    env = os.environ.get("CAMAUDIT_SHARED_DIR")
    return Path(env) if env else (REPO / ".." / "shared").resolve()


def line_range(spec: str, lines: list[str], where: str) -> list[str]:
    """1-based inclusive 'a-b' (or 'a') over the file's lines, source line = 1."""
    try:
        first, _, last = spec.partition("-")
        a, b = int(first), int(last or first)
    except ValueError:
        raise ManifestError(f"{where}: bad line range {spec!r}") from None
    if not 1 <= a <= b <= len(lines):
        raise ManifestError(f"{where}: line range {spec} outside 1-{len(lines)}")
    return lines[a - 1 : b]


def decode_hexdump(rows: list[str], where: str) -> bytes:
    """`hexdump -C` rows: an 8-digit offset, up to 16 byte groups, then |ascii|."""
    out = bytearray()
    for row in rows:
        head = row[:8]
        if len(row) < 10 or not all(c in HEX_DIGITS for c in head) or row[8] != " ":
            continue  # prose between dumps
        for group in row[9:].split("|", 1)[0].split()[:16]:
            if len(group) != 2:
                break
            out.append(int(group, 16))
    if not out:
        raise ManifestError(f"{where}: no hexdump rows in the selected lines")
    return bytes(out)


def decode_hex_bytes(text: str, where: str) -> bytes:
    """Plain space-separated byte pairs ('f0 de bc 0a ...')."""
    try:
        return bytes.fromhex(text)
    except ValueError as e:
        raise ManifestError(f"{where}: not hex bytes: {e}") from None


def unescape_c(text: str) -> bytes:
    r"""The escapes nmap, recog and Python bytes literals write: \r \n \t \0 \xHH \" \' \\."""
    out = bytearray()
    raw = text.encode("utf-8")
    i = 0
    simple = {ord("r"): b"\r", ord("n"): b"\n", ord("t"): b"\t", ord("0"): b"\0"}
    while i < len(raw):
        c = raw[i]
        if c != 0x5C or i + 1 == len(raw):
            out.append(c)
            i += 1
            continue
        e = raw[i + 1]
        if e in simple:
            out += simple[e]
            i += 2
        elif e == ord("x") and i + 4 <= len(raw) and all(chr(h) in HEX_DIGITS for h in raw[i + 2 : i + 4]):
            out.append(int(raw[i + 2 : i + 4], 16))
            i += 4
        else:
            out.append(e)
            i += 2
    return bytes(out)


def cut_part(part: dict, text: str, lines: list[str], where: str) -> bytes:
    """Select text (lines or between), then strip, crlf, unescape or hex, then affixes."""
    chosen = [k for k in SELECTORS if k in part]
    if len(chosen) != 1:
        raise ManifestError(f"{where}: give exactly one of {', '.join(SELECTORS)}")
    if chosen[0] == "lines":
        piece = "".join(line + "\n" for line in line_range(part["lines"], lines, where))
    else:
        start, end = part["between"]
        body = text.split("\n", 1)[1] if text.startswith("# source:") else text
        a = body.find(start)
        if a < 0:
            raise ManifestError(f"{where}: start marker {start!r} not found")
        b = body.find(end, a + len(start)) if end else len(body)
        if b < 0:
            raise ManifestError(f"{where}: end marker {end!r} not found")
        piece = body[a:b]
    if part.get("strip"):
        piece = piece.strip()
    if "hex" in part:
        if part["hex"] == "hexdump":
            data = decode_hexdump(piece.split("\n"), where)
        elif part["hex"] == "bytes":
            data = decode_hex_bytes(piece, where)
        else:
            raise ManifestError(f"{where}: hex must be 'hexdump' or 'bytes'")
    else:
        if part.get("crlf"):
            piece = piece.replace("\r\n", "\n").replace("\n", "\r\n")
        data = decode_text(piece, part.get("unescape"), where)
    return part.get("prefix", "").encode() + data + part.get("suffix", "").encode()


def decode_text(piece: str, mode: str | None, where: str) -> bytes:
    if mode is None:
        return piece.encode("utf-8")
    if mode == "c":
        return unescape_c(piece)
    if mode == "python_bytes":
        literal = piece.strip()
        if not (literal.startswith(("b'", 'b"')) and len(literal) > 2 and literal[-1] == literal[1]):
            raise ManifestError(f"{where}: not a Python bytes literal")
        return unescape_c(literal[2:-1])
    if mode == "python_dict":
        # A Python dict repr of JSON data: single-quoted strings without quotes inside.
        return piece.replace("'", '"').encode("utf-8")
    raise ManifestError(f"{where}: unescape must be 'c', 'python_bytes' or 'python_dict'")


def payload_field(data: bytes) -> tuple[str, str]:
    """Printable UTF-8 text goes in `data`, anything else base64 in `data_b64`."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return "data_b64", base64.b64encode(data).decode()
    if all(c.isprintable() or c in "\r\n\t" for c in text):
        return "data", text
    return "data_b64", base64.b64encode(data).decode()


def file_devices(entry: dict, stem: str, where: str) -> list[dict]:
    """The expectations of one file: [file.expect] (device = stem) and [[file.device]]."""
    devices = []
    if "expect" in entry:
        devices.append({"key": "", **entry["expect"]})
    devices += entry.get("device", [])
    for d in devices:
        unknown = set(d) - DEVICE_KEYS
        if unknown:
            raise ManifestError(f"{where}: device {d.get('key', '')!r}: unknown key(s) {sorted(unknown)}")
    keys = [d.get("key", "") for d in devices]
    if len(set(keys)) != len(keys):
        raise ManifestError(f"{where}: duplicate device keys")
    return devices


def device_id(stem: str, key: str) -> str:
    return stem if not key else f"{stem}#{key}"


def build(manifest: dict, corpus: Path) -> list[str]:
    entries = manifest.get("file", [])
    names = [e.get("name") for e in entries]
    on_disk = sorted(p.name for p in corpus.iterdir() if p.is_file())
    missing = sorted(set(on_disk) - set(names))
    extra = sorted(set(names) - set(on_disk))
    if missing or extra or len(names) != len(set(names)):
        raise ManifestError(
            f"manifest must list every corpus file once: missing {missing}, unknown {extra}"
        )
    out = []
    for entry in entries:
        name = entry["name"]
        where = f"manifest: {name}"
        unknown = set(entry) - FILE_KEYS
        if unknown:
            raise ManifestError(f"{where}: unknown key(s) {sorted(unknown)}")
        observations = entry.get("observation", [])
        devices = file_devices(entry, Path(name).stem, where)
        if "skip" in entry:
            if observations or devices:
                raise ManifestError(f"{where}: a skipped file has no observations or expectations")
            continue
        if not devices:
            raise ManifestError(f"{where}: needs expectations, or skip = \"<why>\"")
        for d in devices:
            if "known_gap" not in d and not any(o.get("device", "") == d.get("key", "") for o in observations):
                raise ManifestError(f"{where}: device {d.get('key', '')!r} has no observations (or known_gap)")
        text = (corpus / name).read_text(encoding="utf-8")
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        known = {d.get("key", "") for d in devices}
        stem = Path(name).stem
        for n, obs in enumerate(observations, 1):
            ow = f"{where} observation {n}"
            unknown = set(obs) - OBSERVATION_KEYS
            if unknown:
                raise ManifestError(f"{ow}: unknown key(s) {sorted(unknown)}")
            key = obs.get("device", "")
            if key not in known:
                raise ManifestError(f"{ow}: device {key!r} has no expectation")
            parts = obs.get("parts") or [obs]
            for i, p in enumerate(obs.get("parts", []), 1):
                if set(p) - PART_KEYS:
                    raise ManifestError(f"{ow} part {i}: unknown key(s) {sorted(set(p) - PART_KEYS)}")
            data = b"".join(cut_part(p, text, lines, f"{ow} part {i}") for i, p in enumerate(parts, 1))
            line = {"device": device_id(stem, key)}
            if "port" in obs:
                line["port"] = obs["port"]
            if "transport" in obs:
                line["transport"] = obs["transport"]
            line["protocol"] = obs["protocol"]
            if "path" in obs:
                line["path"] = obs["path"]
            line["source"] = f"corpus:{name}"
            field, value = payload_field(data)
            line[field] = value
            out.append(json.dumps(line, ensure_ascii=False, separators=(",", ":")))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if samples/corpus.jsonl is stale")
    args = parser.parse_args()
    corpus = shared_dir() / "corpus"
    try:
        with MANIFEST.open("rb") as f:
            manifest = tomllib.load(f)
        lines = build(manifest, corpus)
    except (ManifestError, tomllib.TOMLDecodeError, OSError) as e:
        print(f"corpus_sample: {e}", file=sys.stderr)
        return 1
    text = "".join(line + "\n" for line in lines)
    if args.check:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if current != text:
            print(f"corpus_sample: {OUTPUT.relative_to(REPO)} is stale; run scripts/corpus_sample.py", file=sys.stderr)
            return 1
        return 0
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"corpus_sample: wrote {len(lines)} observations to {OUTPUT.relative_to(REPO)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
