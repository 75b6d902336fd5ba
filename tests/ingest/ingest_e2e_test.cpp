// SPDX-License-Identifier: Apache-2.0
// `camaudit import` end to end with the real binary and the shipped KB:
//  - every row of the messy registers in tests/ingest/registers/ identifies as
//    registers/expected.tsv says (manufacturer, brand, model; "-" = none claimed);
//  - a hand-labelled "http" observation of a real Hikvision deviceInfo identifies
//    exactly as the same bytes labelled "isapi";
//  - the real `nmap -sV` with the device scripts, run against a camfarm estate on
//    loopback (tests/ingest/record_nmap.sh recorded nmap/camfarm-full-mix.xml beside
//    camfarm's ground truth), imports to the right maker on every host nmap reached —
//    as camaudit's own scan of that estate does (scan_e2e: 100 % of makers);
//  - a capture taken with tcpdump on loopback while camaudit scanned a camfarm estate
//    imports (passively) to the makers the scan found, never another.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <array>
#include <iostream>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "testing/harness.hpp"

namespace {

using json = nlohmann::json;
const std::filesystem::path kDir = std::filesystem::path(CAMAUDIT_SOURCE_DIR) / "tests" / "ingest";

std::string run(const std::string& command) {
  std::string out;
  std::FILE* p = ::popen(command.c_str(), "r");
  if (!p) return out;
  std::array<char, 4096> buffer;
  std::size_t n;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), p)) > 0) out.append(buffer.data(), n);
  ::pclose(p);
  return out;
}

std::string temp_file(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("camaudit-ingest-" + std::to_string(::getpid()) + "-" + name)).string();
}

std::map<std::string, json> devices_by_key(const std::string& path) {
  std::map<std::string, json> out;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    json d = json::parse(line);
    out[d.value("device", d["ip"].is_null() ? std::string() : d["ip"].get<std::string>())] = d;
  }
  return out;
}

std::string text_or_dash(const json& d, const char* key) {
  return d.contains(key) && d[key].is_string() ? d[key].get<std::string>() : "-";
}

struct Expected {
  std::string key, manufacturer, brand, model;
};

// registers/expected.tsv: file, device key, manufacturer, brand, model ('-' none, '*' unchecked).
std::map<std::string, std::vector<Expected>> expectations() {
  std::map<std::string, std::vector<Expected>> out;
  std::ifstream in(kDir / "registers" / "expected.tsv");
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> cols;
    std::stringstream ss(line);
    for (std::string c; std::getline(ss, c, '\t');) cols.push_back(c);
    if (cols.size() != 5) {
      ADD_FAILURE() << "expected.tsv: bad line: " << line;
      continue;
    }
    out[cols[0]].push_back({cols[1], cols[2], cols[3], cols[4]});
  }
  return out;
}

TEST(ImportRegister, EveryRowIdentifiesAsExpected) {
  const auto expected = expectations();
  ASSERT_GE(expected.size(), 6u);
  for (const auto& [file, rows] : expected) {
    const std::string out = temp_file(file + ".jsonl");
    const std::string columns = file == "trust_columns.xlsx" ? " --columns make=Supplier,model=Type,location=Where" : "";
    const std::string log = run(std::string(CAMAUDIT_BINARY) + " import register " + (kDir / "registers" / file).string() +
                                columns + " -o " + out + " 2>&1");
    const auto devices = devices_by_key(out);
    EXPECT_EQ(devices.size(), rows.size()) << file << "\n" << log;
    for (const Expected& e : rows) {
      auto it = devices.find(e.key);
      if (it == devices.end()) {
        ADD_FAILURE() << file << ": no device " << e.key << "\n" << log;
        continue;
      }
      if (e.manufacturer != "*") {
        EXPECT_EQ(text_or_dash(it->second, "manufacturer"), e.manufacturer) << e.key;
      }
      if (e.brand != "*") {
        EXPECT_EQ(text_or_dash(it->second, "brand"), e.brand) << e.key;
      }
      if (e.model != "*") {
        EXPECT_EQ(text_or_dash(it->second, "model"), e.model) << e.key;
      }
    }
    std::filesystem::remove(out);
  }
}

TEST(ImportRegister, SummaryNamesRejectedRowsAndTheSource) {
  const std::string log = run(std::string(CAMAUDIT_BINARY) + " import register " +
                              (kDir / "registers" / "foi_return_cp1252_semicolon.csv").string() + " -o /dev/null 2>&1");
  EXPECT_NE(log.find("row 9 rejected: quantity \"ten\" is not a whole number"), std::string::npos) << log;
  EXPECT_NE(log.find("sha256 "), std::string::npos) << log;
  EXPECT_NE(log.find("windows-1252"), std::string::npos) << log;
}

// The real deviceInfo answer of the corpus sample, labelled isapi and then only http.
TEST(ImportRouting, HttpLabelledIsapiIdentifiesLikeIsapi) {
  std::ifstream in(std::filesystem::path(CAMAUDIT_SOURCE_DIR) / "samples" / "corpus.jsonl");
  json isapi;
  for (std::string line; std::getline(in, line);) {
    json o = json::parse(line);
    if (o.value("protocol", "") == "isapi" && o.value("device", "") == "hikvision_isapi-deviceinfo_1") {
      isapi = o;
      break;
    }
  }
  ASSERT_FALSE(isapi.is_null());
  json http = isapi;
  http["protocol"] = "http";
  http["device"] = "as-http";
  isapi["device"] = "as-isapi";
  const std::string obs = temp_file("routing.jsonl"), out = temp_file("routing-devices.jsonl");
  std::ofstream(obs) << isapi.dump() << "\n" << http.dump() << "\n";
  run(std::string(CAMAUDIT_BINARY) + " identify " + obs + " -o " + out + " 2>&1");
  auto devices = devices_by_key(out);
  ASSERT_EQ(devices.size(), 2u);
  for (const char* key : {"manufacturer", "model", "firmware", "serial", "mac"}) {
    EXPECT_NE(text_or_dash(devices["as-isapi"], key), "-") << key;
    EXPECT_EQ(text_or_dash(devices["as-http"], key), text_or_dash(devices["as-isapi"], key)) << key;
  }
  std::filesystem::remove(obs);
  std::filesystem::remove(out);
}

TEST(ImportNmap, RealNmapOfACamfarmEstateFindsEveryMaker) {
  const std::string devices = temp_file("nmap-devices.jsonl");
  std::string out = run(std::string(CAMAUDIT_BINARY) + " import nmap " + (kDir / "nmap" / "camfarm-full-mix.xml").string() +
                        " -o " + devices + " --no-store --no-assess 2>&1; echo exit=$?");
  ASSERT_NE(out.find("exit=0"), std::string::npos) << out;
  EXPECT_NE(out.find("nmap 7."), std::string::npos) << "the audit names the tool and version found in the file: " << out;
  std::map<std::string, json> truth;
  {
    std::ifstream in(kDir / "nmap" / "camfarm-full-mix.truth.jsonl");
    for (std::string line; std::getline(in, line);)
      if (!line.empty()) {
        json t = json::parse(line);
        truth[t["ip"].get<std::string>()] = t;
      }
  }
  auto found = devices_by_key(devices);
  EXPECT_EQ(found.size(), truth.size()) << "one device per host nmap reached";
  std::size_t right = 0;
  for (const auto& [ip, d] : found) {
    ASSERT_TRUE(truth.contains(ip)) << ip << " is not in camfarm's estate";
    const json& t = truth[ip];
    EXPECT_EQ(d["manufacturer"], t["manufacturer"]) << ip << " (" << t["profile"] << ")";
    right += d["manufacturer"] == t["manufacturer"];
  }
  EXPECT_EQ(right, found.size());
  std::filesystem::remove(devices);
}

TEST(ImportPcap, LoopbackCaptureOfAScanGivesTheScansMakers) {
  if (run("command -v tcpdump").empty()) GTEST_SKIP() << "tcpdump is not installed (scripts/install-deps.sh)";
  const std::string range = "127.92.0.0/26", dir = temp_file("pcap");
  std::filesystem::create_directories(dir);
  camfarm::testing::Subprocess farm;
  ASSERT_TRUE(farm.start({CAMFARM_BINARY, "--estate", std::string(CAMAUDIT_SOURCE_DIR) + "/tools/camfarm/estates/full-mix.toml",
                          "--range", range, "--live", "0.6", "--duration", "300", "--threads", "1"},
                         std::chrono::seconds(30)))
      << farm.output();
  // tcpdump in the background, only this estate's traffic; -U writes each packet at once.
  std::string pid = run("tcpdump -i lo -U -n -s 0 -w " + dir + "/scan.pcap net " + range + " >" + dir + "/tcpdump.log 2>&1 & echo $!");
  for (int i = 0; i < 100 && run("cat " + dir + "/tcpdump.log").find("listening on") == std::string::npos; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  const std::string log = run("cat " + dir + "/tcpdump.log");
  if (log.find("listening on") == std::string::npos) {
    run("kill " + pid);
    GTEST_SKIP() << "tcpdump cannot capture here (needs CAP_NET_RAW): " << log;
  }
  std::string scan = run(std::string(CAMAUDIT_BINARY) + " scan " + range + " -o " + dir + "/scan.jsonl --no-store --no-assess "
                         "--no-table --progress never --rate 5000 --read-timeout 3000 2>&1; echo exit=$?");
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  run("kill -INT " + pid + "; sleep 1");
  ASSERT_NE(scan.find("exit=0"), std::string::npos) << scan;
  std::string imported = run(std::string(CAMAUDIT_BINARY) + " import pcap " + dir + "/scan.pcap -o " + dir +
                             "/pcap.jsonl --no-store --no-assess 2>&1; echo exit=$?");
  ASSERT_NE(imported.find("exit=0"), std::string::npos) << imported;
  auto scanned = devices_by_key(dir + "/scan.jsonl"), passive = devices_by_key(dir + "/pcap.jsonl");
  std::size_t identified = 0, same = 0;
  for (const auto& [ip, d] : scanned) {
    if (d["manufacturer"].is_null()) continue;
    ++identified;
    auto it = passive.find(ip);
    if (it == passive.end() || it->second["manufacturer"].is_null()) continue;
    EXPECT_EQ(it->second["manufacturer"], d["manufacturer"]) << ip << ": the capture says otherwise than the scan";
    same += it->second["manufacturer"] == d["manufacturer"];
  }
  ASSERT_GT(identified, 10u) << scan;
  // Passive: whatever the scan read over HTTP, RTSP, TLS and the discovery replies is in
  // the capture; only what no rule reads from those alone may be missing.
  EXPECT_GE(same * 100, identified * 95) << same << " of " << identified << " makers from the capture\n" << imported;
  std::cout << "pcap import: " << same << " of the scan's " << identified << " makers from the capture\n";
  std::filesystem::remove_all(dir);
}

}  // namespace
