// SPDX-License-Identifier: Apache-2.0
#include <camaudit/pipeline/store_sink.hpp>

namespace camaudit::pipeline {

StoreSink::StoreSink(store::Store& store, std::size_t batch_hosts, std::chrono::milliseconds flush_after)
    : m_store(store), m_batch_hosts(batch_hosts ? batch_hosts : 1), m_flush_after(flush_after),
      m_last_flush(std::chrono::steady_clock::now()) {}

StoreSink::~StoreSink() {
  try {
    flush();
  } catch (const store::StoreError&) {  // the pipeline is unwinding from its own error already
  }
}

void StoreSink::begin(const AuditRecord& audit) {
  m_audit = audit.id ? m_store.resume_audit(audit.id).id : m_store.begin_audit(audit);
  m_last_flush = std::chrono::steady_clock::now();
}

void StoreSink::host(std::span<const Observation> observations, std::span<const DeviceRecord> devices) {
  if (m_audit == 0) throw store::StoreError("store " + m_store.where() + ": host() before begin()");
  m_observations.insert(m_observations.end(), observations.begin(), observations.end());
  m_devices.insert(m_devices.end(), devices.begin(), devices.end());
  ++m_pending_hosts;
  if (m_pending_hosts >= m_batch_hosts || std::chrono::steady_clock::now() - m_last_flush >= m_flush_after) flush();
}

void StoreSink::checkpoint() { flush(); }

void StoreSink::end(const AuditRecord& audit) {
  flush();
  if (m_audit) m_store.end_audit(m_audit, audit.status, audit.ended_at);
}

void StoreSink::flush() {
  m_last_flush = std::chrono::steady_clock::now();
  if (m_pending_hosts == 0 || m_audit == 0) return;
  m_store.write(m_audit, m_observations, m_devices);
  m_written += m_pending_hosts;
  m_pending_hosts = 0;
  m_observations.clear();
  m_devices.clear();
}

}  // namespace camaudit::pipeline
