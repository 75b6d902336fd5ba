// SPDX-License-Identifier: Apache-2.0
// Services that speak first: connect and listen (Hikvision's SDK port 8000 sends a
// 16-byte greeting that nmap matches as "Hikvision IPCam control port", protocols.md
// §4.5). Nothing is sent.
#include <camaudit/scan/probes/basic_probe.hpp>
#include <camaudit/scan/probes/port_roles.hpp>

namespace camaudit::scan::probes {

namespace {
class Banner final : public BasicProbe {
 public:
  Banner() : BasicProbe("banner", Stage::first_contact, Safety::connect_only, "connect and read what the service sends first") {}
  bool wants(const HostScan& host, std::uint16_t port) const override {
    return is_binary_port(port) && port != 37777 && !host.speaks.count(port);
  }
  asio::awaitable<void> run(Session& session, HostScan& host, std::uint16_t port) const override {
    Reply reply = co_await session.exchange(port, Transport::tcp, {}, Framing::first_bytes);
    if (!reply.connected() || reply.bytes.empty()) co_return;  // silent: the open port is the evidence
    host.speaks[port] = Speaks::binary;
    host.record(name(), port, "banner", "", std::move(reply.bytes));
  }
};
}  // namespace

const Probe& banner() {
  static const Banner probe;
  return probe;
}

}  // namespace camaudit::scan::probes
