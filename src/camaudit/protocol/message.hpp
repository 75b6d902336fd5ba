// SPDX-License-Identifier: Apache-2.0
// Framing shared by the text protocols of the HTTP/1.x family (HTTP, RTSP, SSDP):
// a start line, a header block, an optional body. Devices bend every rule, so this
// accepts what they really send: bare LF or CRLF, duplicated and folded headers,
// upper-case names (Dahua), chunked bodies, truncated captures. Header order and
// spelling are kept exactly, because they are themselves a fingerprint.
// Also shared: WWW-Authenticate challenge parsing, and the fields HTTP and RTSP
// both emit. Not a parser of its own (no registry entry): http.cpp, rtsp.cpp and
// ssdp.cpp build on it.
#pragma once

#include <camaudit/protocol/protocol.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace camaudit::protocol {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// A body is kept up to this size; the rest is dropped (hashes cover the kept part).
inline constexpr std::size_t kMaxBodyBytes = 1024 * 1024;
// Headers beyond this count are skipped (still scanned for the end of the block).
inline constexpr std::size_t kMaxHeaders = 1000;

struct TextMessage {
  std::string start_line;     // "HTTP/1.1 401 Unauthorized", "NOTIFY * HTTP/1.1"
  HeaderList headers;         // as sent: order, case; folded lines joined with one space
  std::string body;           // chunked encoding removed; at most kMaxBodyBytes
  std::size_t head_bytes = 0; // bytes of start line + headers + blank line, as sent
  bool complete = true;       // false: no end of headers, or fewer body bytes than announced

  // First header with this name (case-insensitive), value trimmed.
  std::optional<std::string_view> header(std::string_view name) const;
  std::vector<std::string_view> headers_named(std::string_view name) const;
};

// What a message without Content-Length or chunked encoding carries as body: HTTP
// responses run to the end of the connection; RTSP and SSDP then have no body.
enum class LengthlessBody { to_end, none };

// Frames one message at the start of `bytes`. Returns nullopt (and `error`) only when
// there is no start line at all; a truncated or bent message is returned with a
// one-line note in `error`.
std::optional<TextMessage> parse_text_message(std::string_view bytes, LengthlessBody lengthless,
                                              std::string* error);

// A response: "<PROTO>/<ver> <3-digit status> <reason>".
struct StatusResponse : TextMessage {
  std::string version;  // "HTTP/1.1", "RTSP/1.0"
  int status = 0;
  std::string reason;
};

// Frames a response whose status line starts with `protocol` ("HTTP", "RTSP").
std::optional<StatusResponse> parse_status_response(std::string_view bytes, std::string_view protocol,
                                                    LengthlessBody lengthless, std::string* error);

// One challenge of a WWW-Authenticate value. A value may hold several
// (`Digest realm="x", nonce="y", Basic realm="x"`).
struct AuthChallenge {
  std::string scheme;  // as sent: "Digest", "Basic"
  HeaderList params;   // name -> unquoted value, in order
  std::optional<std::string_view> param(std::string_view name) const;
};
std::vector<AuthChallenge> parse_www_authenticate(std::string_view value);

// Fields HTTP and RTSP share, keyed "<prefix>.status", ".server", ".header" (each
// `Name: value`), ".www_authenticate", ".auth_scheme", ".realm", ".response" (the
// head as sent plus the first 4 KiB of the body as sent, for nmap-style rules).
void add_status_response_fields(ParseResult& out, std::string_view prefix, const StatusResponse& response,
                                std::string_view raw);

}  // namespace camaudit::protocol
