// SPDX-License-Identifier: Apache-2.0
// An FTP server's 220 greeting (`220 AXIS 216FD Network Fixed Dome Camera 4.47 ...
// ready.`), single- or multi-line. Emits ftp.banner and the generic banner fields
// (banner.hpp).
#pragma once

#include <camaudit/protocol/protocol.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace camaudit::protocol {

// The text of an FTP 220 greeting: single-line `220 text` or multi-line
// `220-first ... 220 last`, codes removed, lines joined with '\n'. nullopt plus
// `error` when the first reply is not a 220.
std::optional<std::string> parse_ftp_greeting(std::string_view bytes, std::string* error);

extern const Parser kFtpParser;

}  // namespace camaudit::protocol
