// SPDX-License-Identifier: Apache-2.0
// What every writer must hold to with hostile device strings (camfarm's hostile-web
// profile carries such values). The browser, openpyxl, jsonschema and csv checks of
// the real files are in tests/report/.
#include <camaudit/report/writer.hpp>

#include <camaudit/util/codec.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

namespace camaudit::report {
namespace {

namespace fs = std::filesystem;

const std::string kScript = "DS-2CD2385G1-I\"><script>alert(1)</script>";
const std::string kBreakout = "</script><script>alert(2)</script><!--";

Model hostile_model() {
  DeviceRecord d;
  d.key = d.ip = "127.78.0.66";
  d.manufacturer = "Hikvision";
  d.model = kScript;
  d.name = "<img src=x onerror=alert(1)>'\";--";
  d.serial = kBreakout;
  d.firmware = "=HYPERLINK(\"http://x\",\"y\")";
  d.capabilities = {"face_recognition"};
  d.evidence = {{"model", kScript, 0.9, 0, "isapi.model", kBreakout, "isapi.model", "fingerprints/isapi.toml:3", 1}};
  Finding f;
  f.kind = FindingKind::vulnerability;
  f.id = "CVE-2021-36260";
  f.severity = Severity::critical;
  f.summary = "<b>bold</b> & " + kBreakout;
  f.details = {{"kev", true}};
  d.findings = {f};
  d.assessed = true;
  AuditRecord audit;
  audit.organisation = "<Council & Co>";
  audit.started_at = "2026-12-01T10:00:00Z";
  return build_model(audit, {d}, {{}, "2026-12-01T11:00:00Z"});
}

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::size_t occurrences(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(HtmlReport, DeviceStringsNeverBecomeMarkup) {
  const std::string html = html_document(hostile_model());
  EXPECT_EQ(html.find(kScript), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_EQ(html.find("<b>bold"), std::string::npos);
  // Our two script elements only: the data block and the table script.
  EXPECT_EQ(occurrences(html, "<script"), 2u);
  EXPECT_EQ(occurrences(html, "</script>"), 2u);
  EXPECT_NE(html.find("&lt;Council &amp; Co&gt;"), std::string::npos);
  // No inline style or event attributes: the CSP allows neither.
  EXPECT_FALSE(std::regex_search(html, std::regex(R"(<[a-z][^>]*\s(style|on[a-z]+)=)")));
}

TEST(HtmlReport, ContentSecurityPolicyHashesTheInlineScriptAndStyle) {
  const std::string html = html_document(hostile_model());
  std::smatch csp;
  ASSERT_TRUE(std::regex_search(html, csp, std::regex(R"re(Content-Security-Policy" content="([^"]+)")re")));
  const std::string policy = csp[1].str();
  EXPECT_NE(policy.find("default-src 'none'"), std::string::npos);
  EXPECT_EQ(policy.find("unsafe-inline"), std::string::npos);
  auto hash = [](std::string_view text) { return "'sha256-" + util::base64_encode(*util::hex_decode(util::sha256_hex(text))) + "'"; };
  const std::size_t script = html.rfind("<script>") + 8;
  EXPECT_NE(policy.find("script-src " + hash(std::string_view(html).substr(script, html.rfind("</script>") - script))), std::string::npos);
  const std::size_t style = html.find("<style>") + 7;
  EXPECT_NE(policy.find("style-src " + hash(std::string_view(html).substr(style, html.find("</style>") - style))), std::string::npos);
}

// The hostile model written in one format, read back.
std::string written(std::string_view format) {
  const fs::path out = fs::temp_directory_path() / ("camaudit_report_test." + std::string(format));
  find_writer(format)->write(hostile_model(), out);
  std::string text = read(out);
  fs::remove(out);
  return text;
}

TEST(CsvReport, FormulaCellsAreDefusedAndQuoted) {
  const std::string csv = written("csv");
  EXPECT_NE(csv.find("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""), std::string::npos) << csv;
  EXPECT_NE(csv.find("\r\n"), std::string::npos);
}

TEST(MarkdownReport, DeviceTextCannotBecomeHtmlOrLinks) {
  const std::string md = written("md");
  EXPECT_EQ(md.find('<'), std::string::npos) << md;
  EXPECT_NE(md.find("&lt;Council &amp; Co&gt;"), std::string::npos);
}

TEST(ReportWriters, UnwritablePathIsAClearError) {
  for (std::string_view format : {"html", "csv", "json", "md", "xlsx"})
    EXPECT_THROW(find_writer(format)->write(hostile_model(), "/nonexistent-dir/report.out"), WriteError) << format;
}

}  // namespace
}  // namespace camaudit::report
