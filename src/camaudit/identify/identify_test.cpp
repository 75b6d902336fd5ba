// SPDX-License-Identifier: Apache-2.0
#include <camaudit/source_paths.hpp>
#include <camaudit/identify/device_writer.hpp>
#include <camaudit/identify/identifier.hpp>
#include <camaudit/identify/observation_reader.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>

namespace camaudit::identify {
namespace {

TEST(ObservationLine, ReadsTextAndBinaryPayloads) {
  Observation obs;
  std::string error;
  ASSERT_TRUE(parse_observation_line(
      R"({"ip":"127.0.0.9","port":80,"transport":"tcp","protocol":"http","path":"/","data":"HTTP/1.1 200 OK\r\n\r\n"})", 3, obs, error))
      << error;
  EXPECT_EQ(obs.index, 2u);
  EXPECT_EQ(obs.device, "127.0.0.9");
  EXPECT_EQ(obs.port, 80);
  EXPECT_EQ(obs.payload, "HTTP/1.1 200 OK\r\n\r\n");
  ASSERT_TRUE(parse_observation_line(R"({"ip":"127.0.0.9","protocol":"dhip","data_b64":"IAAAAERISVA="})", 1, obs, error));
  EXPECT_EQ(obs.payload, std::string("\x20\x00\x00\x00" "DHIP", 8));
  ASSERT_TRUE(parse_observation_line(R"({"device":"asset-17","protocol":"register","make":"Hikvision","model":"DS-2CD2143G2-I"})", 1, obs, error));
  EXPECT_EQ(obs.device, "asset-17");
  EXPECT_EQ(obs.make, "Hikvision");
}

TEST(ObservationLine, RejectsMalformedLinesWithAReason) {
  Observation obs;
  std::string error;
  struct Case {
    const char* line;
    const char* reason;
  };
  for (Case c : {Case{R"({"ip":"127.0.0.1","protocol":"http")", "invalid JSON"},
                 Case{R"({"ip":"127.0.0.1"})", "missing \"protocol\""},
                 Case{R"({"protocol":"http"})", "missing \"ip\""},
                 Case{R"({"ip":"127.0.0.1","protocol":"http","port":70000})", "port must be"},
                 Case{R"({"ip":"127.0.0.1","protocol":"http","data_b64":"!!"})", "not valid base64"},
                 Case{R"({"ip":"127.0.0.1","protocol":"http","data":"a","data_b64":"YQ=="})", "either data or data_b64"},
                 Case{R"({"ip":1,"protocol":"http"})", "must be a string"},
                 Case{R"([1,2])", "expected a JSON object"},
                 Case{R"({"ip":"127.0.0.1","protocol":"http"} x)", "invalid JSON"},
                 Case{R"({"ip":"127.0.0.1","protocol":"nope"})", "unknown protocol \"nope\""},
                 Case{R"({"ip":"127.0.0.256","protocol":"http"})", "not an IPv4 or IPv6 address"}}) {
    error.clear();
    EXPECT_FALSE(parse_observation_line(c.line, 1, obs, error)) << c.line;
    EXPECT_NE(error.find(c.reason), std::string::npos) << c.line << " -> " << error;
  }
}

TEST(ObservationReader, StreamsGoodLinesAndNamesBadOnes) {
  std::FILE* f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  std::string text =
      "{\"ip\":\"127.0.0.1\",\"protocol\":\"http\",\"data\":\"x\"}\n"
      "\n"
      "not json\r\n"
      "{\"ip\":\"127.0.0.2\",\"protocol\":\"rtsp\"}";  // no final newline
  std::fwrite(text.data(), 1, text.size(), f);
  std::rewind(f);
  ObservationReader reader(f);
  std::vector<Observation> got;
  std::vector<ReadError> errors;
  ASSERT_TRUE(reader.read([&](Observation&& o) { got.push_back(std::move(o)); },
                          [&](const ReadError& e) { errors.push_back(e); }));
  std::fclose(f);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[1].ip, "127.0.0.2");
  EXPECT_EQ(got[1].index, 3u);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].line, 3u);
}

// Runs the reader over `text` through a temporary file.
struct ReadRun {
  std::vector<Observation> got;
  std::vector<ReadError> reported;
  ReadStats stats;
  long stopped_at = 0;  // file offset where reading ended
};
ReadRun read_text(const std::string& text, ReaderOptions options = {}) {
  ReadRun run;
  std::FILE* f = std::tmpfile();
  EXPECT_NE(f, nullptr);
  std::fwrite(text.data(), 1, text.size(), f);
  std::rewind(f);
  ObservationReader reader(f, options);
  EXPECT_TRUE(reader.read([&](Observation&& o) { run.got.push_back(std::move(o)); },
                          [&](const ReadError& e) { run.reported.push_back(e); }));
  run.stats = reader.stats();
  run.stopped_at = std::ftell(f);
  std::fclose(f);
  return run;
}

const std::string kGood = "{\"ip\":\"127.0.0.1\",\"protocol\":\"http\",\"data\":\"x\"}\n";

TEST(ObservationReader, SkipsAnOverLongLineAndNamesItOnce) {
  ReaderOptions options;
  // 9 MiB: longer than the cap and than one read chunk, so it is dropped while streaming.
  std::string text = kGood + "{\"ip\":\"" + std::string(9 << 20, 'a') + "\"}\n" + kGood + std::string(2000, 'b') + "\n" + kGood;
  options.max_line_bytes = 1024;
  ReadRun run = read_text(text, options);
  ASSERT_EQ(run.got.size(), 3u);
  EXPECT_EQ(run.got[1].index, 2u) << "line numbers stay right after a skipped line";
  EXPECT_EQ(run.got[2].index, 4u);
  ASSERT_EQ(run.reported.size(), 2u);
  EXPECT_EQ(run.reported[0].line, 2u);
  EXPECT_EQ(run.reported[0].reason, reason::kTooLong);
  EXPECT_EQ(run.reported[1].line, 4u);
  EXPECT_EQ(run.stats.rejected_by_reason.at(reason::kTooLong), 2u);
  EXPECT_EQ(run.stats.lines, 5u);
  EXPECT_TRUE(run.stats.stopped.empty());
}

TEST(ObservationReader, SameResultWhateverTheReadSize) {
  std::string text = "\xEF\xBB\xBF" + kGood + "\r\n\n" + std::string(300, 'z') + "\n" + kGood + "garbage\n" + kGood;
  text.pop_back();  // no final newline
  for (std::size_t chunk : {1, 2, 3, 7, 64, 100, 101, 4096}) {
    ReaderOptions options;
    options.max_line_bytes = 100;
    options.chunk_bytes = chunk;
    ReadRun run = read_text(text, options);
    ASSERT_EQ(run.got.size(), 3u) << chunk;
    EXPECT_EQ(run.got[2].index, 6u) << chunk;
    ASSERT_EQ(run.reported.size(), 2u) << chunk;
    EXPECT_EQ(run.reported[0].line, 4u) << chunk;
    EXPECT_EQ(run.reported[0].reason, reason::kTooLong) << chunk;
    EXPECT_EQ(run.reported[1].line, 6u) << chunk;
    EXPECT_EQ(run.stats.lines, 7u) << chunk;
  }
}

TEST(ObservationReader, EndlessZerosEndReadingWithAReason) {
  ReaderOptions options;
  options.max_line_bytes = 1 << 20;
  ReadRun run = read_text(kGood + std::string(64 << 20, '\0'), options);
  EXPECT_EQ(run.got.size(), 1u);
  EXPECT_NE(run.stats.stopped.find("binary data"), std::string::npos) << run.stats.stopped;
  EXPECT_LT(run.stopped_at, 16 << 20) << "reading must stop soon after the cap, not at the end";
  EXPECT_EQ(run.stats.rejected, 1u);
}

TEST(ObservationReader, CapsReportedProblemsAndCountsTheRest) {
  std::string text;
  for (int i = 0; i < 100; ++i) text += std::string("\x7f" "ELF\x01\x00\x02", 7) + "\n";
  for (int i = 0; i < 100; ++i) text += "garbage\n";
  ReadRun run = read_text(text);
  EXPECT_EQ(run.reported.size(), 20u);
  EXPECT_EQ(run.stats.rejected, 200u);
  EXPECT_EQ(run.stats.unreported, 180u);
  EXPECT_EQ(run.stats.rejected_by_reason.at(reason::kBinary), 100u);
  EXPECT_EQ(run.stats.rejected_by_reason.at(reason::kInvalidJson), 100u);
  EXPECT_NE(run.stats.summary().find("180 problem(s) not shown"), std::string::npos) << run.stats.summary();
}

TEST(ObservationReader, OneValidationPolicy) {
  std::string text = "\xEF\xBB\xBF" + kGood +                                                  // 1 BOM: accepted
                     R"({"ip":"127.0.0.1","protocol":"gopher","data":"x"})" "\n"              // 2 unknown protocol
                     R"({"ip":"999.1.1.1","protocol":"http","data":"x"})" "\n"                // 3
                     R"({"ip":"not-an-ip","protocol":"http","data":"x"})" "\n"                // 4
                     R"({"ip":"fe80::1%eth0","protocol":"http","data":"x"})" "\n"             // 5 accepted
                     "{\"ip\":\"::1\",\"protocol\":\"http\",\"data\":\"Server: caf\xe9\xF4\x8F\"}\n"  // 6 kept as bytes
                     R"({"ip":"127.0.0.9","manufacturer":"Dahua","confidence":0.9,"evidence":[]})" "\n"  // 7 devices
                     R"({"ip":null,"device":"x","manufacturer":null,"confidence":0,"evidence":[]})" "\n";  // 8 again
  ReadRun run = read_text(text);
  ASSERT_EQ(run.got.size(), 3u);
  EXPECT_EQ(run.got[0].ip, "127.0.0.1");
  EXPECT_EQ(run.got[2].payload, "Server: caf\xe9\xF4\x8F") << "the bytes exactly as given";
  EXPECT_EQ(run.stats.accepted, 3u);
  EXPECT_EQ(run.stats.rejected, 5u);
  EXPECT_EQ(run.stats.rejected_by_reason.at(reason::kUnknownProtocol), 1u);
  EXPECT_EQ(run.stats.rejected_by_reason.at(reason::kBadAddress), 2u);
  EXPECT_EQ(run.stats.rejected_by_reason.at(reason::kDeviceOutput), 2u);
  EXPECT_EQ(run.stats.warnings_by_reason.at(reason::kNotUtf8), 1u);
  std::vector<std::size_t> lines;
  for (const ReadError& e : run.reported) lines.push_back(e.line);
  EXPECT_EQ(lines, (std::vector<std::size_t>{2, 3, 4, 6, 7})) << "devices output is named once, not per line";
  EXPECT_TRUE(run.reported[3].warning);
  EXPECT_NE(run.reported[0].message.find("gopher"), std::string::npos);
  EXPECT_NE(run.reported[4].message.find("devices output"), std::string::npos);
}

Claim claim(Attribute a, std::string value, double certainty, const char* rule) {
  return Claim{a, std::move(value), certainty, Provenance{0, rule, "f.toml:1", "k", "v"}};
}

TEST(Rank, CombinesDistinctRulesButNotRepeatsOfOneRule) {
  std::vector<Claim> claims = {
      claim(Attribute::manufacturer, "Dahua", 0.6, "a"),
      claim(Attribute::manufacturer, "Dahua", 0.6, "a"),  // same rule again: no stacking
      claim(Attribute::manufacturer, "Dahua", 0.5, "b"),
      claim(Attribute::manufacturer, "Hikvision", 0.7, "c"),
      claim(Attribute::model, "ipc-hdw1431t1-s4", 0.5, "d"),
      claim(Attribute::model, "IPC-HDW1431T1-S4", 0.9, "e"),
  };
  auto ranked = rank(claims);
  const auto& makers = ranked.at(Attribute::manufacturer);
  ASSERT_EQ(makers.size(), 2u);
  EXPECT_EQ(makers[0].value, "Dahua");
  EXPECT_DOUBLE_EQ(makers[0].certainty, 0.8);  // 1 - 0.4 * 0.5
  EXPECT_EQ(makers[0].claims.size(), 3u);
  EXPECT_EQ(makers[1].value, "Hikvision");
  const auto& models = ranked.at(Attribute::model);
  ASSERT_EQ(models.size(), 1u) << "model spellings that differ only in case are one value";
  EXPECT_EQ(models[0].value, "IPC-HDW1431T1-S4");
}

TEST(DeviceWriter, KeepsConflictsAndMakesHostileTextSafe) {
  Device d;
  d.key = d.ip = "127.0.0.5";
  d.claims = {claim(Attribute::manufacturer, "Dahua", 0.9, "a"), claim(Attribute::manufacturer, "Hikvision", 0.4, "b"),
              claim(Attribute::model, "<script>\xff", 0.5, "c")};
  d.ranked = rank(d.claims);
  auto j = nlohmann::json::parse(device_to_json_line(d));
  EXPECT_EQ(j["manufacturer"], "Dahua");
  EXPECT_EQ(j["brand"], nullptr);
  EXPECT_EQ(j["model"], "<script>\xEF\xBF\xBD");
  ASSERT_EQ(j["conflicts"].size(), 1u);
  EXPECT_EQ(j["conflicts"][0]["value"], "Hikvision");
  EXPECT_EQ(j["conflicts"][0]["rules"][0], "b");
  EXPECT_EQ(j["evidence"].size(), 3u);
}

TEST(DeviceWriter, BoundsEvidenceAndCountsWhatWasFolded) {
  Device d;
  d.key = d.ip = "127.0.0.5";
  d.claims.push_back(claim(Attribute::manufacturer, "Dahua", 0.9, "a"));
  d.claims.back().count = 7;
  for (int i = 0; i < 2000; ++i) d.claims.push_back(claim(Attribute::name, "cam-" + std::to_string(i), 0.5, "n"));
  d.claims.push_back(claim(Attribute::model, "IPC-1", 0.9, "m"));  // a winner made last
  d.ranked = rank(d.claims);
  for (int i = 0; i < 300; ++i) d.unparsed.push_back(Unparsed{std::size_t(i), "http", "bad " + std::to_string(i), 2});
  auto j = nlohmann::json::parse(device_to_json_line(d));
  EXPECT_EQ(j["evidence"].size(), kMaxEvidenceEntries);
  EXPECT_EQ(j["evidence_folded"], d.claims.size() - kMaxEvidenceEntries);
  EXPECT_EQ(j["evidence"][0]["count"], 7);
  EXPECT_FALSE(j["evidence"][1].contains("count")) << "a claim made once has no count";
  EXPECT_EQ(j["model"], "IPC-1");
  bool winner_shown = false;
  for (const auto& e : j["evidence"]) winner_shown = winner_shown || e["value"] == "IPC-1";
  EXPECT_TRUE(winner_shown) << "the claims behind each winning value are kept first";
  EXPECT_EQ(j["unparsed"].size(), kMaxUnparsedEntries);
  EXPECT_EQ(j["unparsed_folded"], 300 - kMaxUnparsedEntries);
  EXPECT_EQ(j["unparsed"][0]["count"], 2);
}

TEST(DeviceWriter, ControlAndInvisibleCharactersOnlyAsEscapes) {
  Device d;
  d.key = d.ip = "127.0.0.5";
  const std::string hostile = "x\x1b]0;t\x07\x7f\xC2\x9B\xE2\x80\xAE\xE2\x80\x8B\xE2\x80\xA8\xE2\x80\xA9\xEF\xBB\xBFy";
  d.claims = {claim(Attribute::model, hostile, 0.9, "c")};
  d.ranked = rank(d.claims);
  std::string line = device_to_json_line(d);
  for (std::string_view raw : {"\x1b", "\x07", "\x7f", "\xC2\x9B", "\xE2\x80\xAE", "\xE2\x80\x8B", "\xE2\x80\xA8", "\xE2\x80\xA9", "\xEF\xBB\xBF"})
    EXPECT_EQ(line.find(raw), std::string::npos) << "raw bytes in the JSON line";
  EXPECT_NE(line.find("\\u202e"), std::string::npos);
  EXPECT_NE(line.find("\\u2028"), std::string::npos);
  EXPECT_EQ(nlohmann::json::parse(line)["model"], hostile) << "a JSON decoder gets the same text back";
  std::string row = device_to_csv_row(d);
  EXPECT_NE(row.find("x\\x1b]0;t\\x07\\x7f<U+009B><U+202E><U+200B><U+2028><U+2029><U+FEFF>y"), std::string::npos) << row;
}

// Observations of one HTTP device, `copies` times the same reply.
std::vector<Device> identify_copies(const kb::KnowledgeBase& kb, std::size_t copies) {
  Identifier identifier(kb);
  Observation o;
  o.ip = o.device = "127.0.0.7";
  o.port = 80;
  o.transport = "tcp";
  o.protocol = "http";
  o.path = "/";
  o.payload = "HTTP/1.1 200 OK\r\nServer: App-webs/\r\nContent-Length: 0\r\n\r\n";
  Observation broken = o;
  broken.protocol = "sadp";
  broken.payload = "not sadp";
  for (std::size_t i = 0; i < copies; ++i) {
    o.index = broken.index = i;
    identifier.add(o);
    identifier.add(broken);
  }
  return identifier.finish();
}

TEST(Identifier, IdenticalObservationsAreCountedNotRepeated) {
  std::vector<kb::Problem> problems;
  auto kb = kb::KnowledgeBase::load(CAMAUDIT_SOURCE_KB_DIR, problems);
  ASSERT_TRUE(kb) << problems.size();
  std::vector<Device> once = identify_copies(*kb, 1);
  std::vector<Device> many = identify_copies(*kb, 100000);
  ASSERT_EQ(once.size(), 1u);
  ASSERT_EQ(many.size(), 1u);
  ASSERT_FALSE(once[0].claims.empty());
  EXPECT_EQ(many[0].claims.size(), once[0].claims.size());
  for (const Claim& c : many[0].claims) EXPECT_EQ(c.count, 100000u);
  ASSERT_EQ(many[0].unparsed.size(), 1u);
  EXPECT_EQ(many[0].unparsed[0].count, 100000u);
  EXPECT_EQ(many[0].value(Attribute::manufacturer), once[0].value(Attribute::manufacturer));
  EXPECT_DOUBLE_EQ(many[0].confidence(), once[0].confidence()) << "repeats of one rule add no certainty";
  std::string line = device_to_json_line(many[0]);
  EXPECT_LT(line.size(), 2 * device_to_json_line(once[0]).size()) << "100,000 copies must give a small line";
  EXPECT_EQ(nlohmann::json::parse(line)["observations"], 200000);
}

// Importers (nmap, pcap, zgrab2) leave `device` empty: each ip is still its own device.
TEST(Identifier, ObservationsWithoutADeviceKeyAreGroupedByIp) {
  std::vector<kb::Problem> problems;
  auto kb = kb::KnowledgeBase::load(CAMAUDIT_SOURCE_KB_DIR, problems);
  ASSERT_TRUE(kb) << problems.size();
  Identifier identifier(*kb);
  for (const char* ip : {"127.0.0.10", "127.0.0.11", "127.0.0.10"}) {
    Observation o;
    o.ip = ip;
    o.port = 80;
    o.protocol = "http";
    o.payload = "HTTP/1.1 200 OK\r\nServer: App-webs/\r\n\r\n";
    identifier.add(o);
  }
  std::vector<Device> devices = identifier.finish();
  ASSERT_EQ(devices.size(), 2u);
  EXPECT_EQ(devices[0].key, "127.0.0.10");
  EXPECT_EQ(devices[0].observations.size(), 2u);
  EXPECT_EQ(devices[1].key, "127.0.0.11");
}

}  // namespace
}  // namespace camaudit::identify

TEST(ObservationWriter, RoundTripsTextAndBinaryPayloads) {
  for (std::string payload : {std::string("HTTP/1.1 200 OK\r\nServer: \"x\"\r\n\r\n"), std::string("\x20\0\0\0DHIP\xff", 9)}) {
    camaudit::Observation o;
    o.ip = "127.0.0.9";
    o.device = "127.0.0.9";
    o.port = 37810;
    o.transport = "udp";
    o.protocol = "dhip";
    o.source = "scan:dhip";
    o.payload = payload;
    std::string line = camaudit::identify::observation_to_json_line(o);
    camaudit::Observation back;
    std::string error;
    ASSERT_TRUE(camaudit::identify::parse_observation_line(line, 1, back, error)) << error << "\n" << line;
    EXPECT_EQ(back.payload, payload);
    EXPECT_EQ(back.ip, o.ip);
    EXPECT_EQ(back.device, o.device);
    EXPECT_EQ(back.port, o.port);
    EXPECT_EQ(back.protocol, o.protocol);
    EXPECT_EQ(back.source, o.source);
    EXPECT_EQ(line.find("data_b64") != std::string::npos, payload.find('\0') != std::string::npos);
  }
}

// The assessment's summary columns: empty before assessment, then counted from the findings.
TEST(DeviceCsv, AssessmentSummaryColumns) {
  camaudit::DeviceRecord d;
  d.key = d.ip = "127.0.0.8";
  auto tail = [](const std::string& row, std::size_t n) {  // the last n cells (none of them quoted here)
    std::size_t at = row.size();
    for (std::size_t i = 0; i < n; ++i) at = row.rfind(',', at - 1);
    return row.substr(at + 1);
  };
  EXPECT_EQ(tail(camaudit::identify::device_to_csv_row(d), 6), ",,,,,");
  d.assessed = true;
  EXPECT_EQ(tail(camaudit::identify::device_to_csv_row(d), 6), "0,,no,no,,");
  camaudit::Finding policy, vuln;
  policy.kind = camaudit::FindingKind::policy;
  policy.id = "policy.uk.sensitive_sites";
  policy.severity = camaudit::Severity::high;
  policy.details = {{"binding", true}};
  vuln.kind = camaudit::FindingKind::vulnerability;
  vuln.id = "CVE-2017-7921";
  vuln.severity = camaudit::Severity::critical;
  vuln.verdict = "possibly_affected";
  vuln.details = {{"kev", {{"date_added", "2021-11-03"}}}};
  d.findings = {policy, vuln};
  d.rights = camaudit::Rights{4.5, "high", {}, {}};
  EXPECT_EQ(tail(camaudit::identify::device_to_csv_row(d), 6),
            "2,critical,yes,possibly,high,policy.uk.sensitive_sites;CVE-2017-7921");
  d.findings[1].verdict = "affected";
  EXPECT_NE(camaudit::identify::device_to_csv_row(d).find(",yes,affected,"), std::string::npos);
}

TEST(DeviceCsv, QuotesAndDefusesFormulas) {
  camaudit::identify::Device d;
  d.key = d.ip = "127.0.0.7";
  d.ranked[camaudit::Attribute::model].push_back({"=HYPERLINK(\"http://x\",\"y\")", 0.9, {}});
  d.ranked[camaudit::Attribute::firmware].push_back({"V5.5.0, build 170725", 0.9, {}});
  std::string row = camaudit::identify::device_to_csv_row(d);
  EXPECT_NE(row.find("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""), std::string::npos) << row;
  EXPECT_NE(row.find("\"V5.5.0, build 170725\""), std::string::npos) << row;
  std::string header = camaudit::identify::device_csv_header();
  EXPECT_EQ(std::count(header.begin(), header.end(), ','),
            std::count(row.begin(), row.end(), ',') - 2);  // 2 commas inside quoted cells
}
