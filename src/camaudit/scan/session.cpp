// SPDX-License-Identifier: Apache-2.0
#include <camaudit/scan/session.hpp>

#include <camaudit/scan/async_limits.hpp>

namespace camaudit::scan {

std::string_view to_string(Reply::Status status) {
  switch (status) {
    case Reply::Status::ok: return "ok";
    case Reply::Status::refused: return "refused";
    case Reply::Status::timeout: return "timeout";
    case Reply::Status::failed: return "failed";
    case Reply::Status::out_of_scope: return "out_of_scope";
  }
  return "?";
}

asio::awaitable<std::vector<std::uint16_t>> Session::open_ports(const std::vector<std::uint16_t>& ports) {
  std::vector<std::uint16_t> open;
  co_await for_each_concurrently(ports, [&](std::uint16_t port) -> asio::awaitable<void> {
    Reply reply = co_await connect(port);
    if (reply.connected()) open.push_back(port);
  });
  co_return open;
}

}  // namespace camaudit::scan
