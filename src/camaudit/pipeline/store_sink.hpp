// SPDX-License-Identifier: Apache-2.0
// The sink that writes a pipeline's results into the store. Hosts are batched: a batch
// is committed (one transaction) every `batch_hosts` hosts, when `flush_after` has passed
// since the last commit, at every checkpoint() and at end(). So after a kill -9 the
// store holds every host whose batch committed, and a checkpoint (the resume file) never
// claims more than the store has.
//
// begin() records a new audit, or — when the AuditRecord it is given already has an id
// (a resumed scan) — continues that audit row. end() records how the audit ended.
#pragma once

#include <camaudit/pipeline/sink.hpp>
#include <camaudit/store/store.hpp>

#include <chrono>
#include <vector>

namespace camaudit::pipeline {

class StoreSink final : public Sink {
 public:
  explicit StoreSink(store::Store& store, std::size_t batch_hosts = 64,
                     std::chrono::milliseconds flush_after = std::chrono::milliseconds(1000));
  // Commits what is pending (a host reported finished is not dropped because the
  // pipeline unwound); errors here are swallowed, as destructors must.
  ~StoreSink() override;

  void begin(const AuditRecord& audit) override;
  void host(std::span<const Observation> observations, std::span<const DeviceRecord> devices) override;
  void checkpoint() override;
  void end(const AuditRecord& audit) override;

  AuditId audit_id() const { return m_audit; }  // 0 before begin()
  std::size_t hosts_written() const { return m_written; }

 private:
  void flush();

  store::Store& m_store;
  std::size_t m_batch_hosts;
  std::chrono::milliseconds m_flush_after;
  std::chrono::steady_clock::time_point m_last_flush;
  AuditId m_audit = 0;
  std::size_t m_pending_hosts = 0, m_written = 0;
  std::vector<Observation> m_observations;
  std::vector<DeviceRecord> m_devices;
};

}  // namespace camaudit::pipeline
