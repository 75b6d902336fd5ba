// SPDX-License-Identifier: Apache-2.0
#include <camaudit/pipeline/scan_source.hpp>

#include <fmt/format.h>

#include <csignal>
#include <cstdlib>
#include <unordered_map>

namespace camaudit::pipeline {

namespace {

volatile std::sig_atomic_t g_signals = 0;
extern "C" void on_stop_signal(int) { g_signals = g_signals + 1; }

using Clock = std::chrono::steady_clock;

// One host's identification, kept from its first answers to its end.
struct HostIdentity {
  identify::Identifier identifier;
  std::size_t added = 0;  // observations of the host already parsed and matched

  void catch_up(const std::vector<Observation>& observations) {
    for (; added < observations.size(); ++added) {
      Observation numbered = observations[added];
      numbered.index = added;  // per host; the pipeline gives it its place in the run
      identifier.add(numbered);
    }
  }
  // Resolves what was added so far without forgetting it (a copy resolves).
  std::vector<identify::Device> peek() const {
    identify::Identifier copy = identifier;
    return copy.finish();
  }
};

std::set<std::string> makers_of(const std::vector<identify::Device>& devices) {
  std::set<std::string> makers;
  for (const identify::Device& d : devices)
    for (Attribute a : {Attribute::manufacturer, Attribute::brand})
      if (auto it = d.ranked.find(a); it != d.ranked.end())
        for (const identify::RankedValue& v : it->second) makers.insert(v.value);
  return makers;
}

class ScanRun {
 public:
  ScanRun(const scan::TargetSet& targets, scan::ScanOptions options, Pipeline& pipeline, const ScanSourceHooks& hooks,
          const ScanSourceSettings& settings)
      : m_pipeline(pipeline), m_hooks(hooks), m_settings(settings) {
    options.knowledge_ready = [this] { return knowledge() != nullptr || m_kb_failed; };
    options.suggest = [this](const scan::HostScan& host) { return suggest(host); };
    m_scanner.emplace(targets, std::move(options));
  }

  ScanOutcome run() {
    checkpoint(false);  // at once: from the first moment, --resume can continue this scan
    m_scanner->run([this](scan::HostScan&& host) { finished(std::move(host)); },
                   [this](const scan::ScanStatus& status) { tick(status); });
    checkpoint(!m_stopping);
    return ScanOutcome{m_status, m_scanner->checkpoint(), m_stopping, m_kb_failed};
  }

 private:
  const kb::KnowledgeBase* knowledge() {
    if (!m_kb && !m_kb_failed) m_kb = m_hooks.knowledge(m_kb_failed);
    return m_kb;
  }

  HostIdentity& identity_of(const scan::HostScan& host) {
    auto it = m_hosts.find(host.ip());
    if (it == m_hosts.end()) it = m_hosts.emplace(host.ip(), HostIdentity{identify::Identifier(*m_kb), 0}).first;
    return it->second;
  }

  std::set<std::string> suggest(const scan::HostScan& host) {
    if (!knowledge()) return {};  // the KB failed to load; the scan is stopping
    HostIdentity& identity = identity_of(host);
    identity.catch_up(host.observations);
    return makers_of(identity.peek());
  }

  void finished(scan::HostScan&& host) {
    if (!knowledge()) return;
    HostIdentity& identity = identity_of(host);
    identity.catch_up(host.observations);
    std::vector<identify::Device> devices;
    if (m_hooks.discovered_for) {
      // The provisional identification tells which discovered device this is (MAC, serial, IP).
      devices = identity.peek();
      std::size_t before = host.observations.size();
      for (const identify::Device& d : devices)
        for (Observation& reply : m_hooks.discovered_for(d)) host.observations.push_back(std::move(reply));
      if (host.observations.size() != before) {
        identity.catch_up(host.observations);
        devices.clear();
      }
    }
    if (devices.empty()) devices = identity.identifier.finish();
    m_hosts.erase(host.ip());
    HostFacts facts{host.open_ports, {}};
    if (devices.empty()) {
      // Open ports but no probe got an answer: reported, never dropped.
      identify::Device silent;
      silent.key = silent.ip = host.ip();
      devices.push_back(std::move(silent));
      facts.note = "open ports answered no probe (connections closed or reset before any answer)";
    }
    m_pipeline.host(host.observations, std::move(devices), facts);
    ++m_hosts_since_checkpoint;
  }

  void checkpoint(bool complete) {
    m_pipeline.checkpoint();
    if (m_hooks.save) m_hooks.save(m_scanner->checkpoint(), complete, m_status);
    m_last_checkpoint = Clock::now();
    m_hosts_since_checkpoint = 0;
  }

  void hard_stop(std::string_view why) {
    checkpoint(false);
    if (m_hooks.say)
      m_hooks.say(fmt::format("stopped {}; {} hosts in flight were cut and will be redone by --resume", why,
                              m_status.hosts_in_flight));
    if (m_hooks.before_hard_exit) m_hooks.before_hard_exit(m_status);
    std::fflush(nullptr);
    std::_Exit(1);
  }

  void tick(const scan::ScanStatus& status) {
    m_status = status;
    if (knowledge() == nullptr && m_kb_failed && !m_stopping) {
      m_stopping = true;  // nothing can be identified: stop as after a signal
      m_scanner->stop();
    }
    int signals = g_signals;
    if (signals > m_signals_seen) {
      m_signals_seen = signals;
      if (!m_grace_ends) {
        m_stopping = true;
        m_grace_ends = Clock::now() + std::chrono::duration_cast<Clock::duration>(m_settings.grace);
        m_scanner->stop();
        if (m_hooks.say && status.hosts_in_flight)
          m_hooks.say(fmt::format("interrupted; giving the {} hosts in flight {:.0f} s to finish (again to stop now)",
                                  status.hosts_in_flight, m_settings.grace.count()));
      }
      if (signals >= 2) hard_stop("at the second signal");
    }
    bool over = status.hosts_in_flight == 0;
    if (m_grace_ends && !over && Clock::now() >= *m_grace_ends) hard_stop("at the end of the grace period");
    if (m_hooks.tick) m_hooks.tick(status);
    if (!over && (Clock::now() - m_last_checkpoint > m_settings.checkpoint_every ||
                  m_hosts_since_checkpoint >= m_settings.checkpoint_hosts))
      checkpoint(false);
  }

  Pipeline& m_pipeline;
  const ScanSourceHooks& m_hooks;
  const ScanSourceSettings& m_settings;
  std::optional<scan::Scanner> m_scanner;
  const kb::KnowledgeBase* m_kb = nullptr;
  bool m_kb_failed = false;
  std::unordered_map<std::string, HostIdentity> m_hosts;
  scan::ScanStatus m_status;
  bool m_stopping = false;
  int m_signals_seen = 0;
  std::optional<Clock::time_point> m_grace_ends;
  Clock::time_point m_last_checkpoint;
  std::size_t m_hosts_since_checkpoint = 0;
};

}  // namespace

void install_stop_signals() {
  std::signal(SIGINT, on_stop_signal);
  std::signal(SIGTERM, on_stop_signal);
}

int stop_signals() { return g_signals; }

ScanOutcome run_scan_source(const scan::TargetSet& targets, scan::ScanOptions options, Pipeline& pipeline,
                            const ScanSourceHooks& hooks, const ScanSourceSettings& settings) {
  ScanRun run(targets, std::move(options), pipeline, hooks, settings);
  return run.run();
}

}  // namespace camaudit::pipeline
