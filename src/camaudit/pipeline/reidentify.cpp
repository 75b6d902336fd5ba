// SPDX-License-Identifier: Apache-2.0
#include <camaudit/pipeline/reidentify.hpp>

#include <camaudit/identify/record.hpp>

#include <camaudit/identify/device_writer.hpp>
#include <camaudit/identify/identifier.hpp>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <unordered_map>

namespace camaudit::pipeline {

// identify::to_record is what the JSON line is written from (record_test checks that the
// line parses back to the same record), so no round trip through the text is needed.
DeviceRecord to_device_record(const identify::Device& device) { return identify::to_record(device); }

namespace {
constexpr std::size_t kChunk = 256;     // observations handed to a worker at once
constexpr std::size_t kQueueDepth = 8;  // chunks waiting per worker: bounds memory

// One worker: a bounded queue of observation chunks and its own Identifier.
class Worker {
 public:
  Worker(const kb::KnowledgeBase& kb, const AssessFn& assess) : m_identifier(kb), m_assess(assess) {}
  void push(std::vector<Observation>&& chunk) {
    std::unique_lock lock(m_mutex);
    m_space.wait(lock, [&] { return m_queue.size() < kQueueDepth || m_failed; });
    m_queue.push_back(std::move(chunk));
    m_ready.notify_one();
  }
  void close() {
    std::lock_guard lock(m_mutex);
    m_closed = true;
    m_ready.notify_one();
  }
  void run() {
    try {
      while (auto chunk = pop())
        for (const Observation& o : *chunk) m_identifier.add(o);
      for (const identify::Device& d : m_identifier.finish()) {
        m_out.push_back(to_device_record(d));
        if (m_assess) m_assess(m_out.back());
      }
    } catch (...) {
      std::lock_guard lock(m_mutex);
      m_error = std::current_exception();
      m_failed = true;
      m_space.notify_all();
    }
  }
  std::vector<DeviceRecord>& results() {
    if (m_error) std::rethrow_exception(m_error);
    return m_out;
  }

 private:
  std::optional<std::vector<Observation>> pop() {
    std::unique_lock lock(m_mutex);
    m_ready.wait(lock, [&] { return !m_queue.empty() || m_closed; });
    if (m_queue.empty()) return std::nullopt;
    std::vector<Observation> chunk = std::move(m_queue.front());
    m_queue.pop_front();
    m_space.notify_one();
    return chunk;
  }

  identify::Identifier m_identifier;
  const AssessFn& m_assess;
  std::mutex m_mutex;
  std::condition_variable m_ready, m_space;
  std::deque<std::vector<Observation>> m_queue;
  bool m_closed = false, m_failed = false;
  std::exception_ptr m_error;
  std::vector<DeviceRecord> m_out;
};
}  // namespace

std::vector<DeviceRecord> identify_in_parallel(const kb::KnowledgeBase& kb,
                                               const std::function<void(const std::function<void(Observation&&)>&)>& source,
                                               unsigned threads, const AssessFn& assess) {
  threads = std::max(1u, threads);
  std::vector<std::unique_ptr<Worker>> workers;
  for (unsigned i = 0; i < threads; ++i) workers.push_back(std::make_unique<Worker>(kb, assess));
  std::vector<std::thread> running;
  for (auto& w : workers) running.emplace_back([&w] { w->run(); });
  // The reader deals observations by device key and remembers each key's first
  // appearance, which orders the merged result as a single Identifier would.
  std::unordered_map<std::string, std::size_t> first_seen;
  std::vector<std::vector<Observation>> chunks(threads);
  std::hash<std::string> hash;
  auto deal = [&](Observation&& o) {
    const std::string& key = o.key();
    first_seen.try_emplace(key, first_seen.size());
    std::size_t t = hash(key) % threads;
    chunks[t].push_back(std::move(o));
    if (chunks[t].size() == kChunk) workers[t]->push(std::exchange(chunks[t], {}));
  };
  try {
    source(deal);
  } catch (...) {
    for (auto& w : workers) w->close();
    for (std::thread& t : running) t.join();
    throw;
  }
  for (unsigned t = 0; t < threads; ++t) {
    if (!chunks[t].empty()) workers[t]->push(std::move(chunks[t]));
    workers[t]->close();
  }
  for (std::thread& t : running) t.join();
  std::vector<DeviceRecord> out;
  for (auto& w : workers)
    for (DeviceRecord& d : w->results()) out.push_back(std::move(d));
  std::stable_sort(out.begin(), out.end(), [&](const DeviceRecord& a, const DeviceRecord& b) {
    return first_seen[a.key] < first_seen[b.key];
  });
  return out;
}

namespace {
// The old audit's devices only feed the diff: brief records (no evidence parsed) suffice.
std::vector<DeviceRecord> devices_of(store::Store& store, AuditId id) {
  std::vector<DeviceRecord> out;
  store.for_each_device_brief(id, [&](DeviceRecord&& d) { out.push_back(std::move(d)); });
  return out;
}
}  // namespace

Reidentified reidentify(store::Store& store, AuditId from, AuditRecord audit, const kb::KnowledgeBase& kb,
                        unsigned threads, const AssessFn& assess) {
  std::optional<AuditRecord> old = store.audit(from);
  if (!old) throw store::StoreError("store " + store.where() + ": no audit " + std::to_string(from));
  Reidentified r;
  r.after = identify_in_parallel(
      kb, [&](const std::function<void(Observation&&)>& visit) { store.for_each_observation(from, visit); }, threads,
      assess);
  r.before = devices_of(store, from);
  audit.derived_from = from;
  AuditId id = store.begin_audit(audit);
  store.copy_observations(from, id);
  constexpr std::size_t kBatch = 512;
  for (std::size_t i = 0; i < r.after.size(); i += kBatch)
    store.write(id, {}, std::span(r.after).subspan(i, std::min(kBatch, r.after.size() - i)));
  store.end_audit(id, AuditStatus::complete, audit.ended_at);
  r.audit = *store.audit(id);
  r.changes = diff::diff_audits(r.before, r.after, diff::match_by_key(r.before, r.after), {.unknown_is_change = true});
  return r;
}

}  // namespace camaudit::pipeline
