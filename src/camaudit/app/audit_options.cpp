// SPDX-License-Identifier: Apache-2.0
#include <camaudit/app/audit_options.hpp>

#include <iostream>

namespace camaudit::app {

void AuditOptions::add_to(CLI::App& command) {
  profile.add_to(command);
  command.add_flag("--no-assess", no_assess, "identify only; do not assess the devices (policy, vulnerabilities, ...)");
  store.add_to(command);
  command.add_flag("--no-store", no_store, "do not record this audit in the store");
}

bool AuditServices::prepare(const std::string& kb_dir, const kb::KnowledgeBase& kb, const std::string& who) {
  if (!m_options.no_assess) {
    std::vector<kb::Problem> problems;
    m_assessor = std::make_unique<assess::Assessor>(kb_dir, kb, problems);
    for (const kb::Problem& p : problems) std::cerr << who << ": " << kb_dir << "/" << p.where.str() << ": " << p.message << "\n";
    if (!problems.empty()) return false;
    auto profile = m_options.profile.resolve(*m_assessor, who);
    auto gates = m_options.profile.gates(who);
    if (!profile || !gates) return false;
    m_profile = *profile;
    m_gates = *gates;
  }
  if (!m_options.no_store) {
    try {
      m_store = m_options.store.open();
      m_store_sink.emplace(*m_store);
    } catch (const store::StoreError& e) {
      std::cerr << who << ": " << e.what() << " (--no-store to run without it)\n";
      return false;
    }
  }
  return true;
}

pipeline::Assess AuditServices::hook() const {
  if (!m_assessor) return {};
  return [this](DeviceRecord& device) { m_assessor->assess(device, m_profile); };
}

nlohmann::json AuditServices::profile_json() const {
  if (!m_assessor) return nlohmann::json::object();
  return {{"organisation", m_profile.organisation}, {"site", m_profile.site},
          {"jurisdictions", m_profile.jurisdictions}, {"org_type", m_profile.org_type},
          {"sector", m_profile.sector}, {"site_sensitivity", m_profile.site_sensitivity},
          {"site_contexts", m_profile.site_contexts}};
}

void AuditServices::host(std::span<const Observation>, std::span<const DeviceRecord> devices) {
  if (!m_assessor) return;
  for (const DeviceRecord& d : devices) {
    m_summary.add(d);
    for (assess::FailOn gate : m_gates) m_tripped |= assess::fails(d, gate);
  }
}

}  // namespace camaudit::app
