// SPDX-License-Identifier: Apache-2.0
// The shape every vendor-specific web probe shares: when the host suggests this
// maker, send the vendor's fixed read-only requests to its first web port and
// record each 200 under the vendor protocol's parser. Follow-ups ask without
// credentials; inventory probes (Safety::authenticated) run only when the
// operator gave an account for the host, and answer a 401 challenge with it
// once. Nothing is written to the device.
#pragma once

#include <camaudit/scan/probes/basic_probe.hpp>
#include <camaudit/scan/probes/http_request.hpp>
#include <initializer_list>
#include <vector>

namespace camaudit::scan::probes {

struct WebRequest {
  std::string_view method;
  std::string_view path;
  std::string_view content_type = {};
  std::string_view body = {};
};

class VendorWebProbe final : public BasicProbe {
 public:
  VendorWebProbe(std::string_view name, std::string_view description, Stage stage, Safety safety,
                 std::string_view maker, std::string_view protocol, std::initializer_list<WebRequest> requests)
      : BasicProbe(name, stage, safety, description), m_maker(maker), m_protocol(protocol), m_requests(requests) {}
  bool wants(const HostScan& host, std::uint16_t port) const override {
    bool allowed = safety() != Safety::authenticated || host.credential.has_value();
    return allowed && host.suggests(m_maker) && port == first_web_port(host);
  }
  asio::awaitable<void> run(Session& session, HostScan& host, std::uint16_t port) const override {
    bool with_credential = safety() == Safety::authenticated;
    for (const WebRequest& r : m_requests) {
      Reply reply =
          co_await web_exchange(session, host, port, r.method, r.path, r.content_type, r.body, with_credential);
      if (status_code(reply.bytes) == 200) host.record(name(), port, m_protocol, r.path, std::move(reply.bytes));
    }
  }

 private:
  std::string_view m_maker, m_protocol;
  std::vector<WebRequest> m_requests;
};

// An inventory probe: GETs with the operator's account.
inline VendorWebProbe inventory_probe(std::string_view name, std::string_view description, std::string_view maker,
                                      std::string_view protocol, std::initializer_list<WebRequest> requests) {
  return VendorWebProbe(name, description, Stage::inventory, Safety::authenticated, maker, protocol, requests);
}

}  // namespace camaudit::scan::probes
