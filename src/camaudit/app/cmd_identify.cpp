// SPDX-License-Identifier: Apache-2.0
// `camaudit identify [FILE|-]`: JSON Lines observations in, JSON Lines devices out.
// Exit status: 0 all lines read; 1 some lines were malformed (each reported on
// stderr with its line number, the rest processed); 2 nothing could be done.
#include <camaudit/app/commands.hpp>
#include <camaudit/identify/device_writer.hpp>
#include <camaudit/identify/identifier.hpp>
#include <camaudit/identify/observation_reader.hpp>
#include <camaudit/util/text.hpp>

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <map>

namespace camaudit::app {

namespace {
struct IdentifyOptions {
  KbOptions kb;
  std::string input = "-";
  std::string output = "-";
  bool table = false;
};

// The readable summary: one row per device, then counts per manufacturer. Makers
// restricted in some jurisdiction (vendors.toml `restricted`) are flagged with '!'.
void print_table(const std::vector<identify::Device>& devices, const kb::KnowledgeBase& kb) {
  auto cell = [](const std::optional<std::string>& s, std::size_t width) {
    std::string v = util::to_valid_utf8(s.value_or("-"));
    for (char& c : v)
      if (static_cast<unsigned char>(c) < 0x20) c = ' ';  // device text must not drive the terminal
    return v.size() > width ? v.substr(0, width - 1) + "~" : v;
  };
  std::cout << fmt::format("{:<24} {:<14} {:<12} {:<24} {:<26} {:<15} {:>4}\n", "device", "manufacturer", "brand",
                           "model", "firmware", "type", "conf");
  std::map<std::string, std::size_t> per_maker;
  std::size_t restricted = 0;
  for (const identify::Device& d : devices) {
    auto maker = d.value(Attribute::manufacturer);
    const kb::Vendor* vendor = maker ? kb.find_vendor(*maker) : nullptr;
    bool flagged = vendor && vendor->restricted;
    restricted += flagged;
    per_maker[maker.value_or("(unidentified)")]++;
    std::cout << fmt::format("{:<24} {:<14} {:<12} {:<24} {:<26} {:<15} {:>4.2f}\n", cell(d.key, 24),
                             cell(maker ? std::optional(*maker + (flagged ? " !" : "")) : std::nullopt, 14),
                             cell(d.brand(), 12), cell(d.value(Attribute::model), 24),
                             cell(d.value(Attribute::firmware), 26), cell(d.value(Attribute::device_type), 15),
                             d.confidence());
  }
  std::cout << "\nby manufacturer:";
  for (const auto& [maker, n] : per_maker) std::cout << "  " << maker << " " << n;
  std::cout << "\n" << restricted << " of " << devices.size()
            << " devices made by a restricted manufacturer (!: see kb/vendors.toml)\n";
}

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
  std::size_t devices = 0, identified = 0;
  std::vector<identify::Device> results = identifier.finish();
  for (const identify::Device& d : results) {
    std::string line = identify::device_to_json_line(d);
    line.push_back('\n');
    std::fwrite(line.data(), 1, line.size(), out);
    ++devices;
    identified += d.value(Attribute::manufacturer).has_value();
  }
  if (in != stdin) std::fclose(in);
  if (out != stdout && std::fclose(out) != 0) {
    std::cerr << "camaudit identify: cannot write " << o.output << "\n";
    return 2;
  }
  std::fflush(stdout);
  if (o.table) print_table(results, *kb);
  std::cerr << "camaudit identify: " << good << " observations, " << devices << " devices (" << identified
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
