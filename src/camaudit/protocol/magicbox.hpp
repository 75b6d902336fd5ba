// SPDX-License-Identifier: Apache-2.0
// Dahua /cgi-bin/magicBox.cgi answers (getSystemInfo, getDeviceType,
// getSoftwareVersion, getVendor, ...): text/plain `key=value` lines. updateSerial
// gives the original Dahua model behind an OEM label (protocols.md §5.4).
#pragma once

#include <camaudit/protocol/payload.hpp>
#include <camaudit/protocol/protocol.hpp>

#include <string_view>

namespace camaudit::protocol {

struct MagicBoxReply {
  FieldList values;  // {key, value} per line, in order
};

// Accepts the body alone or a whole HTTP response. Error: no key=value line.
Parsed<MagicBoxReply> parse_magicbox(std::string_view payload);

// Fields: magicbox.<key> per line (deviceType, updateSerial, serialNumber, version, ...).
extern const Parser kMagicboxParser;

}  // namespace camaudit::protocol
