// SPDX-License-Identifier: Apache-2.0
// `camaudit identify [FILE|-]`: JSON Lines observations in, JSON Lines devices out.
// Exit status: 0 all lines read; 1 some lines were malformed (each reported on
// stderr with its line number, the rest processed); 2 nothing could be done.
#include <camaudit/app/commands.hpp>
#include <camaudit/app/device_table.hpp>
#include <camaudit/identify/device_writer.hpp>
#include <camaudit/identify/identifier.hpp>
#include <camaudit/identify/observation_reader.hpp>

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
  identify::ObservationReader reader(in);
  std::size_t bad = 0, good = 0;
  const std::string name = o.input == "-" ? "<stdin>" : o.input;
  bool ok = reader.read([&](Observation&& obs) { ++good; identifier.add(obs); },
                        [&](const identify::ReadError& e) {
                          ++bad;
                          if (bad <= 100) std::cerr << name << ":" << e.line << ": skipped: " << e.message << "\n";
                        });
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
  std::cerr << "camaudit identify: " << good << " observations, " << table.devices() << " devices (" << table.identified()
            << " with a manufacturer)";
  if (bad) std::cerr << ", " << bad << " malformed line(s) skipped";
  std::cerr << "\n";
  if (!ok) return 2;
  return bad ? 1 : 0;
}
}  // namespace

Run add_identify(CLI::App& app) {
  auto options = std::make_shared<IdentifyOptions>();
  CLI::App* cmd = app.add_subcommand("identify", "identify devices from JSON Lines observations (FILE or - for stdin)");
  cmd->add_option("input", options->input, "observations file (JSON Lines), or - for stdin")->capture_default_str();
  cmd->add_option("-o,--output", options->output, "devices file (JSON Lines), or - for stdout")->capture_default_str();
  cmd->add_flag("--table", options->table, "also print a readable summary table on stdout (needs -o FILE)");
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
