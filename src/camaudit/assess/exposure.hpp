// SPDX-License-Identifier: Apache-2.0
// The exposure check's data model (kb/exposure/exposure.toml): each exposure names a
// detector (what in the device record shows it) and what to say about it. Detectors read
// only what identification recorded — `seen` (what answered) and the evidence (which
// field of which observation) — never a new probe.
#pragma once

#include <fmt/format.h>

#include <camaudit/assess/check.hpp>

#include <string>
#include <vector>

namespace camaudit::assess {

struct Exposure {
  std::string id, detect, verdict, summary, source;
  Severity severity = Severity::info;
  std::vector<std::string> protocols, ports, unless_protocols, fields, attributes, capabilities;
  std::size_t min_devices = 2;  // shared_certificate: how many devices make it "shared"
  std::vector<Citation> cites;
  struct Example {
    std::vector<std::string> seen, fields, capabilities;
    bool expect = true;
    kb::Location where;
  };
  std::vector<Example> examples;
  kb::Location where;
};

class ExposureCheck : public Check {
 public:
  std::string_view name() const override { return "exposure"; }
  void load(const std::filesystem::path& kb_dir, const kb::KnowledgeBase& kb, std::vector<kb::Problem>& problems) override;
  void self_test(std::vector<kb::Problem>& problems) const override;
  std::string describe() const override { return fmt::format("{} exposures", m_exposures.size()); }
  void run(DeviceRecord& device, const Profile& profile, std::vector<Finding>& out) const override;
  void run_audit(std::vector<DeviceRecord>& devices, const Profile& profile) const override;
  const std::vector<Exposure>& exposures() const { return m_exposures; }

 private:
  std::vector<Exposure> m_exposures;
};

}  // namespace camaudit::assess
