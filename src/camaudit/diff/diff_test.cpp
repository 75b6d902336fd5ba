// SPDX-License-Identifier: Apache-2.0
#include <camaudit/diff/diff.hpp>

#include <gtest/gtest.h>

namespace camaudit::diff {
namespace {

DeviceRecord camera(std::string ip, std::string mac, std::string model, std::string firmware) {
  DeviceRecord d;
  d.key = d.ip = std::move(ip);
  d.mac = std::move(mac);
  d.manufacturer = "Hikvision";
  d.model = std::move(model);
  d.firmware = std::move(firmware);
  d.assessed = true;
  return d;
}
Finding finding(FindingKind kind, std::string id, std::string verdict) {
  Finding f;
  f.kind = kind;
  f.id = std::move(id);
  f.verdict = std::move(verdict);
  return f;
}

// A: five devices. B: #0 unchanged, #1 moved, #2 upgraded (its CVE resolved), #3 gone,
// #4 now found vulnerable and restricted (a profile change), and one new device.
struct Estate {
  std::vector<DeviceRecord> a, b;
  Estate() {
    a = {camera("127.0.0.1", "c0:56:e3:00:00:01", "DS-1", "V5.4.0"), camera("127.0.0.2", "c0:56:e3:00:00:02", "DS-2", "V5.4.0"),
         camera("127.0.0.3", "c0:56:e3:00:00:03", "DS-3", "V5.4.0"), camera("127.0.0.4", "c0:56:e3:00:00:04", "DS-4", "V5.4.0"),
         camera("127.0.0.5", "c0:56:e3:00:00:05", "DS-5", "V5.4.0")};
    a[2].findings = {finding(FindingKind::vulnerability, "CVE-2017-7921", "affected")};
    a[4].findings = {finding(FindingKind::policy, "policy.uk.sensitive", "not_restricted")};
    b = {a[0], a[1], a[2], a[4], camera("127.0.0.6", "c0:56:e3:00:00:06", "DS-6", "V5.7.0")};
    b[1].ip = b[1].key = "127.0.0.22";
    b[2].firmware = "V5.5.0";
    b[2].findings.clear();
    b[3].findings = {finding(FindingKind::policy, "policy.us.ndaa889", "prohibited"),
                     finding(FindingKind::vulnerability, "CVE-2021-36260", "possibly_affected"),
                     finding(FindingKind::vulnerability, "CVE-2099-0001", "not_affected")};
  }
};

TEST(Diff, FindsEveryKindOfChange) {
  Estate e;
  AuditDiff d = diff_audits(e.a, e.b);
  EXPECT_EQ(d.added, std::vector<std::size_t>{4});
  EXPECT_EQ(d.gone, std::vector<std::size_t>{3});
  EXPECT_EQ(d.unchanged, 1u);
  EXPECT_EQ(d.matched_by[MatchRule::mac], 4u);
  ASSERT_EQ(d.changes.size(), 3u);
  const DeviceChange& moved = d.changes[0];
  EXPECT_TRUE(moved.moved);
  EXPECT_TRUE(moved.changed.empty());
  const DeviceChange& upgraded = d.changes[1];
  EXPECT_FALSE(upgraded.moved);
  EXPECT_EQ(upgraded.changed, (std::vector<AttributeChange>{{"firmware", "V5.4.0", "V5.5.0"}}));
  EXPECT_EQ(upgraded.resolved, std::vector<std::string>{"CVE-2017-7921"});
  const DeviceChange& judged = d.changes[2];
  EXPECT_EQ(judged.newly_vulnerable, std::vector<std::string>{"CVE-2021-36260"});  // not_affected is not vulnerable
  EXPECT_EQ(judged.newly_restricted, std::vector<std::string>{"policy.us.ndaa889"});
  EXPECT_EQ(judged.resolved, std::vector<std::string>{"policy.uk.sensitive"});
}

TEST(Diff, UnknownOnOneSideIsNotAChange) {
  DeviceRecord before = camera("127.0.0.1", "c0:56:e3:00:00:01", "DS-1", "V5.4.0");
  DeviceRecord after = before;
  after.firmware.reset();
  AuditDiff d = diff_audits(std::span(&before, 1), std::span(&after, 1));
  EXPECT_TRUE(d.changes.empty());
  EXPECT_EQ(d.unchanged, 1u);
}

TEST(Diff, UnassessedAuditResolvesNothing) {
  Estate e;
  for (DeviceRecord& d : e.b) d.assessed = false, d.findings.clear();
  AuditDiff d = diff_audits(e.a, e.b);
  for (const DeviceChange& c : d.changes) EXPECT_TRUE(c.resolved.empty());
}

TEST(Diff, JsonCarriesSummaryAndDetail) {
  Estate e;
  nlohmann::json j = to_json(diff_audits(e.a, e.b), e.a, e.b);
  EXPECT_EQ(j["summary"]["new"], 1);
  EXPECT_EQ(j["summary"]["gone"], 1);
  EXPECT_EQ(j["summary"]["changed"], 3);
  EXPECT_EQ(j["summary"]["matched_by"]["mac"], 4);
  EXPECT_EQ(j["new"][0]["ip"], "127.0.0.6");
  EXPECT_EQ(j["gone"][0]["model"], "DS-4");
  EXPECT_EQ(j["changed"][0]["moved"]["to"], "127.0.0.22");
  EXPECT_EQ(j["changed"][1]["changed"][0]["attribute"], "firmware");
}

}  // namespace
}  // namespace camaudit::diff
