// SPDX-License-Identifier: Apache-2.0
// `camaudit discover`: asks the local segment who is there (SADP, DHIP, Dahua 5050,
// WS-Discovery, SSDP + UPnP description, mDNS; read-only questions only, on the chosen
// interfaces only) and identifies every replier. Devices as JSON Lines on -o (default
// stdout), the raw replies with --observations (re-identify later with `identify`).
// Exit status: 0 discovery ran (even if nobody answered); 2 it could not run.
#include <camaudit/app/commands.hpp>
#include <camaudit/app/device_table.hpp>
#include <camaudit/discover/discoverer.hpp>
#include <camaudit/identify/device_writer.hpp>
#include <camaudit/identify/identifier.hpp>
#include <camaudit/util/printable.hpp>
#include <camaudit/util/text.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>

namespace camaudit::app {

namespace {
struct DiscoverCommandOptions {
  KbOptions kb;
  std::vector<std::string> interfaces;
  double wait_seconds = 3;
  std::string output = "-";
  std::string observations;
  bool table = false;
};

bool write_lines(const std::string& path, const std::vector<std::string>& lines, const char* what) {
  std::FILE* out = path == "-" ? stdout : std::fopen(path.c_str(), "wb");
  if (out == nullptr) {
    std::cerr << "camaudit discover: cannot write " << what << " " << path << ": " << std::strerror(errno) << "\n";
    return false;
  }
  for (const std::string& line : lines) {
    std::fwrite(line.data(), 1, line.size(), out);
    std::fputc('\n', out);
  }
  if (out == stdout) return std::fflush(stdout) == 0;
  if (std::fclose(out) != 0) {
    std::cerr << "camaudit discover: cannot write " << what << " " << path << "\n";
    return false;
  }
  return true;
}

int run_discover(const DiscoverCommandOptions& o) {
  auto kb = o.kb.load_or_report();
  if (!kb) return 2;
  discover::DiscoverOptions options;
  options.interfaces = o.interfaces;
  options.wait = std::chrono::milliseconds(static_cast<long long>(o.wait_seconds * 1000));
  options.progress = [](std::string_view line) { std::cerr << "camaudit discover: " << util::printable(line) << "\n"; };
  discover::DiscoverResult result = discover::discover(options);
  if (result.error) {
    std::cerr << "camaudit discover: " << *result.error << "\n";
    return 2;
  }

  if (!o.observations.empty()) {
    std::vector<std::string> lines;
    for (const Observation& obs : result.observations) lines.push_back(identify::observation_to_json_line(obs));
    if (!write_lines(o.observations, lines, "observations")) return 2;
  }
  identify::Identifier identifier(*kb);
  for (const Observation& obs : result.observations) identifier.add(obs);
  DeviceTable table(*kb);
  std::vector<std::string> devices;
  for (const identify::Device& d : identifier.finish()) {
    devices.push_back(identify::device_to_json_line(d));
    table.add(d);
  }
  if (!write_lines(o.output, devices, "devices")) return 2;
  if (o.table) table.print(std::cout);
  std::cerr << "camaudit discover: " << result.datagrams_sent << " datagrams sent on " << result.interfaces.size()
            << " interface(s); " << result.replies << " replies (" << result.duplicates << " retransmissions dropped";
  if (result.dropped) std::cerr << ", " << result.dropped << " past the limit";
  std::cerr << "), " << result.observations.size() << " observations, " << table.devices() << " devices ("
            << table.identified() << " with a manufacturer)\n";
  return 0;
}
}  // namespace

Run add_discover(CLI::App& app) {
  auto options = std::make_shared<DiscoverCommandOptions>();
  CLI::App* cmd = app.add_subcommand(
      "discover", "find devices on the local segment (SADP, DHIP, WS-Discovery, SSDP, mDNS; read-only questions)");
  cmd->add_option("--interface", options->interfaces,
                  "interface to ask on (repeatable; default: every up, multicast-capable IPv4 one, never loopback)");
  cmd->add_option("--wait", options->wait_seconds, "seconds to collect replies")
      ->capture_default_str()
      ->check(finite_range(0.5, 60.0));
  cmd->add_option("-o,--output", options->output, "devices file (JSON Lines), or - for stdout")->capture_default_str();
  cmd->add_option("--observations", options->observations, "also write every reply as observations (JSON Lines)");
  cmd->add_flag("--table", options->table, "also print a readable summary table on stdout (needs -o FILE)");
  options->kb.add_to(*cmd);
  return [options] {
    if (options->table && options->output == "-") {
      std::cerr << "camaudit discover: --table prints on stdout, so give the devices file with -o FILE\n";
      return 2;
    }
    return run_discover(*options);
  };
}

}  // namespace camaudit::app
