// SPDX-License-Identifier: Apache-2.0
// ONVIF WS-Discovery Probe asked unicast (UDP 3702, research/protocols.md §3.1-3.2) of
// every live host, beside the other follow-ups: the ProbeMatch Scopes carry the name and
// hardware (model) many cameras hide behind the device service's password.
#include <camaudit/discover/messages.hpp>
#include <camaudit/scan/probes/basic_probe.hpp>

namespace camaudit::scan::probes {

namespace {
class WsdUnicast final : public BasicProbe {
 public:
  WsdUnicast()
      : BasicProbe("wsd", Stage::follow_up, Safety::read_only,
                   "ONVIF WS-Discovery Probe (NetworkVideoTransmitter), unicast UDP 3702, to ONVIF hosts") {}
  bool wants(const HostScan&, std::uint16_t) const override { return true; }
  bool per_host() const override { return true; }
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
