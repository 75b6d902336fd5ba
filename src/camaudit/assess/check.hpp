// SPDX-License-Identifier: Apache-2.0
// One kind of assessment (policy, vulnerability, capability, rights, exposure) behind
// one small interface, as ZGrab2 has a module per protocol: each check reads its own
// knowledge-base folder (kb/policy/, kb/vulns/, ...), runs its own examples for
// `kb check`, and turns a device into findings. Checks are pure: devices and kb in,
// findings out; none ever touches the network. The one list is assess/registry.cpp.
#pragma once

#include <camaudit/assess/profile.hpp>
#include <camaudit/core/device_record.hpp>
#include <camaudit/kb/knowledge_base.hpp>

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace camaudit::assess {

class Check {
 public:
  virtual ~Check() = default;
  virtual std::string_view name() const = 0;  // "policy", "vulnerability", ...
  // Loads the check's data below kb_dir; every problem with its file:line. The
  // identification KB is there for vendor names, aliases and OEM relations.
  virtual void load(const std::filesystem::path& kb_dir, const kb::KnowledgeBase& kb,
                    std::vector<kb::Problem>& problems) = 0;
  // Runs the data's own examples (Recog-style), for `kb check`.
  virtual void self_test(std::vector<kb::Problem>& problems) const = 0;
  // What was loaded, in a few words ("14 rules, 31 entities"), for `kb check`.
  virtual std::string describe() const = 0;
  // Judges one device. A check may also enrich the device (the capability check adds
  // capabilities with their evidence; rights sets device.rights) before later checks run.
  // `out` already holds the findings of the checks that ran before this one.
  virtual void run(DeviceRecord& device, const Profile& profile, std::vector<Finding>& out) const = 0;
  // Judgements that need the whole audit (a default TLS certificate shared across
  // devices): run once after every device was assessed; appends to devices' findings.
  virtual void run_audit(std::vector<DeviceRecord>& devices, const Profile& profile) const {
    (void)devices;
    (void)profile;
  }
  // Profile values this check's data does not know (org types, site contexts), one
  // message each, so a typo in --org-type is an error rather than a silent "not bound".
  virtual void check_profile(const Profile& profile, std::vector<std::string>& problems) const {
    (void)profile;
    (void)problems;
  }
};

}  // namespace camaudit::assess
