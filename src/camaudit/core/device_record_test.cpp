// SPDX-License-Identifier: Apache-2.0
#include <camaudit/core/device_record.hpp>

#include <gtest/gtest.h>

namespace camaudit {
namespace {

DeviceRecord full_record() {
  DeviceRecord d;
  d.key = "asset-17";
  d.ip = "127.78.0.12";
  d.manufacturer = "Dahua";
  d.brand = "Lorex";
  d.model = "LNR6100";
  d.original_model = "NVR4104HS-P-4KS2";
  d.firmware = "V4.001.0000000.3.R, Build Date: 2019-10-14";
  d.serial = "ND021811019863";
  d.mac = "3c:ef:8c:01:02:03";
  d.device_type = "nvr";
  d.name = "Lobby NVR";
  d.capabilities = {"audio", "storage"};
  d.confidence = 0.97;
  d.seen = {"http/tcp/80", "dhip/udp/37810"};
  d.notes = {"found by LAN discovery only: no scanned port answered"};
  d.evidence = {{"manufacturer", "Dahua", 0.9, 3, "dhip.deviceClass", "NVR", "dhip.nvr", "fingerprints/dhip.toml:12", 4}};
  d.evidence_folded = 2;
  d.conflicts = {{"model", "NVR4104", 0.4, {"http_title.dahua"}}};
  d.unparsed = {{5, "rtsp", "no status line"}};
  d.observations = 9;
  d.assessed = true;
  Finding f;
  f.kind = FindingKind::policy;
  f.id = "policy.us.ndaa889";
  f.severity = Severity::high;
  f.verdict = "prohibited";
  f.summary = "Made by Dahua (through the Lorex label): covered by NDAA §889.";
  f.cites = {{"John S. McCain NDAA for FY2019", "§889(a)(1)(A)", "2019-08-13", "https://www.acquisition.gov/"}};
  f.rests_on = {{"manufacturer", "Dahua", 0.97, "dhip.nvr", "fingerprints/dhip.toml:12", std::nullopt},
                {"oem", "Lorex -> Dahua", 0.9, "oem.lorex", "oem.toml:40", 3}};
  f.rule = "us.ndaa889";
  f.kb = "policy/us.toml:3";
  f.confidence = 0.87;
  f.details = {{"jurisdiction", "US"}};
  d.findings = {f};
  d.rights = Rights{42.5, "medium", {"audio"}, {{"audio", 20, "records sound", "rights/weights.toml:4"}}};
  return d;
}

TEST(DeviceRecord, JsonRoundTripKeepsEveryField) {
  DeviceRecord d = full_record();
  nlohmann::json j = to_json(d);
  EXPECT_EQ(j["device"], "asset-17");
  EXPECT_EQ(j["findings"][0]["kind"], "policy");
  DeviceRecord back = device_record_from_json(nlohmann::json::parse(j.dump()));
  EXPECT_EQ(back, d);
}

TEST(DeviceRecord, UnassessedDeviceHasNoFindingsKey) {
  DeviceRecord d;
  d.ip = d.key = "127.0.0.1";
  nlohmann::json j = to_json(d);
  EXPECT_FALSE(j.contains("findings"));
  EXPECT_TRUE(j["manufacturer"].is_null());
  EXPECT_EQ(device_record_from_json(j), d);
}

TEST(DeviceRecord, ErrorsNameTheirPath) {
  nlohmann::json j = to_json(full_record());
  j["findings"][0]["severity"] = "apocalyptic";
  try {
    device_record_from_json(j);
    FAIL() << "accepted an unknown severity";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("device.findings[0].severity"), std::string::npos) << e.what();
  }
  j = to_json(full_record());
  j["evidence"][0]["certainty"] = "high";
  EXPECT_THROW(device_record_from_json(j), std::invalid_argument);
  EXPECT_THROW(device_record_from_json(nlohmann::json::array()), std::invalid_argument);
}

TEST(DeviceRecord, EvidenceForPicksTheStrongestClaim) {
  DeviceRecord d = full_record();
  d.evidence.push_back({"manufacturer", "Dahua", 0.95, 1, "http.server", "x", "r2", "f:1", 1});
  ASSERT_NE(d.evidence_for("manufacturer", "Dahua"), nullptr);
  EXPECT_EQ(d.evidence_for("manufacturer", "Dahua")->rule, "r2");
  EXPECT_EQ(d.evidence_for("manufacturer", "Hikvision"), nullptr);
}

TEST(DeviceRecord, EnumNamesRoundTrip) {
  for (FindingKind k : {FindingKind::policy, FindingKind::vulnerability, FindingKind::capability, FindingKind::exposure})
    EXPECT_EQ(finding_kind_from_string(to_string(k)), k);
  for (Severity s : {Severity::info, Severity::low, Severity::medium, Severity::high, Severity::critical})
    EXPECT_EQ(severity_from_string(to_string(s)), s);
  EXPECT_FALSE(severity_from_string("bad"));
}

}  // namespace
}  // namespace camaudit

#include <camaudit/core/audit_record.hpp>

namespace camaudit {
namespace {
TEST(AuditRecord, JsonRoundTrip) {
  AuditRecord a;
  a.id = 7;
  a.organisation = "Example Council";
  a.command = "scan";
  a.started_at = "2026-12-03T10:00:00Z";
  a.status = AuditStatus::interrupted;
  a.targets = {"127.78.0.0/24"};
  a.options = {{"rate", 1000}};
  a.kb_digest = "abc";
  a.derived_from = 3;
  a.devices = 153;
  EXPECT_EQ(audit_record_from_json(nlohmann::json::parse(to_json(a).dump())), a);
  nlohmann::json bad = to_json(a);
  bad["status"] = "exploded";
  EXPECT_THROW(audit_record_from_json(bad), std::invalid_argument);
}
}  // namespace
}  // namespace camaudit
