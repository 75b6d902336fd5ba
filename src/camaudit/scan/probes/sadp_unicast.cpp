// SPDX-License-Identifier: Apache-2.0
// Hikvision SADP asked unicast (UDP 37020, research/protocols.md §1): the `inquiry`
// message discovery multicasts, sent to one host. The ProbeMatch names model, full
// serial, MAC and firmware without a password. Asked when the host suggests Hikvision
// (its OEM labels included) or nothing yet identifies it. Only `inquiry` is ever sent.
#include <camaudit/discover/messages.hpp>
#include <camaudit/scan/probes/basic_probe.hpp>

namespace camaudit::scan::probes {

namespace {
class SadpUnicast final : public BasicProbe {
 public:
  SadpUnicast()
      : BasicProbe("sadp", Stage::follow_up, Safety::read_only, "Hikvision SADP inquiry, unicast UDP 37020") {}
  bool wants(const HostScan& host, std::uint16_t) const override {
    return (host.suggests("Hikvision") || host.suggested.empty());
  }
  bool per_host() const override { return true; }
  asio::awaitable<void> run(Session& session, HostScan& host, std::uint16_t) const override {
    constexpr std::uint16_t kPort = 37020;
    Reply reply = co_await session.datagram(kPort, discover::sadp_inquiry(discover::random_uuid(), discover::SadpInquiry::inquiry));
    if (reply.connected() && !reply.bytes.empty()) host.record(name(), kPort, "sadp", "", std::move(reply.bytes), "udp");
  }
};
}  // namespace

const Probe& sadp_unicast() {
  static const SadpUnicast probe;
  return probe;
}

}  // namespace camaudit::scan::probes
