// SPDX-License-Identifier: Apache-2.0
// What the web probes share: building one HTTP request the way a browser would send it
// (Host, an honest User-Agent; HTTP/1.1, so the session may keep the connection for the
// next request to the same port), and one exchange that answers a 401
// challenge with the operator's own credentials (http_text.hpp) — once, never guessing.
#pragma once

#include <camaudit/scan/http_text.hpp>
#include <camaudit/scan/probe.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace camaudit::scan::probes {

inline constexpr std::string_view kUserAgent = "camaudit/" CAMAUDIT_VERSION " (CCTV estate audit; read-only)";

std::string http_request(std::string_view method, const HostScan& host, std::uint16_t port, std::string_view path,
                         std::string_view content_type = {}, std::string_view body = {},
                         std::string_view authorization = {});
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
