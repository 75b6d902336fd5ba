// SPDX-License-Identifier: Apache-2.0
// Shared plumbing for the device-reply parsers: the typed "message or error" result
// each protocol's parse_<name>() returns, the size and count bounds every parser
// applies, and two text shapes many devices answer with: an HTTP response whose
// body is the payload, and `key=value` lines (Dahua magicBox, Hanwha SUNAPI, Axis
// param.cgi). Internal to camaudit::protocol.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace camaudit::protocol {

// Inputs beyond this are cut (with an error) before any parsing: no real discovery
// or device-info reply comes close, and it bounds parse time on hostile input.
inline constexpr std::size_t kMaxInputBytes = 1024 * 1024;
// At most this many fields from one payload, so one device cannot flood the store.
inline constexpr std::size_t kMaxFieldsPerPayload = 4096;
// Deepest JSON/XML nesting we walk; real replies stay under 8.
inline constexpr std::size_t kMaxNestingDepth = 32;

// Ordered (key, value) pairs as a protocol's own message carries them.
using FieldList = std::vector<std::pair<std::string, std::string>>;

// What a typed parser returns: the message (possibly partial) and, when the bytes
// were not fully understood, a one-line reason. `error` set + empty message means
// nothing usable was found.
template <class Message>
struct Parsed {
  Message message;
  std::optional<std::string> error;
  [[nodiscard]] bool ok() const noexcept { return !error.has_value(); }
};

// When `payload` is a whole HTTP response ("HTTP/1.x ..."), returns its body as
// message.hpp frames it (chunked coding removed); otherwise returns `payload` as is.
// Device-info replies are recorded either way, depending on the probe or importer.
std::string http_body(std::string_view payload);

// Splits text into `key<sep>value` pairs, one per line (LF or CRLF), trimming both
// sides. Lines without the separator, or whose key is not a plain identifier
// (letters, digits, "._-[]/"), are skipped.
std::vector<std::pair<std::string_view, std::string_view>> key_value_lines(std::string_view text,
                                                                          char separator);

// Cuts input to kMaxInputBytes; returns the error text to report when it did.
std::optional<std::string> bound_input(std::string_view& text, std::string_view protocol_label);

}  // namespace camaudit::protocol
