// SPDX-License-Identifier: Apache-2.0
// ONVIF WS-Discovery Probe asked unicast (UDP 3702, research/protocols.md §3.1-3.2),
// for hosts whose web port answered ONVIF or that nothing identifies yet: the
// ProbeMatch Scopes carry the name and hardware (model) many cameras hide behind the
// device service's password.
#include <camaudit/discover/messages.hpp>
#include <camaudit/scan/probes/basic_probe.hpp>

#include <algorithm>

namespace camaudit::scan::probes {

namespace {
class WsdUnicast final : public BasicProbe {
 public:
  WsdUnicast()
      : BasicProbe("wsd", Stage::follow_up, Safety::read_only,
                   "ONVIF WS-Discovery Probe (NetworkVideoTransmitter), unicast UDP 3702, to ONVIF hosts") {}
  // Runs after the ONVIF follow-up (registry order), which tells whether ONVIF is there.
  bool wants(const HostScan& host, std::uint16_t port) const override {
    bool onvif = std::any_of(host.observations.begin(), host.observations.end(),
                             [](const Observation& o) { return o.protocol == "onvif"; });
    return port == host.open_ports.front() && (onvif || host.suggested.empty());
  }
  asio::awaitable<void> run(Session& session, HostScan& host, std::uint16_t) const override {
    constexpr std::uint16_t kPort = 3702;
    Reply reply = co_await session.datagram(
        kPort, discover::wsd_probe(discover::WsdType::network_video_transmitter, discover::random_uuid()));
    if (reply.connected() && !reply.bytes.empty()) host.record(name(), kPort, "wsd", "", std::move(reply.bytes), "udp");
  }
};
}  // namespace

const Probe& wsd_unicast() {
  static const WsdUnicast probe;
  return probe;
}

}  // namespace camaudit::scan::probes
