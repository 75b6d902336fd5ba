// SPDX-License-Identifier: Apache-2.0
// `camaudit scan TARGET...`: the active audit. Options in, the pipeline (pipeline/:
// scan source → identify once per host → assess → sinks) run, exit status out.
// Targets are walked in a pseudo-random order, each live host is probed (scan/probe.hpp),
// identified as soon as it is done, and streamed out: JSON Lines (-o), CSV (--csv),
// raw observations (--observations, for `identify` after a knowledge-base update), and
// a summary table at the end.
//
// Resumable scans: `--checkpoint FILE` starts one (FILE must not exist), `--resume FILE`
// continues it (FILE must exist). The resume file records how far the scan got and how
// long each output was at that moment; a resume cuts each output back to that length
// (dropping a torn last line or hosts it will redo) and refuses an output shorter than it.
//
// Exit status: 0 done; 1 stopped early (a signal; continue with --resume); 2 nothing could
// be done or an output failed (bad options or targets, refused public space, unreadable
// or clashing files).
#include <camaudit/app/commands.hpp>
#include <camaudit/app/audit_options.hpp>
#include <camaudit/app/device_table.hpp>
#include <camaudit/app/discovery_merge.hpp>
#include <camaudit/app/progress.hpp>
#include <camaudit/app/table_sink.hpp>
#include <camaudit/discover/discoverer.hpp>
#include <camaudit/discover/interfaces.hpp>
#include <camaudit/identify/device_writer.hpp>
#include <camaudit/pipeline/audit.hpp>
#include <camaudit/pipeline/file_sinks.hpp>
#include <camaudit/pipeline/paths.hpp>
#include <camaudit/pipeline/scan_source.hpp>
#include <camaudit/scan/credentials.hpp>
#include <camaudit/scan/ports.hpp>
#include <camaudit/scan/probes/registry.hpp>
#include <camaudit/scan/resume.hpp>
#include <camaudit/scan/scanner.hpp>
#include <camaudit/util/printable.hpp>

#include <fmt/format.h>

#include <arpa/inet.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <future>
#include <iostream>
#include <random>

namespace camaudit::app {

namespace {

struct ScanCommandOptions {
  KbOptions kb;
  std::vector<std::string> targets;
  std::string input_list, exclude, exclude_file, ports, shard = "1/1", credentials;
  std::string output, csv, observations, checkpoint, resume;
  std::optional<std::uint64_t> seed;
  bool allow_public = false, quiet = false, list_probes = false, no_table = false, discover = false;
  bool csv_bom = false;
  AuditOptions audit;
  std::vector<std::string> interfaces;
  double discover_wait = 3, grace = 5;
  std::string progress = "auto";
  std::size_t max_rows = 200;
  scan::ScanLimits limits;
  int connect_timeout_ms = 1500, read_timeout_ms = 4000, banner_timeout_ms = 1500;
};

// What the command line asks for, checked and parsed.
struct ScanPlan {
  scan::TargetSet targets;
  std::vector<std::uint16_t> ports;
  scan::Shard shard;
};

int list_probes() {
  std::cout << fmt::format("{:<16} {:<14} {:<13} {}\n", "probe", "stage", "safety", "what it asks");
  for (const scan::Probe* p : scan::probes::all()) {
    static constexpr const char* kStages[] = {"", "first-contact", "follow-up", "inventory"};
    std::cout << fmt::format("{:<16} {:<14} {:<13} {}\n", p->name(), kStages[static_cast<int>(p->stage())],
                             scan::to_string(p->safety()), p->description());
  }
  return 0;
}

// The LAN interfaces whose subnet some target block overlaps (blocks compared by their
// bounds: an octet product like 10.0.1-3.* counts as the range it spans).
std::vector<discover::Interface> covered_interfaces(const scan::TargetSet& targets) {
  std::vector<discover::Interface> covered;
  for (const discover::Interface& i : discover::lan_interfaces()) {
    std::uint32_t mask = i.prefix_length == 0 ? 0 : ~std::uint32_t{0} << (32 - i.prefix_length);
    std::uint32_t low = ntohl(i.address) & mask, high = low | ~mask;
    for (const scan::TargetSet::Block& b : targets.blocks()) {
      if (b.v6) continue;
      std::uint32_t first = b.first.v4_value(), last = first + static_cast<std::uint32_t>(b.count - 1);
      if (!b.octets[0].empty()) {
        first = last = 0;
        for (const auto& octet : b.octets) {
          first = first << 8 | octet.front();
          last = last << 8 | octet.back();
        }
      }
      if (first <= high && last >= low) {
        covered.push_back(i);
        break;
      }
    }
  }
  return covered;
}

// `--discover`: LAN discovery on the covered interfaces (or those named), before the scan.
std::optional<DiscoveredDevices> run_discovery(const ScanCommandOptions& o, const scan::TargetSet& targets,
                                               const kb::KnowledgeBase& kb) {
  std::vector<std::string> names;
  for (const discover::Interface& i : covered_interfaces(targets))
    if (o.interfaces.empty() || std::find(o.interfaces.begin(), o.interfaces.end(), i.name) != o.interfaces.end())
      names.push_back(i.name);
  if (names.empty()) {
    std::cerr << "camaudit scan: --discover: no LAN interface's subnet is covered by the targets"
              << (o.interfaces.empty() ? "" : " among --interface") << "; scanning without discovery\n";
    return std::nullopt;
  }
  discover::DiscoverOptions options;
  options.interfaces = names;
  options.wait = std::chrono::milliseconds(static_cast<long>(o.discover_wait * 1000));
  if (!o.quiet) options.progress = [](std::string_view line) { std::cerr << "camaudit scan: discover: " << util::printable(line) << "\n"; };
  discover::DiscoverResult result = discover::discover(options);
  if (result.error) {
    std::cerr << "camaudit scan: --discover: " << *result.error << "; scanning without discovery\n";
    return std::nullopt;
  }
  std::size_t replies = result.observations.size();
  DiscoveredDevices discovered(std::move(result.observations), kb);
  if (!o.quiet)
    std::cerr << fmt::format("camaudit scan: discover: {} replies from {} devices\n", replies, discovered.size());
  return discovered;
}

std::optional<ScanPlan> plan_scan(const ScanCommandOptions& o) {
  ScanPlan plan;
  try {
    for (const std::string& t : o.targets) plan.targets.add(t);
    if (!o.input_list.empty()) plan.targets.add_file(o.input_list);
    if (!o.exclude.empty()) plan.targets.exclude(o.exclude);
    if (!o.exclude_file.empty()) plan.targets.exclude_file(o.exclude_file);
    plan.ports = o.ports.empty() ? scan::default_ports() : scan::parse_ports(o.ports);
    plan.shard = scan::parse_shard(o.shard);
  } catch (const std::exception& e) {
    std::cerr << "camaudit scan: " << e.what() << "\n";
    return std::nullopt;
  }
  if (plan.targets.size() == 0) {
    std::cerr << "camaudit scan: no targets (give addresses, ranges or -iL FILE)\n";
    return std::nullopt;
  }
  if (auto public_specs = plan.targets.public_specs(); !public_specs.empty() && !o.allow_public) {
    std::cerr << "camaudit scan: refusing to scan public address space without --allow-public:\n";
    for (const std::string& s : public_specs) std::cerr << "  " << s << "\n";
    std::cerr << "Scanning networks you are not responsible for may be illegal. If these addresses are yours, "
                 "add --allow-public.\n";
    return std::nullopt;
  }
  return plan;
}

// The outputs by option name, as the resume file records them.
std::vector<pipeline::NamedPath> outputs_of(const ScanCommandOptions& o) {
  std::vector<pipeline::NamedPath> out = {{"-o", o.output}, {"--csv", o.csv}, {"--observations", o.observations}};
  for (const auto& [option, path] : std::vector<pipeline::NamedPath>(out))
    if (!path.empty() && path != "-") out.push_back({option + " metadata", pipeline::FileSink::sidecar(path)});
  std::string resume_file = o.resume.empty() ? o.checkpoint : o.resume;
  if (!resume_file.empty()) out.push_back({o.resume.empty() ? "--checkpoint" : "--resume", resume_file});
  return out;
}

std::string clashing_paths(const ScanCommandOptions& o) {
  std::vector<pipeline::NamedPath> inputs = {{"-iL", o.input_list}, {"--exclude-file", o.exclude_file},
                                             {"--credentials", o.credentials}};
  return pipeline::path_clash(inputs, outputs_of(o));
}

// --checkpoint starts a resumable scan, --resume continues one; either way `state` is
// what the resume file will say. Returns an exit status when the scan must not run.
std::optional<int> prepare_resume(const ScanCommandOptions& o, scan::ResumeState& state, bool& resuming) {
  if (!o.checkpoint.empty() && !o.resume.empty()) {
    std::cerr << "camaudit scan: give --checkpoint FILE (start a resumable scan) or --resume FILE (continue one), "
                 "not both\n";
    return 2;
  }
  std::error_code ec;
  if (!o.checkpoint.empty() && std::filesystem::exists(o.checkpoint, ec)) {
    std::cerr << "camaudit scan: --checkpoint " << o.checkpoint << " exists already: continue that scan with --resume "
              << o.checkpoint << ", or remove the file to start afresh\n";
    return 2;
  }
  if (o.resume.empty()) return std::nullopt;
  try {
    std::optional<scan::ResumeState> saved = scan::read_resume(o.resume);
    if (!saved) {
      std::cerr << "camaudit scan: --resume " << o.resume << ": no such file (start a resumable scan with --checkpoint "
                << o.resume << ")\n";
      return 2;
    }
    if (std::string why = scan::resume_mismatch(*saved, state); !why.empty()) {
      std::cerr << "camaudit scan: " << o.resume << " belongs to another scan (" << why
                << "); give the same targets, ports and shard, or another --resume file\n";
      return 2;
    }
    if (saved->complete) {
      std::cerr << "camaudit scan: " << o.resume << " says this scan is already complete\n";
      return 0;
    }
    state = *saved;
    resuming = true;
  } catch (const scan::ResumeError& e) {
    std::cerr << "camaudit scan: " << e.what() << "\n";
    return 2;
  }
  return std::nullopt;
}

// The scan's output files and sinks. A resumed scan reopens each output it had, cut back
// to its size at the last checkpoint; an output new to the resume starts empty.
struct Outputs {
  pipeline::OutputFile devices, csv, observations;
  std::optional<pipeline::DevicesJsonlSink> devices_sink;
  std::optional<pipeline::CsvSink> csv_sink;
  std::optional<pipeline::ObservationsSink> observations_sink;

  std::string open(const ScanCommandOptions& o, const scan::ResumeState& state, bool resuming) {
    const nlohmann::json recorded = state.extra.value("outputs", nlohmann::json::object());
    auto open_one = [&](pipeline::OutputFile& file, const char* option, const std::string& path, bool& fresh) {
      fresh = true;
      if (path.empty()) return std::string();
      std::optional<std::uint64_t> size;
      if (resuming && path != "-" && recorded.contains(option)) {
        const nlohmann::json& r = recorded.at(option);
        if (r.value("path", "") != path)
          return fmt::format("{} {}: the resumed scan wrote {} {}; give the same outputs", option, path, option,
                             r.value("path", ""));
        size = r.value("size", std::uint64_t{0});
        fresh = false;
      }
      return file.open(path, size);
    };
    bool fresh_devices = true, fresh_csv = true, fresh_observations = true;
    if (std::string e = open_one(devices, "-o", o.output, fresh_devices); !e.empty()) return e;
    if (std::string e = open_one(csv, "--csv", o.csv, fresh_csv); !e.empty()) return e;
    if (std::string e = open_one(observations, "--observations", o.observations, fresh_observations); !e.empty()) return e;
    if (devices.is_open()) devices_sink.emplace(devices, fresh_devices);
    if (csv.is_open()) csv_sink.emplace(csv, fresh_csv, o.csv_bom);
    if (observations.is_open()) observations_sink.emplace(observations, fresh_observations);
    return {};
  }
  std::vector<pipeline::Sink*> sinks() {
    std::vector<pipeline::Sink*> out;
    if (devices_sink) out.push_back(&*devices_sink);
    if (csv_sink) out.push_back(&*csv_sink);
    if (observations_sink) out.push_back(&*observations_sink);
    return out;
  }
  nlohmann::json sizes(const ScanCommandOptions& o) const {
    nlohmann::json j = nlohmann::json::object();
    auto add = [&](const char* option, const std::string& path, const pipeline::OutputFile& f) {
      if (f.is_open() && path != "-") j[option] = {{"path", path}, {"size", f.size()}};
    };
    add("-o", o.output, devices);
    add("--csv", o.csv, csv);
    add("--observations", o.observations, observations);
    return j;
  }
  std::string error() const {
    for (const pipeline::FileSink* sink : std::initializer_list<const pipeline::FileSink*>{
             devices_sink ? &*devices_sink : nullptr, csv_sink ? &*csv_sink : nullptr,
             observations_sink ? &*observations_sink : nullptr})
      if (sink && !sink->error().empty()) return sink->error();
    return {};
  }
};

// How the audit was made, for every output's metadata.
nlohmann::json options_json(const ScanCommandOptions& o, const ScanPlan& plan, std::uint64_t seed) {
  return {{"ports", plan.ports},
          {"exclusions", plan.targets.exclusions()},
          {"shard", o.shard},
          {"seed", seed},
          {"rate", o.limits.rate},
          {"concurrency", o.limits.concurrency},
          {"host_connections", o.limits.host_connections},
          {"connect_timeout_ms", o.connect_timeout_ms},
          {"read_timeout_ms", o.read_timeout_ms},
          {"banner_timeout_ms", o.banner_timeout_ms},
          {"retries", o.limits.retries},
          {"max_response_bytes", o.limits.max_response_bytes},
          {"credentials", !o.credentials.empty()},
          {"discover", o.discover},
          {"assess", !o.audit.no_assess}};
}

// Devices an earlier part of a resumed scan wrote, back into the summary table.
void reload_devices(const std::string& path, std::uint64_t size, DeviceTable& table) {
  std::ifstream in(path, std::ios::binary);
  std::uint64_t read = 0;
  for (std::string line; read < size && std::getline(in, line);) {
    read += line.size() + 1;
    if (line.empty()) continue;
    try {
      table.add(device_record_from_json(nlohmann::json::parse(line)));
    } catch (const std::exception&) {
      // A line the summary cannot read is still in the file; the summary just misses it.
    }
  }
}

scan::ScanOptions scan_options(const ScanCommandOptions& o, const ScanPlan& plan, const scan::ResumeState& state) {
  scan::ScanOptions options;
  options.ports = plan.ports;
  options.limits = o.limits;
  options.limits.connect_timeout = std::chrono::milliseconds(o.connect_timeout_ms);
  options.limits.read_timeout = std::chrono::milliseconds(o.read_timeout_ms);
  options.limits.banner_timeout = std::chrono::milliseconds(o.banner_timeout_ms);
  options.seed = state.seed;
  options.shard = plan.shard;
  options.allow_public = o.allow_public;
  options.resume_from = state.checkpoint;
  options.positions_done_before = state.extra.value("positions_done", std::uint64_t{0});
  return options;
}

// The knowledge base loads on another thread (compiling its Hyperscan databases takes a
// second or two) while the sweep starts: hosts wait for it only after their first answers.
class KbLoader {
 public:
  explicit KbLoader(const KbOptions& kb) : m_loading(std::async(std::launch::async, [&kb] { return kb.load_or_report(); })) {}
  const kb::KnowledgeBase* ready(bool& failed) {
    if (!m_kb && !m_failed && m_loading.wait_for(std::chrono::seconds(0)) == std::future_status::ready) take();
    failed = m_failed;
    return m_kb.get();
  }
  const kb::KnowledgeBase* wait() {
    if (!m_kb && !m_failed) take();
    return m_kb.get();
  }

 private:
  void take() {
    m_kb = m_loading.get();
    m_failed = !m_kb;
  }
  std::future<std::unique_ptr<kb::KnowledgeBase>> m_loading;
  std::unique_ptr<kb::KnowledgeBase> m_kb;
  bool m_failed = false;
};

// Counts of the part of the scan before a resume (kept in the resume file).
struct Before {
  std::uint64_t hosts_up = 0, connections = 0, devices = 0, identified = 0, restricted = 0, silent = 0;
  double elapsed = 0;
  static Before from(const nlohmann::json& j) {
    return {j.value("hosts_up", std::uint64_t{0}), j.value("connections", std::uint64_t{0}),
            j.value("devices", std::uint64_t{0}),  j.value("identified", std::uint64_t{0}),
            j.value("restricted", std::uint64_t{0}), j.value("hosts_silent", std::uint64_t{0}),
            j.value("elapsed", 0.0)};
  }
};

std::string summary_line(const scan::ScanStatus& last, const Before& before, const DeviceTable& table,
                         bool table_has_before, std::size_t unparsed) {
  std::uint64_t extra_devices = table_has_before ? 0 : before.devices;
  std::string line = fmt::format(
      "camaudit scan: {} addresses in {:.1f} s, {} hosts up, {} devices ({} identified, {} by a restricted maker), "
      "{} connections",
      last.positions_done, last.elapsed.count() + before.elapsed, last.hosts_up + before.hosts_up,
      table.devices() + extra_devices, table.identified() + (table_has_before ? 0 : before.identified),
      table.restricted() + (table_has_before ? 0 : before.restricted), last.connections + before.connections);
  if (unparsed) line += fmt::format(", {} with unparsed answers", unparsed);
  if (std::uint64_t silent = last.hosts_silent + before.silent)
    line += fmt::format(", {} up but answered no probe (reported without identification)", silent);
  return line;
}

int run_scan(ScanCommandOptions& o) {
  if (o.list_probes) return list_probes();
  if (o.limits.rate > 0 && o.limits.rate < 0.1) {
    std::cerr << "camaudit scan: --rate " << o.limits.rate << ": at least 0.1 connections per second (or 0: unlimited)\n";
    return 2;
  }
  std::optional<ScanPlan> plan = plan_scan(o);
  if (!plan) return 2;
  if (std::string clash = clashing_paths(o); !clash.empty()) {
    std::cerr << "camaudit scan: " << clash << "\n";
    return 2;
  }
  // From here on SIGINT/SIGTERM are counted: the scan source stops within --grace.
  pipeline::install_stop_signals();
  KbLoader kb(o.kb);
  std::optional<scan::CredentialStore> credentials;
  if (!o.credentials.empty()) {
    try {
      credentials = scan::CredentialStore::load(o.credentials);
    } catch (const scan::CredentialError& e) {
      std::cerr << "camaudit scan: " << e.what() << "\n";
      return 2;
    }
  }
  scan::ResumeState state;
  state.targets = plan->targets.specs();
  state.exclusions = plan->targets.exclusions();
  state.ports = plan->ports;
  state.shard = plan->shard;
  bool resuming = false;
  if (std::optional<int> status = prepare_resume(o, state, resuming)) return *status;
  if (!resuming) state.seed = o.seed ? *o.seed : std::random_device{}();
  const std::string resume_file = o.resume.empty() ? o.checkpoint : o.resume;

  Outputs outputs;
  if (std::string e = outputs.open(o, state, resuming); !e.empty()) {
    std::cerr << "camaudit scan: " << e << "\n";
    return 2;
  }
  AuditRecord audit = pipeline::start_audit("scan", plan->targets.specs(), options_json(o, *plan, state.seed),
                                            o.kb.resolved_dir());
  if (resuming) audit.started_at = state.extra.value("started_at", audit.started_at);
  Before before = Before::from(state.extra.value("summary", nlohmann::json::object()));

  scan::ScanOptions options = scan_options(o, *plan, state);
  if (credentials) options.credential_for = [&](const scan::IpAddress& a) { return credentials->for_address(a); };
  std::optional<DiscoveredDevices> discovered;
  if (o.discover) {
    if (!kb.wait()) return 2;
    discovered = run_discovery(o, plan->targets, *kb.wait());
  }

  std::optional<DeviceTable> table;
  std::optional<TableSink> table_sink;
  // Assessment and the store need the knowledge base (and a bad profile or store must stop
  // the scan before it starts), so they wait for it; the sweep itself does not.
  AuditServices services(o.audit);
  if (!kb.wait() || !services.prepare(o.kb.resolved_dir(), *kb.wait(), "camaudit scan")) return 2;
  std::vector<pipeline::Sink*> sinks = outputs.sinks();
  sinks.push_back(&services);
  if (pipeline::Sink* stored = services.store_sink()) sinks.push_back(stored);
  audit.profile = services.profile_json();
  if (resuming) audit.id = state.extra.value("audit_id", AuditId{0});  // continue the same audit row
  pipeline::Pipeline flow(sinks, services.hook(), /*number_observations=*/true);
  flow.set_observations_before(state.extra.value("observations", std::size_t{0}));
  bool table_has_before = false;
  auto ensure_table = [&](const kb::KnowledgeBase& k) {
    if (table) return;
    table.emplace(k);
    table_sink.emplace(*table);
    flow.add_sink(&*table_sink);
    if (resuming && outputs.devices.is_open() && o.output != "-") {
      reload_devices(o.output, outputs.devices.size(), *table);
      table_has_before = true;
    }
  };

  ProgressLine progress(o.quiet ? ProgressLine::Mode::never
                        : o.progress == "always" ? ProgressLine::Mode::always
                        : o.progress == "never"  ? ProgressLine::Mode::never
                                                 : ProgressLine::Mode::automatic);
  pipeline::ScanSourceHooks hooks;
  hooks.knowledge = [&](bool& failed) -> const kb::KnowledgeBase* {
    const kb::KnowledgeBase* k = kb.ready(failed);
    if (k) ensure_table(*k);
    return k;
  };
  if (discovered) hooks.discovered_for = [&](const identify::Device& d) { return discovered->take_matching(d); };
  auto summary_json = [&](const scan::ScanStatus& s) {
    return nlohmann::json{{"hosts_up", s.hosts_up + before.hosts_up},
                          {"connections", s.connections + before.connections},
                          {"hosts_silent", s.hosts_silent + before.silent},
                          {"devices", (table ? table->devices() : 0) + (table_has_before ? 0 : before.devices)},
                          {"identified", (table ? table->identified() : 0) + (table_has_before ? 0 : before.identified)},
                          {"restricted", (table ? table->restricted() : 0) + (table_has_before ? 0 : before.restricted)},
                          {"elapsed", s.elapsed.count() + before.elapsed}};
  };
  hooks.save = [&](const scan::Checkpoint& checkpoint, bool complete, const scan::ScanStatus& s) {
    if (resume_file.empty()) return;
    state.checkpoint = checkpoint;
    state.complete = complete;
    state.extra = {{"outputs", outputs.sizes(o)},
                   {"observations", flow.observations()},
                   {"positions_done", s.positions_done},
                   {"started_at", audit.started_at},
                   {"audit_id", services.audit_id()},
                   {"summary", summary_json(s)}};
    try {
      scan::write_resume(resume_file, state);
    } catch (const scan::ResumeError& e) {
      progress.finish();
      std::cerr << "camaudit scan: " << e.what() << "\n";
    }
  };
  hooks.tick = [&](const scan::ScanStatus& s) {
    progress.draw_scan(s, table ? table->devices() : 0, table ? table->identified() : 0);
  };
  hooks.say = [&](const std::string& message) {
    progress.finish();
    std::cerr << "camaudit scan: " << message << "\n";
  };
  hooks.before_hard_exit = [&](const scan::ScanStatus& s) {
    progress.finish();
    if (!o.quiet && table) std::cerr << summary_line(s, before, *table, table_has_before, flow.unparsed_devices()) << "\n";
    if (!resume_file.empty()) std::cerr << "camaudit scan: continue with the same command and --resume " << resume_file << "\n";
  };
  pipeline::ScanSourceSettings settings;
  settings.grace = std::chrono::duration<double>(o.grace);

  if (!o.quiet)
    std::cerr << fmt::format("camaudit scan: {} addresses × {} ports, shard {}/{}, seed {}{}\n", plan->targets.size(),
                             plan->ports.size(), plan->shard.index + 1, plan->shard.count, state.seed,
                             resuming ? " (resumed)" : "");
  flow.begin(audit);
  pipeline::ScanOutcome outcome = pipeline::run_scan_source(plan->targets, options, flow, hooks, settings);
  if (!kb.wait()) return 2;  // its problems were printed by the loader
  ensure_table(*kb.wait());
  bool interrupted = outcome.interrupted || pipeline::stop_signals() > 0;
  if (discovered && !interrupted)
    for (auto& [ip, replies] : discovered->take_remaining()) {
      auto address = scan::parse_target(ip);
      bool inside = address && plan->targets.contains(address->first);
      for (std::size_t i = 0; i < replies.size(); ++i) replies[i].index = i;
      std::vector<identify::Device> devices = pipeline::identify_group(*kb.wait(), replies);
      flow.host(replies, std::move(devices),
                {{}, inside ? "found by LAN discovery only: no scanned port answered"
                            : "found by LAN discovery outside the scanned ranges; not probed"});
    }
  audit.ended_at = pipeline::utc_now();
  audit.status = interrupted ? AuditStatus::interrupted : AuditStatus::complete;
  audit.devices = flow.devices();
  audit.observations = flow.observations();
  flow.end(audit);
  hooks.save(outcome.checkpoint, !interrupted, outcome.status);  // with the outputs' final sizes
  progress.finish();

  if (!o.no_table) {
    std::ostream& out = o.output == "-" ? std::cerr : std::cout;
    table->print(out, o.max_rows, o.output);
  }
  if (!o.quiet) {
    std::cerr << summary_line(outcome.status, before, *table, table_has_before, flow.unparsed_devices()) << "\n";
    std::cerr << services.summary();
    if (services.audit_id()) std::cerr << "camaudit scan: stored as audit " << services.audit_id() << "\n";
    if (interrupted && !resume_file.empty())
      std::cerr << "camaudit scan: interrupted; continue with the same command and --resume " << resume_file << "\n";
  }
  if (std::string e = outputs.error(); !e.empty()) {
    std::cerr << "camaudit scan: " << e << "\n";
    return 2;
  }
  return services.exit_status(interrupted ? 1 : 0);
}

}  // namespace

Run add_scan(CLI::App& app) {
  auto o = std::make_shared<ScanCommandOptions>();
  CLI::App* cmd = app.add_subcommand("scan", "actively audit address ranges: find and identify cameras, NVRs and DVRs");
  cmd->add_option("targets", o->targets, "addresses, CIDR blocks, ranges (127.0.0.1-254, 127.0.1-3.*), hostnames");
  cmd->add_option("-i,--iL", o->input_list, "read targets from FILE (one or more per line, # comments)");
  cmd->add_option("--exclude", o->exclude, "comma-separated targets never to touch");
  cmd->add_option("--exclude-file", o->exclude_file, "targets never to touch, from FILE");
  cmd->add_option("-p,--ports", o->ports, "TCP ports, e.g. 80,443,8000-8010 (default: camera and recorder ports)");
  cmd->add_flag("--allow-public", o->allow_public, "allow targets outside private address space");
  // Every number is range-checked: a value outside its range is refused by name, never wrapped.
  cmd->add_option("--rate", o->limits.rate, "new connections per second, 0.1..1000000 (0: unlimited)")
      ->capture_default_str()->check(CLI::Range(0.0, 1e6));
  cmd->add_option("--concurrency", o->limits.concurrency, "connections open at once, 1..100000")
      ->capture_default_str()->check(CLI::Range(std::size_t{1}, std::size_t{100000}));
  cmd->add_option("--host-connections", o->limits.host_connections, "connections open at once to one host, 1..64")
      ->capture_default_str()->check(CLI::Range(std::size_t{1}, std::size_t{64}));
  cmd->add_option("--connect-timeout", o->connect_timeout_ms, "connect and TLS handshake timeout, ms (1..600000)")
      ->capture_default_str()->check(CLI::Range(1, 600000));
  cmd->add_option("--read-timeout", o->read_timeout_ms, "time allowed for one answer, ms (1..600000)")
      ->capture_default_str()->check(CLI::Range(1, 600000));
  cmd->add_option("--banner-timeout", o->banner_timeout_ms, "how long to wait for a service that speaks first, ms (1..600000)")
      ->capture_default_str()->check(CLI::Range(1, 600000));
  cmd->add_option("--retries", o->limits.retries, "extra connect attempts after a timeout, 0..10")
      ->capture_default_str()->check(CLI::Range(0, 10));
  cmd->add_option("--max-response-bytes", o->limits.max_response_bytes, "bytes read from one answer at most, 1..67108864")
      ->capture_default_str()->check(CLI::Range(std::size_t{1}, std::size_t{64} << 20));
  cmd->add_option("--grace", o->grace,
                  "after SIGINT/SIGTERM, seconds the hosts in flight get to finish (0..3600); a second signal stops at once")
      ->capture_default_str()->check(CLI::Range(0.0, 3600.0));
  cmd->add_option("--shard", o->shard, "scan only part I of N (same --seed on every machine)")->capture_default_str();
  cmd->add_option("--seed", o->seed, "seed of the address order (default: random; saved in the resume file)");
  cmd->add_option("--credentials", o->credentials, "TOML file of per-range accounts for read-only inventory (mode 600)");
  cmd->add_option("-o,--output", o->output, "devices as JSON Lines (FILE or -)");
  cmd->add_option("--csv", o->csv, "devices as CSV (metadata in FILE.meta.json)");
  cmd->add_flag("--csv-bom", o->csv_bom, "start the CSV with a UTF-8 byte-order mark (Excel then shows non-ASCII names right)");
  cmd->add_option("--observations", o->observations, "also save the raw observations (re-run `identify` on them later)");
  cmd->add_option("--checkpoint", o->checkpoint, "start a resumable scan, checkpointed to FILE (must not exist yet)");
  cmd->add_option("--resume", o->resume, "continue the interrupted scan checkpointed in FILE (must exist)");
  o->audit.add_to(*cmd);
  cmd->add_option("--progress", o->progress, "progress bar on stderr: auto (when a terminal), always, never")
      ->capture_default_str()->check(CLI::IsMember({"auto", "always", "never"}));
  cmd->add_option("--max-rows", o->max_rows, "rows of the summary table at most")->capture_default_str()
      ->check(CLI::Range(std::size_t{0}, std::size_t{10000000}));
  cmd->add_flag("--no-table", o->no_table, "no summary table at the end");
  cmd->add_flag("-q,--quiet", o->quiet, "no progress and no summary line on stderr");
  cmd->add_flag("--discover", o->discover,
                "also run LAN discovery (SADP, DHIP, WS-Discovery, SSDP, mDNS) on the interfaces whose subnets the "
                "targets cover, and merge what it finds (by MAC, serial, IP); never on loopback");
  cmd->add_option("--interface", o->interfaces, "with --discover: only these interfaces");
  cmd->add_option("--discover-wait", o->discover_wait, "with --discover: seconds to collect replies")->capture_default_str()
      ->check(CLI::Range(0.5, 60.0));
  cmd->add_flag("--list-probes", o->list_probes, "list the probes, their stage and safety class, and exit");
  o->kb.add_to(*cmd);
  return [o] { return run_scan(*o); };
}

}  // namespace camaudit::app
