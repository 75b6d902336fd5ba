// SPDX-License-Identifier: Apache-2.0
// The store survives a crash: a real `camaudit scan --store DB` of a camfarm estate is
// killed with SIGKILL mid-way; the database must then be consistent (integrity check,
// one audit, still `running`, no host twice), and `--resume` must continue into the same
// audit row and end with exactly the estate's live hosts, none lost, none duplicated.
// Run inside a private network namespace (HELPERS.md): camfarm binds loopback ranges.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include "testing/harness.hpp"

namespace {

namespace harness = camfarm::testing;
using harness::run;
using nlohmann::json;

std::string camaudit(const std::string& args) { return run(std::string(CAMAUDIT_BINARY) + " " + args + " 2>&1; echo \"exit=$?\""); }
int exit_of(const std::string& out) {
  auto at = out.rfind("exit=");
  return at == std::string::npos ? -1 : std::stoi(out.substr(at + 5));
}

std::vector<json> lines(const std::string& text) {
  std::vector<json> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (line.starts_with("{")) out.push_back(json::parse(line));
  return out;
}

// ip -> how many times the audit holds a device with that ip.
std::map<std::string, int> stored_devices(const std::string& db, long audit) {
  std::map<std::string, int> seen;
  auto out = lines(run(std::string(CAMAUDIT_BINARY) + " show " + std::to_string(audit) + " --json --store " + db));
  for (std::size_t i = 1; i < out.size(); ++i) ++seen[out[i]["ip"].get<std::string>()];
  return seen;
}

TEST(StoreEndToEnd, KillNineMidScanThenResumeLosesAndDuplicatesNothing) {
  auto dir = std::filesystem::temp_directory_path() / ("camaudit-kill-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::string db = (dir / "inventory.db").string(), truth = (dir / "truth.jsonl").string();
  harness::Subprocess farm;
  ASSERT_TRUE(farm.start({CAMFARM_BINARY, "--estate", std::string(CAMAUDIT_SOURCE_DIR) + "/tools/camfarm/estates/full-mix.toml",
                          "--range", "127.83.0.0/22", "--live", "0.3", "--ground-truth", truth, "--duration", "600",
                          "--threads", "1"},
                         std::chrono::seconds(30)))
      << farm.output();
  std::string resume = (dir / "resume.json").string();
  std::string common = "scan 127.83.0.0/22 --store " + db + " -o " + (dir / "devices.jsonl").string() +
                       " --no-table --concurrency 50 --read-timeout 2000 -p 80,554,8000,37777 --progress never";
  // SIGKILL after 5 s: no handler runs, no last batch is committed.
  run("(" + std::string(CAMAUDIT_BINARY) + " " + common + " --checkpoint " + resume + " --seed 9 --rate 300 >/dev/null 2>&1 & pid=$!; sleep 5; "
      "kill -9 $pid; wait $pid) 2>/dev/null");

  std::string check = camaudit("store check --store " + db);
  EXPECT_EQ(exit_of(check), 0) << check;
  auto audits = lines(run(std::string(CAMAUDIT_BINARY) + " audits --json --store " + db));
  ASSERT_EQ(audits.size(), 1u);
  EXPECT_EQ(audits[0]["status"], "running");
  long audit = audits[0]["id"].get<long>();
  auto partial = stored_devices(db, audit);
  std::size_t live = 0;
  {
    std::ifstream in(truth);
    for (std::string line; std::getline(in, line);) live += !line.empty();
  }
  ASSERT_GT(partial.size(), 0u) << "killed before the first batch committed";
  ASSERT_LT(partial.size(), live) << "the kill came too late to test anything";
  for (const auto& [ip, n] : partial) EXPECT_EQ(n, 1) << ip << " stored twice";

  std::string resumed = camaudit(common + " --resume " + resume + " --rate 5000");
  ASSERT_EQ(exit_of(resumed), 0) << resumed;
  audits = lines(run(std::string(CAMAUDIT_BINARY) + " audits --json --store " + db));
  ASSERT_EQ(audits.size(), 1u) << "the resume made a new audit instead of continuing the row";
  EXPECT_EQ(audits[0]["id"].get<long>(), audit);
  EXPECT_EQ(audits[0]["status"], "complete");
  auto all = stored_devices(db, audit);
  EXPECT_EQ(all.size(), live);
  for (const auto& [ip, n] : all) EXPECT_EQ(n, 1) << ip << " stored twice";
  for (const auto& [ip, n] : partial) EXPECT_TRUE(all.contains(ip)) << ip << " was stored before the kill and lost";
  farm.stop();
  std::filesystem::remove_all(dir);
}

}  // namespace
