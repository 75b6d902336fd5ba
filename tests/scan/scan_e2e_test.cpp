// SPDX-License-Identifier: Apache-2.0
// `camaudit scan` end to end against camfarm estates on loopback: the real binaries,
// the full profile mix (every camera, recorder, OEM label, distractor and the hostile
// profile), compared with camfarm's ground truth:
//   - every live device is found, and nothing that is not there;
//   - the manufacturer is right for every device that has one (OEM labels included),
//     and the label is reported as the brand;
//   - model and firmware are right wherever camaudit reports them, and reported for every
//     device that reveals them without credentials (SADP, DHIP, WS-Discovery, VAPIX);
//   - distractors are never called cameras or recorders;
//   - hostile devices do not stall the scan; they are reported, not crashed on;
//   - camfarm's request log shows nothing forbidden was sent (camfarm check-log).
// With credentials: firmware right for every device that exposes it to an account.
// Everything stays on 127.0.0.0/8; the public-address refusal is checked inside an empty
// network namespace, so even a broken guard could not send a packet anywhere.
#include <unistd.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <thread>

#include <camaudit/util/codec.hpp>

#include "scan_process.hpp"
#include "testing/harness.hpp"

namespace {

namespace harness = camfarm::testing;
using harness::run;
using nlohmann::json;

const std::set<std::string> kRecorderOrCamera = {"camera", "ptz_camera", "thermal_camera", "anpr_camera", "nvr",
                                                 "dvr", "hybrid_recorder", "encoder"};
// Where the answers without credentials cannot give the truth, and why (kept short: each
// entry is a known gap, reported in the issue's closing note).
const std::map<std::string, std::string> kTypeGaps = {
    {"reolink-camera", "only the web UI and a LIVE555 RTSP realm answer; the Baichuan login that says camera is not probed"}};
const std::map<std::string, std::string> kBrandGaps = {
    {"lts-ipc", "a MAC under Observint's block names Observint, which the research links to LTS only as 'reported'"}};
// camfarm's distractors: what they really are must never come out as a camera or recorder.
const std::set<std::string> kDistractorTypes = {"printer", "router", "web_server"};

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Firmware as camaudit reports it is the version; camfarm's truth may add the build
// ("V5.6.3 build 190923", "2.800.0000016.0.R, build 2020-06-05").
bool same_firmware(const std::string& truth, const std::string& found) {
  std::string t = lower(truth), f = lower(found);
  if (t == f) return true;
  if (!t.starts_with(f)) return false;
  char next = t[f.size()];
  return next == ' ' || next == ',' || t.compare(f.size(), 5, "build") == 0;
}

std::map<std::string, json> read_jsonl(const std::string& path, const char* key) {
  std::map<std::string, json> rows;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line))
    if (!line.empty()) {
      json j = json::parse(line);
      EXPECT_FALSE(rows.count(j[key].get<std::string>())) << "duplicate " << j[key] << " in " << path;
      rows[j[key].get<std::string>()] = j;
    }
  return rows;
}

// A temporary folder, camfarm serving an estate in it, and helpers to scan it.
class Estate {
 public:
  Estate(const std::string& name, const std::string& range, double live, std::vector<std::string> extra = {})
      : m_dir(std::filesystem::temp_directory_path() / ("camaudit-e2e-" + name + "-" + std::to_string(::getpid()))),
        m_range(range) {
    std::filesystem::create_directories(m_dir);
    std::vector<std::string> args = {CAMFARM_BINARY, "--estate", std::string(CAMAUDIT_SOURCE_DIR) + "/tools/camfarm/estates/full-mix.toml",
                                     "--range", range, "--live", std::to_string(live), "--ground-truth", file("truth.jsonl"),
                                     "--request-log", file("requests.jsonl"), "--duration", "600", "--threads", "1"};
    args.insert(args.end(), extra.begin(), extra.end());
    m_ready = m_farm.start(args, std::chrono::seconds(30));
  }
  ~Estate() {
    m_farm.stop();
    std::error_code ec;
    std::filesystem::remove_all(m_dir, ec);
  }
  bool ready() const { return m_ready; }
  std::string farm_output() const { return m_farm.output(); }
  std::string file(const std::string& name) const { return (m_dir / name).string(); }
  const std::string& range() const { return m_range; }

  // Runs `camaudit scan` on the range; returns its stderr+stdout and exit status.
  std::pair<std::string, int> scan(const std::string& options) {
    std::string out = run(std::string("timeout 300 ") + CAMAUDIT_BINARY + " scan " + m_range + " " + options +
                          " --seed 7 --rate 5000 --progress never 2>&1; echo \"exit=$?\"");
    auto at = out.rfind("exit=");
    return {out, at == std::string::npos ? -1 : std::stoi(out.substr(at + 5))};
  }
  std::string check_log() { return run(std::string(CAMFARM_BINARY) + " check-log " + file("requests.jsonl")); }

 private:
  std::filesystem::path m_dir;
  std::string m_range;
  harness::Subprocess m_farm;
  bool m_ready = false;
};

// Everything each device said during the scan, lower-cased (for "does it reveal X").
// `only_source_prefix`: only observations whose source starts with it ("scan:" + probe).
std::map<std::string, std::string> said_by_device(const std::string& observations_file,
                                                  const std::string& only_source_prefix = "") {
  std::map<std::string, std::string> said;
  std::ifstream in(observations_file);
  for (std::string line; std::getline(in, line);) {
    json o = json::parse(line);
    if (!o.value("source", "").starts_with(only_source_prefix)) continue;
    std::string payload = o.contains("data") ? o["data"].get<std::string>() : "";
    if (o.contains("data_b64")) payload = camaudit::util::base64_decode(o["data_b64"].get<std::string>()).value_or("");
    said[o["ip"]] += lower(payload) + "\n";
  }
  return said;
}

// What the scan must have found, device by device (scan with -o devices.jsonl and
// --observations obs.jsonl in the estate's folder).
// `check_brand`: off where camfarm serves labels no real capture backs (the OEM
// values of ISAPI's <manufacturer> behind a login are inferred in the profiles, and the
// knowledge base claims nothing from an unbacked value).
void expect_matches_truth(Estate& estate, bool check_brand = true) {
  auto truth = read_jsonl(estate.file("truth.jsonl"), "ip");
  auto found = read_jsonl(estate.file("devices.jsonl"), "ip");
  ASSERT_GT(truth.size(), 20u);
  for (const auto& [ip, _] : found) EXPECT_TRUE(truth.count(ip)) << ip << " reported but not in the estate";
  std::size_t models = 0, firmwares = 0;
  for (const auto& [ip, t] : truth) {
    std::string profile = t["profile"];
    SCOPED_TRACE(ip + " (" + profile + ")");
    auto it = found.find(ip);
    ASSERT_NE(it, found.end()) << "live device not found";
    const json& d = it->second;
    if (profile == "hostile-web") continue;  // reported is all that is asked of it
    std::string maker = t["manufacturer"];
    std::string type = t["device_type"];
    if (!maker.empty()) {
      EXPECT_EQ(d["manufacturer"], maker);
    }
    std::string brand = t["brand"];
    // The device type and the label, as scripts/compare_truth.py judges them: a maker's own
    // label may be left out (brand null), a white-label unit (truth brand "") has none.
    if (!kTypeGaps.count(profile)) {
      EXPECT_EQ(d["device_type"], type) << "device type";
    }
    if (!maker.empty() && !kBrandGaps.count(profile)) {
      if (brand.empty()) {
        EXPECT_TRUE(d["brand"].is_null()) << "a white-label unit's label cannot be known";
      } else if (brand == maker) {
        EXPECT_TRUE(d["brand"].is_null() || d["brand"] == brand) << d["brand"];
      } else if (check_brand) {
        EXPECT_EQ(d["brand"], brand) << "the OEM label is the brand";
      }
    }
    if (kDistractorTypes.count(type)) {
      EXPECT_FALSE(d["device_type"].is_string() && kRecorderOrCamera.count(d["device_type"].get<std::string>()))
          << "a " << type << " called " << d["device_type"];
    }
    if (d["model"].is_string()) {
      EXPECT_EQ(lower(d["model"]), lower(t["model"]));
      ++models;
    }
    if (d["firmware"].is_string()) {
      EXPECT_TRUE(same_firmware(t["firmware"], d["firmware"])) << d["firmware"] << " vs " << t["firmware"];
      ++firmwares;
    }
    // Devices that answer SADP or DHIP reveal model and firmware to anyone who asks.
    std::set<int> udp;
    for (const json& p : t["udp_ports"]) udp.insert(p.get<int>());
    if (udp.count(37020) || udp.count(37810)) {
      EXPECT_TRUE(d["model"].is_string()) << "model not reported, though SADP/DHIP reveal it";
      EXPECT_TRUE(d["firmware"].is_string()) << "firmware not reported, though SADP/DHIP reveal it";
    }
  }
  std::cerr << "[ e2e      ] " << found.size() << " devices, " << models << " with model, " << firmwares
            << " with firmware\n";
}

TEST(ScanEndToEnd, Slash24FullMixMatchesGroundTruth) {
  Estate estate("24", "127.78.0.0/24", 0.6);
  ASSERT_TRUE(estate.ready()) << estate.farm_output();
  auto [out, status] = estate.scan("-o " + estate.file("devices.jsonl") + " --csv " + estate.file("devices.csv") +
                                   " --observations " + estate.file("obs.jsonl") + " --read-timeout 3000");
  ASSERT_EQ(status, 0) << out;
  EXPECT_NE(out.find("by manufacturer:"), std::string::npos) << "the summary table";
  expect_matches_truth(estate);
  EXPECT_NE(estate.check_log().find("0 forbidden request(s)"), std::string::npos) << estate.check_log();

  // Collect first, interpret later: identify over the saved observations gives the same devices.
  std::string again = estate.file("again.jsonl");
  run(std::string(CAMAUDIT_BINARY) + " identify " + estate.file("obs.jsonl") + " -o " + again);
  auto first = read_jsonl(estate.file("devices.jsonl"), "ip");
  auto second = read_jsonl(again, "ip");
  ASSERT_EQ(first.size(), second.size());
  for (const auto& [ip, d] : first) {
    EXPECT_EQ(d["manufacturer"], second[ip]["manufacturer"]) << ip;
    EXPECT_EQ(d["model"], second[ip]["model"]) << ip;
  }
  std::ifstream csv(estate.file("devices.csv"));
  std::size_t rows = 0;
  for (std::string line; std::getline(csv, line);) ++rows;
  EXPECT_EQ(rows, first.size() + 1) << "a header and one row per device";
}

TEST(ScanEndToEnd, Slash20FullMixMatchesGroundTruthAndHostilesDoNotStallIt) {
  Estate estate("20", "127.79.0.0/20", 0.15);
  ASSERT_TRUE(estate.ready()) << estate.farm_output();
  auto started = std::chrono::steady_clock::now();
  auto [out, status] = estate.scan("-o " + estate.file("devices.jsonl") + " --observations " + estate.file("obs.jsonl") +
                                   " --no-table --concurrency 500 --read-timeout 3000 --connect-timeout 1000");
  auto took = std::chrono::steady_clock::now() - started;
  ASSERT_EQ(status, 0) << out;
  // Bounded by the timeouts (hostile devices hold a connection until the read deadline),
  // not by how long the hostile devices are willing to stall.
  EXPECT_LT(took, std::chrono::seconds(120)) << out;
  expect_matches_truth(estate);
  EXPECT_NE(estate.check_log().find("0 forbidden request(s)"), std::string::npos) << estate.check_log();
}

TEST(ScanEndToEnd, WithCredentialsFirmwareComesFromTheInventoryCalls) {
  Estate estate("cred", "127.80.0.0/24", 0.6, {"--username", "auditor", "--password", "Inventory-2026"});
  ASSERT_TRUE(estate.ready()) << estate.farm_output();
  std::string credentials = estate.file("credentials.toml");
  std::ofstream(credentials) << "[[credential]]\nrange = \"127.80.0.0/24\"\nusername = \"auditor\"\npassword = \"Inventory-2026\"\n";
  std::filesystem::permissions(credentials, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  auto [out, status] = estate.scan("-o " + estate.file("devices.jsonl") + " --observations " + estate.file("obs.jsonl") +
                                   " --credentials " + credentials + " --no-table --read-timeout 3000");
  ASSERT_EQ(status, 0) << out;
  expect_matches_truth(estate, /*check_brand=*/false);
  // Every device whose inventory answer (a probe that used the account) carries its
  // firmware version has it reported, and right.
  auto truth = read_jsonl(estate.file("truth.jsonl"), "ip");
  auto found = read_jsonl(estate.file("devices.jsonl"), "ip");
  std::size_t exposed = 0;
  for (const std::string probe : {"scan:hikvision-isapi", "scan:dahua-magicbox", "scan:hanwha-sunapi", "scan:uniview-lapi",
                                  "scan:onvif-inventory"})
    for (const auto& [ip, text] : said_by_device(estate.file("obs.jsonl"), probe)) {
      std::string version = lower(truth[ip]["firmware"].get<std::string>());
      version = version.substr(0, version.find(' '));
      if (text.find(version) == std::string::npos) continue;
      ++exposed;
      SCOPED_TRACE(ip + " (" + truth[ip]["profile"].get<std::string>() + "), answered " + probe);
      ASSERT_TRUE(found[ip]["firmware"].is_string()) << "firmware exposed to the account but not reported";
      EXPECT_TRUE(same_firmware(truth[ip]["firmware"], found[ip]["firmware"]));
    }
  EXPECT_GT(exposed, 20u) << "the inventory probes reached few devices";
  // The password never appears in any output.
  for (const char* name : {"devices.jsonl", "obs.jsonl"}) {
    std::ifstream in(estate.file(name));
    std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(all.find("Inventory-2026"), std::string::npos) << name;
  }
  EXPECT_EQ(out.find("Inventory-2026"), std::string::npos);
  EXPECT_NE(estate.check_log().find("0 forbidden request(s)"), std::string::npos) << estate.check_log();
}

TEST(ScanEndToEnd, InterruptedScanResumesWithoutRedoingFinishedHosts) {
  Estate estate("resume", "127.81.0.0/22", 0.3);
  ASSERT_TRUE(estate.ready()) << estate.farm_output();
  std::string common = "-o " + estate.file("devices.jsonl") + " --resume " + estate.file("resume.json") +
                       " --no-table --concurrency 50 --read-timeout 2000 -p 80,554,8000,37777";
  std::string start = "-o " + estate.file("devices.jsonl") + " --checkpoint " + estate.file("resume.json") +
                      " --no-table --concurrency 50 --read-timeout 2000 -p 80,554,8000,37777";
  // SIGINT after 5 s: the scan finishes the hosts in flight, checkpoints and exits 1.
  std::string first = run(std::string("timeout --preserve-status -s INT 5 ") + CAMAUDIT_BINARY + " scan " + estate.range() + " " + start +
                          " --seed 9 --rate 300 --progress never 2>&1; echo \"exit=$?\"");
  ASSERT_NE(first.find("exit=1\n"), std::string::npos) << first;
  auto partial = read_jsonl(estate.file("devices.jsonl"), "ip");
  auto truth = read_jsonl(estate.file("truth.jsonl"), "ip");
  ASSERT_GT(partial.size(), 0u);
  ASSERT_LT(partial.size(), truth.size()) << "the interruption came too late to test anything";
  // The rate is not part of what a resume must repeat: the rest goes faster.
  std::string second = run(std::string(CAMAUDIT_BINARY) + " scan " + estate.range() + " " + common +
                           " --rate 5000 --progress never 2>&1; echo \"exit=$?\"");
  ASSERT_NE(second.find("exit=0\n"), std::string::npos) << second;
  EXPECT_NE(second.find("(resumed)"), std::string::npos) << second;
  auto all = read_jsonl(estate.file("devices.jsonl"), "ip");  // read_jsonl flags duplicates
  EXPECT_EQ(all.size(), truth.size());
  std::string third = run(std::string(CAMAUDIT_BINARY) + " scan " + estate.range() + " " + common + " 2>&1; echo \"exit=$?\"");
  EXPECT_NE(third.find("already complete"), std::string::npos) << third;
}

// Issue 11: assessment decides from what was seen, never by asking more. The same scan
// with and without it sends the devices exactly the same requests (as camfarm logged them).
TEST(ScanSafety, AssessmentAddsNoRequest) {
  Estate estate("assess-requests", "127.89.0.0/26", 0.8);
  ASSERT_TRUE(estate.ready()) << estate.farm_output();
  // What each scan sent: (device, port, transport, request bytes), from the log lines in [from, to).
  auto requests = [&](std::size_t from, std::size_t to) {
    std::set<std::string> out;
    std::ifstream in(estate.file("requests.jsonl"));
    std::size_t n = 0;
    for (std::string line; std::getline(in, line); ++n)
      if (n >= from && n < to) {
        json r = json::parse(line);
        // Message ids are fresh per scan (WS-Discovery's urn:uuid): the request is the same.
        static const std::regex kUuid("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", std::regex::icase);
        std::string raw = r.value("raw", "");
        out.insert(r.value("ip", "") + " " + std::to_string(r.value("port", 0)) + " " + r.value("transport", "") + " " +
                   (raw.empty() ? r.value("first_bytes_hex", "") : std::regex_replace(raw, kUuid, "UUID")));
      }
    return out;
  };
  auto [plain, plain_status] = estate.scan("-p 80,443,554,8000,37777 --no-assess --no-store --no-table -o " + estate.file("a.jsonl"));
  ASSERT_EQ(plain_status, 0) << plain;
  std::size_t first = scan_testing::line_count(estate.file("requests.jsonl"));
  auto [assessed, assessed_status] = estate.scan("-p 80,443,554,8000,37777 --no-store --no-table --jurisdiction UK "
                                                 "--org-type uk_local_authority -o " + estate.file("b.jsonl"));
  ASSERT_EQ(assessed_status, 0) << assessed;
  std::size_t second = scan_testing::line_count(estate.file("requests.jsonl"));
  ASSERT_NE(assessed.find("assessed "), std::string::npos) << "the second scan was assessed: " << assessed;
  auto without = requests(0, first), with = requests(first, second);
  ASSERT_GT(without.size(), 50u);
  std::vector<std::string> only_with;
  std::set_difference(with.begin(), with.end(), without.begin(), without.end(), std::back_inserter(only_with));
  EXPECT_TRUE(only_with.empty()) << only_with.size() << " requests only with assessment, first: " << only_with.front();
  EXPECT_EQ(with, without);
}

TEST(ScanSafety, PublicTargetsAreRefusedBeforeAnyPacket) {
  // In an empty network namespace (no interface up): even a broken guard could send nothing.
  if (run("unshare -n true; echo rc=$?").find("rc=0") == std::string::npos)
    GTEST_SKIP() << "`unshare -n` is not permitted here";
  std::string out = run(std::string("unshare -n ") + CAMAUDIT_BINARY + " scan 203.0.113.0/30 -p 80 2>&1; echo \"exit=$?\"");
  EXPECT_NE(out.find("exit=2"), std::string::npos) << out;
  EXPECT_NE(out.find("refusing to scan public address space"), std::string::npos) << out;
  EXPECT_NE(out.find("--allow-public"), std::string::npos) << out;
  std::string bad = run(std::string(CAMAUDIT_BINARY) + " scan 127.0.0.300 -p 80 2>&1; echo \"exit=$?\"");
  EXPECT_NE(bad.find("exit=2"), std::string::npos) << bad;
  EXPECT_NE(bad.find("127.0.0.300"), std::string::npos) << "the error names the bad target: " << bad;
  // nmap's "-iL FILE" spelling reads the file (not "-i" with the value "L"), and the public
  // guard holds for targets from a file too.
  const std::string list = testing::TempDir() + "/camaudit-targets-" + std::to_string(::getpid());
  std::ofstream(list) << "# one public network\n198.51.100.0/30\n";
  std::string listed = run(std::string("unshare -n ") + CAMAUDIT_BINARY + " scan -iL " + list + " -p 80 2>&1; echo \"exit=$?\"");
  EXPECT_NE(listed.find("exit=2"), std::string::npos) << listed;
  EXPECT_NE(listed.find("198.51.100.0/30"), std::string::npos) << listed;
  EXPECT_NE(listed.find("refusing to scan public address space"), std::string::npos) << listed;
  std::remove(list.c_str());
}


// ---- issue 10: nothing lost, nothing crashes, every mistake named --------------------

namespace st = scan_testing;

std::string camaudit_scan(const Estate& estate, const std::string& options) {
  return std::string("timeout 120 ") + CAMAUDIT_BINARY + " scan " + estate.range() + " " + options +
         " --progress never 2>&1; echo \"exit=$?\"";
}

// What identification said about each device, for comparing two scans.
std::map<std::string, std::string> identities(const std::string& devices_file) {
  std::map<std::string, std::string> out;
  for (const auto& [ip, d] : read_jsonl(devices_file, "ip"))
    out[ip] = d["manufacturer"].dump() + " " + d["model"].dump() + " " + d["firmware"].dump() + " " +
              d["device_type"].dump();
  return out;
}

// Item 1: a slow rate lets the connections kept from the sweep idle until camfarm closes
// them (here after 0.3 s); they are reopened, so every rate gives the same devices.
TEST(ScanReliability, EveryRateGivesTheSameDevicesWhenDevicesCloseIdleConnections) {
  Estate estate("rates", "127.82.0.0/26", 0.6, {"--idle-timeout", "0.3"});
  ASSERT_TRUE(estate.ready()) << estate.farm_output();
  std::map<std::string, std::string> first;
  for (const char* rate : {"0", "200", "50"}) {
    SCOPED_TRACE(std::string("--rate ") + rate);
    std::string devices = estate.file(std::string("devices-") + rate + ".jsonl");
    std::string out = run(camaudit_scan(estate, std::string("-o ") + devices + " --no-table --seed 3 -p 80,554,8000 "
                                                "--read-timeout 2000 --rate " + rate));
    ASSERT_NE(out.find("exit=0"), std::string::npos) << out;
    auto found = identities(devices);
    if (first.empty()) {
      first = found;
      EXPECT_EQ(found.size(), read_jsonl(estate.file("truth.jsonl"), "ip").size()) << out;
      continue;
    }
    EXPECT_EQ(found, first) << out;
  }
}

// Item 2: numbers out of range are refused by name, never wrapped (--retries -1 was SIGFPE).
TEST(ScanReliability, OutOfRangeNumbersAreRefusedByName) {
  for (std::string option : {"--retries -1", "--retries 1000", "--rate -5", "--rate 0.001", "--concurrency 0",
                             "--host-connections 0", "--connect-timeout 0", "--read-timeout -1",
                             "--banner-timeout 99999999", "--max-response-bytes 0", "--grace -1"}) {
    SCOPED_TRACE(option);
    std::string out = run(std::string(CAMAUDIT_BINARY) + " scan 127.0.0.1 -p 1 " + option + " 2>&1; echo \"exit=$?\"");
    int status = std::stoi(out.substr(out.rfind("exit=") + 5));
    EXPECT_NE(status, 0) << out;
    EXPECT_LT(status, 128) << "killed by a signal: " << out;
    EXPECT_NE(out.find(option.substr(0, option.find(' '))), std::string::npos) << "the message names the option: " << out;
  }
}

// Item 3: the first signal gives the hosts in flight --grace seconds, the second stops at
// once; both leave a checkpoint that --resume finishes from.
TEST(ScanReliability, SignalsStopWithinTheGraceAndResumeFinishesTheScan) {
  Estate estate("grace", "127.83.0.0/24", 0.5);
  ASSERT_TRUE(estate.ready()) << estate.farm_output();
  auto truth = read_jsonl(estate.file("truth.jsonl"), "ip");
  std::string devices = estate.file("devices.jsonl"), resume = estate.file("resume.json");
  std::vector<std::string> common = {CAMAUDIT_BINARY, "scan", estate.range(), "-o", devices, "--no-table",
                                     "--progress", "never", "-p", "80,554,8000", "--read-timeout", "3000", "--seed", "5"};
  auto with = [&](std::vector<std::string> extra) {
    std::vector<std::string> args = common;
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  };
  {  // SIGTERM at a very low rate: every host is in flight, and the grace bounds the stop.
    st::ScanProcess scan(with({"--checkpoint", resume, "--rate", "10", "--grace", "2"}), estate.file("log1"));
    std::this_thread::sleep_for(std::chrono::seconds(3));
    scan.signal(SIGTERM);
    auto signalled = std::chrono::steady_clock::now();
    EXPECT_EQ(scan.wait(std::chrono::seconds(30)), 1) << st::slurp(estate.file("log1"));
    EXPECT_LT(std::chrono::steady_clock::now() - signalled, std::chrono::milliseconds(4500)) << st::slurp(estate.file("log1"));
  }
  ASSERT_TRUE(std::filesystem::exists(resume));
  {  // Two SIGINTs: the second stops at once.
    st::ScanProcess scan(with({"--resume", resume, "--rate", "10", "--grace", "60"}), estate.file("log2"));
    std::this_thread::sleep_for(std::chrono::seconds(2));
    scan.signal(SIGINT);
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    scan.signal(SIGINT);
    auto signalled = std::chrono::steady_clock::now();
    EXPECT_EQ(scan.wait(std::chrono::seconds(30)), 1) << st::slurp(estate.file("log2"));
    EXPECT_LT(std::chrono::steady_clock::now() - signalled, std::chrono::milliseconds(1500)) << st::slurp(estate.file("log2"));
  }
  st::ScanProcess rest(with({"--resume", resume, "--rate", "0"}), estate.file("log3"));
  EXPECT_EQ(rest.wait(std::chrono::seconds(120)), 0) << st::slurp(estate.file("log3"));
  bool torn = false;
  std::size_t duplicates = 0;
  auto all = st::by_ip(st::whole_lines(devices, torn), duplicates);
  EXPECT_FALSE(torn);
  EXPECT_EQ(duplicates, 0u);
  EXPECT_EQ(all.size(), truth.size());
  // The summary of the resumed scan covers the whole scan, not only its last part.
  std::string log = st::slurp(estate.file("log3"));
  EXPECT_NE(log.find(" " + std::to_string(truth.size()) + " devices ("), std::string::npos) << log;
}

// Item 4: kill -9 mid-scan leaves whole lines, a checkpoint, and outputs that a resume
// cuts back to that checkpoint; the CSV and the JSON Lines then agree, with every device once.
TEST(ScanReliability, KillNineLeavesWholeLinesAndTheResumeRepairsTheOutputs) {
  Estate estate("kill9", "127.84.0.0/24", 0.5);
  ASSERT_TRUE(estate.ready()) << estate.farm_output();
  auto truth = read_jsonl(estate.file("truth.jsonl"), "ip");
  std::string devices = estate.file("devices.jsonl"), csv = estate.file("devices.csv"), obs = estate.file("obs.jsonl"),
              resume = estate.file("resume.json");
  std::vector<std::string> args = {CAMAUDIT_BINARY, "scan", estate.range(), "-o", devices, "--csv", csv,
                                   "--observations", obs, "--no-table", "--progress", "never", "-p", "80,554,8000",
                                   "--read-timeout", "3000", "--seed", "11", "--rate", "60", "--checkpoint", resume};
  {
    st::ScanProcess scan(args, estate.file("log1"));
    // Kill once a checkpoint and some devices are on disk, however fast this machine is
    // (a fixed sleep killed too late under the sanitizers), and at most after 60 s.
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::chrono::steady_clock::now() < deadline &&
           !(std::filesystem::exists(resume) && st::line_count(devices) >= 8))
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    scan.signal(SIGKILL);
    EXPECT_EQ(scan.wait(std::chrono::seconds(10)), 128 + SIGKILL) << st::slurp(estate.file("log1"));
  }
  bool torn = false;
  std::size_t duplicates = 0;
  auto partial = st::whole_lines(devices, torn);
  EXPECT_FALSE(torn) << "a reader never sees a torn record";
  st::whole_lines(obs, torn);
  EXPECT_FALSE(torn);
  ASSERT_TRUE(std::filesystem::exists(resume)) << "checkpoints are written while the scan runs";
  EXPECT_GT(partial.size(), 0u);
  EXPECT_LT(partial.size(), truth.size()) << "the kill came too late to test anything\n" << st::slurp(estate.file("log1"));
  // Garbage after the checkpoint (a torn line, as a crash mid-write would leave) is cut away.
  std::ofstream(devices, std::ios::app) << "{\"ip\":\"127.84.0.1\",\"manufac";
  std::ofstream(csv, std::ios::app) << "127.84.0.1,Hikv";
  // A resume without the file it names is an error, not a fresh start.
  std::string missing = run(camaudit_scan(estate, "-o " + devices + " -p 80,554,8000 --resume " + estate.file("nope.json")));
  EXPECT_NE(missing.find("exit=2"), std::string::npos) << missing;
  EXPECT_NE(missing.find("no such file"), std::string::npos) << missing;
  // Starting a resumable scan over an existing checkpoint is refused too.
  std::string again = run(camaudit_scan(estate, "-o " + devices + " -p 80,554,8000 --checkpoint " + resume));
  EXPECT_NE(again.find("exit=2"), std::string::npos) << again;
  args.back() = resume;
  args[args.size() - 2] = "--resume";
  args[args.size() - 3] = "0";  // the rate need not be repeated
  st::ScanProcess rest(args, estate.file("log2"));
  ASSERT_EQ(rest.wait(std::chrono::seconds(120)), 0) << st::slurp(estate.file("log2"));
  auto all = st::by_ip(st::whole_lines(devices, torn), duplicates);
  EXPECT_FALSE(torn);
  EXPECT_EQ(duplicates, 0u) << "hosts after the checkpoint were cut, not duplicated";
  EXPECT_EQ(all.size(), truth.size()) << st::slurp(estate.file("log2"));
  EXPECT_EQ(st::line_count(csv), all.size() + 1) << "a header and one row per device, as in the JSON Lines";
  // The observations file continues the numbering the devices cite.
  bool obs_torn = false;
  auto observations = st::whole_lines(obs, obs_torn);
  EXPECT_FALSE(obs_torn);
  for (const auto& [ip, d] : all)
    for (const json& e : d["evidence"])
      if (e["observation"].is_number()) {
        std::size_t n = e["observation"];
        ASSERT_LT(n, observations.size());
        EXPECT_EQ(observations[n]["ip"], ip) << "evidence cites an observation of another host";
      }
}

// Item 5: no output may be an input or another output, whatever it is called.
TEST(ScanReliability, OutputsThatAreInputsOrEachOtherAreRefused) {
  const std::string dir = testing::TempDir() + "/camaudit-clash-" + std::to_string(::getpid());
  std::filesystem::create_directories(dir);
  std::string obs = dir + "/obs.jsonl";
  std::string line = R"({"ip":"127.0.0.9","port":80,"protocol":"http","data":"HTTP/1.1 200 OK\r\nServer: App-webs/\r\n\r\n"})";
  std::ofstream(obs) << line << "\n";
  std::string same = run(std::string(CAMAUDIT_BINARY) + " identify " + obs + " -o " + dir + "/./obs.jsonl 2>&1; echo \"exit=$?\"");
  EXPECT_NE(same.find("exit=2"), std::string::npos) << same;
  EXPECT_EQ(st::slurp(obs), line + "\n") << "the input is untouched";
  std::filesystem::create_hard_link(obs, dir + "/link.jsonl");
  std::string linked = run(std::string(CAMAUDIT_BINARY) + " identify " + obs + " -o " + dir + "/link.jsonl 2>&1; echo \"exit=$?\"");
  EXPECT_NE(linked.find("exit=2"), std::string::npos) << linked;
  std::string outputs = run(std::string(CAMAUDIT_BINARY) + " scan 127.0.0.1 -p 1 -o " + dir + "/x --csv " + dir +
                            "/x --observations " + dir + "/y 2>&1; echo \"exit=$?\"");
  EXPECT_NE(outputs.find("exit=2"), std::string::npos) << outputs;
  EXPECT_NE(outputs.find("same file"), std::string::npos) << outputs;
  EXPECT_FALSE(std::filesystem::exists(dir + "/x")) << "refused before anything was written";
  std::filesystem::remove_all(dir);
}

// Items 11 and 12: the progress line counts the real total and fits the terminal; the
// summary points to no devices file that does not exist; every output file has its
// metadata (when, version, kb digest, targets, ports, options).
TEST(ScanReliability, ProgressCountsTheRealTotalAndOutputsCarryTheirMetadata) {
  Estate estate("progress", "127.85.0.0/25", 0.5);
  ASSERT_TRUE(estate.ready()) << estate.farm_output();
  std::string out = run(std::string("timeout 120 ") + CAMAUDIT_BINARY + " scan " + estate.range() +
                        " -p 80,554,8000 --read-timeout 2000 --progress always --max-rows 3 --seed 2 -o " +
                        estate.file("devices.jsonl") + " --csv " + estate.file("devices.csv") + " --csv-bom 2>&1");
  EXPECT_NE(out.find("128/128 addresses"), std::string::npos) << out;
  EXPECT_EQ(out.find("/130"), std::string::npos) << out;
  EXPECT_NE(out.find(" identified"), std::string::npos) << out;
  for (std::size_t at = 0; (at = out.find('\r', at)) != std::string::npos; ++at) {
    std::string frame = out.substr(at + 1, out.find_first_of("\r\n", at + 1) - at - 1);
    std::size_t columns = 0;
    for (char c : frame) columns += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    EXPECT_LE(columns, 100u + 3) << "wider than the terminal: " << frame;  // + the erase-line escape
  }
  EXPECT_NE(out.find("more (see " + estate.file("devices.jsonl") + ")"), std::string::npos) << out;
  for (const char* file : {"devices.jsonl.meta.json", "devices.csv.meta.json"}) {
    SCOPED_TRACE(file);
    json meta = json::parse(st::slurp(estate.file(file)))["camaudit_audit"];
    EXPECT_EQ(meta["command"], "scan");
    EXPECT_EQ(meta["status"], "complete");
    EXPECT_EQ(meta["targets"], json::array({estate.range()}));
    EXPECT_EQ(meta["options"]["ports"], json::array({80, 554, 8000}));
    EXPECT_EQ(meta["kb_digest"].get<std::string>().size(), 64u);
    EXPECT_FALSE(meta["camaudit_version"].get<std::string>().empty());
    EXPECT_FALSE(meta["started_at"].get<std::string>().empty());
    EXPECT_FALSE(meta["ended_at"].get<std::string>().empty());
  }
  EXPECT_EQ(st::slurp(estate.file("devices.csv")).rfind("\xEF\xBB\xBFip,", 0), 0u) << "--csv-bom";
  // Without -o there is no devices file to point to.
  std::string bare = run(camaudit_scan(estate, "-p 80 --max-rows 2 --read-timeout 2000 --seed 2"));
  EXPECT_NE(bare.find("more\n"), std::string::npos) << bare;
  EXPECT_EQ(bare.find("see the devices file"), std::string::npos) << bare;
}

}  // namespace
