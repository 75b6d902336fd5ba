// SPDX-License-Identifier: Apache-2.0
// The store conformance suite (conformance_test.cpp) runs against every backend. A
// backend joins by instantiating it with a factory that opens a fresh, empty store
// under a given folder (and reopens the same one when called again with that folder):
//   INSTANTIATE_TEST_SUITE_P(Sqlite, StoreConformance, ::testing::Values(Backend{"sqlite", open_sqlite}));
#pragma once

#include <camaudit/store/store.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <string>

namespace camaudit::store::testing {

struct Backend {
  std::string name;
  std::function<std::unique_ptr<Store>(const std::filesystem::path& folder)> open;
};
inline std::ostream& operator<<(std::ostream& out, const Backend& b) { return out << b.name; }

class StoreConformance : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override;
  void TearDown() override;
  std::unique_ptr<Store> open() { return GetParam().open(m_folder); }
  std::filesystem::path m_folder;
};

// A fresh folder under the system's temporary directory, removed by the caller.
std::filesystem::path fresh_folder(const std::string& tag);

}  // namespace camaudit::store::testing
