// SPDX-License-Identifier: Apache-2.0
// What an audit's assessment comes to, in the three numbers people ask for first:
// devices covered by a restriction that binds this organisation, devices with a known
// exploited vulnerability (CISA KEV), devices with a biometric capability; and the
// `--fail-on` gate that turns them into an exit status for CI or procurement.
#pragma once

#include <camaudit/core/device_record.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace camaudit::assess {

// --fail-on values. policy: a binding restriction covers a device; kev: a device is
// affected by a vulnerability in CISA's KEV catalogue; critical: any finding of severity
// critical (or a rights band of critical); biometric: a biometric capability.
enum class FailOn { policy, kev, critical, biometric };
std::optional<FailOn> fail_on_from_string(std::string_view s) noexcept;
constexpr std::string_view kFailOnValues = "policy, kev, critical, biometric";

bool binding_restriction(const DeviceRecord& device);
bool kev_affected(const DeviceRecord& device);
bool biometric(const DeviceRecord& device);
bool critical(const DeviceRecord& device);
bool fails(const DeviceRecord& device, FailOn gate);

struct AssessmentSummary {
  std::size_t devices = 0, assessed = 0, binding = 0, policy = 0, kev = 0, biometric = 0, critical = 0;
  std::size_t findings = 0;
  void add(const DeviceRecord& device);
  std::string text() const;  // the terminal summary lines
};

}  // namespace camaudit::assess
