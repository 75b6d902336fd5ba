// SPDX-License-Identifier: Apache-2.0
// `camaudit import FORMAT FILE...`: existing data (an nmap XML, a ZGrab2 sweep, a
// capture, an asset register) in, devices out, identified, assessed and stored exactly as
// a scan's hosts are (the same pipeline: each device's observations identified together,
// then assessment, then the JSONL/CSV/observations files, the table and the store).
// The importers (src/camaudit/ingest/) make the observations; this only wires them to
// the pipeline, and says on stderr where every observation came from (file, format,
// sha256, the producing tool's version) and what could not be read.
// Exit status: 0 all read; 1 some records rejected or a file cut short; 2 nothing done.
#include <camaudit/app/audit_options.hpp>
#include <camaudit/app/commands.hpp>
#include <camaudit/app/device_table.hpp>
#include <camaudit/app/table_sink.hpp>
#include <camaudit/ingest/importer.hpp>
#include <camaudit/pipeline/audit.hpp>
#include <camaudit/pipeline/file_sinks.hpp>
#include <camaudit/pipeline/paths.hpp>
#include <camaudit/pipeline/pipeline.hpp>

#include <openssl/evp.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>
#include <unordered_map>

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
  AuditOptions audit;
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

// Every file's observations, grouped by device key in the order keys first appear.
struct Imported {
  std::vector<std::string> order;
  std::unordered_map<std::string, std::vector<Observation>> groups;
  nlohmann::json sources = nlohmann::json::array();
  std::size_t observations = 0, problems = 0, opened = 0;

  void add(Observation&& o) {
    auto [it, fresh] = groups.try_emplace(o.key());
    if (fresh) order.push_back(o.key());
    it->second.push_back(std::move(o));
    ++observations;
  }
};

Imported read_files(const ImportCommandOptions& o, const ingest::ImportOptions& options) {
  const ingest::Importer* importer = ingest::find_importer(o.format);
  Imported in;
  for (const std::string& file : o.files) {
    std::FILE* f = std::fopen(file.c_str(), "rb");
    if (!f) {
      std::cerr << "camaudit import: cannot open " << file << ": " << std::strerror(errno) << "\n";
      ++in.problems;
      continue;
    }
    ++in.opened;
    const ingest::ImportReport report = importer->run({file, f}, options, [&](Observation&& obs) { in.add(std::move(obs)); });
    std::fclose(f);
    print_report(file, o.format, report);
    in.sources.push_back({{"file", file}, {"format", o.format}, {"sha256", file_sha256(file)}, {"tool", report.tool},
                          {"records", report.records}, {"rejected", report.rejected_count}});
    in.problems += report.rejected_count + (report.error ? 1 : 0);
  }
  return in;
}

// The output files as `scan` writes them; "" when all opened, else why not.
struct Outputs {
  pipeline::OutputFile devices_file, csv_file, observations_file;
  std::unique_ptr<pipeline::DevicesJsonlSink> devices;
  std::unique_ptr<pipeline::CsvSink> csv;
  std::unique_ptr<pipeline::ObservationsSink> observations;
  std::string open(const ImportCommandOptions& o) {
    if (std::string e = devices_file.open(o.output); !e.empty()) return e;
    devices = std::make_unique<pipeline::DevicesJsonlSink>(devices_file, true);
    if (!o.csv.empty()) {
      if (std::string e = csv_file.open(o.csv); !e.empty()) return e;
      csv = std::make_unique<pipeline::CsvSink>(csv_file, true, false);
    }
    if (!o.observations.empty()) {
      if (std::string e = observations_file.open(o.observations); !e.empty()) return e;
      observations = std::make_unique<pipeline::ObservationsSink>(observations_file, true);
    }
    return {};
  }
  void add_to(std::vector<pipeline::Sink*>& sinks) const {
    for (pipeline::Sink* s : std::initializer_list<pipeline::Sink*>{devices.get(), csv.get(), observations.get()})
      if (s) sinks.push_back(s);
  }
};

std::string clash(const ImportCommandOptions& o) {
  std::vector<pipeline::NamedPath> inputs, outputs = {{"-o", o.output}, {"-o metadata", pipeline::FileSink::sidecar(o.output)}};
  for (const std::string& f : o.files) inputs.push_back({"input", f});
  if (!o.csv.empty()) outputs.push_back({"--csv", o.csv});
  if (!o.observations.empty()) outputs.push_back({"--observations", o.observations});
  return pipeline::path_clash(inputs, outputs);
}

int run_import(const ImportCommandOptions& o) {
  ingest::ImportOptions options;
  options.max_rows = o.max_rows;
  if (!parse_columns(o.columns, options.columns)) {
    std::cerr << "camaudit import: --columns wants ROLE=HEADER[,ROLE=HEADER...], e.g. make=Supplier,model=Type\n";
    return 2;
  }
  if (std::string c = clash(o); !c.empty()) {
    std::cerr << "camaudit import: " << c << "\n";
    return 2;
  }
  auto kb = o.kb.load_or_report();
  if (!kb) return 2;
  AuditServices services(o.audit);
  if (!services.prepare(o.kb.resolved_dir(), *kb, "camaudit import")) return 2;
  Outputs out;
  if (std::string e = out.open(o); !e.empty()) {
    std::cerr << "camaudit import: " << e << "\n";
    return 2;
  }
  AuditRecord audit = pipeline::start_audit("import", o.files, {{"format", o.format}, {"columns", o.columns}, {"assess", !o.audit.no_assess}},
                                            o.kb.resolved_dir());
  Imported in = read_files(o, options);
  audit.source = {{"format", o.format}, {"files", in.sources}};
  audit.profile = services.profile_json();
  DeviceTable table(*kb);
  TableSink table_sink(table);
  std::vector<pipeline::Sink*> sinks;
  out.add_to(sinks);
  sinks.push_back(&table_sink);
  sinks.push_back(&services);
  if (pipeline::Sink* stored = services.store_sink()) sinks.push_back(stored);
  pipeline::Pipeline flow(sinks, services.hook(), /*number_observations=*/true);
  flow.begin(audit);
  std::size_t handed = 0;
  for (const std::string& key : in.order) {  // each device's observations identified together, as a scanned host's
    std::vector<Observation>& group = in.groups[key];
    for (std::size_t i = 0; i < group.size(); ++i) group[i].index = i;
    flow.host(group, pipeline::identify_group(*kb, group));
    in.groups.erase(key);
    if (++handed % 1000 == 0) flow.checkpoint();
  }
  audit.ended_at = pipeline::utc_now();
  audit.status = in.opened ? AuditStatus::complete : AuditStatus::failed;
  audit.devices = flow.devices();
  audit.observations = in.observations;
  flow.end(audit);
  if (!out.devices->error().empty()) {
    std::cerr << "camaudit import: " << out.devices->error() << "\n";
    return 2;
  }
  if (o.table) table.print(std::cout, SIZE_MAX, o.output);
  std::cerr << "camaudit import: " << in.observations << " observations, " << table.devices() << " devices ("
            << table.identified() << " attributed to a manufacturer, " << table.devices() - table.identified() << " not)";
  if (services.audit_id()) std::cerr << "; stored as audit " << services.audit_id();
  std::cerr << "\n" << services.summary();
  if (in.opened == 0) return 2;
  return services.exit_status(in.problems ? 1 : 0);
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
  o->audit.add_to(*cmd);
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
