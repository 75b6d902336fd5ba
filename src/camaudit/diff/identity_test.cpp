// SPDX-License-Identifier: Apache-2.0
#include <camaudit/diff/identity.hpp>

#include <gtest/gtest.h>

namespace camaudit::diff {
namespace {

DeviceRecord dev(std::string ip, std::optional<std::string> mac, std::optional<std::string> serial,
                 std::optional<std::string> model = "DS-2CD2143G2-I") {
  DeviceRecord d;
  d.key = d.ip = std::move(ip);
  d.mac = std::move(mac);
  d.serial = std::move(serial);
  d.model = std::move(model);
  return d;
}

TEST(Identity, ValuesAreNormalisedAndPlaceholdersIgnored) {
  EXPECT_EQ(identity_value(dev("127.0.0.1", "C0-56-E3-01-02-0A", {}), MatchRule::mac), "c056e301020a");
  EXPECT_EQ(identity_value(dev("127.0.0.1", "c056.e301.020a", {}), MatchRule::mac), "c056e301020a");
  EXPECT_EQ(identity_value(dev("127.0.0.1", "00:00:00:00:00:00", {}), MatchRule::mac), "");
  EXPECT_EQ(identity_value(dev("127.0.0.1", "ff:ff:ff:ff:ff:ff", {}), MatchRule::mac), "");
  EXPECT_EQ(identity_value(dev("127.0.0.1", {}, " ds123 "), MatchRule::serial), "DS123");
  EXPECT_EQ(identity_value(dev("127.0.0.1", {}, "N/A"), MatchRule::serial), "");
  EXPECT_EQ(identity_value(dev("127.0.0.1", {}, {}, "DS-X "), MatchRule::ip_model), "127.0.0.1 ds-x");
  EXPECT_EQ(identity_value(dev("127.0.0.1", {}, {}, std::nullopt), MatchRule::ip_model), "");
}

TEST(Identity, RulesApplyInOrderAndTheRuleUsedIsRecorded) {
  std::vector<DeviceRecord> a{dev("127.0.0.1", "c0:56:e3:00:00:01", "S1"), dev("127.0.0.2", {}, "S2"),
                              dev("127.0.0.3", {}, {}), dev("127.0.0.4", {}, {})};
  // B: the first moved address but kept its MAC; the second lost its MAC-less record's
  // address but kept its serial; the third kept ip and model; the fourth is gone.
  std::vector<DeviceRecord> b{dev("127.0.0.3", {}, {}), dev("127.0.0.9", "C0:56:E3:00:00:01", "S1"),
                              dev("127.0.0.8", {}, "s2"), dev("127.0.0.7", "c0:56:e3:00:00:07", {})};
  Matching m = match_devices(a, b);
  ASSERT_EQ(m.matches.size(), 3u);
  EXPECT_EQ(m.matches[0].a, 2u);
  EXPECT_EQ(m.matches[0].rule, MatchRule::ip_model);
  EXPECT_EQ(m.matches[1].a, 0u);
  EXPECT_EQ(m.matches[1].rule, MatchRule::mac);
  EXPECT_EQ(m.matches[2].a, 1u);
  EXPECT_EQ(m.matches[2].rule, MatchRule::serial);
  EXPECT_EQ(m.only_a, std::vector<std::size_t>{3});
  EXPECT_EQ(m.only_b, std::vector<std::size_t>{3});
  EXPECT_TRUE(m.ambiguous.empty());
}

TEST(Identity, MacWinsOverAConflictingIpModel) {
  // Two cameras swapped addresses: ip+model would pair them wrongly, MAC pairs them right.
  std::vector<DeviceRecord> a{dev("127.0.0.1", "c0:56:e3:00:00:01", {}), dev("127.0.0.2", "c0:56:e3:00:00:02", {})};
  std::vector<DeviceRecord> b{dev("127.0.0.1", "c0:56:e3:00:00:02", {}), dev("127.0.0.2", "c0:56:e3:00:00:01", {})};
  Matching m = match_devices(a, b);
  ASSERT_EQ(m.matches.size(), 2u);
  EXPECT_EQ(m.matches[0].a, 1u);
  EXPECT_EQ(m.matches[1].a, 0u);
  EXPECT_EQ(m.matches[0].rule, MatchRule::mac);
}

TEST(Identity, AmbiguityIsReportedNotGuessed) {
  // Two devices behind one MAC (an NVR and its channel behind a proxy) and no serial:
  // a single device in B with that MAC could be either.
  std::vector<DeviceRecord> a{dev("127.0.0.1", "c0:56:e3:00:00:01", {}, "A"), dev("127.0.0.2", "c0:56:e3:00:00:01", {}, "B")};
  std::vector<DeviceRecord> b{dev("127.0.0.5", "c0:56:e3:00:00:01", {}, "C")};
  Matching m = match_devices(a, b);
  EXPECT_TRUE(m.matches.empty());
  ASSERT_EQ(m.ambiguous.size(), 1u);
  EXPECT_EQ(m.ambiguous[0].rule, MatchRule::mac);
  EXPECT_EQ(m.ambiguous[0].value, "c056e3000001");
  EXPECT_EQ(m.ambiguous[0].a, (std::vector<std::size_t>{0, 1}));
  EXPECT_EQ(m.ambiguous[0].b, std::vector<std::size_t>{0});
  EXPECT_TRUE(m.only_a.empty());  // ambiguous devices are neither gone nor new
  EXPECT_TRUE(m.only_b.empty());
}

TEST(Identity, ALaterRuleResolvesAnAmbiguity) {
  std::vector<DeviceRecord> a{dev("127.0.0.1", "c0:56:e3:00:00:01", "S1"), dev("127.0.0.2", "c0:56:e3:00:00:01", "S2")};
  std::vector<DeviceRecord> b{dev("127.0.0.3", "c0:56:e3:00:00:01", "S2")};
  Matching m = match_devices(a, b);
  ASSERT_EQ(m.matches.size(), 1u);
  EXPECT_EQ(m.matches[0].a, 1u);
  EXPECT_EQ(m.matches[0].rule, MatchRule::serial);
  // The other candidate stays unpaired and ambiguous: it may be the same box.
  ASSERT_EQ(m.ambiguous.size(), 1u);
  EXPECT_EQ(m.ambiguous[0].a, std::vector<std::size_t>{0});
  EXPECT_TRUE(m.ambiguous[0].b.empty());
}

// The weak rules: a camera named only by its maker, and a host nothing was learnt of,
// still at their address, are the same device (and say by which rule); another maker at
// that address is not.
TEST(Identity, UnnamedDevicesAtTheirAddressMatchByTheWeakRules) {
  auto maker = [](std::string ip, std::optional<std::string> manufacturer) {
    DeviceRecord d = dev(std::move(ip), {}, {}, std::nullopt);
    d.manufacturer = std::move(manufacturer);
    return d;
  };
  EXPECT_EQ(identity_value(maker("127.0.0.1", "Vivotek"), MatchRule::ip_maker), "127.0.0.1 vivotek");
  EXPECT_EQ(identity_value(maker("127.0.0.1", "Vivotek"), MatchRule::ip), "");
  EXPECT_EQ(identity_value(maker("127.0.0.1", std::nullopt), MatchRule::ip), "127.0.0.1");
  EXPECT_EQ(identity_value(dev("127.0.0.1", {}, {}), MatchRule::ip), "") << "a model is known: ip+model decides";
  std::vector<DeviceRecord> a{maker("127.0.0.1", "Vivotek"), maker("127.0.0.2", std::nullopt), maker("127.0.0.3", "Bosch")};
  std::vector<DeviceRecord> b{maker("127.0.0.3", "Axis"), maker("127.0.0.2", std::nullopt), maker("127.0.0.1", "vivotek ")};
  Matching m = match_devices(a, b);
  ASSERT_EQ(m.matches.size(), 2u);
  EXPECT_EQ(m.matches[0].b, 1u);
  EXPECT_EQ(m.matches[0].rule, MatchRule::ip);
  EXPECT_EQ(m.matches[1].b, 2u);
  EXPECT_EQ(m.matches[1].rule, MatchRule::ip_maker);
  EXPECT_EQ(m.only_a, std::vector<std::size_t>{2});
  EXPECT_EQ(m.only_b, std::vector<std::size_t>{0});
}

TEST(Identity, EmptyAuditsMatchNothing) {
  std::vector<DeviceRecord> a{dev("127.0.0.1", {}, {})};
  Matching m = match_devices(a, {});
  EXPECT_EQ(m.only_a, std::vector<std::size_t>{0});
  EXPECT_TRUE(match_devices({}, {}).matches.empty());
}

}  // namespace
}  // namespace camaudit::diff
