// SPDX-License-Identifier: Apache-2.0
// The scan loop: walks the targets in the permutation's order, keeps at most
// `concurrency` hosts in flight, runs the stages of probe.hpp on each host through a
// NetSession, and hands every host that had an open port to the caller as soon as it is
// done, so devices stream out while the scan goes on. Memory is bounded by the hosts in
// flight, never by the size of the target set.
//
// Resuming: hosts are numbered by their permutation position. `checkpoint()` says
// which positions are finished (everything below `position`, plus `done`), so an
// interrupted scan continues without redoing finished hosts.
#pragma once

#include <camaudit/scan/net_session.hpp>
#include <camaudit/scan/permutation.hpp>
#include <camaudit/scan/probe.hpp>
#include <camaudit/scan/targets.hpp>

#include <chrono>
#include <functional>
#include <optional>
#include <set>
#include <vector>

namespace camaudit::scan {

struct Checkpoint {
  std::uint64_t position = 0;     // every position below this is finished
  std::set<std::uint64_t> done;   // finished positions at or above it
};

struct ScanOptions {
  std::vector<std::uint16_t> ports;
  ScanLimits limits;
  std::uint64_t seed = 0;
  Shard shard;
  bool allow_public = false;
  Checkpoint resume_from;
  std::uint64_t positions_done_before = 0;  // a resumed scan: addresses finished before (progress)
  std::vector<const Probe*> probes;  // default: every registered probe
  // The account for an address, if the operator gave one (--credentials).
  std::function<std::optional<Credential>(const IpAddress&)> credential_for;
  // Asked before the provisional identification; until it says yes the host waits
  // (without holding up the others), so the knowledge base can load while the sweep
  // starts. Unset: always ready.
  std::function<bool()> knowledge_ready;
  // A provisional identification of what a host said so far: the manufacturers and
  // brands it suggests, for choosing follow-up probes. May be empty.
  std::function<std::set<std::string>(const HostScan&)> suggest;
};

struct ScanStatus {
  // Addresses this shard visits: exact for one shard; with --shard, the share of the
  // addresses a shard gets on average (shards differ by a few).
  std::uint64_t positions_total = 0;
  std::uint64_t positions_done = 0;   // addresses finished (probed, or skipped as out of scope)
  std::uint64_t hosts_started = 0;    // addresses whose probing began (moves before any finishes)
  std::uint64_t hosts_in_flight = 0;
  std::uint64_t hosts_up = 0;         // hosts with an open port
  std::uint64_t connections = 0;
  std::uint64_t hosts_silent = 0;     // hosts with an open port that answered no probe
  std::chrono::duration<double> elapsed{};
};

// The stages of probe.hpp for one host, through any Session (the real one, or a
// replay in tests): connect to every port, then the probes of each stage.
asio::awaitable<void> probe_host(Session& session, HostScan& host, const ScanOptions& options);

class Scanner {
 public:
  Scanner(const TargetSet& targets, ScanOptions options);
  ~Scanner();
  Scanner(const Scanner&) = delete;
  Scanner& operator=(const Scanner&) = delete;

  // Runs to the end (or until stop()). `on_host` gets every host with an open port;
  // `on_tick` is called about four times a second and once at the end.
  void run(const std::function<void(HostScan&&)>& on_host, const std::function<void(const ScanStatus&)>& on_tick);
  // Stops launching hosts; run() returns once the hosts in flight are done (each is
  // bounded by the timeouts). Call it from on_tick (e.g. after a signal).
  void stop();
  Checkpoint checkpoint() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace camaudit::scan
