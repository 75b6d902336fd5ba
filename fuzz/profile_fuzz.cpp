// SPDX-License-Identifier: Apache-2.0
// The organisation-profile reader (assess/profile.cpp) on arbitrary bytes: a clear
// std::invalid_argument or a profile, never a crash or a hang.
#include <camaudit/assess/profile.hpp>

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    camaudit::assess::parse_profile(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.toml");
  } catch (const std::invalid_argument&) {
  }
  return 0;
}
