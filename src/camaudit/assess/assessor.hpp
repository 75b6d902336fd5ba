// SPDX-License-Identifier: Apache-2.0
// The assessment stage's front door: load every check's data once, then judge devices.
// The pipeline (scan / identify / discover) and `camaudit assess` both use this:
//
//   std::vector<kb::Problem> problems;
//   assess::Assessor assessor(kb_dir, *kb, problems);   // problems: file:line each
//   assessor.assess(device, profile);                   // const, thread-safe
//   assessor.assess_audit(devices, profile);            // + judgements across devices
//
// It never touches the network: devices and kb in, findings out.
#pragma once

#include <camaudit/assess/check.hpp>

#include <filesystem>
#include <memory>
#include <vector>

namespace camaudit::assess {

class Assessor {
 public:
  // Loads every registered check's data below kb_dir (kb/policy/, kb/capabilities/, ...).
  Assessor(const std::filesystem::path& kb_dir, const kb::KnowledgeBase& kb, std::vector<kb::Problem>& problems);

  // Replaces device.findings and device.rights; sets device.assessed. Safe to call from
  // many threads at once on different devices (checks are immutable after loading).
  void assess(DeviceRecord& device, const Profile& profile) const;
  // assess() on each device, then the audit-level passes (shared default certificates).
  void assess_audit(std::vector<DeviceRecord>& devices, const Profile& profile) const;
  // Runs only the audit-level passes over devices already assess()ed (pipeline streams).
  void finish_audit(std::vector<DeviceRecord>& devices, const Profile& profile) const;

  // Every check's examples (`camaudit kb check`).
  void self_test(std::vector<kb::Problem>& problems) const;
  // Profile values no check knows (unknown org type, site context ...).
  std::vector<std::string> profile_problems(const Profile& profile) const;

  const std::vector<std::unique_ptr<Check>>& checks() const { return m_checks; }
  // "policy: 14 rules ...; vulnerability: ..." — each check's describe(), for `kb check`.
  std::string describe() const;

 private:
  std::vector<std::unique_ptr<Check>> m_checks;
};

// Loads every check's data and runs its examples: `camaudit kb check`'s part for assess/.
// Returns Assessor::describe().
std::string check_assessment_data(const std::filesystem::path& kb_dir, const kb::KnowledgeBase& kb,
                                  std::vector<kb::Problem>& problems);

}  // namespace camaudit::assess
