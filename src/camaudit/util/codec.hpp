// SPDX-License-Identifier: Apache-2.0
// Byte encodings and hashes used by fingerprints: hex, base64, MD5, and the
// MurmurHash3 (x86, 32-bit) that Shodan's http.favicon.hash uses.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace camaudit::util {

std::string hex_encode(std::string_view bytes);                   // lower case
std::optional<std::string> hex_decode(std::string_view hex);      // ignores whitespace and ':'
std::string base64_encode(std::string_view bytes);
std::optional<std::string> base64_decode(std::string_view text);  // ignores whitespace
std::string md5_hex(std::string_view bytes);
std::string sha256_hex(std::string_view bytes);
std::uint32_t murmur3_32(std::string_view bytes, std::uint32_t seed = 0);
// Shodan's favicon hash: mmh3 (signed 32-bit) of the base64 encoding with a newline
// after every 76 characters and at the end (Python's base64.encodebytes).
std::int32_t shodan_favicon_hash(std::string_view favicon_bytes);

}  // namespace camaudit::util
