// SPDX-License-Identifier: Apache-2.0
// `camaudit discover`: asks the local segment who is there (SADP, DHIP, Dahua 5050,
// WS-Discovery, SSDP + UPnP description, mDNS; read-only questions only, on the chosen
// interfaces only) and identifies every replier (through pipeline/). Devices as JSON Lines on -o (default
// stdout), the raw replies with --observations (re-identify later with `identify`).
// Exit status: 0 discovery ran (even if nobody answered); 2 it could not run.
#include <camaudit/app/commands.hpp>
#include <camaudit/app/device_table.hpp>
#include <camaudit/discover/discoverer.hpp>
#include <camaudit/app/table_sink.hpp>
#include <camaudit/pipeline/audit.hpp>
#include <camaudit/pipeline/file_sinks.hpp>
#include <camaudit/pipeline/paths.hpp>
#include <camaudit/pipeline/pipeline.hpp>
#include <camaudit/identify/device_writer.hpp>
#include <camaudit/identify/identifier.hpp>
#include <camaudit/util/printable.hpp>
#include <camaudit/util/text.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>

#include <camaudit/app/audit_options.hpp>

namespace camaudit::app {

namespace {
struct DiscoverCommandOptions {
  KbOptions kb;
  std::vector<std::string> interfaces;
  double wait_seconds = 3;
  std::string output = "-";
  std::string observations;
  bool table = false;
  AuditOptions audit;
};

int run_discover(const DiscoverCommandOptions& o) {
  if (std::string clash = pipeline::path_clash({}, {{"-o", o.output}, {"--observations", o.observations}}); !clash.empty()) {
    std::cerr << "camaudit discover: " << clash << "\n";
    return 2;
  }
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

  pipeline::OutputFile devices_file, observations_file;
  for (auto [file, path] : {std::pair{&devices_file, &o.output}, std::pair{&observations_file, &o.observations}})
    if (std::string e = path->empty() ? "" : file->open(*path); !e.empty()) {
      std::cerr << "camaudit discover: " << e << "\n";
      return 2;
    }
  pipeline::DevicesJsonlSink devices(devices_file, true);
  pipeline::ObservationsSink observations(observations_file, true);
  DeviceTable table(*kb);
  TableSink table_sink(table);
  AuditServices services(o.audit);
  if (!services.prepare(o.kb.resolved_dir(), *kb, "camaudit discover")) return 2;
  std::vector<pipeline::Sink*> sinks = {&devices, &table_sink, &services};
  if (observations_file.is_open()) sinks.push_back(&observations);
  if (pipeline::Sink* stored = services.store_sink()) sinks.push_back(stored);
  pipeline::Pipeline flow(sinks, services.hook(), /*number_observations=*/true);
  nlohmann::json interfaces = nlohmann::json::array();
  for (const discover::Interface& i : result.interfaces) interfaces.push_back(i.name);
  AuditRecord audit = pipeline::start_audit("discover", interfaces, {{"wait_seconds", o.wait_seconds}},
                                            o.kb.resolved_dir());
  audit.profile = services.profile_json();
  flow.begin(audit);
  // All replies at once: each replier is one device, identified once.
  for (std::size_t i = 0; i < result.observations.size(); ++i) result.observations[i].index = i;
  std::vector<identify::Device> found = pipeline::identify_group(*kb, result.observations);
  flow.host(result.observations, std::move(found));
  audit.ended_at = pipeline::utc_now();
  audit.status = AuditStatus::complete;
  audit.devices = flow.devices();
  audit.observations = flow.observations();
  flow.end(audit);
  for (const std::string* e : {&devices.error(), &observations.error()})
    if (!e->empty()) {
      std::cerr << "camaudit discover: " << *e << "\n";
      return 2;
    }
  if (o.table) table.print(std::cout, SIZE_MAX, o.output);
  std::cerr << "camaudit discover: " << result.datagrams_sent << " datagrams sent on " << result.interfaces.size()
            << " interface(s); " << result.replies << " replies (" << result.duplicates << " retransmissions dropped";
  if (result.dropped) std::cerr << ", " << result.dropped << " past the limit";
  std::cerr << "), " << result.observations.size() << " observations, " << table.devices() << " devices ("
            << table.identified() << " with a manufacturer)\n"
            << services.summary();
  return services.exit_status(0);
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
  options->audit.add_to(*cmd);
  return [options] {
    if (options->table && options->output == "-") {
      std::cerr << "camaudit discover: --table prints on stdout, so give the devices file with -o FILE\n";
      return 2;
    }
    return run_discover(*options);
  };
}

}  // namespace camaudit::app
