// SPDX-License-Identifier: Apache-2.0
// A telnet service's first words: login prompts (`192.0.0.64 login:` is a Hikvision
// factory image, `Welcome to AutoDome ...` a Bosch camera) after option negotiation.
// Emits telnet.banner and the generic banner fields (banner.hpp).
#pragma once

#include <camaudit/protocol/protocol.hpp>

#include <string>
#include <string_view>

namespace camaudit::protocol {

// The banner with telnet option negotiation (IAC WILL/WONT/DO/DONT <opt>, IAC SB ...
// IAC SE, and other IAC commands) removed and IAC IAC turned back into 0xFF.
std::string strip_telnet_negotiation(std::string_view bytes);

extern const Parser kTelnetParser;

}  // namespace camaudit::protocol
