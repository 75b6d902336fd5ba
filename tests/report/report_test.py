#!/usr/bin/env python3
"""End-to-end checks of `camaudit report` on a real scan's devices (tests/report/).

Writes every format from tests/report/assessed.jsonl (with previous.jsonl for the
changes section) into OUT, then checks each file with a real reader:
  html  headless Chromium (Debian chromium + chromium-driver, python3-selenium): no console
        errors, no request but the report file itself, the hostile device's strings shown
        as text, no injected script ran, the table pages, sorts, filters and expands;
        a screenshot is kept in OUT (a CI artefact)
  xlsx  openpyxl: sheets, numbers as numbers, dates as dates, frozen header, autofilter,
        formula-looking strings stored as text
  json  jsonschema against schemas/report.schema.json, counts consistent with the devices
  csv   Python's csv module (RFC 4180), formula cells defused
  md    the summary and actions are there, no raw HTML
  pdf   a PDF printed by headless Chromium
Usage: report_test.py CAMAUDIT OUT [TestCase...]
"""
import csv
import datetime
import json
import pathlib
import subprocess
import sys
import unittest

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CAMAUDIT = OUT = None
HOSTILE_MODEL = 'DS-2CD2385G1-I"><script>alert(1)</script>'


def report(fmt, name=None, extra=()):
    out = OUT / (name or f"report.{fmt}")
    cmd = [CAMAUDIT, "report", "--devices", str(HERE / "assessed.jsonl"), "--previous", str(HERE / "previous.jsonl"),
           "--organisation", "Example Council <test>", "--format", fmt, "-o", str(out), "-q", *extra]
    subprocess.run(cmd, check=True, timeout=300)
    return out


def devices():
    return [json.loads(l) for l in (HERE / "assessed.jsonl").read_text().splitlines() if l.strip()]


class Html(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
        cls.path = report("html")
        opts = webdriver.ChromeOptions()
        opts.binary_location = "/usr/bin/chromium"
        for a in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--window-size=1280,900"):
            opts.add_argument(a)
        opts.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
        cls.driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
        cls.driver.get(cls.path.as_uri())
        cls.driver.save_screenshot(str(OUT / "report-screenshot.png"))

    @classmethod
    def tearDownClass(cls):
        cls.driver.quit()

    def js(self, code):
        return self.driver.execute_script(code)

    def test_no_console_errors(self):
        # CSP violations and script errors are logged as SEVERE.
        errors = [e for e in self.driver.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]
        self.assertEqual(errors, [])

    def test_no_network_requests(self):
        urls = []
        for entry in self.driver.get_log("performance"):
            msg = json.loads(entry["message"])["message"]
            if msg["method"] == "Network.requestWillBeSent":
                urls.append(msg["params"]["request"]["url"])
        self.assertTrue(urls, "the performance log recorded no request at all")
        self.assertEqual([u for u in urls if u != self.path.as_uri() and not u.startswith("data:")], [])

    def test_hostile_strings_are_text_and_no_injected_script_runs(self):
        d = self.driver
        from selenium.common.exceptions import NoAlertPresentException
        with self.assertRaises(NoAlertPresentException):
            d.switch_to.alert.text
        self.assertEqual(self.js("return document.scripts.length"), 2)
        self.assertEqual(self.js("return document.images.length"), 0)
        box = d.find_element("id", "f-q")
        box.send_keys("alert(1)")
        self.js("return new Promise(r => setTimeout(r, 400))")
        rows = d.find_elements("css selector", "#devices tr.dev")
        self.assertGreaterEqual(len(rows), 1)
        self.assertIn(HOSTILE_MODEL, rows[0].text)
        rows[0].click()
        detail = d.find_element("css selector", "#devices tr.detail")
        self.assertIn("<script>alert(1)</script>", detail.text)
        self.assertEqual(self.js("return document.scripts.length"), 2)
        self.assertEqual(self.js("return document.images.length"), 0)
        with self.assertRaises(NoAlertPresentException):
            d.switch_to.alert.text
        d.save_screenshot(str(OUT / "report-hostile-device.png"))
        box.clear()
        self.js("document.getElementById('f-q').dispatchEvent(new Event('input'))")
        self.js("return new Promise(r => setTimeout(r, 400))")

    def test_table_pages_sorts_and_filters(self):
        d = self.driver
        n = len(devices())
        status = d.find_element("id", "page-status").text
        self.assertIn(f"of {n}", status.replace(",", ""))
        self.assertEqual(len(d.find_elements("css selector", "#devices tr.dev")), min(50, n))
        d.find_element("id", "page-next").click()
        self.assertIn("Devices 51", d.find_element("id", "page-status").text)
        d.find_element("id", "f-restricted").click()
        restricted = sum(1 for x in devices() if any(f["kind"] == "policy" and f["severity"] != "info" for f in x.get("findings", [])))
        self.assertIn(f"of {restricted} ", d.find_element("id", "page-status").text.replace(",", "") + " ")
        d.find_element("css selector", "#devices th[data-col=worst]").click()
        first = d.find_elements("css selector", "#devices tr.dev")[0]
        self.assertIn("critical", first.text.lower())
        d.find_element("id", "f-restricted").click()

    def test_sections_present(self):
        text = self.driver.find_element("tag name", "body").text.lower()  # some headings are upper-cased by CSS
        for heading in ("Executive summary", "The five actions that matter most", "Makers (labels → real maker)",
                        "FOI answer", "Changes since the previous audit", "Example Council <test>"):
            self.assertIn(heading.lower(), text)


class Xlsx(unittest.TestCase):
    def test_workbook(self):
        import openpyxl
        book = openpyxl.load_workbook(report("xlsx"))
        self.assertEqual(book.sheetnames, ["Summary", "Devices", "Findings", "Evidence"])
        for ws in book.worksheets:
            self.assertEqual(ws.freeze_panes, "A2", ws.title)
            self.assertTrue(ws.auto_filter.ref, ws.title)
        ws = book["Devices"]
        header = [c.value for c in ws[1]]
        col = {name: i for i, name in enumerate(header)}
        rows = list(ws.iter_rows(min_row=2))
        self.assertEqual(len(rows), len(devices()))
        self.assertTrue(all(isinstance(r[col["confidence"]].value, (int, float)) for r in rows))
        dated = [r[col["firmware date"]].value for r in rows if r[col["firmware date"]].value is not None]
        self.assertTrue(dated)
        self.assertTrue(all(isinstance(v, datetime.datetime) for v in dated))
        formula = [r[col["model"]] for r in rows if str(r[col["model"]].value or "").startswith("=")]
        self.assertEqual(len(formula), 1)
        self.assertEqual(formula[0].data_type, "s")  # text, not a formula
        self.assertTrue(any(r[col["firmware"]].value == "@SUM(1+1)" and r[col["firmware"]].data_type == "s" for r in rows))
        summary = {r[0].value: r[1].value for r in book["Summary"].iter_rows(min_row=2)}
        self.assertEqual(summary["devices"], len(devices()))
        self.assertIsInstance(summary["audit started"], datetime.datetime)
        findings = sum(len(x.get("findings", [])) for x in devices())
        self.assertEqual(book["Findings"].max_row - 1, findings)


class Json(unittest.TestCase):
    def test_validates_against_schema(self):
        import jsonschema
        doc = json.loads(report("json").read_text())
        schema = json.loads((ROOT / "schemas" / "report.schema.json").read_text())
        jsonschema.Draft202012Validator.check_schema(schema)
        jsonschema.Draft202012Validator(schema).validate(doc)
        self.assertEqual(len(doc["devices"]), len(devices()))
        self.assertEqual(doc["summary"]["devices"], len(devices()))
        self.assertEqual(doc["summary"]["restricted"]["devices"], sum(d["facts"]["restricted"] for d in doc["devices"]))
        self.assertEqual(doc["summary"]["kev"]["devices"], sum(d["facts"]["kev"] for d in doc["devices"]))
        self.assertEqual(sum(c["count"] for c in doc["foi"]["by_make"]) + doc["foi"]["unidentified"], len(devices()))
        self.assertIsNotNone(doc["diff"])
        changes = {c["label"]: c["count"] for c in doc["diff"]["counts"]}
        self.assertEqual(changes["removed"], 1)
        self.assertGreaterEqual(changes["added"], 1)
        self.assertGreaterEqual(changes["firmware_changed"], 1)
        self.assertGreaterEqual(changes["moved"], 1)
        self.assertGreaterEqual(changes["findings_resolved"], 1)  # the upgraded camera left CVE-2021-36260 behind

    def test_schema_rejects_a_broken_report(self):
        import jsonschema
        doc = json.loads(report("json").read_text())
        schema = json.loads((ROOT / "schemas" / "report.schema.json").read_text())
        doc["summary"]["restricted"]["share"] = 1.5
        with self.assertRaises(jsonschema.ValidationError):
            jsonschema.validate(doc, schema)


class Csv(unittest.TestCase):
    def test_parses_and_defuses(self):
        with open(report("csv"), newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        self.assertEqual(len(rows), len(devices()))
        models = [r["model"] for r in rows]
        self.assertIn(HOSTILE_MODEL, models)
        self.assertIn("'=HYPERLINK(\"http://example.invalid/\",\"click\")", models)
        self.assertFalse(any(v and v[0] in "=+-@" for r in rows for v in r.values()))


class Markdown(unittest.TestCase):
    def test_summary(self):
        text = report("md").read_text()
        self.assertIn("## What to do first", text)
        self.assertIn("1. **critical**", text)
        self.assertNotIn("<script", text)
        self.assertNotIn("<test>", text)


class Pdf(unittest.TestCase):
    def test_printed(self):
        data = report("pdf").read_bytes()
        self.assertTrue(data.startswith(b"%PDF-"))
        self.assertGreater(len(data), 20_000)

    def test_missing_browser_is_a_clear_error(self):
        import os
        env = dict(os.environ, PATH="/nonexistent", CAMAUDIT_CHROMIUM="")
        r = subprocess.run([CAMAUDIT, "report", "--devices", str(HERE / "assessed.jsonl"), "--format", "pdf",
                            "-o", str(OUT / "none.pdf")], env=env, capture_output=True, text=True, timeout=120)
        self.assertEqual(r.returncode, 2)
        self.assertIn("Chromium is not installed", r.stderr)
        self.assertFalse((OUT / "none.pdf").exists())


if __name__ == "__main__":
    CAMAUDIT, OUT = sys.argv[1], pathlib.Path(sys.argv[2]).resolve()
    OUT.mkdir(parents=True, exist_ok=True)
    unittest.main(argv=[sys.argv[0], "-v", *sys.argv[3:]])
