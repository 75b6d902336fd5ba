// SPDX-License-Identifier: Apache-2.0
#include <camaudit/scan/scanner.hpp>

#include <camaudit/scan/probes/registry.hpp>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>
#include <asio/use_awaitable.hpp>

#include <algorithm>

namespace camaudit::scan {

namespace {
constexpr auto kNoThrow = asio::experimental::as_tuple(asio::use_awaitable);
constexpr auto kTick = std::chrono::milliseconds(250);

// The probes of `stage`: the per-port chains side by side (the probes of one port in
// registry order, as a port's first answer informs the next probe), and beside them the
// per-host probes, each on its own.
asio::awaitable<void> run_stage(Session& session, HostScan& host, const std::vector<const Probe*>& probes, Stage stage) {
  std::vector<std::uint16_t> ports = host.open_ports;
  std::vector<const Probe*> per_host;
  for (const Probe* probe : probes)
    if (probe->stage() == stage && probe->per_host() && probe->wants(host, ports.front())) per_host.push_back(probe);
  // One task per port chain (tagged by port) and one per per-host probe (tagged 0).
  std::vector<std::pair<std::uint16_t, const Probe*>> tasks;
  for (std::uint16_t port : ports) tasks.emplace_back(port, nullptr);
  for (const Probe* probe : per_host) tasks.emplace_back(0, probe);
  co_await for_each_concurrently(tasks, [&](std::pair<std::uint16_t, const Probe*> task) -> asio::awaitable<void> {
    if (task.second) {
      co_await task.second->run(session, host, host.open_ports.front());
      co_return;
    }
    for (const Probe* probe : probes)
      if (probe->stage() == stage && !probe->per_host() && probe->wants(host, task.first))
        co_await probe->run(session, host, task.first);
  });
}
}  // namespace

asio::awaitable<void> probe_host(Session& session, HostScan& host, const ScanOptions& options) {
  host.open_ports = co_await session.open_ports(options.ports);
  if (host.open_ports.empty()) co_return;
  std::sort(host.open_ports.begin(), host.open_ports.end());
  const std::vector<const Probe*>& probes = options.probes.empty() ? probes::all() : options.probes;
  co_await run_stage(session, host, probes, Stage::first_contact);
  while (options.knowledge_ready && !options.knowledge_ready()) {
    asio::steady_timer pause(co_await asio::this_coro::executor, std::chrono::milliseconds(10));
    co_await pause.async_wait(kNoThrow);
  }
  if (options.suggest) host.suggested = options.suggest(host);
  co_await run_stage(session, host, probes, Stage::follow_up);
  if (host.credential) co_await run_stage(session, host, probes, Stage::inventory);
}

struct Scanner::Impl {
  const TargetSet& targets;
  ScanOptions options;
  Scope scope;
  asio::io_context io{1};
  Network network;
  Permutation permutation;
  AsyncSemaphore hosts;
  std::set<std::uint64_t> in_flight;
  // After stop(): the position of the step drawn but never launched. Everything from here
  // on is unfinished, so the watermark must not pass it.
  std::uint64_t unlaunched = UINT64_MAX;
  Checkpoint finished;
  ScanStatus status;
  bool stopping = false;
  bool feeding = true;
  const std::function<void(HostScan&&)>* on_host = nullptr;

  Impl(const TargetSet& t, ScanOptions o)
      : targets(t),
        options(std::move(o)),
        scope(t, options.allow_public),
        network(io, options.limits, scope),
        permutation(t.size(), options.seed, options.shard),
        hosts(io.get_executor(), options.limits.concurrency),
        finished(options.resume_from) {
    // The permutation walks a cycle a little longer than the targets (its prime p > n)
    // and skips the surplus, so count targets, not cycle positions.
    status.positions_total = options.shard.count <= 1 ? t.size()
                                                       : (t.size() + options.shard.count - 1) / options.shard.count;
    status.positions_done = options.positions_done_before;
    status.hosts_started = options.positions_done_before;
  }

  void finish(std::uint64_t position) {
    in_flight.erase(position);
    finished.done.insert(position);
    // Advance the watermark over the contiguous finished prefix.
    std::uint64_t low = std::min(in_flight.empty() ? permutation.position() : *in_flight.begin(), unlaunched);
    auto it = finished.done.begin();
    while (it != finished.done.end() && *it < low) it = finished.done.erase(it);
    finished.position = std::max(finished.position, low);
    ++status.positions_done;
  }

  asio::awaitable<void> scan_host(std::uint64_t position, IpAddress address) {
    HostScan host(address);
    if (options.credential_for) host.credential = options.credential_for(address);
    NetSession session(network, address);
    co_await probe_host(session, host, options);
    if (!host.open_ports.empty()) {
      ++status.hosts_up;
      status.hosts_silent += host.observations.empty();
      (*on_host)(std::move(host));
    }
    finish(position);
    hosts.release();
  }

  asio::awaitable<void> feed() {
    permutation.seek(finished.position);
    while (!stopping) {
      auto step = permutation.next();
      if (!step) break;
      if (finished.done.count(step->position)) continue;
      IpAddress address = targets.at(step->index);
      if (!scope.allows(address)) {
        ++status.positions_done;
        ++status.hosts_started;
        continue;
      }
      in_flight.insert(step->position);  // before waiting, so the watermark cannot pass it
      co_await hosts.acquire();
      if (stopping) {
        unlaunched = step->position;
        in_flight.erase(step->position);
        hosts.release();
        break;
      }
      ++status.hosts_started;
      asio::co_spawn(io, scan_host(step->position, address), asio::detached);
    }
    feeding = false;
  }

  asio::awaitable<void> ticker(const std::function<void(const ScanStatus&)>& on_tick) {
    auto started = std::chrono::steady_clock::now();
    asio::steady_timer timer(io);
    for (;;) {
      status.hosts_in_flight = in_flight.size();
      status.connections = network.connections_opened;
      status.elapsed = std::chrono::steady_clock::now() - started;
      bool over = !feeding && in_flight.empty();
      if (over && !stopping) finished.position = std::max(finished.position, permutation.position());
      on_tick(status);
      if (over) co_return;
      timer.expires_after(kTick);
      co_await timer.async_wait(kNoThrow);
    }
  }
};

Scanner::Scanner(const TargetSet& targets, ScanOptions options)
    : m_impl(std::make_unique<Impl>(targets, std::move(options))) {}
Scanner::~Scanner() = default;

void Scanner::run(const std::function<void(HostScan&&)>& on_host,
                  const std::function<void(const ScanStatus&)>& on_tick) {
  m_impl->on_host = &on_host;
  asio::co_spawn(m_impl->io, m_impl->feed(), asio::detached);
  asio::co_spawn(m_impl->io, m_impl->ticker(on_tick), asio::detached);
  m_impl->io.run();
}

void Scanner::stop() { m_impl->stopping = true; }

Checkpoint Scanner::checkpoint() const { return m_impl->finished; }

}  // namespace camaudit::scan
