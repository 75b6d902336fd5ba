// SPDX-License-Identifier: Apache-2.0
#include <camaudit/assess/summary.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace camaudit::assess {

namespace {

template <class Pred>
bool any_finding(const DeviceRecord& d, Pred pred) {
  return std::any_of(d.findings.begin(), d.findings.end(), pred);
}

}  // namespace

std::optional<FailOn> fail_on_from_string(std::string_view s) noexcept {
  if (s == "policy") return FailOn::policy;
  if (s == "kev") return FailOn::kev;
  if (s == "critical") return FailOn::critical;
  if (s == "biometric") return FailOn::biometric;
  return std::nullopt;
}

bool binding_restriction(const DeviceRecord& d) {
  return any_finding(d, [](const Finding& f) { return camaudit::binding_restriction(f); });
}

// kev_status (core): only an "affected" verdict counts.
bool kev_affected(const DeviceRecord& d) {
  return any_finding(d, [](const Finding& f) { return kev_status(f) == Kev::yes; });
}

bool biometric(const DeviceRecord& d) {
  return any_finding(d, [](const Finding& f) { return f.kind == FindingKind::capability && f.details.value("biometric", false); });
}

bool critical(const DeviceRecord& d) {
  return (d.rights && d.rights->band == "critical") ||
         any_finding(d, [](const Finding& f) { return f.severity == Severity::critical; });
}

bool fails(const DeviceRecord& d, FailOn gate) {
  switch (gate) {
    case FailOn::policy: return binding_restriction(d);
    case FailOn::kev: return kev_affected(d);
    case FailOn::critical: return critical(d);
    case FailOn::biometric: return biometric(d);
  }
  return false;
}

void AssessmentSummary::add(const DeviceRecord& d) {
  ++devices;
  if (!d.assessed) return;
  ++assessed;
  findings += d.findings.size();
  binding += binding_restriction(d);
  policy += any_finding(d, [](const Finding& f) { return f.kind == FindingKind::policy; });
  kev += kev_affected(d);
  biometric += assess::biometric(d);
  critical += assess::critical(d);
}

std::string AssessmentSummary::text() const {
  return fmt::format(
      "assessed {} of {} devices, {} findings\n"
      "  covered by a binding restriction: {}  (any policy finding: {})\n"
      "  affected by a known exploited vulnerability (CISA KEV): {}\n"
      "  with a biometric capability: {}\n"
      "  with a critical finding or rights band: {}\n",
      assessed, devices, findings, binding, policy, kev, biometric, critical);
}

}  // namespace camaudit::assess
