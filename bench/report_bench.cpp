// SPDX-License-Identifier: Apache-2.0
// The HTML report of a large estate: builds N synthetic DeviceRecords (default 100,000,
// shaped like a real scan's: 8 evidence entries, findings on restricted makers, KEV on
// old Hikvision firmware), then times, in one run,
//   baseline  writing the same devices as devices.jsonl (to_json per line), and
//   report    build_model + the HTML writer,
// and prints both, the ratio and the file sizes. Target (issue 12): HTML under 3 s.
// Usage: report_bench [DEVICES] [OUT_DIR]
#include <camaudit/report/writer.hpp>

#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>

using namespace camaudit;

namespace {

DeviceRecord synthetic(std::size_t i) {
  static const char* kMakers[] = {"Hikvision", "Dahua", "Axis", "Hanwha", "Uniview", "Bosch"};
  static const char* kLabels[] = {"Hikvision", "Lorex", "Axis", "Hanwha", "Uniview", "Bosch"};
  DeviceRecord d;
  d.ip = d.key = fmt::format("10.{}.{}.{}", (i >> 16) & 255, (i >> 8) & 255, i & 255);
  const std::size_t m = i % 6;
  d.manufacturer = kMakers[m];
  d.brand = kLabels[m];
  d.model = fmt::format("DS-2CD{}G{}-I", 2000 + i % 900, i % 3);
  d.firmware = fmt::format("V5.{}.{} build {:02}{:02}{:02}", 4 + i % 4, i % 10, 16 + i % 9, 1 + i % 12, 1 + i % 28);
  d.serial = fmt::format("DS-2CD2385G1-I20200414AAWR{:09}", i);
  d.mac = fmt::format("58:50:ed:{:02x}:{:02x}:{:02x}", (i >> 16) & 255, (i >> 8) & 255, i & 255);
  d.device_type = i % 10 == 0 ? "nvr" : "camera";
  if (i % 7 == 0) d.capabilities = {"face_recognition", "audio"};
  d.confidence = 0.9;
  d.seen = {"http/tcp/80", "rtsp/tcp/554", "onvif/tcp/80"};
  for (const char* attribute : {"manufacturer", "model", "firmware", "serial", "mac", "device_type", "manufacturer", "model"})
    d.evidence.push_back({attribute, "value " + std::to_string(i % 50), 0.8, i % 12, "isapi.model",
                          fmt::format("<model>DS-2CD{}</model>", i % 900), "isapi.device_info", "fingerprints/isapi.toml:14", 1});
  d.observations = 12;
  d.assessed = true;
  if (m <= 1) {
    d.findings.push_back({FindingKind::policy, "policy.us.ndaa889", Severity::high, "prohibited", "Covered by NDAA s.889.",
                          {{"John S. McCain NDAA for FY2019", "s.889(a)(1)(A)", "2019-08-13", ""}}, {}, "", "", 0.9,
                          nlohmann::json::object()});
  }
  if (m == 0 && i % 4 == 0) {
    d.findings.push_back({FindingKind::vulnerability, "CVE-2021-36260", Severity::critical, "affected",
                          "Command injection in the web server.", {}, {}, "", "", 0.9,
                          {{"kev", {{"dateAdded", "2022-01-10"}}}}});
  }
  return d;
}

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t n = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 100000;
  const std::filesystem::path dir = argc > 2 ? argv[2] : std::filesystem::temp_directory_path();
  std::vector<DeviceRecord> devices;
  devices.reserve(n);
  for (std::size_t i = 0; i < n; ++i) devices.push_back(synthetic(i));

  auto t0 = std::chrono::steady_clock::now();
  std::string jsonl;
  for (const DeviceRecord& d : devices) jsonl += to_json(d).dump() + "\n";
  report::write_file(dir / "report_bench.jsonl", jsonl);
  const double baseline = seconds_since(t0);

  AuditRecord audit;
  audit.organisation = "Synthetic estate";
  audit.started_at = "2026-12-01T10:00:00Z";
  auto t1 = std::chrono::steady_clock::now();
  report::Model model = report::build_model(audit, std::move(devices), {{}, "2026-12-01T11:00:00Z"});
  const double build = seconds_since(t1);
  report::find_writer("html")->write(model, dir / "report_bench.html");
  const double html = seconds_since(t1);

  const auto html_size = std::filesystem::file_size(dir / "report_bench.html");
  fmt::print("devices                 {}\n", n);
  fmt::print("baseline: JSONL write   {:.3f} s ({:.1f} MB)\n", baseline, static_cast<double>(jsonl.size()) / 1e6);
  fmt::print("report: model + HTML    {:.3f} s (model {:.3f} s; {:.1f} MB)\n", html, build, static_cast<double>(html_size) / 1e6);
  fmt::print("ratio HTML / JSONL      {:.2f}\n", html / baseline);
  fmt::print("target: HTML under 3 s  {}\n", html < 3.0 ? "met" : "NOT met");
  std::filesystem::remove(dir / "report_bench.jsonl");
  return 0;
}
