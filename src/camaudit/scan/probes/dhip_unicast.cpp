// SPDX-License-Identifier: Apache-2.0
// Dahua DHIP asked unicast (UDP 37810, research/protocols.md §2.2-2.3): the
// `DHDiscover.search` request discovery broadcasts, sent to one host. The reply names
// model, serial, MAC, firmware and the Vendor string OEM units carry. Asked when the
// host suggests Dahua (or an OEM label of it) or nothing yet identifies it.
#include <camaudit/discover/messages.hpp>
#include <camaudit/scan/probes/basic_probe.hpp>

namespace camaudit::scan::probes {

namespace {
class DhipUnicast final : public BasicProbe {
 public:
  DhipUnicast()
      : BasicProbe("dhip", Stage::follow_up, Safety::read_only, "Dahua DHIP DHDiscover.search, unicast UDP 37810") {}
  bool wants(const HostScan& host, std::uint16_t) const override {
    return (host.suggests("Dahua") || host.suggested.empty());
  }
  bool per_host() const override { return true; }
  asio::awaitable<void> run(Session& session, HostScan& host, std::uint16_t) const override {
    constexpr std::uint16_t kPort = 37810;
    Reply reply = co_await session.datagram(kPort, discover::dhip_search());
    if (reply.connected() && !reply.bytes.empty()) host.record(name(), kPort, "dhip", "", std::move(reply.bytes), "udp");
  }
};
}  // namespace

const Probe& dhip_unicast() {
  static const DhipUnicast probe;
  return probe;
}

}  // namespace camaudit::scan::probes
