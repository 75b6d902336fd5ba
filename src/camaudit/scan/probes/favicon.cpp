// SPDX-License-Identifier: Apache-2.0
// GET /favicon.ico on the first web port: its MD5 and Shodan mmh3 hash name the web
// UI's maker even when every header has been scrubbed (kb/fingerprints/http_favicon.toml).
#include <camaudit/scan/probes/basic_probe.hpp>
#include <camaudit/scan/probes/http_request.hpp>

namespace camaudit::scan::probes {

namespace {
class Favicon final : public BasicProbe {
 public:
  Favicon() : BasicProbe("favicon", Stage::follow_up, Safety::read_only, "GET /favicon.ico on the first web port") {}
  bool wants(const HostScan& host, std::uint16_t port) const override { return port == first_web_port(host); }
  asio::awaitable<void> run(Session& session, HostScan& host, std::uint16_t port) const override {
    Reply reply = co_await web_exchange(session, host, port, "GET", "/favicon.ico");
    if (status_code(reply.bytes) == 200) host.record(name(), port, "http", "/favicon.ico", std::move(reply.bytes));
  }
};
}  // namespace

const Probe& favicon() {
  static const Favicon probe;
  return probe;
}

}  // namespace camaudit::scan::probes
