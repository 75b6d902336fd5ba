// SPDX-License-Identifier: Apache-2.0
// A MAC address as an asset register, switch table or ARP dump writes it. The first
// three bytes (the OUI) name the NIC's registrant, often the real manufacturer under
// an OEM label. Accepted notations: aa:bb:cc:dd:ee:ff, AA-BB-CC-DD-EE-FF,
// aabb.ccdd.eeff (Cisco), aabbccddeeff, aa bb cc dd ee ff, and single-digit groups
// (0:1b:2c:3:4:5, as macOS arp prints them).
#pragma once

#include <camaudit/protocol/protocol.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace camaudit::protocol {

// "aa:bb:cc:dd:ee:ff" (lower case) or nullopt plus `error`.
std::optional<std::string> normalise_mac(std::string_view text, std::string* error);

extern const Parser kMacParser;

}  // namespace camaudit::protocol
