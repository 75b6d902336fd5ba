// SPDX-License-Identifier: Apache-2.0
// The AuditRecord (core/audit_record.hpp) a command fills in before its pipeline starts:
// when, which camaudit, which knowledge base (sha256 over its files, computed once),
// and the targets and options as given. Sinks write it where their format allows: each
// output file's sidecar `FILE.meta.json` (`{"camaudit_audit": {...}}`, file_sinks.hpp),
// the store's audit row.
#pragma once

#include <camaudit/core/audit_record.hpp>

#include <filesystem>
#include <string>
#include <string_view>

namespace camaudit::pipeline {

// The key under which a sidecar carries the AuditRecord.
inline constexpr std::string_view kHeaderKey = "camaudit_audit";

AuditRecord start_audit(std::string command, nlohmann::json targets, nlohmann::json options,
                        const std::filesystem::path& kb_dir);
// sha256 over every file under `dir` (relative path and content, in path order), hex.
std::string kb_sha256(const std::filesystem::path& dir);
// Now, as RFC 3339 UTC ("2026-12-01T10:00:00Z").
std::string utc_now();
// Writes `j` to `path` through a temporary file and a rename; returns an error, empty on success.
std::string write_json_file(const std::string& path, const nlohmann::json& j);

}  // namespace camaudit::pipeline
