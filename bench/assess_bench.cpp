// SPDX-License-Identifier: Apache-2.0
// Assessment cost against identification's, on the same devices, in one run.
//
// Reads a real scan's observations (default samples/scan-full-mix.jsonl: 1,197
// observations of 153 devices of the full camfarm estate), then per round:
//   identify   observations -> Identifier -> devices (the stage assessment follows)
//   convert    devices -> DeviceRecord (through the device JSON line, as a saved
//              devices.jsonl is read back; reported, not counted as assessment)
//   assess     Assessor::assess_audit on those records (every check, the audit pass)
// and reports the median of each and assess/identify. Target: <= 5 %.
// Single-threaded, timed in thread CPU seconds (shared machine: load does not skew it).
#include <camaudit/assess/assessor.hpp>
#include <camaudit/identify/device_writer.hpp>
#include <camaudit/identify/identifier.hpp>
#include <camaudit/identify/observation_reader.hpp>
#include <camaudit/source_paths.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <ctime>
#include <fstream>
#include <iostream>

using namespace camaudit;
namespace {

double cpu_now() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

std::vector<Observation> load_sample(const std::string& path) {
  std::vector<Observation> sample;
  std::ifstream in(path);
  std::string line;
  std::size_t n = 0;
  while (std::getline(in, line)) {
    Observation obs;
    std::string error;
    if (identify::parse_observation_line(line, ++n, obs, error)) sample.push_back(std::move(obs));
  }
  return sample;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  int rounds = argc > 1 ? std::max(1, std::atoi(argv[1])) : 20;
  std::string path = argc > 2 ? argv[2] : std::string(CAMAUDIT_SOURCE_KB_DIR) + "/../samples/scan-full-mix.jsonl";
  std::vector<kb::Problem> problems;
  auto kb = kb::KnowledgeBase::load(CAMAUDIT_SOURCE_KB_DIR, problems);
  assess::Assessor assessor(CAMAUDIT_SOURCE_KB_DIR, *kb, problems);
  if (!problems.empty()) {
    for (const auto& p : problems) std::cerr << p.where.str() << ": " << p.message << "\n";
    return 2;
  }
  std::vector<Observation> sample = load_sample(path);
  assess::Profile profile;  // unknown: every jurisdiction's view, the most work per device
  std::vector<double> identify_s, convert_s, assess_s;
  std::size_t devices = 0, findings = 0;
  for (int round = 0; round < rounds; ++round) {
    double t0 = cpu_now();
    identify::Identifier identifier(*kb);
    for (const Observation& o : sample) identifier.add(o);
    std::vector<identify::Device> identified = identifier.finish();
    double t1 = cpu_now();
    std::vector<DeviceRecord> records;
    records.reserve(identified.size());
    for (const identify::Device& d : identified)
      records.push_back(device_record_from_json(nlohmann::json::parse(identify::device_to_json_line(d))));
    double t2 = cpu_now();
    assessor.assess_audit(records, profile);
    double t3 = cpu_now();
    identify_s.push_back(t1 - t0);
    convert_s.push_back(t2 - t1);
    assess_s.push_back(t3 - t2);
    devices = records.size();
    findings = 0;
    for (const DeviceRecord& r : records) findings += r.findings.size();
  }
  double id = median(identify_s), conv = median(convert_s), as = median(assess_s);
  fmt::print("sample: {} ({} observations, {} devices, {} findings per round; {} rounds, medians, thread CPU)\n", path,
             sample.size(), devices, findings, rounds);
  fmt::print("identify  {:8.2f} ms  ({:.1f} us/device)\n", id * 1e3, id * 1e6 / static_cast<double>(devices));
  fmt::print("convert   {:8.2f} ms  (Device -> JSON line -> DeviceRecord; not assessment)\n", conv * 1e3);
  fmt::print("assess    {:8.2f} ms  ({:.1f} us/device)\n", as * 1e3, as * 1e6 / static_cast<double>(devices));
  fmt::print("assess / identify = {:.1f} %  (target <= 5 %)\n", 100 * as / id);
  return 0;
}
