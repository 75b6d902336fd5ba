// SPDX-License-Identifier: Apache-2.0
#include <camaudit/report/model.hpp>

#include <gtest/gtest.h>

namespace camaudit::report {
namespace {

DeviceRecord device(std::string ip, std::optional<std::string> maker, std::optional<std::string> brand = std::nullopt) {
  DeviceRecord d;
  d.key = d.ip = std::move(ip);
  d.manufacturer = std::move(maker);
  d.brand = brand ? brand : d.manufacturer;
  d.device_type = "camera";
  return d;
}

Finding finding(FindingKind kind, std::string id, Severity severity, std::string verdict) {
  Finding f;
  f.kind = kind;
  f.id = std::move(id);
  f.severity = severity;
  f.verdict = std::move(verdict);
  f.summary = "summary of " + f.id;
  return f;
}

BuildOptions kb_makers() {
  BuildOptions o;
  o.generated_at = "2026-12-10T09:00:00Z";
  o.makers = [](std::string_view name) -> std::optional<MakerInfo> {
    if (name == "Dahua" || name == "Hikvision") return MakerInfo{std::string(name), true, "vendors.toml:1"};
    if (name == "Axis") return MakerInfo{"Axis", false, "vendors.toml:9"};
    return std::nullopt;
  };
  return o;
}

TEST(ReportModel, FirmwareBuildDates) {
  EXPECT_EQ(firmware_build_date("V5.6.2 build 190701"), "2019-07-01");
  EXPECT_EQ(firmware_build_date("V4.001.0000000.3.R, Build Date: 2019-10-14"), "2019-10-14");
  EXPECT_EQ(firmware_build_date("2.800.0000000.29.R.210630"), "2021-06-30");
  EXPECT_EQ(firmware_build_date("V5.5.0build170725"), "2017-07-25");
  EXPECT_EQ(firmware_build_date("10.12.114"), std::nullopt);
  EXPECT_EQ(firmware_build_date("V5.6.2 build 191399"), std::nullopt);  // month 13
  EXPECT_EQ(firmware_build_date(""), std::nullopt);
}

TEST(ReportModel, RestrictedFromKbWhenNotAssessedAndThroughLabels) {
  std::vector<DeviceRecord> ds = {device("127.0.0.1", "Dahua", "Lorex"), device("127.0.0.2", "Dahua"),
                                  device("127.0.0.3", "Axis"), device("127.0.0.4", std::nullopt)};
  Model m = build_model({}, ds, kb_makers());
  EXPECT_EQ(m.summary.devices, 4u);
  EXPECT_EQ(m.summary.identified, 3u);
  EXPECT_EQ(m.summary.restricted, 2u);
  EXPECT_DOUBLE_EQ(m.summary.restricted_share, 0.5);
  EXPECT_EQ(m.facts[0].restricted_via, "kb:vendors.toml:1");
  ASSERT_EQ(m.summary.restricted_by_label.size(), 2u);
  EXPECT_NE(m.summary.restricted_basis.find("vendors"), std::string::npos);
  ASSERT_EQ(m.foi.label_to_make.size(), 1u);
  EXPECT_EQ(m.foi.label_to_make[0].label, "Lorex");
  EXPECT_EQ(m.foi.label_to_make[0].make, "Dahua");
  EXPECT_EQ(m.foi.unidentified, 1u);
  EXPECT_EQ(m.charts.makers.front().maker, "Dahua");
  EXPECT_EQ(m.charts.makers.front().labels.size(), 2u);
  // Not assessed: the actions still say what to do first.
  ASSERT_FALSE(m.summary.actions.empty());
  EXPECT_EQ(m.summary.actions.front().finding_id, "restricted.unassessed");
}

TEST(ReportModel, PolicyFindingsDecideForAssessedDevices) {
  DeviceRecord a = device("127.0.0.1", "Hikvision");
  a.assessed = true;  // assessed and not restricted for this profile: the kb flag does not apply
  a.findings = {finding(FindingKind::policy, "policy.uk.hcws386", Severity::info, "not_restricted")};
  DeviceRecord b = device("127.0.0.2", "Axis");
  b.assessed = true;
  b.findings = {finding(FindingKind::policy, "policy.us.ndaa889", Severity::high, "prohibited")};
  Model m = build_model({}, {a, b}, kb_makers());
  EXPECT_FALSE(m.facts[0].restricted);
  EXPECT_TRUE(m.facts[1].restricted);
  EXPECT_EQ(m.facts[1].restricted_via, "policy.us.ndaa889");
}

TEST(ReportModel, KevBiometricAndActionsRankedBySeverityKevAndCount) {
  std::vector<DeviceRecord> ds;
  for (int i = 0; i < 3; ++i) {
    DeviceRecord d = device("127.0.0." + std::to_string(i + 1), "Hikvision");
    d.assessed = true;
    Finding kev = finding(FindingKind::vulnerability, "CVE-2021-36260", Severity::critical, "affected");
    kev.details = {{"kev", {{"dateAdded", "2022-01-10"}}}};
    d.findings.push_back(kev);
    if (i == 0) d.findings.push_back(finding(FindingKind::vulnerability, "CVE-2099-0001", Severity::critical, "affected"));
    d.findings.push_back(finding(FindingKind::exposure, "exposure.telnet", Severity::medium, "present"));
    d.capabilities = {"face_recognition"};
    ds.push_back(d);
  }
  Model m = build_model({}, ds, kb_makers());
  EXPECT_EQ(m.summary.kev, 3u);
  EXPECT_EQ(m.summary.biometric, 3u);
  ASSERT_EQ(m.summary.kev_by_cve.size(), 1u);
  EXPECT_EQ(m.summary.kev_by_cve[0].count, 3u);
  ASSERT_GE(m.summary.actions.size(), 3u);
  EXPECT_EQ(m.summary.actions[0].finding_id, "CVE-2021-36260");  // critical, KEV, 3 devices
  EXPECT_EQ(m.summary.actions[1].finding_id, "CVE-2099-0001");
  EXPECT_EQ(m.summary.actions[2].finding_id, "exposure.telnet");
  EXPECT_EQ(m.summary.findings_by_severity[static_cast<std::size_t>(Severity::critical)], 4u);
  EXPECT_NE(m.summary.paragraph.find("CISA KEV"), std::string::npos);
}

TEST(ReportModel, FirmwareAgeBucketsFromTheAuditDate) {
  DeviceRecord old = device("127.0.0.1", "Hikvision");
  old.firmware = "V5.4.0 build 160530";
  DeviceRecord fresh = device("127.0.0.2", "Hikvision");
  fresh.firmware = "V5.7.3 build 260101";
  DeviceRecord none = device("127.0.0.3", "Axis");
  DeviceRecord sadp = device("127.0.0.4", "Hikvision");
  sadp.firmware = "V5.7.18";  // the build is only in the SADP answer it came from
  sadp.evidence = {{"firmware", "V5.7.18", 0.9, 1, "sadp.SoftwareVersion", "V5.7.18build 240826", "sadp.v", "f:1", 1}};
  AuditRecord audit;
  audit.started_at = "2026-12-01T10:00:00Z";
  Model m = build_model(audit, {old, fresh, none, sadp}, kb_makers());
  EXPECT_EQ(m.facts[3].firmware_date, "2024-08-26");
  auto bucket = [&](std::string_view name) {
    for (const Count& c : m.charts.firmware_age)
      if (c.label == name) return c.count;
    return std::size_t{99};
  };
  EXPECT_EQ(bucket("over 6 years"), 1u);
  EXPECT_EQ(bucket("under 1 year"), 1u);
  EXPECT_EQ(bucket("no build date"), 1u);
  EXPECT_EQ(bucket("2-4 years"), 1u);
}

TEST(ReportModel, DiffMatchesByMacThenSerialThenIpAndModel) {
  DeviceRecord by_mac = device("127.0.0.1", "Hikvision");
  by_mac.mac = "58:50:ED:00:00:01";
  by_mac.firmware = "V5.5.0";
  DeviceRecord by_serial = device("127.0.0.2", "Dahua");
  by_serial.serial = "SN-2";
  by_serial.model = "IPC-HFW1230S";
  DeviceRecord by_ip = device("127.0.0.3", "Axis");
  by_ip.model = "P1448-LE";
  DeviceRecord gone = device("127.0.0.4", "Axis");
  gone.model = "M3106";
  std::vector<DeviceRecord> before = {by_mac, by_serial, by_ip, gone};

  DeviceRecord mac_now = by_mac;
  mac_now.ip = mac_now.key = "127.0.0.9";  // moved
  mac_now.mac = "58:50:ed:00:00:01";       // case differs: same MAC
  mac_now.firmware = "V5.7.3";
  DeviceRecord serial_now = by_serial;
  serial_now.model = "IPC-HFW2431S";
  serial_now.assessed = true;
  serial_now.findings = {finding(FindingKind::vulnerability, "CVE-2021-33044", Severity::critical, "affected")};
  DeviceRecord ip_now = by_ip;
  DeviceRecord fresh = device("127.0.0.5", "Hikvision");
  Model m = build_model({}, {mac_now, serial_now, ip_now, fresh}, kb_makers(), &before);
  ASSERT_TRUE(m.diff);
  auto count = [&](Change c) {
    return m.diff->counts[static_cast<std::size_t>(c)].count;
  };
  EXPECT_EQ(count(Change::added), 1u);
  EXPECT_EQ(count(Change::removed), 1u);
  EXPECT_EQ(count(Change::moved), 1u);
  EXPECT_EQ(count(Change::firmware_changed), 1u);
  EXPECT_EQ(count(Change::model_changed), 1u);
  EXPECT_EQ(count(Change::newly_vulnerable), 1u);
  for (const DiffEntry& e : m.diff->entries) {
    if (e.change == Change::moved) {
      EXPECT_EQ(e.matched_by, "mac");
    }
    if (e.change == Change::model_changed) {
      EXPECT_EQ(e.matched_by, "serial");
    }
    if (e.change == Change::removed) {
      EXPECT_EQ(e.device, "127.0.0.4");
    }
  }
}

TEST(ReportModel, DiffReportsAmbiguousIdentitiesInsteadOfGuessing) {
  DeviceRecord a = device("127.0.0.1", "Dahua"), b = device("127.0.0.2", "Dahua");
  a.serial = b.serial = "SAME";
  DeviceRecord now = device("127.0.0.7", "Dahua");
  now.serial = "SAME";
  std::vector<DeviceRecord> before = {a, b};
  Model m = build_model({}, {now}, kb_makers(), &before);
  ASSERT_EQ(m.diff->ambiguous.size(), 1u);
  EXPECT_NE(m.diff->ambiguous[0].find("serial SAME matches 2 earlier and 1 later"), std::string::npos) << m.diff->ambiguous[0];
  // Neither added nor removed: that would be a guess that they are different devices.
  EXPECT_EQ(m.diff->counts[static_cast<std::size_t>(Change::added)].count, 0u);
  EXPECT_EQ(m.diff->counts[static_cast<std::size_t>(Change::removed)].count, 0u);
}

TEST(ReportModel, EmptyAuditIsFine) {
  Model m = build_model({}, {}, {});
  EXPECT_EQ(m.summary.devices, 0u);
  EXPECT_DOUBLE_EQ(m.summary.restricted_share, 0);
  EXPECT_FALSE(m.summary.paragraph.empty());
}

}  // namespace
}  // namespace camaudit::report
