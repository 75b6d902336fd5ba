// SPDX-License-Identifier: Apache-2.0
// `camaudit identify [FILE|-]`: JSON Lines observations in, JSON Lines devices out.
// Exit status: 0 every line accepted; 1 some lines were rejected (the first ones named on
// stderr with their line numbers, all counted in the closing summary, the rest processed);
// 2 nothing could be done. The validation policy is in identify/observation_reader.hpp.
#include <camaudit/app/commands.hpp>
#include <camaudit/app/device_table.hpp>
#include <camaudit/app/table_sink.hpp>
#include <camaudit/identify/identifier.hpp>
#include <camaudit/identify/observation_reader.hpp>
#include <camaudit/pipeline/audit.hpp>
#include <camaudit/pipeline/file_sinks.hpp>
#include <camaudit/pipeline/paths.hpp>
#include <camaudit/pipeline/pipeline.hpp>
#include <camaudit/util/printable.hpp>
#include <camaudit/util/text.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <camaudit/app/audit_options.hpp>

#include <iostream>

namespace camaudit::app {

namespace {
struct IdentifyOptions {
  KbOptions kb;
  std::string input = "-";
  std::string output = "-";
  bool table = false;
  AuditOptions audit;
  identify::ReaderOptions reader;
};

// Reads every observation into the identifier, naming each rejected line on stderr. With
// a store (`flow` given), the observations are kept too, in batches as they are read, so
// the audit can be identified again after a knowledge-base update (`camaudit reidentify`).
bool read_observations(identify::ObservationReader& reader, identify::Identifier& identifier, pipeline::Pipeline* flow,
                       const std::string& name) {
  std::vector<Observation> batch;
  auto keep_batch = [&] {
    if (!batch.empty()) flow->host(batch, {});
    batch.clear();
  };
  bool ok = reader.read(
      [&](Observation&& obs) {
        identifier.add(obs);
        if (!flow) return;
        batch.push_back(std::move(obs));
        if (batch.size() == 4096) keep_batch();
      },
      [&](const identify::ReadError& e) {
        std::cerr << name << ":" << e.line << (e.warning ? ": warning: " : ": skipped: ") << util::printable(e.message) << "\n";
      });
  if (flow) keep_batch();
  return ok;
}

int run_identify(const IdentifyOptions& o) {
  if (std::string clash = pipeline::path_clash(
          {{"input", o.input}}, {{"-o", o.output}, {"-o metadata", pipeline::FileSink::sidecar(o.output)}});
      !clash.empty()) {
    std::cerr << "camaudit identify: " << clash << "\n";
    return 2;
  }
  auto kb = o.kb.load_or_report();
  if (!kb) return 2;
  std::FILE* in = o.input == "-" ? stdin : std::fopen(o.input.c_str(), "rb");
  if (in == nullptr) {
    std::cerr << "camaudit identify: cannot open " << o.input << ": " << std::strerror(errno) << "\n";
    return 2;
  }
  pipeline::OutputFile out;
  if (std::string e = out.open(o.output); !e.empty()) {
    std::cerr << "camaudit identify: " << e << "\n";
    return 2;
  }
  pipeline::DevicesJsonlSink devices(out, true);
  DeviceTable table(*kb);
  TableSink table_sink(table);
  AuditServices services(o.audit);
  if (!services.prepare(o.kb.resolved_dir(), *kb, "camaudit identify")) return 2;
  std::vector<pipeline::Sink*> sinks = {&devices, &table_sink, &services};
  if (pipeline::Sink* stored = services.store_sink()) sinks.push_back(stored);
  pipeline::Pipeline flow(sinks, services.hook(), /*number_observations=*/false);
  AuditRecord audit = pipeline::start_audit("identify", nlohmann::json::array(),
                                            {{"input", o.input}, {"assess", !o.audit.no_assess}}, o.kb.resolved_dir());
  audit.source = {{"file", o.input}, {"format", "camaudit observations (JSON Lines)"}};
  audit.profile = services.profile_json();
  flow.begin(audit);

  identify::Identifier identifier(*kb);
  identify::ObservationReader reader(in, o.reader);
  const std::string name = o.input == "-" ? "<stdin>" : o.input;
  bool ok = read_observations(reader, identifier, services.store_sink() ? &flow : nullptr, name);
  const identify::ReadStats& stats = reader.stats();
  if (!ok) std::cerr << "camaudit identify: read error on " << name << ": " << std::strerror(errno) << "\n";
  if (in != stdin) std::fclose(in);
  // One device at a time, checkpointed every thousand, so the written lines never pile up in memory.
  std::vector<Observation> none;
  std::size_t handed = 0;
  for (identify::Device& d : identifier.finish()) {
    std::vector<identify::Device> one;
    one.push_back(std::move(d));
    flow.host(none, std::move(one));
    if (++handed % 1000 == 0) flow.checkpoint();
  }
  audit.ended_at = pipeline::utc_now();
  audit.status = ok ? AuditStatus::complete : AuditStatus::failed;
  audit.devices = flow.devices();
  audit.observations = stats.accepted;
  flow.end(audit);
  if (!devices.error().empty()) {
    std::cerr << "camaudit identify: " << devices.error() << "\n";
    return 2;
  }
  if (o.table) table.print(std::cout, SIZE_MAX, o.output);
  std::cerr << "camaudit identify: " << name << ": " << stats.summary() << "\n";
  std::cerr << "camaudit identify: " << stats.accepted << " observations, " << table.devices() << " devices ("
            << table.identified() << " with a manufacturer)";
  if (services.audit_id()) std::cerr << "; stored as audit " << services.audit_id();
  std::cerr << "\n" << services.summary();
  if (!ok) return 2;
  return services.exit_status(stats.rejected || !stats.stopped.empty() ? 1 : 0);
}
}  // namespace

Run add_identify(CLI::App& app) {
  auto options = std::make_shared<IdentifyOptions>();
  CLI::App* cmd = app.add_subcommand("identify", "identify devices from JSON Lines observations (FILE or - for stdin)");
  cmd->add_option("input", options->input, "observations file (JSON Lines), or - for stdin")->capture_default_str();
  cmd->add_option("-o,--output", options->output, "devices file (JSON Lines; metadata in FILE.meta.json), or - for stdout")
      ->capture_default_str();
  cmd->add_flag("--table", options->table, "also print a readable summary table on stdout (needs -o FILE)");
  options->audit.add_to(*cmd);
  cmd->add_option("--max-line-bytes", options->reader.max_line_bytes,
                  "longest input line accepted; longer lines are reported and skipped")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1024}, std::size_t{1} << 30));
  options->kb.add_to(*cmd);
  return [options] {
    if (options->table && options->output == "-") {
      std::cerr << "camaudit identify: --table prints on stdout, so give the devices file with -o FILE\n";
      return 2;
    }
    return run_identify(*options);
  };
}

}  // namespace camaudit::app
