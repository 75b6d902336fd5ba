// SPDX-License-Identifier: Apache-2.0
#include <camaudit/assess/assessor.hpp>
#include <camaudit/assess/registry.hpp>

#include <fmt/format.h>

namespace camaudit::assess {

Assessor::Assessor(const std::filesystem::path& kb_dir, const kb::KnowledgeBase& kb, std::vector<kb::Problem>& problems)
    : m_checks(make_checks()) {
  for (auto& check : m_checks) check->load(kb_dir, kb, problems);
}

void Assessor::assess(DeviceRecord& device, const Profile& profile) const {
  std::vector<Finding> findings;
  device.rights.reset();
  for (const auto& check : m_checks) check->run(device, profile, findings);
  device.findings = std::move(findings);
  device.assessed = true;
}

void Assessor::assess_audit(std::vector<DeviceRecord>& devices, const Profile& profile) const {
  for (DeviceRecord& d : devices) assess(d, profile);
  finish_audit(devices, profile);
}

void Assessor::finish_audit(std::vector<DeviceRecord>& devices, const Profile& profile) const {
  for (const auto& check : m_checks) check->run_audit(devices, profile);
}

void Assessor::self_test(std::vector<kb::Problem>& problems) const {
  for (const auto& check : m_checks) check->self_test(problems);
}

std::vector<std::string> Assessor::profile_problems(const Profile& profile) const {
  std::vector<std::string> problems;
  for (const auto& check : m_checks) check->check_profile(profile, problems);
  if (!profile.site_sensitivity.empty() && profile.site_sensitivity != "sensitive" && profile.site_sensitivity != "standard")
    problems.push_back("site_sensitivity must be \"sensitive\" or \"standard\", not \"" + profile.site_sensitivity + "\"");
  return problems;
}

std::string Assessor::describe() const {
  std::string out;
  for (const auto& check : m_checks) out += fmt::format("{}{}: {}", out.empty() ? "" : "; ", check->name(), check->describe());
  return out;
}

std::string check_assessment_data(const std::filesystem::path& kb_dir, const kb::KnowledgeBase& kb,
                                  std::vector<kb::Problem>& problems) {
  Assessor assessor(kb_dir, kb, problems);
  assessor.self_test(problems);
  return assessor.describe();
}

}  // namespace camaudit::assess
