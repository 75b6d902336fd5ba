// SPDX-License-Identifier: Apache-2.0
#include <camaudit/scan/probes/http_request.hpp>


#include <fmt/format.h>


namespace camaudit::scan::probes {

std::string http_request(std::string_view method, const HostScan& host, std::uint16_t port, std::string_view path,
                         std::string_view content_type, std::string_view body, std::string_view auth) {
  std::string host_header = host.address().v6 ? "[" + host.ip() + "]" : host.ip();
  if (port != 80 && port != 443) host_header += fmt::format(":{}", port);
  std::string request = fmt::format("{} {} HTTP/1.1\r\nHost: {}\r\nUser-Agent: {}\r\nAccept: */*\r\n", method, path,
                                    host_header, kUserAgent);
  if (!auth.empty()) request += fmt::format("Authorization: {}\r\n", auth);
  if (!content_type.empty() || !body.empty())
    request += fmt::format("Content-Type: {}\r\nContent-Length: {}\r\n", content_type, body.size());
  request += "\r\n";
  request.append(body);
  return request;
}

asio::awaitable<Reply> web_exchange(Session& session, const HostScan& host, std::uint16_t port, std::string_view method,
                                    std::string_view path, std::string_view content_type, std::string_view body,
                                    bool with_credential) {
  Transport transport = transport_of(host, port);
  Reply reply = co_await session.exchange(port, transport, http_request(method, host, port, path, content_type, body),
                                          Framing::http);
  if (!with_credential || !host.credential || status_code(reply.bytes) != 401) co_return reply;
  auto auth = authorization(best_challenge(reply.bytes), method, path, host.credential->username,
                            host.credential->password);
  if (!auth) co_return reply;
  co_return co_await session.exchange(port, transport, http_request(method, host, port, path, content_type, body, *auth),
                                      Framing::http);
}

}  // namespace camaudit::scan::probes
