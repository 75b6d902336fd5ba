// SPDX-License-Identifier: Apache-2.0
// What the web probes share: building one HTTP request the way a browser would send it
// (Host, an honest User-Agent, Connection: close), reading the status and a header of
// the answer, and answering a 401 challenge with the operator's own credentials
// (Basic or Digest, RFC 7616 MD5 with qop=auth) — once, never guessing.
#pragma once

#include <camaudit/scan/probe.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace camaudit::scan::probes {

inline constexpr std::string_view kUserAgent = "camaudit/" CAMAUDIT_VERSION " (CCTV estate audit; read-only)";

std::string http_request(std::string_view method, const HostScan& host, std::uint16_t port, std::string_view path,
                         std::string_view content_type = {}, std::string_view body = {},
                         std::string_view authorization = {});
// The status code of an HTTP or RTSP answer; 0 when it is not one.
int status_code(std::string_view reply);
// The first header of that name (case-insensitive), trimmed; empty when absent.
std::string header(std::string_view reply, std::string_view name);
// An Authorization header value answering `challenge` (a WWW-Authenticate value);
// `cnonce` is random unless given (tests pin it to RFC 2617's example).
std::optional<std::string> authorization(std::string_view challenge, std::string_view method, std::string_view uri,
                                         const Credential& credential, std::string cnonce = {});
// The challenge to answer among all WWW-Authenticate headers: Digest if offered, else Basic.
std::string best_challenge(std::string_view reply);

// Sends one request; if it is answered 401 and the host has a credential, answers the
// challenge once and returns that second reply.
asio::awaitable<Reply> web_exchange(Session& session, const HostScan& host, std::uint16_t port, std::string_view method,
                                    std::string_view path, std::string_view content_type = {},
                                    std::string_view body = {}, bool with_credential = false);

// The transport of a port that answered HTTP (plain or TLS).
inline Transport transport_of(const HostScan& host, std::uint16_t port) {
  auto it = host.speaks.find(port);
  return it != host.speaks.end() && it->second == Speaks::https ? Transport::tls : Transport::tcp;
}

}  // namespace camaudit::scan::probes
