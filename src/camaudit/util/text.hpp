// SPDX-License-Identifier: Apache-2.0
// Small string helpers that know nothing of cameras.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace camaudit::util {

std::string_view trim(std::string_view s) noexcept;
std::string to_lower(std::string_view s);
bool iequals(std::string_view a, std::string_view b) noexcept;
bool istarts_with(std::string_view s, std::string_view prefix) noexcept;
// Case-insensitive search; returns npos when absent.
std::size_t ifind(std::string_view haystack, std::string_view needle) noexcept;
std::vector<std::string_view> split(std::string_view s, char sep);
// The parameters of an HTTP authentication challenge or answer (RFC 7235 auth-params):
// `realm="x", qop="auth", nonce=abc` -> {realm: x, qop: auth, nonce: abc}; keys lower-cased,
// quotes removed. Lenient: a quote that never closes ends at the end of the text.
std::map<std::string, std::string> parse_auth_params(std::string_view text);
// Replaces every invalid UTF-8 sequence with U+FFFD, so device-supplied bytes can
// be written into JSON, HTML or a terminal safely.
std::string to_valid_utf8(std::string_view s);
// Percent-decoding as used in URIs and ONVIF scopes ("HIKVISION%20DS-2CD").
std::string percent_decode(std::string_view s);
// One CSV cell (RFC 4180 quoting), made valid UTF-8, with formula defusing: a cell a
// spreadsheet would run as a formula (= + - @ tab CR first) gets a leading apostrophe,
// so device-supplied text never executes on an auditor's machine.
std::string csv_cell(std::string_view raw);

}  // namespace camaudit::util
