// SPDX-License-Identifier: Apache-2.0
// An AuditRecord says how one audit was made: when, by which command, over which targets
// and options, with which camaudit and knowledge-base versions, for which organisation
// profile, from which source file (imports), and how it ended. Every output (JSONL
// header, CSV sidecar, store row, report) carries it, so a result traces to its making.
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace camaudit {

using AuditId = std::int64_t;

enum class AuditStatus { running, complete, interrupted, failed };
std::string_view to_string(AuditStatus s) noexcept;
std::optional<AuditStatus> audit_status_from_string(std::string_view s) noexcept;

struct AuditRecord {
  AuditId id = 0;  // assigned by the store; 0 when not stored
  std::string organisation;  // from the org profile, may be a pseudonym
  std::string site;
  std::string command;     // "scan", "identify", "discover", "import", "reidentify"
  std::string started_at;  // RFC 3339, UTC
  std::string ended_at;    // empty while running
  AuditStatus status = AuditStatus::running;
  nlohmann::json targets = nlohmann::json::array();   // as given
  nlohmann::json options = nlohmann::json::object();  // ports, rates, timeouts ... as given
  std::string camaudit_version;
  std::string kb_digest;    // sha256 over the knowledge-base files
  nlohmann::json profile = nlohmann::json::object();  // the organisation profile assessed against
  nlohmann::json source = nlohmann::json::object();   // imports: file, format, sha256, tool_version
  std::optional<AuditId> derived_from;                // reidentify: the audit it re-ran
  // Counts, filled in by whoever reads it back (store, report).
  std::size_t devices = 0, observations = 0, findings = 0;
  friend bool operator==(const AuditRecord&, const AuditRecord&) = default;
};

nlohmann::json to_json(const AuditRecord& audit);
// Throws std::invalid_argument naming the JSON path of the first problem.
AuditRecord audit_record_from_json(const nlohmann::json& j);

}  // namespace camaudit
