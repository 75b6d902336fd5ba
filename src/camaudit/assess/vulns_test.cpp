// SPDX-License-Identifier: Apache-2.0
// The vulnerability check on the real knowledge base: the data loads without problems,
// its examples pass, and findings say what they are, why, and against which KEV catalogue.
#include <camaudit/assess/vulns.hpp>
#include <camaudit/source_paths.hpp>

#include <gtest/gtest.h>

namespace camaudit::assess {
namespace {

struct Loaded {
  std::unique_ptr<kb::KnowledgeBase> kb;
  VulnerabilityCheck check;
  std::vector<kb::Problem> problems;
};

const Loaded& loaded() {
  static Loaded* l = [] {
    auto* out = new Loaded;
    out->kb = kb::KnowledgeBase::load(CAMAUDIT_SOURCE_KB_DIR, out->problems);
    out->check.load(CAMAUDIT_SOURCE_KB_DIR, *out->kb, out->problems);
    return out;
  }();
  return *l;
}

std::string text(const std::vector<kb::Problem>& problems) {
  std::string out;
  for (const auto& p : problems) out += p.where.str() + ": " + p.message + "\n";
  return out;
}

DeviceRecord device(std::string maker, std::string model, std::optional<std::string> firmware) {
  DeviceRecord d;
  d.key = d.ip = "127.0.0.1";
  d.manufacturer = std::move(maker);
  if (!model.empty()) d.model = std::move(model);
  d.firmware = std::move(firmware);
  d.confidence = 0.9;
  return d;
}

const Finding* find(const std::vector<Finding>& findings, std::string_view id) {
  for (const Finding& f : findings)
    if (f.id == id) return &f;
  return nullptr;
}

// The verdict a device's vulnerability.checked finding lists for a CVE ("" when none).
std::string quiet_verdict(const std::vector<Finding>& findings, std::string_view cve) {
  const Finding* checked = find(findings, "vulnerability.checked");
  if (checked == nullptr) return "no vulnerability.checked finding";
  EXPECT_EQ(checked->severity, Severity::info);
  for (const auto& q : checked->details["quiet"])
    if (q["id"] == cve) return q["verdict"].get<std::string>();
  return "";
}

TEST(VulnerabilityCheck, KnowledgeBaseLoadsAndItsExamplesPass) {
  const Loaded& l = loaded();
  EXPECT_TRUE(l.problems.empty()) << text(l.problems);
  std::vector<kb::Problem> problems;
  l.check.self_test(problems);
  EXPECT_TRUE(problems.empty()) << text(problems);
  EXPECT_GE(l.check.vulns().size(), 30u);
  EXPECT_FALSE(l.check.kev().version.empty());
}

TEST(VulnerabilityCheck, LegacyHikvisionInsideCve20177921IsAffectedAndKevListed) {
  std::vector<Finding> out;
  DeviceRecord d = device("Hikvision", "DS-2CD2620F-I", "V5.3.1 build 150410");
  loaded().check.run(d, Profile{}, out);
  const Finding* f = find(out, "CVE-2017-7921");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->kind, FindingKind::vulnerability);
  EXPECT_EQ(f->verdict, "affected");
  EXPECT_EQ(f->severity, Severity::critical);
  EXPECT_NE(f->summary.find("DS-2CD2xx0F-I"), std::string::npos) << f->summary;
  EXPECT_EQ(f->details["kev"]["date_added"], "2026-03-05");
  EXPECT_EQ(f->details["kev"]["due_date"], "2026-03-26");
  EXPECT_EQ(f->details["kev"]["ransomware"], "Unknown");
  EXPECT_EQ(f->details["kev_catalog"]["catalog_version"], loaded().check.kev().version);
  EXPECT_EQ(f->details["version"]["build"], "2015-04-10");
  EXPECT_FALSE(f->kb.empty());
  EXPECT_EQ(f->kb.rfind("vulns/hikvision.toml:", 0), 0u) << f->kb;
  bool cites_kev = false;
  for (const Citation& c : f->cites) cites_kev |= c.instrument.rfind("CISA KEV", 0) == 0 && c.date == "2026-03-05";
  EXPECT_TRUE(cites_kev);
  // The round trip through the device JSON keeps it.
  EXPECT_EQ(finding_from_json(to_json(*f)), *f);
}

TEST(VulnerabilityCheck, FixedFirmwareIsNotAffectedAndSaysSoInTheCheckedFinding) {
  std::vector<Finding> out;
  DeviceRecord d = device("Hikvision", "DS-2CD2385G1-I", "V5.6.2 build 190701");
  loaded().check.run(d, Profile{}, out);
  EXPECT_EQ(find(out, "CVE-2017-7921"), nullptr);
  EXPECT_EQ(quiet_verdict(out, "CVE-2017-7921"), "not_affected");
  // CVE-2021-36260: the fixed builds are per model and not published: build date only.
  const Finding* f = find(out, "CVE-2021-36260");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->verdict, "possibly_affected");
  EXPECT_NE(f->details["reason"].get<std::string>().find("only the build date"), std::string::npos);
  EXPECT_TRUE(f->details["needs_credentials"].get<bool>());
  EXPECT_LT(f->confidence, 0.9);
}

TEST(VulnerabilityCheck, BuildDateIsBorrowedFromAnotherClaimOfTheSameVersion) {
  DeviceRecord d = device("Hikvision", "DS-2CD2620F-I", "V5.4.0");
  EvidenceRecord isapi{"firmware", "V5.4.0", 0.9, 1, "isapi.firmwareVersion", "V5.4.0", "isapi.firmware_version", "fingerprints/isapi.toml:76"};
  EvidenceRecord sadp{"firmware", "V5.4.0 build 160301", 0.9, 2, "sadp.SoftwareVersion", "V5.4.0build 160301", "sadp.software_version", "fingerprints/sadp.toml:66"};
  d.evidence = {isapi, sadp};
  std::vector<Finding> out;
  loaded().check.run(d, Profile{}, out);
  const Finding* f = find(out, "CVE-2017-7921");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->verdict, "affected");  // 160301 is before the range's end 160401
  EXPECT_EQ(f->details["version"]["build_from"], "sadp.SoftwareVersion");
}

TEST(VulnerabilityCheck, UnknownFirmwareAndUnreadableVersionsAreVerdictsOfTheirOwn) {
  std::vector<Finding> out;
  DeviceRecord unknown = device("Hikvision", "DS-2CD2032F-I", std::nullopt);
  loaded().check.run(unknown, Profile{}, out);
  ASSERT_NE(find(out, "CVE-2017-7921"), nullptr);
  EXPECT_EQ(find(out, "CVE-2017-7921")->verdict, "possibly_affected");
  EXPECT_NE(find(out, "CVE-2017-7921")->summary.find("firmware unknown"), std::string::npos);

  out.clear();
  DeviceRecord garbage = device("Hikvision", "DS-2CD2032F-I", "build ???");
  loaded().check.run(garbage, Profile{}, out);
  ASSERT_NE(find(out, "CVE-2017-7921"), nullptr);
  EXPECT_EQ(find(out, "CVE-2017-7921")->verdict, "version_unparsed");
  EXPECT_EQ(find(out, "CVE-2017-7921")->severity, Severity::info);
}

TEST(VulnerabilityCheck, NoModelMeansUndecidedNotAffected) {
  std::vector<Finding> out;
  DeviceRecord d = device("Hikvision", "", "V5.3.1 build 150410");
  loaded().check.run(d, Profile{}, out);
  EXPECT_EQ(find(out, "CVE-2017-7921"), nullptr);
  EXPECT_EQ(quiet_verdict(out, "CVE-2017-7921"), "model_unknown");
}

TEST(VulnerabilityCheck, OemLabelsInheritTheMakersCvesAndBrandOnlyOnesStayWithTheBrand) {
  // An Amcrest camera is Dahua firmware: Dahua's CVEs apply, and Amcrest's own.
  DeviceRecord amcrest = device("Dahua", "IP2M-841", "2.420.AC00.15.R");
  amcrest.brand = "Amcrest";
  std::vector<Finding> out;
  loaded().check.run(amcrest, Profile{}, out);
  ASSERT_NE(find(out, "CVE-2020-5735"), nullptr);
  EXPECT_EQ(find(out, "CVE-2020-5735")->verdict, "affected");
  EXPECT_FALSE(find(out, "CVE-2020-5735")->details["kev"].is_null());
  ASSERT_NE(find(out, "CVE-2019-3948"), nullptr);
  // The same firmware under Dahua's own label is not an Amcrest product.
  DeviceRecord dahua = device("Dahua", "IPC-HDW5831R-ZE", "2.420.AC00.15.R");
  for (const Judgement& j : loaded().check.judge(dahua)) EXPECT_NE(j.vuln->id, "CVE-2020-5735");
  // Another maker altogether: nothing to say at all.
  DeviceRecord axis = device("Axis", "P3225-LV Mk II", "9.80.1");
  out.clear();
  loaded().check.run(axis, Profile{}, out);
  EXPECT_TRUE(out.empty());
}

TEST(VulnerabilityCheck, ExploitedInTheWildButNotInKevSaysSoWithItsSource) {
  DeviceRecord d = device("Hikvision", "Intercom Broadcast System", "3.0.3_20201113_RELEASE(HIK)");
  std::vector<Finding> out;
  loaded().check.run(d, Profile{}, out);
  const Finding* f = find(out, "CVE-2023-6895");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->verdict, "affected");
  EXPECT_TRUE(f->details["kev"].is_null());
  EXPECT_FALSE(f->details["exploited_in_the_wild"]["in_kev"].get<bool>());
  EXPECT_NE(f->details["exploited_in_the_wild"]["source"].get<std::string>().find("Check Point"), std::string::npos);
  EXPECT_NE(f->summary.find("exploited in the wild (not in KEV)"), std::string::npos);
}

}  // namespace
}  // namespace camaudit::assess
