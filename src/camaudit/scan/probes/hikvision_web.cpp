// SPDX-License-Identifier: Apache-2.0
// When the answers so far suggest Hikvision: the login page (its markup and script
// names are Hikvision's) and the ISAPI device-info URL without credentials, whose 401
// carries the realm and nonce shape (research/protocols.md §4.2-4.3).
#include <camaudit/scan/probes/basic_probe.hpp>
#include <camaudit/scan/probes/http_request.hpp>

#include <algorithm>

namespace camaudit::scan::probes {

namespace {
class HikvisionWeb final : public BasicProbe {
 public:
  HikvisionWeb()
      : BasicProbe("hikvision-web", Stage::follow_up, Safety::read_only,
                   "Hikvision login page and ISAPI deviceInfo without credentials (401 realm)") {}
  bool wants(const HostScan& host, std::uint16_t port) const override {
    return host.suggests("Hikvision") && port == first_web_port(host);
  }
  asio::awaitable<void> run(Session& session, HostScan& host, std::uint16_t port) const override {
    bool have_login = std::any_of(host.observations.begin(), host.observations.end(),
                                  [](const Observation& o) { return o.path.starts_with("/doc/page/login.asp"); });
    if (!have_login) {
      Reply login = co_await web_exchange(session, host, port, "GET", "/doc/page/login.asp");
      if (status_code(login.bytes) != 0) host.record(name(), port, "http", "/doc/page/login.asp", std::move(login.bytes));
    }
    if (host.credential) co_return;  // the inventory probe asks with credentials
    Reply info = co_await web_exchange(session, host, port, "GET", "/ISAPI/System/deviceInfo");
    int status = status_code(info.bytes);
    if (status != 0) host.record(name(), port, status == 200 ? "isapi" : "http", "/ISAPI/System/deviceInfo", std::move(info.bytes));
  }
};
}  // namespace

const Probe& hikvision_web() {
  static const HikvisionWeb probe;
  return probe;
}

}  // namespace camaudit::scan::probes
