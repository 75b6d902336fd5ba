// SPDX-License-Identifier: Apache-2.0
// What every file sink shares: first lines, flushing at checkpoints, the sidecar.
#include <camaudit/pipeline/audit.hpp>
#include <camaudit/pipeline/file_sinks.hpp>

namespace camaudit::pipeline {

void FileSink::write_sidecar(const AuditRecord& audit) {
  if (m_out.path() == "-") return;
  nlohmann::json meta = {{kHeaderKey, to_json(audit)}, {"file", m_out.path()}, {"format", m_format}};
  if (std::string e = write_json_file(sidecar(m_out.path()), meta); !e.empty() && m_error.empty()) m_error = e;
}

void FileSink::begin(const AuditRecord& audit) {
  if (m_fresh) first_lines();
  write_sidecar(audit);
}

void FileSink::checkpoint() {
  if (std::string e = m_out.flush(); !e.empty() && m_error.empty()) m_error = e;
}

void FileSink::end(const AuditRecord& audit) {
  checkpoint();
  write_sidecar(audit);
}

}  // namespace camaudit::pipeline
