// SPDX-License-Identifier: Apache-2.0
// The one list of checks. To add a kind of assessment: write assess/<name>.cpp with a
// make_<name>_check() factory, declare it in registry.hpp, and add one line here in the
// place its dependencies dictate (registry_test.cpp checks names and order).
#include <camaudit/assess/registry.hpp>

namespace camaudit::assess {

std::vector<std::unique_ptr<Check>> make_checks() {
  std::vector<std::unique_ptr<Check>> checks;
  checks.push_back(make_capability_check());
  checks.push_back(make_rights_check());
  checks.push_back(make_policy_check());
  checks.push_back(make_vulnerability_check());
  checks.push_back(make_exposure_check());
  return checks;
}

}  // namespace camaudit::assess
