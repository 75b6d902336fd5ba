// SPDX-License-Identifier: Apache-2.0
// The one list of assessment checks, in the order they run: capability (enriches the
// device's capabilities) -> rights (scores them) -> policy (may depend on a capability,
// e.g. the European Parliament's thermal-camera decision) -> vulnerability -> exposure.
#pragma once

#include <camaudit/assess/check.hpp>

#include <memory>
#include <vector>

namespace camaudit::assess {

std::unique_ptr<Check> make_capability_check();
std::unique_ptr<Check> make_rights_check();
std::unique_ptr<Check> make_policy_check();
std::unique_ptr<Check> make_vulnerability_check();  // assess/vulns.cpp
std::unique_ptr<Check> make_exposure_check();

// Every check, freshly made (not loaded), in running order.
std::vector<std::unique_ptr<Check>> make_checks();

}  // namespace camaudit::assess
