// SPDX-License-Identifier: Apache-2.0
// `camaudit diff` on two real audits of a camfarm estate with known changes: the estate
// is scanned into a store, then served again "one audit later" (camfarm --later: some
// devices gone, some new, some re-flashed with their MAC kept) and scanned again. The
// diff's new and gone devices must be exactly camfarm's, and every re-flashed device
// whose identified model or firmware changed must be a change, matched by its MAC.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>

#include "testing/harness.hpp"

namespace {

namespace harness = camfarm::testing;
using nlohmann::json;

std::map<std::string, json> by_ip(const std::string& path) {
  std::map<std::string, json> out;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);)
    if (line.starts_with("{")) {
      json j = json::parse(line);
      if (j.contains("ip")) out[j["ip"].get<std::string>()] = j;
    }
  return out;
}

std::set<std::string> ips_of(const json& list) {
  std::set<std::string> out;
  for (const json& d : list) out.insert(d["ip"].get<std::string>());
  return out;
}

TEST(StoreDiff, TwoCamfarmAuditsGiveExactlyTheKnownChanges) {
  auto dir = std::filesystem::temp_directory_path() / ("camaudit-diff-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string db = (dir / "inventory.db").string(), range = "127.91.0.0/24";
  auto audit = [&](const std::string& n, const std::vector<std::string>& later) {
    harness::Subprocess farm;
    std::vector<std::string> args = {CAMFARM_BINARY, "--estate", std::string(CAMAUDIT_SOURCE_DIR) + "/tools/camfarm/estates/full-mix.toml",
                                     "--range", range, "--live", "0.5", "--ground-truth", (dir / ("truth" + n)).string(),
                                     "--duration", "300", "--threads", "1"};
    args.insert(args.end(), later.begin(), later.end());
    EXPECT_TRUE(farm.start(args, std::chrono::seconds(30))) << farm.output();
    std::string out = harness::run(std::string(CAMAUDIT_BINARY) + " scan " + range + " --store " + db + " -o " +
                                   (dir / ("devices" + n)).string() +
                                   " --no-table --progress never --rate 5000 --read-timeout 3000; echo exit=$?");
    EXPECT_NE(out.find("exit=0"), std::string::npos) << out;
    farm.stop();
  };
  audit("1", {});
  audit("2", {"--later", "0.3"});
  auto truth1 = by_ip((dir / "truth1").string()), truth2 = by_ip((dir / "truth2").string());
  auto devices1 = by_ip((dir / "devices1").string()), devices2 = by_ip((dir / "devices2").string());
  std::set<std::string> gone, added, reflashed;
  for (const auto& [ip, t] : truth1)
    if (!truth2.contains(ip)) gone.insert(ip);
    else if (truth2[ip] != t) reflashed.insert(ip);
  for (const auto& [ip, t] : truth2)
    if (!truth1.contains(ip)) added.insert(ip);
  ASSERT_FALSE(gone.empty() || added.empty() || reflashed.empty()) << "camfarm --later changed too little to test";

  std::string text = harness::run(std::string(CAMAUDIT_BINARY) + " diff 1 2 --json --store " + db);
  json diff = json::parse(text.substr(0, text.rfind('}') + 1));
  EXPECT_EQ(ips_of(diff["gone"]), gone);
  EXPECT_EQ(ips_of(diff["new"]), added);
  EXPECT_TRUE(diff["ambiguous"].empty()) << diff["ambiguous"].dump();
  std::set<std::string> changed;
  for (const json& c : diff["changed"]) {
    std::string ip = c["after"]["ip"];
    changed.insert(ip);
    EXPECT_TRUE(reflashed.contains(ip)) << ip << " changed, but camfarm did not change it: " << c.dump();
  }
  std::size_t visible = 0;
  for (const std::string& ip : reflashed) {
    const json &was = devices1[ip], &now = devices2[ip];
    if (was["model"] == now["model"] && was["firmware"] == now["firmware"]) continue;
    ++visible;
    EXPECT_TRUE(changed.contains(ip)) << ip << " was re-flashed (" << was["model"] << " " << was["firmware"] << " -> "
                                      << now["model"] << " " << now["firmware"] << ") but the diff does not say so";
  }
  EXPECT_GT(visible, 0u);
  for (const json& c : diff["changed"])
    if (!c["before"]["mac"].is_null()) {
      EXPECT_EQ(c["matched_by"], "mac") << c.dump();
    }
  if (!HasFailure()) std::filesystem::remove_all(dir);
}

}  // namespace
