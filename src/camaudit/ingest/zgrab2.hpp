// SPDX-License-Identifier: Apache-2.0
// ZGrab2 JSON Lines (one object per target: {"ip", "domain", "data": {SCAN: {"status",
// "protocol", "result", "error"}}}, field names as zmap/zgrab2's schemas/*.py give them).
// What each module's result becomes:
//   http    result.response (and each of result.redirect_response_chain): the response
//           rebuilt as HTTP/1.x text (status line, headers, body) -> an "http" observation
//           at the port and path of response.request.url; the server certificate of an
//           https request (request.tls_log.handshake_log) -> a "tls" observation
//   tls     result.handshake_log.server_certificates.certificate.raw (base64 DER) -> "tls"
//   banner, ftp, telnet   result.banner -> "banner", "ftp", "telnet"
// ZGrab2 does not write the port it connected to except inside HTTP URLs; elsewhere the
// module's default port is assumed (tls 443, ftp 21, telnet 23; banner: none, port 0)
// and counted in the report. Lines longer than kMaxLine are rejected, never buffered.
#pragma once

#include <camaudit/ingest/importer.hpp>

namespace camaudit::ingest {

extern const Importer kZgrab2Importer;

inline constexpr std::size_t kZgrab2MaxLine = std::size_t{64} << 20;  // one target's JSON

}  // namespace camaudit::ingest
