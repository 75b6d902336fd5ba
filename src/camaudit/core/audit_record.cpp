// SPDX-License-Identifier: Apache-2.0
#include <camaudit/core/audit_record.hpp>

#include <array>
#include <stdexcept>
#include <utility>

namespace camaudit {

using nlohmann::json;

namespace {
constexpr std::array<std::pair<AuditStatus, std::string_view>, 4> kStatuses{{
    {AuditStatus::running, "running"},
    {AuditStatus::complete, "complete"},
    {AuditStatus::interrupted, "interrupted"},
    {AuditStatus::failed, "failed"},
}};

std::string text(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return {};
  if (!it->is_string()) throw std::invalid_argument(std::string("audit.") + key + ": not a string");
  return it->get<std::string>();
}
json member(const json& j, const char* key, json fallback, bool (json::*kind)() const noexcept) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return fallback;
  if (!((*it).*kind)()) throw std::invalid_argument(std::string("audit.") + key + ": wrong type");
  return *it;
}
std::size_t count(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return 0;
  if (!it->is_number_unsigned()) throw std::invalid_argument(std::string("audit.") + key + ": not a count");
  return it->get<std::size_t>();
}
}  // namespace

std::string_view to_string(AuditStatus s) noexcept {
  for (const auto& [v, name] : kStatuses)
    if (v == s) return name;
  return "?";
}

std::optional<AuditStatus> audit_status_from_string(std::string_view s) noexcept {
  for (const auto& [v, name] : kStatuses)
    if (name == s) return v;
  return std::nullopt;
}

json to_json(const AuditRecord& a) {
  json j = {{"id", a.id},
            {"organisation", a.organisation},
            {"site", a.site},
            {"command", a.command},
            {"started_at", a.started_at},
            {"ended_at", a.ended_at},
            {"status", to_string(a.status)},
            {"targets", a.targets},
            {"options", a.options},
            {"camaudit_version", a.camaudit_version},
            {"kb_digest", a.kb_digest},
            {"profile", a.profile},
            {"source", a.source},
            {"derived_from", a.derived_from ? json(*a.derived_from) : json(nullptr)},
            {"devices", a.devices},
            {"observations", a.observations},
            {"findings", a.findings}};
  return j;
}

AuditRecord audit_record_from_json(const json& j) {
  if (!j.is_object()) throw std::invalid_argument("audit: not a JSON object");
  AuditRecord a;
  if (auto it = j.find("id"); it != j.end() && !it->is_null()) {
    if (!it->is_number_integer()) throw std::invalid_argument("audit.id: not an integer");
    a.id = it->get<AuditId>();
  }
  a.organisation = text(j, "organisation");
  a.site = text(j, "site");
  a.command = text(j, "command");
  a.started_at = text(j, "started_at");
  a.ended_at = text(j, "ended_at");
  std::string status = text(j, "status");
  auto parsed = audit_status_from_string(status.empty() ? "running" : status);
  if (!parsed) throw std::invalid_argument("audit.status: unknown status '" + status + "'");
  a.status = *parsed;
  a.targets = member(j, "targets", json::array(), &json::is_array);
  a.options = member(j, "options", json::object(), &json::is_object);
  a.camaudit_version = text(j, "camaudit_version");
  a.kb_digest = text(j, "kb_digest");
  a.profile = member(j, "profile", json::object(), &json::is_object);
  a.source = member(j, "source", json::object(), &json::is_object);
  if (auto it = j.find("derived_from"); it != j.end() && !it->is_null()) {
    if (!it->is_number_integer()) throw std::invalid_argument("audit.derived_from: not an integer");
    a.derived_from = it->get<AuditId>();
  }
  a.devices = count(j, "devices");
  a.observations = count(j, "observations");
  a.findings = count(j, "findings");
  return a;
}

}  // namespace camaudit
