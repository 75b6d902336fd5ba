// SPDX-License-Identifier: Apache-2.0
// What a TCP service says first, before any request: telnet login prompts
// (`192.0.0.64 login:` is a Hikvision factory image, `Welcome to AutoDome ...` a Bosch
// camera), FTP greetings (`220 AXIS 216FD Network Fixed Dome Camera 4.47 ... ready.`)
// and any other banner. Three parsers share this file: "telnet", "ftp" and "banner";
// each also emits the generic banner.text / banner.hex so one rule can cover them all.
#pragma once

#include <camaudit/protocol/protocol.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace camaudit::protocol {

// The banner with telnet option negotiation (IAC WILL/WONT/DO/DONT <opt>, IAC SB ...
// IAC SE, and other IAC commands) removed and IAC IAC turned back into 0xFF.
std::string strip_telnet_negotiation(std::string_view bytes);

// The text of an FTP 220 greeting: single-line `220 text` or multi-line
// `220-first ... 220 last`, codes removed, lines joined with '\n'. nullopt plus
// `error` when the first reply is not a 220.
std::optional<std::string> parse_ftp_greeting(std::string_view bytes, std::string* error);

// Printable form of any banner: printable ASCII, tab and newline kept, CR dropped,
// valid UTF-8 kept, every other byte replaced by '.'.
std::string printable_banner(std::string_view bytes);

extern const Parser kTelnetParser;
extern const Parser kFtpParser;
extern const Parser kBannerParser;

}  // namespace camaudit::protocol
