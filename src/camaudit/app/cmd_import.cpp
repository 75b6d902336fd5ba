// SPDX-License-Identifier: Apache-2.0
// `camaudit import FORMAT FILE...`: existing data (an nmap XML, a ZGrab2 sweep, a
// capture, an asset register) in, devices out, identified exactly as `identify` does.
// The importers (src/camaudit/ingest/) make the observations; this only wires them to
// the identifier and the outputs, and says on stderr where every observation came from
// (file, format, sha256, the producing tool's version) and what could not be read.
// Exit status: 0 all read; 1 some records rejected or a file cut short; 2 nothing done.
#include <camaudit/app/commands.hpp>
#include <camaudit/identify/record.hpp>
#include <camaudit/app/device_table.hpp>
#include <camaudit/identify/device_writer.hpp>
#include <camaudit/identify/identifier.hpp>
#include <camaudit/ingest/importer.hpp>

#include <openssl/evp.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>

namespace camaudit::app {

namespace {

struct ImportCommandOptions {
  KbOptions kb;
  std::string format;
  std::vector<std::string> files;
  std::string columns;  // "make=Supplier,model=Type"
  std::size_t max_rows = ingest::ImportOptions{}.max_rows;
  std::string output = "-", csv, observations;
  bool table = false;
};

// The file's sha256, read in chunks (captures can be gigabytes).
std::string file_sha256(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return "?";
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr);
  std::vector<char> buffer(1 << 20);
  std::size_t n;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), f)) > 0) EVP_DigestUpdate(ctx.get(), buffer.data(), n);
  std::fclose(f);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_DigestFinal_ex(ctx.get(), digest, &size);
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < size; ++i) {
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 15]);
  }
  return out;
}

// "make=Supplier,model=Type" -> {make: Supplier, model: Type}; false on a malformed entry.
bool parse_columns(const std::string& text, std::map<std::string, std::string>& out) {
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    const std::string entry = text.substr(start, end - start);
    const auto eq = entry.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == entry.size()) return false;
    out[entry.substr(0, eq)] = entry.substr(eq + 1);
    start = end + 1;
  }
  return true;
}

void print_report(const std::string& file, const std::string& format, const ingest::ImportReport& r) {
  std::cerr << "camaudit import: " << file << " (" << format << ", sha256 " << file_sha256(file);
  if (!r.tool.empty()) std::cerr << ", " << r.tool;
  std::cerr << "): " << r.records << " " << r.unit << "(s) read, " << r.observations << " observation(s)";
  for (const auto& [what, n] : r.counts) std::cerr << ", " << what << " " << n;
  std::cerr << ", " << r.rejected_count << " rejected\n";
  for (std::size_t i = 0; i < r.rejected.size() && i < 50; ++i)
    std::cerr << "  " << file << ": " << r.unit << " " << r.rejected[i].where << " rejected: " << r.rejected[i].reason << "\n";
  if (r.rejected_count > 50) std::cerr << "  ... and " << r.rejected_count - 50 << " more rejected\n";
  if (r.error) std::cerr << "  " << file << ": stopped: " << *r.error << "\n";
}

struct Outputs {
  std::ofstream devices_file, csv, observations;
  std::ostream* devices = &std::cout;
  bool open(const ImportCommandOptions& o) {
    auto open_one = [](std::ofstream& f, const std::string& path) {
      if (path.empty()) return true;
      f.open(path, std::ios::binary | std::ios::trunc);
      if (!f) std::cerr << "camaudit import: cannot write " << path << ": " << std::strerror(errno) << "\n";
      return static_cast<bool>(f);
    };
    if (o.output != "-") {
      if (!open_one(devices_file, o.output)) return false;
      devices = &devices_file;
    }
    return open_one(csv, o.csv) && open_one(observations, o.observations);
  }
};

int run_import(const ImportCommandOptions& o) {
  const ingest::Importer* importer = ingest::find_importer(o.format);
  ingest::ImportOptions options;
  options.max_rows = o.max_rows;
  if (!parse_columns(o.columns, options.columns)) {
    std::cerr << "camaudit import: --columns wants ROLE=HEADER[,ROLE=HEADER...], e.g. make=Supplier,model=Type\n";
    return 2;
  }
  auto kb = o.kb.load_or_report();
  if (!kb) return 2;
  Outputs out;
  if (!out.open(o)) return 2;
  identify::Identifier identifier(*kb);
  std::size_t index = 0, problems = 0, opened = 0;
  for (const std::string& file : o.files) {
    std::FILE* in = std::fopen(file.c_str(), "rb");
    if (!in) {
      std::cerr << "camaudit import: cannot open " << file << ": " << std::strerror(errno) << "\n";
      ++problems;
      continue;
    }
    ++opened;
    const ingest::ImportReport report = importer->run({file, in}, options, [&](Observation&& obs) {
      obs.index = index++;
      if (out.observations.is_open()) out.observations << identify::observation_to_json_line(obs) << '\n';
      identifier.add(obs);
    });
    std::fclose(in);
    print_report(file, o.format, report);
    problems += report.rejected_count + (report.error ? 1 : 0);
  }
  DeviceTable table(*kb);
  if (out.csv.is_open()) out.csv << identify::device_csv_header() << '\n';
  for (const identify::Device& d : identifier.finish()) {
    *out.devices << identify::device_to_json_line(d) << '\n';
    if (out.csv.is_open()) out.csv << identify::device_to_csv_row(d) << '\n';
    table.add(identify::to_record(d));
  }
  out.devices->flush();
  if (o.table) table.print(std::cout);
  std::cerr << "camaudit import: " << index << " observations, " << table.devices() << " devices (" << table.identified()
            << " attributed to a manufacturer, " << table.devices() - table.identified() << " not)\n";
  if (opened == 0) return 2;
  return problems ? 1 : 0;
}

}  // namespace

Run add_import(CLI::App& app) {
  auto o = std::make_shared<ImportCommandOptions>();
  std::string formats;
  for (const ingest::Importer& i : ingest::importers()) formats += "\n  " + std::string(i.name) + ": " + std::string(i.summary);
  CLI::App* cmd = app.add_subcommand("import", "identify devices from existing data: FORMAT FILE..." + formats);
  std::vector<std::string> names;
  for (const ingest::Importer& i : ingest::importers()) names.emplace_back(i.name);
  cmd->add_option("format", o->format, "what the files are")->required()->check(CLI::IsMember(names));
  cmd->add_option("files", o->files, "files to import")->required();
  cmd->add_option("--columns", o->columns, "register columns by header, e.g. make=Supplier,model=Type "
                                           "(roles: make model text serial mac ip location site install_date quantity)");
  cmd->add_option("--max-rows", o->max_rows, "register rows read at most per file")->capture_default_str();
  cmd->add_option("-o,--output", o->output, "devices file (JSON Lines), or - for stdout")->capture_default_str();
  cmd->add_option("--csv", o->csv, "devices as CSV");
  cmd->add_option("--observations", o->observations, "also save the observations (re-run `identify` on them later)");
  cmd->add_flag("--table", o->table, "also print a readable summary table on stdout (needs -o FILE)");
  o->kb.add_to(*cmd);
  return [o] {
    if (o->table && o->output == "-") {
      std::cerr << "camaudit import: --table prints on stdout, so give the devices file with -o FILE\n";
      return 2;
    }
    return run_import(*o);
  };
}

}  // namespace camaudit::app
