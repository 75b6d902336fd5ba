// SPDX-License-Identifier: Apache-2.0
// The fast device writer (device_writer.cpp, built by hand for speed) and core's
// to_json (nlohmann) say the same thing about every record: unassessed devices from a
// real identification, and an assessed one with findings and rights.
#include <camaudit/identify/device_writer.hpp>
#include <camaudit/identify/identifier.hpp>
#include <camaudit/identify/record.hpp>
#include <camaudit/source_paths.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace camaudit::identify {
namespace {

std::vector<Observation> some_observations() {
  std::vector<Observation> out;
  auto add = [&](std::string ip, std::uint16_t port, std::string protocol, std::string payload) {
    Observation o;
    o.ip = o.device = std::move(ip);
    o.port = port;
    o.transport = "tcp";
    o.protocol = std::move(protocol);
    o.payload = std::move(payload);
    o.index = out.size();
    out.push_back(std::move(o));
  };
  add("127.0.0.5", 80, "http", "HTTP/1.1 200 OK\r\nServer: App-webs/\r\nContent-Length: 0\r\n\r\n");
  add("127.0.0.5", 554, "rtsp", "RTSP/1.0 401 Unauthorized\r\nCSeq: 1\r\nServer: Dahua Rtsp Server\r\n\r\n");
  add("127.0.0.6", 80, "http", "HTTP/1.1 200 OK\r\nServer: \"quoted\\\" \x01 \xff\r\n\r\n");
  add("127.0.0.7", 37020, "sadp", "\x01\x02 not sadp");
  return out;
}

TEST(DeviceRecordWriter, FastLineAndNlohmannAgree) {
  std::vector<kb::Problem> problems;
  auto kb = kb::KnowledgeBase::load(CAMAUDIT_SOURCE_KB_DIR, problems);
  ASSERT_TRUE(kb && problems.empty());
  Identifier identifier(*kb);
  for (const Observation& o : some_observations()) identifier.add(o);
  std::vector<Device> devices = identifier.finish();
  ASSERT_EQ(devices.size(), 3u);
  bool some_conflict = false, some_unparsed = false;
  for (const Device& d : devices) {
    DeviceRecord record = to_record(d);
    some_conflict |= !record.conflicts.empty();
    some_unparsed |= !record.unparsed.empty();
    std::string fast = device_to_json_line(record);
    EXPECT_EQ(nlohmann::json::parse(fast), to_json(record)) << fast;
    EXPECT_EQ(fast, device_to_json_line(d)) << "the Device overload writes the same line";
    EXPECT_EQ(device_record_from_json(nlohmann::json::parse(fast)), record);
    EXPECT_EQ(device_to_csv_row(record), device_to_csv_row(d));
  }
  EXPECT_TRUE(some_unparsed);
  (void)some_conflict;

  DeviceRecord assessed = to_record(devices.front());
  assessed.assessed = true;
  Finding f;
  f.kind = FindingKind::vulnerability;
  f.id = "CVE-2017-7921";
  f.severity = Severity::critical;
  f.verdict = "possibly_affected";
  f.summary = "firmware in an affected range";
  f.cites.push_back({"CISA KEV", "CVE-2017-7921", "2021-11-03", ""});
  f.rests_on.push_back({"firmware", "V5.4.0", 0.9, "r", "kb/x.toml:3", 2});
  f.details = {{"cvss", 10.0}};
  assessed.findings.push_back(f);
  assessed.rights = Rights{4.5, "medium", {"face_recognition"}, {{"face_recognition", 3, "why", "kb/y.toml:1"}}};
  std::string fast = device_to_json_line(assessed);
  EXPECT_EQ(nlohmann::json::parse(fast), to_json(assessed)) << fast;
  EXPECT_EQ(device_record_from_json(nlohmann::json::parse(fast)), assessed);
}

TEST(DeviceRecordWriter, ShiftMovesEveryObservationNumber) {
  DeviceRecord r;
  r.evidence.push_back({"manufacturer", "X", 0.9, 2, "f", "m", "r", "k", 1});
  r.evidence.push_back({"oui", "Y", 0.5, std::nullopt, "f", "m", "r", "k", 1});
  r.unparsed.push_back({1, "http", "bad"});
  shift_observations(r, 100);
  EXPECT_EQ(r.evidence[0].observation, std::optional<std::size_t>(102));
  EXPECT_FALSE(r.evidence[1].observation);
  EXPECT_EQ(r.unparsed[0].observation, 101u);
}

}  // namespace
}  // namespace camaudit::identify
