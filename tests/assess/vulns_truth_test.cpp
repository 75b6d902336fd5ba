// SPDX-License-Identifier: Apache-2.0
// The vulnerability check against camfarm's ground truth: the full-mix estate is drawn
// (no sockets: build_estate only computes it), each device's truth becomes a DeviceRecord,
// and the findings must be what the truth implies — the legacy Hikvision firmware inside
// CVE-2017-7921's published range affected, a fixed firmware not, makers without CVEs in
// the knowledge base no vulnerability findings at all.
#include <camaudit/assess/vulns.hpp>
#include <camaudit/source_paths.hpp>

#include <gtest/gtest.h>

#include <map>

#include "estate.hpp"

namespace {

using namespace camaudit;
using namespace camaudit::assess;

std::optional<std::string> field(const nlohmann::json& truth, const char* key) {
  if (!truth.contains(key) || !truth[key].is_string() || truth[key].get<std::string>().empty()) return std::nullopt;
  return truth[key].get<std::string>();
}

DeviceRecord from_truth(const nlohmann::json& t) {
  DeviceRecord d;
  d.key = d.ip = t["ip"].get<std::string>();
  d.manufacturer = field(t, "manufacturer");
  d.brand = field(t, "brand");
  if (d.brand == d.manufacturer) d.brand.reset();
  d.model = field(t, "model");
  d.firmware = field(t, "firmware");
  d.confidence = 1;
  return d;
}

std::vector<nlohmann::json> estate_truth() {
  std::string error;
  auto spec = camfarm::load_estate_spec(CAMAUDIT_SOURCE_DIR "/tools/camfarm/estates/full-mix.toml", &error);
  EXPECT_TRUE(spec) << error;
  if (!spec) return {};
  spec->range = "127.78.0.0/22";  // more devices, so every legacy variant is drawn
  auto profiles = camfarm::load_profiles(CAMAUDIT_SOURCE_DIR "/tools/camfarm/profiles", &error);
  EXPECT_TRUE(profiles) << error;
  auto estate = camfarm::build_estate(*spec, *profiles, &error);
  EXPECT_TRUE(estate) << error;
  std::vector<nlohmann::json> out;
  if (estate)
    for (const auto& device : *estate) out.push_back(camfarm::ground_truth(device));
  return out;
}

// CVE-2017-7921 per ICSA-17-124-01 (research:cves.jsonl): DS-2CD2xx0F-I is affected from
// V5.2.0 build 140721 through V5.4.0 build 160401; DS-2CD2042WD-I's series is not named.
std::string expected_7921(const DeviceRecord& d) {
  if (d.model == "DS-2CD2620F-I") return *d.firmware == "V5.4.0 build 160530" ? "not_affected" : "affected";
  return "possibly_affected";
}

TEST(VulnsAgainstCamfarmTruth, LegacyHikvisionAffectedFixedFirmwareNotOthersSilent) {
  std::vector<kb::Problem> problems;
  auto kb = kb::KnowledgeBase::load(CAMAUDIT_SOURCE_KB_DIR, problems);
  VulnerabilityCheck check;
  check.load(CAMAUDIT_SOURCE_KB_DIR, *kb, problems);
  ASSERT_TRUE(problems.empty()) << problems.front().where.str() << ": " << problems.front().message;

  std::map<std::string, int> seen;  // "profile verdict" -> count
  for (const nlohmann::json& t : estate_truth()) {
    const std::string profile = t["profile"];
    DeviceRecord d = from_truth(t);
    std::vector<Finding> out;
    check.run(d, Profile{}, out);
    SCOPED_TRACE(profile + " " + d.ip + " " + d.model.value_or("-") + " " + d.firmware.value_or("-"));
    const Finding* f7921 = nullptr;
    for (const Finding& f : out) {
      EXPECT_EQ(f.kind, FindingKind::vulnerability);
      EXPECT_EQ(f.details["kev_catalog"]["catalog_version"], check.kev().version);  // every finding dates its KEV data
      if (f.id == "CVE-2017-7921") f7921 = &f;
    }
    std::string verdict = "none";
    for (const Judgement& j : check.judge(d))
      if (j.vuln->id == "CVE-2017-7921") verdict = std::string(to_string(j.verdict));
    if (profile == "hikvision-ipc-legacy") {
      EXPECT_EQ(verdict, expected_7921(d));
      if (verdict == "affected") {
        ASSERT_NE(f7921, nullptr);
        EXPECT_EQ(f7921->details["kev"]["date_added"], "2026-03-05");
      }
    } else if (profile == "hikvision-ipc-v5" || profile == "hikvision-ipc-webserver") {
      EXPECT_EQ(verdict, "not_affected");  // firmware V5.6/V5.7: after every range
      EXPECT_EQ(f7921, nullptr);
    } else if (profile == "axis-camera" || profile == "bosch-camera" || profile == "hanwha-camera" ||
               profile == "avigilon-camera" || profile == "mobotix-camera" || profile == "vivotek-camera") {
      EXPECT_TRUE(out.empty()) << "no CVEs of this maker are in the knowledge base";
    } else if (profile == "amcrest-ipc" && d.firmware && d.firmware->rfind("2.420.AC00.", 0) == 0) {
      bool amcrest_kev = false;
      for (const Finding& f : out) amcrest_kev |= f.id == "CVE-2020-5735" && f.verdict == "affected" && !f.details["kev"].is_null();
      EXPECT_TRUE(amcrest_kev);
    }
    ++seen[profile + " " + verdict];
  }
  EXPECT_GT(seen["hikvision-ipc-legacy affected"], 0);
  EXPECT_GT(seen["hikvision-ipc-legacy not_affected"] + seen["hikvision-ipc-legacy possibly_affected"], 0);
  EXPECT_GT(seen["hikvision-ipc-v5 not_affected"], 0);
}

}  // namespace
