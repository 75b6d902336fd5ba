// SPDX-License-Identifier: Apache-2.0
// `camaudit scan TARGET...`: the active audit. Targets are walked in a pseudo-random
// order, each live host is probed (scan/probe.hpp: connect, first contact, follow-ups,
// inventory with --credentials), identified as soon as it is done, and streamed out:
// JSON Lines (-o), CSV (--csv), raw observations (--observations, for `identify` after
// a knowledge-base update), and a summary table at the end.
//
// Exit status: 0 done; 1 done but interrupted (resume with --resume); 2 nothing could
// be done (bad targets, refused public space, unreadable files).
#include <camaudit/app/commands.hpp>
#include <camaudit/app/device_table.hpp>
#include <camaudit/app/discovery_merge.hpp>
#include <camaudit/discover/discoverer.hpp>
#include <camaudit/discover/interfaces.hpp>
#include <camaudit/app/progress.hpp>
#include <camaudit/identify/device_writer.hpp>
#include <camaudit/identify/identifier.hpp>
#include <camaudit/scan/credentials.hpp>
#include <camaudit/scan/ports.hpp>
#include <camaudit/scan/probes/registry.hpp>
#include <camaudit/scan/resume.hpp>
#include <camaudit/scan/scanner.hpp>

#include <fmt/format.h>

#include <arpa/inet.h>

#include <algorithm>
#include <csignal>
#include <future>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <random>

namespace camaudit::app {

namespace {

struct ScanCommandOptions {
  KbOptions kb;
  std::vector<std::string> targets;
  std::string input_list, exclude, exclude_file, ports, shard = "1/1", credentials;
  std::string output, csv, observations, resume;
  std::optional<std::uint64_t> seed;
  bool allow_public = false, quiet = false, list_probes = false, no_table = false, discover = false;
  std::vector<std::string> interfaces;
  double discover_wait = 3;
  std::string progress = "auto";
  std::size_t max_rows = 200;
  scan::ScanLimits limits;
  int connect_timeout_ms = 1500, read_timeout_ms = 4000, banner_timeout_ms = 1500;
};

volatile std::sig_atomic_t g_interrupts = 0;
extern "C" void on_interrupt(int) { g_interrupts = g_interrupts + 1; }

// One output file; "-" is stdout. Appends when resuming so earlier results stay.
struct OutputFile {
  OutputFile() = default;
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;
  std::FILE* file = nullptr;
  bool owned = false;
  bool open(const std::string& path, bool append) {
    if (path.empty()) return true;
    if (path == "-") {
      file = stdout;
      return true;
    }
    file = std::fopen(path.c_str(), append ? "ab" : "wb");
    owned = file != nullptr;
    if (!file) std::cerr << "camaudit scan: cannot write " << path << ": " << std::strerror(errno) << "\n";
    return file != nullptr;
  }
  void line(const std::string& text) {
    if (!file) return;
    std::fwrite(text.data(), 1, text.size(), file);
    std::fputc('\n', file);
  }
  void flush() {
    if (file) std::fflush(file);
  }
  ~OutputFile() {
    if (owned) std::fclose(file);
  }
};

std::size_t count_lines(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return 0;
  std::size_t lines = 0;
  char buffer[1 << 16];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, f)) > 0)
    for (std::size_t i = 0; i < n; ++i) lines += buffer[i] == '\n';
  std::fclose(f);
  return lines;
}

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
  if (!o.quiet) options.progress = [](std::string_view line) { std::cerr << "camaudit scan: discover: " << line << "\n"; };
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

int run_scan(ScanCommandOptions& o) {
  if (o.list_probes) return list_probes();
  scan::TargetSet targets;
  std::vector<std::uint16_t> ports;
  scan::Shard shard;
  try {
    for (const std::string& t : o.targets) targets.add(t);
    if (!o.input_list.empty()) targets.add_file(o.input_list);
    if (!o.exclude.empty()) targets.exclude(o.exclude);
    if (!o.exclude_file.empty()) targets.exclude_file(o.exclude_file);
    ports = o.ports.empty() ? scan::default_ports() : scan::parse_ports(o.ports);
    shard = scan::parse_shard(o.shard);
  } catch (const std::exception& e) {
    std::cerr << "camaudit scan: " << e.what() << "\n";
    return 2;
  }
  if (targets.size() == 0) {
    std::cerr << "camaudit scan: no targets (give addresses, ranges or -iL FILE)\n";
    return 2;
  }
  if (auto public_specs = targets.public_specs(); !public_specs.empty() && !o.allow_public) {
    std::cerr << "camaudit scan: refusing to scan public address space without --allow-public:\n";
    for (const std::string& s : public_specs) std::cerr << "  " << s << "\n";
    std::cerr << "Scanning networks you are not responsible for may be illegal. If these addresses are yours, "
                 "add --allow-public.\n";
    return 2;
  }

  // From here on Ctrl-C is handled: before the first host it stops the scan at once,
  // after it the hosts in flight finish and the checkpoint is written.
  std::signal(SIGINT, on_interrupt);
  std::signal(SIGTERM, on_interrupt);
  // The knowledge base loads on another thread (compiling its Hyperscan databases takes
  // a second or two) while the sweep starts: hosts wait for it only when they need it,
  // after their first answers.
  std::future<std::unique_ptr<kb::KnowledgeBase>> kb_loading =
      std::async(std::launch::async, [&o] { return o.kb.load_or_report(); });
  std::unique_ptr<kb::KnowledgeBase> kb_holder;
  bool kb_failed = false;
  auto knowledge_ready = [&] {
    if (kb_holder || kb_failed) return true;
    if (kb_loading.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return false;
    kb_holder = kb_loading.get();
    kb_failed = !kb_holder;
    return true;
  };
  auto wait_for_knowledge = [&] {
    if (!kb_holder && !kb_failed) {
      kb_loading.wait();
      knowledge_ready();
    }
    return kb_holder.get();
  };
  std::optional<scan::CredentialStore> credentials;
  if (!o.credentials.empty()) {
    try {
      credentials = scan::CredentialStore::load(o.credentials);
    } catch (const scan::CredentialError& e) {
      std::cerr << "camaudit scan: " << e.what() << "\n";
      return 2;
    }
  }

  scan::ResumeState state{targets.specs(), targets.exclusions(), ports, 0, shard, {}, false};
  bool resuming = false;
  if (!o.resume.empty()) {
    try {
      if (auto saved = scan::read_resume(o.resume)) {
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
      }
    } catch (const scan::ResumeError& e) {
      std::cerr << "camaudit scan: " << e.what() << "\n";
      return 2;
    }
  }
  if (!resuming) state.seed = o.seed ? *o.seed : std::random_device{}();

  OutputFile devices_out, csv_out, observations_out;
  std::size_t observation_index = resuming && !o.observations.empty() ? count_lines(o.observations) : 0;
  bool csv_header = o.csv.empty() || !resuming || count_lines(o.csv) == 0;
  if (!devices_out.open(o.output, resuming) || !csv_out.open(o.csv, resuming) ||
      !observations_out.open(o.observations, resuming))
    return 2;
  if (csv_header) csv_out.line(identify::device_csv_header());

  scan::ScanOptions options;
  options.ports = ports;
  options.limits = o.limits;
  options.limits.connect_timeout = std::chrono::milliseconds(o.connect_timeout_ms);
  options.limits.read_timeout = std::chrono::milliseconds(o.read_timeout_ms);
  options.limits.banner_timeout = std::chrono::milliseconds(o.banner_timeout_ms);
  options.seed = state.seed;
  options.shard = shard;
  options.allow_public = o.allow_public;
  options.resume_from = state.checkpoint;
  if (credentials)
    options.credential_for = [&](const scan::IpAddress& a) { return credentials->for_address(a); };
  options.knowledge_ready = knowledge_ready;
  // A provisional identification picks the follow-up probes: every manufacturer or
  // brand some evidence already names.
  options.suggest = [&](const scan::HostScan& host) {
    std::set<std::string> makers;
    if (!kb_holder) return makers;  // the KB failed to load; the scan is stopping
    identify::Identifier identifier(*kb_holder);
    for (const Observation& obs : host.observations) identifier.add(obs);
    for (const identify::Device& d : identifier.finish())
      for (Attribute a : {Attribute::manufacturer, Attribute::brand})
        if (auto it = d.ranked.find(a); it != d.ranked.end())
          for (const identify::RankedValue& v : it->second) makers.insert(v.value);
    return makers;
  };

  std::optional<DiscoveredDevices> discovered;
  if (o.discover) {
    if (!wait_for_knowledge()) return 2;
    discovered = run_discovery(o, targets, *kb_holder);
  }

  std::optional<DeviceTable> table;
  std::size_t unparsed_hosts = 0, slow_hosts = 0;
  // Identifies one device from its observations (numbered and saved here) and writes it.
  auto report = [&](std::vector<Observation>& observations, const std::vector<std::uint16_t>& open_ports,
                    const std::string& note) {
    const kb::KnowledgeBase* kb = wait_for_knowledge();
    if (!kb) return;
    if (!table) table.emplace(*kb);
    identify::Identifier identifier(*kb);
    for (Observation& obs : observations) {
      obs.index = observation_index++;
      if (observations_out.file) observations_out.line(identify::observation_to_json_line(obs));
      identifier.add(obs);
    }
    for (identify::Device& d : identifier.finish()) {
      for (std::uint16_t port : open_ports) d.seen.insert(fmt::format("tcp/{}", port));
      if (!note.empty()) d.notes.push_back(note);
      unparsed_hosts += !d.unparsed.empty();
      devices_out.line(identify::device_to_json_line(d));
      csv_out.line(identify::device_to_csv_row(d));
      table->add(d);
    }
  };
  auto on_host = [&](scan::HostScan&& host) {
    slow_hosts += host.timeouts > 0;
    if (discovered) {
      // A first identification tells which discovered device this is (MAC, serial, IP).
      identify::Identifier identifier(*kb_holder);
      for (const Observation& obs : host.observations) identifier.add(obs);
      for (const identify::Device& d : identifier.finish())
        for (Observation& reply : discovered->take_matching(d)) host.observations.push_back(std::move(reply));
    }
    report(host.observations, host.open_ports, "");
  };

  scan::Scanner scanner(targets, options);
  ProgressLine progress(o.quiet ? ProgressLine::Mode::never
                        : o.progress == "always" ? ProgressLine::Mode::always
                        : o.progress == "never"  ? ProgressLine::Mode::never
                                                 : ProgressLine::Mode::automatic);
  auto checkpoint = [&](bool complete) {
    devices_out.flush();
    csv_out.flush();
    observations_out.flush();
    if (o.resume.empty()) return;
    state.checkpoint = scanner.checkpoint();
    state.complete = complete;
    try {
      scan::write_resume(o.resume, state);
    } catch (const scan::ResumeError& e) {
      std::cerr << "\ncamaudit scan: " << e.what() << "\n";
    }
  };
  int seen_interrupts = 0;
  auto last_checkpoint = std::chrono::steady_clock::now();
  scan::ScanStatus last;
  if (!o.quiet)
    std::cerr << fmt::format("camaudit scan: {} addresses × {} ports, shard {}/{}, seed {}{}\n", targets.size(),
                             ports.size(), shard.index + 1, shard.count, state.seed, resuming ? " (resumed)" : "");
  scanner.run(on_host, [&](const scan::ScanStatus& status) {
    last = status;
    if (knowledge_ready() && kb_failed && !seen_interrupts) {
      seen_interrupts = 1;  // stop as after Ctrl-C: nothing can be identified
      scanner.stop();
    }
    if (g_interrupts > seen_interrupts) {
      seen_interrupts = g_interrupts;
      if (seen_interrupts == 1) {
        progress.finish();
        std::cerr << "camaudit scan: interrupted; finishing the " << status.hosts_in_flight
                  << " hosts in flight (Ctrl-C again to stop now)\n";
        scanner.stop();
      } else {
        checkpoint(false);
        progress.finish();
        std::cerr << "camaudit scan: stopped"
                  << (o.resume.empty() ? "\n" : "; continue with the same command and --resume " + o.resume + "\n");
        std::_Exit(1);
      }
    }
    progress.draw(status.positions_done, status.positions_total, status.elapsed, "addresses",
                  fmt::format("{} up · {} devices", status.hosts_up, table ? table->identified() : 0));
    if (std::chrono::steady_clock::now() - last_checkpoint > std::chrono::seconds(2)) {
      checkpoint(false);
      last_checkpoint = std::chrono::steady_clock::now();
    }
  });
  if (!wait_for_knowledge()) return 2;  // its problems were printed by the loader
  if (!table) table.emplace(*kb_holder);
  bool interrupted = g_interrupts > 0;
  if (discovered && !interrupted)
    for (auto& [ip, replies] : discovered->take_remaining()) {
      auto address = scan::parse_target(ip);
      bool inside = address && targets.contains(address->first);
      report(replies, {},
             inside ? "found by LAN discovery only: no scanned port answered"
                    : "found by LAN discovery outside the scanned ranges; not probed");
    }
  checkpoint(!interrupted);
  progress.finish();

  if (!o.no_table) {
    std::ostream& out = o.output == "-" ? std::cerr : std::cout;
    table->print(out, o.max_rows);
  }
  if (!o.quiet) {
    std::cerr << fmt::format(
        "camaudit scan: {} addresses in {:.1f} s, {} hosts up, {} devices ({} identified, {} by a restricted maker), "
        "{} connections",
        last.positions_done, last.elapsed.count(), last.hosts_up, table->devices(), table->identified(),
        table->restricted(), last.connections);
    if (unparsed_hosts) std::cerr << fmt::format(", {} with unparsed answers", unparsed_hosts);
    if (slow_hosts) std::cerr << fmt::format(", {} cut by read deadlines", slow_hosts);
    std::cerr << "\n";
    if (interrupted && !o.resume.empty())
      std::cerr << "camaudit scan: interrupted; continue with the same command and --resume " << o.resume << "\n";
  }
  return interrupted ? 1 : 0;
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
  cmd->add_option("--rate", o->limits.rate, "new connections per second (0: unlimited)")->capture_default_str();
  cmd->add_option("--concurrency", o->limits.concurrency, "connections open at once")->capture_default_str()->check(CLI::PositiveNumber);
  cmd->add_option("--host-connections", o->limits.host_connections, "connections open at once to one host")
      ->capture_default_str()->check(CLI::PositiveNumber);
  cmd->add_option("--connect-timeout", o->connect_timeout_ms, "connect and TLS handshake timeout, ms")->capture_default_str();
  cmd->add_option("--read-timeout", o->read_timeout_ms, "time allowed for one answer, ms")->capture_default_str();
  cmd->add_option("--banner-timeout", o->banner_timeout_ms, "how long to wait for a service that speaks first, ms")
      ->capture_default_str();
  cmd->add_option("--retries", o->limits.retries, "extra connect attempts after a timeout")->capture_default_str();
  cmd->add_option("--max-response-bytes", o->limits.max_response_bytes, "bytes read from one answer at most")
      ->capture_default_str();
  cmd->add_option("--shard", o->shard, "scan only part I of N (same --seed on every machine)")->capture_default_str();
  cmd->add_option("--seed", o->seed, "seed of the address order (default: random; saved in the resume file)");
  cmd->add_option("--credentials", o->credentials, "TOML file of per-range accounts for read-only inventory (mode 600)");
  cmd->add_option("-o,--output", o->output, "devices as JSON Lines (FILE or -)");
  cmd->add_option("--csv", o->csv, "devices as CSV");
  cmd->add_option("--observations", o->observations, "also save the raw observations (re-run `identify` on them later)");
  cmd->add_option("--resume", o->resume, "checkpoint FILE: continue an interrupted scan, or start one that can be");
  cmd->add_option("--progress", o->progress, "progress bar on stderr: auto (when a terminal), always, never")
      ->capture_default_str()->check(CLI::IsMember({"auto", "always", "never"}));
  cmd->add_option("--max-rows", o->max_rows, "rows of the summary table at most")->capture_default_str();
  cmd->add_flag("--no-table", o->no_table, "no summary table at the end");
  cmd->add_flag("-q,--quiet", o->quiet, "no progress and no summary line on stderr");
  cmd->add_flag("--discover", o->discover,
                "also run LAN discovery (SADP, DHIP, WS-Discovery, SSDP, mDNS) on the interfaces whose subnets the "
                "targets cover, and merge what it finds (by MAC, serial, IP); never on loopback");
  cmd->add_option("--interface", o->interfaces, "with --discover: only these interfaces");
  cmd->add_option("--discover-wait", o->discover_wait, "with --discover: seconds to collect replies")->capture_default_str();
  cmd->add_flag("--list-probes", o->list_probes, "list the probes, their stage and safety class, and exit");
  o->kb.add_to(*cmd);
  return [o] { return run_scan(*o); };
}

}  // namespace camaudit::app
