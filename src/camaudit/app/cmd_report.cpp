// SPDX-License-Identifier: Apache-2.0
// `camaudit report [AUDIT] --format FORMAT -o FILE`: one audit's report in any format
// of report/registry.cpp. The audit comes from load_audit(): the store (AUDIT: an id or
// "latest", the default; --previous AUDIT for the changes section), or a devices.jsonl
// file (--devices, the output of scan/identify/discover; --previous FILE).
// Exit status: 0 written; 1 written, but some input lines were unreadable (each named
// on stderr); 2 nothing written.
#include <camaudit/app/commands.hpp>
#include <camaudit/app/store_options.hpp>
#include <camaudit/report/writer.hpp>

#include <camaudit/util/codec.hpp>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

namespace camaudit::app {

namespace {

namespace fs = std::filesystem;

struct ReportOptions {
  KbOptions kb;
  std::string audit;  // store audit id, or "latest"
  StoreOptions store;
  std::string devices, previous;
  std::string format = "html";
  std::string output;
  std::string organisation, site;
  bool quiet = false;
};

struct AuditInput {
  AuditRecord audit;
  std::vector<DeviceRecord> devices;
  std::optional<std::vector<DeviceRecord>> previous;
  std::size_t bad_lines = 0;
};

std::string file_time(const fs::path& path) {
  std::error_code ec;
  auto t = fs::last_write_time(path, ec);
  if (ec) return {};
  auto utc = std::chrono::floor<std::chrono::seconds>(std::chrono::file_clock::to_sys(t));
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", utc);
}

// devices.jsonl: one device object a line; an optional {"audit": {...}} line says how
// the audit was made. A bad line is reported with its number and skipped.
std::vector<DeviceRecord> read_devices(const std::string& path, AuditRecord* audit, std::size_t& bad) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path + ": " + std::strerror(errno));
  std::vector<DeviceRecord> devices;
  std::string line;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    try {
      nlohmann::json j = nlohmann::json::parse(line);
      if (j.is_object() && j.contains("audit") && !j.contains("ip")) {
        if (audit) *audit = audit_record_from_json(j["audit"]);
        continue;
      }
      devices.push_back(device_record_from_json(j));
    } catch (const std::exception& e) {
      if (++bad <= 100) std::cerr << path << ":" << number << ": skipped: " << e.what() << "\n";
    }
  }
  return devices;
}

std::string file_sha256(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return util::sha256_hex(text.str());
}

// The one place that knows where audits come from. With the store: open it, read
// audit(id) and for_each_device(id, ...), and the previous audit the same way.
std::vector<DeviceRecord> stored_devices(store::Store& store, AuditId id) {
  std::vector<DeviceRecord> devices;
  store.for_each_device(id, [&](DeviceRecord&& d) { devices.push_back(std::move(d)); });
  return devices;
}

AuditInput load_stored_audit(const ReportOptions& o) {
  std::unique_ptr<store::Store> store = o.store.open();
  AuditInput input;
  AuditId id = resolve_audit(*store, o.audit.empty() ? "latest" : o.audit);
  input.audit = *store->audit(id);
  input.devices = stored_devices(*store, id);
  if (!o.previous.empty()) {  // only the changes section reads it: brief records suffice
    input.previous.emplace();
    store->for_each_device_brief(resolve_audit(*store, o.previous),
                                 [&](DeviceRecord&& d) { input.previous->push_back(std::move(d)); });
  }
  if (!o.organisation.empty()) input.audit.organisation = o.organisation;
  if (!o.site.empty()) input.audit.site = o.site;
  return input;
}

AuditInput load_audit(const ReportOptions& o, const std::string& kb_digest) {
  if (o.devices.empty()) return load_stored_audit(o);
  AuditInput input;
  input.audit.command = "report";
  input.audit.status = AuditStatus::complete;
  input.audit.started_at = file_time(o.devices);
  input.audit.kb_digest = kb_digest;
  input.audit.camaudit_version = CAMAUDIT_VERSION;
  input.audit.source = {{"file", o.devices}, {"format", "jsonl"}, {"sha256", file_sha256(o.devices)}};
  input.devices = read_devices(o.devices, &input.audit, input.bad_lines);
  if (!o.previous.empty()) input.previous = read_devices(o.previous, nullptr, input.bad_lines);
  if (!o.organisation.empty()) input.audit.organisation = o.organisation;
  if (!o.site.empty()) input.audit.site = o.site;
  return input;
}

report::MakerLookup maker_lookup(std::shared_ptr<const kb::KnowledgeBase> kb) {
  return [kb](std::string_view name) -> std::optional<report::MakerInfo> {
    const kb::Vendor* v = kb->find_vendor(name);
    if (!v) return std::nullopt;
    return report::MakerInfo{v->name, v->restricted, v->where_text};
  };
}

int run_report(const ReportOptions& o) {
  const report::Writer* writer = report::find_writer(o.format);
  if (!writer) {
    std::cerr << "camaudit report: unknown --format " << o.format << "\n";
    return 2;
  }
  std::shared_ptr<const kb::KnowledgeBase> kb = o.kb.load_or_report();
  if (!kb) return 2;
  AuditInput input = load_audit(o, kb->digest());
  const std::string output = o.output.empty() ? "report" + std::string(writer->extension) : o.output;
  report::Model model = report::build_model(std::move(input.audit), std::move(input.devices), {maker_lookup(kb), {}},
                                            input.previous ? &*input.previous : nullptr);
  writer->write(model, output);
  if (!o.quiet) std::cout << output << "\n" << model.summary.paragraph << "\n";
  return input.bad_lines ? 1 : 0;
}

}  // namespace

Run add_report(CLI::App& app) {
  auto options = std::make_shared<ReportOptions>();
  CLI::App* cmd = app.add_subcommand("report", "write an audit's report: html, pdf, xlsx, csv, json or md");
  std::string formats;
  for (const report::Writer& w : report::writers()) formats += fmt::format("\n  {:5} {}", w.format, w.description);
  cmd->add_option("audit", options->audit, "audit id in the store, or latest (the default without --devices)");
  options->store.add_to(*cmd);
  cmd->add_option("--devices", options->devices, "devices file (JSON Lines: the output of scan, identify, discover)")
      ->check(CLI::ExistingFile);
  // No ExistingFile check: without --devices, --previous is an audit id (read_devices
  // names a missing file).
  cmd->add_option("--previous", options->previous,
                  "an earlier audit (its id in the store, or with --devices its devices file): adds the changes section");
  cmd->add_option("-f,--format", options->format, "report format:" + formats)->capture_default_str();
  cmd->add_option("-o,--output", options->output, "report file (default: report.FORMAT)");
  cmd->add_option("--organisation", options->organisation, "organisation named in the report");
  cmd->add_option("--site", options->site, "site named in the report");
  cmd->add_flag("-q,--quiet", options->quiet, "print nothing on success");
  options->kb.add_to(*cmd);
  return [options] { return run_report(*options); };
}

}  // namespace camaudit::app
