// SPDX-License-Identifier: Apache-2.0
// The JSON Lines observation reader (`camaudit identify` input): any bytes give an
// observation or an error, never a crash.
#include <camaudit/identify/observation_reader.hpp>

#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  camaudit::Observation obs;
  std::string error;
  camaudit::identify::parse_observation_line(std::string_view(reinterpret_cast<const char*>(data), size), 1, obs,
                                             error);
  return 0;
}
