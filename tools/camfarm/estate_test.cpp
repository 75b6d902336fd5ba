// SPDX-License-Identifier: Apache-2.0
#include "estate.hpp"

#include <gtest/gtest.h>

#include <map>
#include <regex>

#include "profile.hpp"

namespace camfarm {
namespace {

std::vector<std::shared_ptr<const Profile>> shipped_profiles() {
  std::string error;
  auto profiles = load_profiles(CAMFARM_PROFILES_DIR, &error);
  EXPECT_TRUE(profiles) << error;
  return profiles ? *profiles : std::vector<std::shared_ptr<const Profile>>{};
}

TEST(CamfarmProfiles, EveryShippedProfileLoads) {
  auto profiles = shipped_profiles();
  ASSERT_GE(profiles.size(), 3u);
  for (const auto& p : profiles) {
    EXPECT_FALSE(p->id.empty());
    EXPECT_EQ(p->truth.size(), std::size(kTruthKeys)) << p->id;
  }
}

TEST(CamfarmEstate, SameSeedGivesIdenticalGroundTruth) {
  auto profiles = shipped_profiles();
  EstateSpec spec;
  spec.range = "127.77.0.0/26";
  spec.live_fraction = 0.6;
  spec.seed = 1234;
  std::string error;
  auto a = build_estate(spec, profiles, &error);
  auto b = build_estate(spec, profiles, &error);
  ASSERT_TRUE(a && b) << error;
  ASSERT_EQ(a->size(), b->size());
  ASSERT_GT(a->size(), 10u);
  for (std::size_t i = 0; i < a->size(); ++i) EXPECT_EQ(ground_truth((*a)[i]), ground_truth((*b)[i]));
  spec.seed = 1235;
  auto c = build_estate(spec, profiles, &error);
  ASSERT_TRUE(c);
  bool differs = c->size() != a->size();
  for (std::size_t i = 0; !differs && i < a->size(); ++i) differs = ground_truth((*a)[i]) != ground_truth((*c)[i]);
  EXPECT_TRUE(differs) << "another seed must give another estate";
}

// --later: the same estate one audit later. Unchanged addresses keep their device exactly;
// some devices are gone, some new, and re-flashed ones keep MAC and serial.
TEST(CamfarmEstate, LaterIsTheSameEstateWithSomeChanges) {
  auto profiles = shipped_profiles();
  EstateSpec spec;
  spec.range = "127.77.0.0/24";
  spec.live_fraction = 0.5;
  spec.seed = 77;
  std::string error;
  auto before = build_estate(spec, profiles, &error);
  spec.later = 0.3;
  auto after = build_estate(spec, profiles, &error);
  ASSERT_TRUE(before && after) << error;
  std::map<std::string, nlohmann::json> was, is;
  for (const auto& d : *before) was[d.ip] = ground_truth(d);
  for (const auto& d : *after) is[d.ip] = ground_truth(d);
  std::size_t gone = 0, added = 0, same = 0, reflashed = 0;
  for (const auto& [ip, t] : was) {
    if (!is.contains(ip)) ++gone;
    else if (is[ip] == t) ++same;
    else {
      ++reflashed;
      EXPECT_EQ(is[ip]["profile"], t["profile"]) << ip;
      EXPECT_EQ(is[ip]["mac"], t["mac"]) << ip << ": a re-flashed device keeps its MAC";
    }
  }
  for (const auto& [ip, t] : is) added += !was.contains(ip);
  EXPECT_GT(gone, 5u);
  EXPECT_GT(added, 5u);
  EXPECT_GT(reflashed, 2u);
  EXPECT_GT(same, was.size() / 2) << "most of the estate is unchanged";
  spec.later = 0;
  auto again = build_estate(spec, profiles, &error);
  ASSERT_TRUE(again);
  ASSERT_EQ(again->size(), before->size()) << "--later 0 is the estate itself";
  for (std::size_t i = 0; i < again->size(); ++i) EXPECT_EQ(ground_truth((*again)[i]), ground_truth((*before)[i]));
}

TEST(CamfarmEstate, RefusesRangesOutsideLoopbackInTheHostNamespace) {
  std::string error;
  for (const char* text : {"10.0.0.0/24", "192.168.1.0/24", "0.0.0.0/0", "126.255.255.0/24", "127.0.0.0/7"}) {
    auto cidr = parse_cidr(text, &error);
    ASSERT_TRUE(cidr) << text;
    EXPECT_TRUE(refuse_range(*cidr, false).has_value()) << text;
  }
  auto inside = parse_cidr("127.77.0.0/28", &error);
  ASSERT_TRUE(inside);
  EXPECT_FALSE(refuse_range(*inside, false).has_value());
  // Inside a private namespace any range is allowed.
  auto lan = parse_cidr("192.168.1.0/24", &error);
  EXPECT_FALSE(refuse_range(*lan, true).has_value());

  if (!in_private_network_namespace()) {
    EstateSpec spec;
    spec.range = "192.168.1.0/28";
    auto devices = build_estate(spec, shipped_profiles(), &error);
    EXPECT_FALSE(devices);
    EXPECT_NE(error.find("refusing range"), std::string::npos) << error;
  }
  EXPECT_FALSE(parse_cidr("127.1.2.3/33", &error));
  EXPECT_FALSE(parse_cidr("not-an-ip/8", &error));
}

TEST(CamfarmEstate, DeviceValuesFollowTheVendorFormats) {
  EstateSpec spec;
  spec.range = "127.77.1.0/26";
  spec.mix = {{"hikvision-ipc-v5", 1}, {"dahua-ipc", 1}};
  std::string error;
  auto devices = build_estate(spec, shipped_profiles(), &error);
  ASSERT_TRUE(devices) << error;
  std::regex hik_serial(R"(DS-2CD[0-9A-Z-]+20[12][0-9][01][0-9][0-3][0-9][A-Z]{4}[A-Z0-9][0-9]{8})");
  std::regex dahua_serial(R"([0-9A-Z]{15})");
  std::regex hik_nonce_source(R"([0-9a-f]{8}:[0-9a-f]{8})");
  int hik = 0, dahua = 0;
  for (const auto& d : *devices) {
    auto truth = ground_truth(d);
    std::string mac = truth["mac"];
    if (d.profile->id == "hikvision-ipc-v5") {
      ++hik;
      EXPECT_TRUE(std::regex_match(std::string(truth["serial"]), hik_serial)) << truth["serial"];
      EXPECT_EQ(std::string(truth["serial"]).rfind(std::string(truth["model"]), 0), 0u);
      EXPECT_EQ(d.var("device_uuid")->substr(24), std::string(*d.var("mac")).erase(2, 1).erase(4, 1).erase(6, 1).erase(8, 1).erase(10, 1));
    } else {
      ++dahua;
      EXPECT_TRUE(std::regex_match(std::string(truth["serial"]), dahua_serial)) << truth["serial"];
    }
    EXPECT_TRUE(std::regex_match(mac, std::regex("([0-9a-f]{2}:){5}[0-9a-f]{2}"))) << mac;
  }
  EXPECT_GT(hik, 0);
  EXPECT_GT(dahua, 0);
}

TEST(CamfarmTemplate, FiltersAndErrors) {
  std::string error;
  auto t = Template::parse("{{\"m\":\"{mac|nocolon|upper}\"}} {mac|dash} {mac|eui64} {x|base64|hex}", &error);
  ASSERT_TRUE(t) << error;
  auto out = t->expand([](std::string_view n) -> std::optional<std::string> {
    if (n == "mac") return "08:ed:ed:87:42:7a";
    if (n == "x") return "58b70b73:82939914";
    return std::nullopt;
  });
  EXPECT_EQ(out, "{\"m\":\"08EDED87427A\"} 08-ed-ed-87-42-7a 0aed:edff:fe87:427a "
                 "4e5468694e7a42694e7a4d364f4449354d7a6b354d54513d");
  EXPECT_FALSE(Template::parse("{unclosed", &error));
  EXPECT_FALSE(Template::parse("{a|nosuchfilter}", &error));
  EXPECT_FALSE(Template::parse("{a b}", &error));
}

}  // namespace
}  // namespace camfarm
