// SPDX-License-Identifier: Apache-2.0
// The shape every authenticated inventory probe shares: when the host suggests this
// maker and the operator gave an account for it, GET the vendor's read-only
// device-information URLs with that account (answering the 401 once) and record each
// 200 under the vendor protocol's parser. Nothing is written to the device.
#pragma once

#include <camaudit/scan/probes/basic_probe.hpp>
#include <camaudit/scan/probes/http_request.hpp>

#include <initializer_list>
#include <vector>

namespace camaudit::scan::probes {

class InventoryProbe final : public BasicProbe {
 public:
  InventoryProbe(std::string_view name, std::string_view description, std::string_view maker,
                 std::string_view protocol, std::initializer_list<std::string_view> paths)
      : BasicProbe(name, Stage::inventory, Safety::authenticated, description),
        m_maker(maker),
        m_protocol(protocol),
        m_paths(paths) {}
  bool wants(const HostScan& host, std::uint16_t port) const override {
    return host.credential && host.suggests(m_maker) && port == first_web_port(host);
  }
  asio::awaitable<void> run(Session& session, HostScan& host, std::uint16_t port) const override {
    for (std::string_view path : m_paths) {
      Reply reply = co_await web_exchange(session, host, port, "GET", path, {}, {}, /*with_credential=*/true);
      if (status_code(reply.bytes) == 200) host.record(name(), port, m_protocol, path, std::move(reply.bytes));
    }
  }

 private:
  std::string_view m_maker, m_protocol;
  std::vector<std::string_view> m_paths;
};

}  // namespace camaudit::scan::probes
