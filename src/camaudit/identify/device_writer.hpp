// SPDX-License-Identifier: Apache-2.0
// Writes identified devices as JSON Lines, the output of `camaudit identify` (and
// later `scan`). One object per device; keys in a fixed order so diffs are stable.
// Device-supplied strings are made valid UTF-8 before they are written.
#pragma once

#include <camaudit/identify/device.hpp>

#include <string>

namespace camaudit::identify {

std::string device_to_json_line(const Device& device);

}  // namespace camaudit::identify
