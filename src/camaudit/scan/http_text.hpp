// SPDX-License-Identifier: Apache-2.0
// Reading the HTTP and RTSP answers devices send, as far as the scanner itself needs to
// (the protocol parsers do the rest later): is the message complete, its status code,
// one header, the authentication challenge to answer, and the answer to it with the
// operator's own credentials (Basic, or Digest per RFC 7616 with MD5 and qop=auth).
// Device-supplied bytes, so pure functions with a fuzz target (fuzz/http_text_fuzz.cpp),
// and no socket library here.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace camaudit::scan {

// True when `bytes` holds one complete HTTP or RTSP message: headers, then Content-Length
// bytes or the last chunk; an RTSP reply without Content-Length ends at the blank line.
bool http_message_complete(std::string_view bytes);
// True when the connection that carried `reply` may carry the next request (keep-alive):
// an HTTP/1.1 or RTSP/1.0 answer without `Connection: close` that is exactly one message
// whose end is certain (Content-Length, or no body where none may come). Anything else
// (HTTP/1.0, chunked, read-to-close, extra bytes after the message) is not reused.
bool http_connection_reusable(std::string_view reply);
// The status code of an HTTP or RTSP answer; 0 when it is not one.
int status_code(std::string_view reply);
// The first header of that name (case-insensitive), trimmed; empty when absent.
std::string header(std::string_view reply, std::string_view name);
// The challenge to answer among all WWW-Authenticate headers: Digest if offered, else Basic.
std::string best_challenge(std::string_view reply);
// An Authorization header value answering `challenge` for `username`/`password`;
// nothing for schemes other than Basic and Digest-MD5. `cnonce` is random unless given
// (tests pin it to RFC 2617's example).
std::optional<std::string> authorization(std::string_view challenge, std::string_view method, std::string_view uri,
                                         std::string_view username, std::string_view password, std::string cnonce = {});

}  // namespace camaudit::scan
