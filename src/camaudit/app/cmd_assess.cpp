// SPDX-License-Identifier: Apache-2.0
// `camaudit assess DEVICES.jsonl`: re-assess saved devices (a knowledge-base update, a
// different organisation profile) without rescanning. JSON Lines devices in, the same
// devices with findings and rights out; the summary on stderr.
// Exit status: 0 done; 1 some lines were malformed (each reported with its line number,
// the rest assessed); 2 nothing could be done; 3 a --fail-on gate tripped.
#include <camaudit/app/commands.hpp>
#include <camaudit/app/profile_options.hpp>

#include <fstream>
#include <iostream>

namespace camaudit::app {

namespace {

struct AssessCommandOptions {
  KbOptions kb;
  ProfileOptions profile;
  std::string input = "-";
  std::string output = "-";
};

// Every device line; a malformed one is reported and skipped, never fatal.
std::vector<DeviceRecord> read_devices(std::istream& in, const std::string& name, std::size_t& bad) {
  std::vector<DeviceRecord> devices;
  std::string line;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    try {
      devices.push_back(device_record_from_json(nlohmann::json::parse(line)));
    } catch (const std::exception& e) {
      if (++bad <= 100) std::cerr << name << ":" << number << ": skipped: " << e.what() << "\n";
    }
  }
  return devices;
}

int run_assess(const AssessCommandOptions& o) {
  const std::string who = "camaudit assess";
  auto kb = o.kb.load_or_report();
  if (!kb) return 2;
  std::vector<kb::Problem> problems;
  assess::Assessor assessor(o.kb.resolved_dir(), *kb, problems);
  for (const kb::Problem& p : problems) std::cerr << o.kb.resolved_dir() << "/" << p.where.str() << ": " << p.message << "\n";
  if (!problems.empty()) return 2;
  auto profile = o.profile.resolve(assessor, who);
  auto gates = o.profile.gates(who);
  if (!profile || !gates) return 2;
  std::ifstream file;
  if (o.input != "-") {
    file.open(o.input, std::ios::binary);
    if (!file) {
      std::cerr << who << ": cannot open " << o.input << "\n";
      return 2;
    }
  }
  std::size_t bad = 0;
  std::vector<DeviceRecord> devices = read_devices(o.input == "-" ? std::cin : file, o.input == "-" ? "<stdin>" : o.input, bad);
  assessor.assess_audit(devices, *profile);
  std::ofstream out_file;
  if (o.output != "-") out_file.open(o.output, std::ios::binary | std::ios::trunc);
  std::ostream& out = o.output == "-" ? std::cout : out_file;
  assess::AssessmentSummary summary;
  bool tripped = false;
  for (const DeviceRecord& d : devices) {
    out << to_json(d).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    summary.add(d);
    for (assess::FailOn g : *gates) tripped |= assess::fails(d, g);
  }
  out.flush();
  if (!out) {
    std::cerr << who << ": cannot write " << o.output << "\n";
    return 2;
  }
  std::cerr << summary.text();
  if (bad) std::cerr << who << ": " << bad << " malformed line(s) skipped\n";
  if (tripped) return 3;
  return bad ? 1 : 0;
}

}  // namespace

Run add_assess(CLI::App& app) {
  auto options = std::make_shared<AssessCommandOptions>();
  CLI::App* cmd = app.add_subcommand("assess", "re-assess saved devices (JSON Lines from identify/scan) against a profile");
  cmd->add_option("input", options->input, "devices file (JSON Lines), or - for stdin")->capture_default_str();
  cmd->add_option("-o,--output", options->output, "assessed devices file (JSON Lines), or - for stdout")->capture_default_str();
  options->profile.add_to(*cmd);
  options->kb.add_to(*cmd);
  cmd->footer("Exit status: 0 done; 1 malformed lines skipped; 2 nothing could be done; 3 a --fail-on gate tripped.");
  return [options] { return run_assess(*options); };
}

}  // namespace camaudit::app
