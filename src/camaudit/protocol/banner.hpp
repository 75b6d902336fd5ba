// SPDX-License-Identifier: Apache-2.0
// What a TCP service says first, before any request, when no more specific parser knows
// the port ("banner"), and the generic fields every banner-like parser (ftp.hpp,
// telnet.hpp) also emits so one rule can cover them all: banner.text (printable text),
// banner.hex (first 64 bytes, hex) and banner.response (the raw bytes, for rules carried
// over from nmap-service-probes, whose patterns read the bytes as sent).
#pragma once

#include <camaudit/protocol/protocol.hpp>

#include <array>
#include <string>
#include <string_view>

namespace camaudit::protocol {

// The generic banner keys, for the key lists of the parsers that emit them.
inline constexpr std::array<std::string_view, 3> kBannerFieldKeys = {"banner.text", "banner.hex", "banner.response"};

// Adds banner.text, banner.hex and banner.response for these bytes.
void add_banner_fields(ParseResult& out, std::string_view bytes);

// Printable form of any banner: printable ASCII, tab and newline kept, CR dropped,
// valid UTF-8 kept, every other byte replaced by '.'.
std::string printable_banner(std::string_view bytes);

extern const Parser kBannerParser;

}  // namespace camaudit::protocol
