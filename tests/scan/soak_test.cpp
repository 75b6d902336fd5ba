// SPDX-License-Identifier: Apache-2.0
// Soak (issue 10): a small camfarm estate scanned again and again with random rates,
// concurrency, timeouts and grace periods, each scan interrupted at random moments by
// SIGINT, SIGTERM or SIGKILL and resumed until it completes. After each round the union
// of what was written equals an uninterrupted scan's devices (same addresses, same
// manufacturers), every device once, no output torn, no process left behind.
// Bounded: about 100 s of rounds, every wait capped; seeded (SOAK_SEED to replay a run).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <random>

#include "scan_process.hpp"
#include "testing/harness.hpp"

namespace {

namespace st = scan_testing;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

std::map<std::string, std::string> makers(const std::string& devices, bool& torn, std::size_t& duplicates) {
  std::map<std::string, std::string> out;
  for (const auto& [ip, d] : st::by_ip(st::whole_lines(devices, torn), duplicates)) out[ip] = d["manufacturer"].dump();
  return out;
}

TEST(ScanSoak, InterruptedAndResumedScansAddUpToTheUninterruptedOne) {
  const std::uint64_t seed = std::getenv("SOAK_SEED") ? std::strtoull(std::getenv("SOAK_SEED"), nullptr, 10) : 20261203;
  std::mt19937_64 rng(seed);
  std::cerr << "[ soak     ] seed " << seed << " (SOAK_SEED=" << seed << " replays it)\n";
  auto dir = std::filesystem::temp_directory_path() / ("camaudit-soak-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto file = [&](const std::string& name) { return (dir / name).string(); };
  const std::string range = "127.86.0.0/27";
  camfarm::testing::Subprocess farm;
  ASSERT_TRUE(farm.start({CAMFARM_BINARY, "--estate", std::string(CAMAUDIT_SOURCE_DIR) + "/tools/camfarm/estates/full-mix.toml",
                          "--range", range, "--live", "0.7", "--idle-timeout", "1", "--duration", "300", "--threads", "1"},
                         std::chrono::seconds(30)))
      << farm.output();
  std::vector<std::string> base = {CAMAUDIT_BINARY, "scan", range, "--no-table", "--progress", "never", "-p",
                                   "80,554,8000", "--seed", "4"};
  auto args = [&](std::vector<std::string> extra) {
    std::vector<std::string> a = base;
    a.insert(a.end(), extra.begin(), extra.end());
    return a;
  };

  // The reference: one uninterrupted scan.
  {
    st::ScanProcess scan(args({"-o", file("reference.jsonl"), "--rate", "0", "--read-timeout", "3000"}), file("ref.log"));
    ASSERT_EQ(scan.wait(std::chrono::seconds(60)), 0) << st::slurp(file("ref.log"));
  }
  bool torn = false;
  std::size_t duplicates = 0;
  const auto reference = makers(file("reference.jsonl"), torn, duplicates);
  ASSERT_GT(reference.size(), 10u);

  const auto started = Clock::now();
  const std::vector<std::string> rates = {"0", "40", "200", "2000"}, concurrency = {"3", "16", "500"},
                                 read_timeouts = {"1500", "3000"}, graces = {"0", "1", "3"};
  auto pick = [&](const std::vector<std::string>& v) { return v[rng() % v.size()]; };
  int rounds = 0, signals = 0;
  while (Clock::now() - started < std::chrono::seconds(95) && rounds < 12) {
    ++rounds;
    SCOPED_TRACE("round " + std::to_string(rounds));
    std::string devices = file("devices.jsonl"), csv = file("devices.csv"), resume = file("resume.json");
    std::filesystem::remove(resume);
    std::vector<std::string> options = {"-o", devices, "--csv", csv, "--rate", pick(rates), "--concurrency",
                                        pick(concurrency), "--read-timeout", pick(read_timeouts), "--grace", pick(graces)};
    bool complete = false;
    for (int attempt = 0; attempt < 8 && !complete; ++attempt) {
      bool resumable = std::filesystem::exists(resume);
      std::vector<std::string> a = options;
      a.insert(a.end(), {resumable ? "--resume" : "--checkpoint", resume});
      std::string log = file("round.log");
      st::ScanProcess scan(args(a), log);
      bool interrupt = attempt < 6 && rng() % 4 != 0;
      int status;
      if (interrupt) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100 + rng() % 2500));
        static constexpr int kSignals[] = {SIGINT, SIGTERM, SIGKILL};
        int number = kSignals[rng() % 3];
        scan.signal(number);
        if (number != SIGKILL && rng() % 3 == 0) scan.signal(number);  // sometimes the second signal too
        ++signals;
        status = scan.wait(std::chrono::seconds(30));
      } else {
        status = scan.wait(std::chrono::seconds(60));
      }
      ASSERT_NE(status, -1) << "the scan overran its bound: " << st::slurp(log);
      ASSERT_TRUE(status == 0 || status == 1 || status == 128 + SIGKILL || status == 128 + SIGINT ||
                  status == 128 + SIGTERM)
          << status << ": " << st::slurp(log);
      EXPECT_FALSE(scan.alive()) << "no process left behind";
      st::whole_lines(devices, torn);
      ASSERT_FALSE(torn) << "torn output after exit " << status;
      complete = status == 0;
    }
    ASSERT_TRUE(complete) << "the last, uninterrupted attempt did not complete";
    auto found = makers(devices, torn, duplicates);
    EXPECT_FALSE(torn);
    EXPECT_EQ(duplicates, 0u);
    EXPECT_EQ(found, reference);
    EXPECT_EQ(st::line_count(csv), found.size() + 1) << "the CSV agrees with the JSON Lines";
    if (HasFailure()) break;
  }
  std::cerr << "[ soak     ] " << rounds << " rounds, " << signals << " signals in "
            << std::chrono::duration<double>(Clock::now() - started).count() << " s\n";
  EXPECT_GE(rounds, 2);
  std::filesystem::remove_all(dir);
}

}  // namespace
