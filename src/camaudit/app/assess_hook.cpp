// SPDX-License-Identifier: Apache-2.0
// Where assessment joins the commands that identify stored observations (reidentify):
// the audit's own organisation profile, the knowledge base's assessment data.
#include <camaudit/app/commands.hpp>
#include <camaudit/assess/assessor.hpp>

#include <iostream>
#include <memory>

namespace camaudit::app {

namespace {
std::vector<std::string> strings(const nlohmann::json& j, const char* key) {
  std::vector<std::string> out;
  if (auto it = j.find(key); it != j.end() && it->is_array())
    for (const nlohmann::json& v : *it)
      if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}
std::string text(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}
}  // namespace

std::function<void(DeviceRecord&)> assess_hook(const kb::KnowledgeBase& kb, const AuditRecord& audit) {
  std::vector<kb::Problem> problems;
  auto assessor = std::make_shared<assess::Assessor>(kb.root(), kb, problems);
  for (const kb::Problem& p : problems) std::cerr << "camaudit: " << p.where.str() << ": " << p.message << "\n";
  if (!problems.empty()) return {};  // unassessed devices say so (assessed = false)
  assess::Profile profile;
  const nlohmann::json& p = audit.profile;
  profile.organisation = text(p, "organisation");
  profile.site = text(p, "site");
  profile.jurisdictions = strings(p, "jurisdictions");
  profile.org_type = text(p, "org_type");
  profile.sector = text(p, "sector");
  profile.site_sensitivity = text(p, "site_sensitivity");
  profile.site_contexts = strings(p, "site_contexts");
  return [assessor, profile](DeviceRecord& device) { assessor->assess(device, profile); };
}

}  // namespace camaudit::app
