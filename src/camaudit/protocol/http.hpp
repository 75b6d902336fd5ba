// SPDX-License-Identifier: Apache-2.0
// HTTP/1.x responses as devices send them (the reply to `GET /`, a 401 challenge, a
// favicon). Cameras identify themselves here by Server header, header order and
// case, WWW-Authenticate realm and nonce format, page title, and favicon hash.
#pragma once

#include <camaudit/protocol/message.hpp>
#include <camaudit/protocol/protocol.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace camaudit::protocol {

// version, status, reason, headers (device's order and case), body (chunked coding
// removed, at most kMaxBodyBytes), head_bytes, complete: see message.hpp.
using HttpResponse = StatusResponse;

// Parses an HTTP/1.x response. nullopt plus `error` when there is no status line;
// a truncated response is returned with a note in `error`.
std::optional<HttpResponse> parse_http_response(std::string_view bytes, std::string* error);

// The text of the first <title> element, trimmed, basic entities decoded; nullopt
// when the page has no title element.
std::optional<std::string> html_title(std::string_view html);

// Hikvision's Digest nonce is hex(base64("<hex>:<hex>")); this undoes both layers
// and returns the text only when each step succeeds and the result is printable.
std::optional<std::string> decode_layered_nonce(std::string_view nonce);

extern const Parser kHttpParser;

}  // namespace camaudit::protocol
