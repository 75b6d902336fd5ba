// SPDX-License-Identifier: Apache-2.0
// `camaudit identify [FILE|-]`: JSON Lines observations in, JSON Lines devices out.
// Exit status: 0 every line accepted; 1 some lines were rejected (the first ones named on
// stderr with their line numbers, all counted in the closing summary, the rest processed);
// 2 nothing could be done. The validation policy is in identify/observation_reader.hpp.
#include <camaudit/app/commands.hpp>
#include <camaudit/app/device_table.hpp>
#include <camaudit/identify/device_writer.hpp>
#include <camaudit/identify/identifier.hpp>
#include <camaudit/identify/observation_reader.hpp>
#include <camaudit/util/printable.hpp>
#include <camaudit/util/text.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>

namespace camaudit::app {

namespace {
struct IdentifyOptions {
  KbOptions kb;
  std::string input = "-";
  std::string output = "-";
  bool table = false;
  identify::ReaderOptions reader;
};

int run_identify(const IdentifyOptions& o) {
  auto kb = o.kb.load_or_report();
  if (!kb) return 2;
  std::FILE* in = o.input == "-" ? stdin : std::fopen(o.input.c_str(), "rb");
  if (in == nullptr) {
    std::cerr << "camaudit identify: cannot open " << o.input << ": " << std::strerror(errno) << "\n";
    return 2;
  }
  std::FILE* out = o.output == "-" ? stdout : std::fopen(o.output.c_str(), "wb");
  if (out == nullptr) {
    std::cerr << "camaudit identify: cannot write " << o.output << ": " << std::strerror(errno) << "\n";
    return 2;
  }
  identify::Identifier identifier(*kb);
  identify::ObservationReader reader(in, o.reader);
  const std::string name = o.input == "-" ? "<stdin>" : o.input;
  bool ok = reader.read([&](Observation&& obs) { identifier.add(obs); },
                        [&](const identify::ReadError& e) {
                          std::cerr << name << ":" << e.line << (e.warning ? ": warning: " : ": skipped: ") << util::printable(e.message)
                                    << "\n";
                        });
  const identify::ReadStats& stats = reader.stats();
  if (!ok) std::cerr << "camaudit identify: read error on " << name << ": " << std::strerror(errno) << "\n";
  DeviceTable table(*kb);
  for (const identify::Device& d : identifier.finish()) {
    std::string line = identify::device_to_json_line(d);
    line.push_back('\n');
    std::fwrite(line.data(), 1, line.size(), out);
    table.add(d);
  }
  if (in != stdin) std::fclose(in);
  if (out != stdout && std::fclose(out) != 0) {
    std::cerr << "camaudit identify: cannot write " << o.output << "\n";
    return 2;
  }
  std::fflush(stdout);
  if (o.table) table.print(std::cout);
  std::cerr << "camaudit identify: " << name << ": " << stats.summary() << "\n";
  std::cerr << "camaudit identify: " << stats.accepted << " observations, " << table.devices() << " devices ("
            << table.identified() << " with a manufacturer)\n";
  if (!ok) return 2;
  return stats.rejected || !stats.stopped.empty() ? 1 : 0;
}
}  // namespace

Run add_identify(CLI::App& app) {
  auto options = std::make_shared<IdentifyOptions>();
  CLI::App* cmd = app.add_subcommand("identify", "identify devices from JSON Lines observations (FILE or - for stdin)");
  cmd->add_option("input", options->input, "observations file (JSON Lines), or - for stdin")->capture_default_str();
  cmd->add_option("-o,--output", options->output, "devices file (JSON Lines), or - for stdout")->capture_default_str();
  cmd->add_flag("--table", options->table, "also print a readable summary table on stdout (needs -o FILE)");
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
