// SPDX-License-Identifier: Apache-2.0
#include <camaudit/assess/registry.hpp>

#include <gtest/gtest.h>

#include <set>

namespace camaudit::assess {
namespace {

// The order matters: capability enriches the device, rights scores those capabilities,
// policy may need a capability (thermal), exposure reads capabilities (cloud).
TEST(AssessRegistry, EveryCheckOnceInDependencyOrder) {
  auto checks = make_checks();
  std::vector<std::string> names;
  for (const auto& c : checks) names.emplace_back(c->name());
  std::vector<std::string> expected{"capability", "rights", "policy", "vulnerability", "exposure"};
  EXPECT_EQ(names, expected);
  EXPECT_EQ(std::set<std::string>(names.begin(), names.end()).size(), names.size());
}

}  // namespace
}  // namespace camaudit::assess
