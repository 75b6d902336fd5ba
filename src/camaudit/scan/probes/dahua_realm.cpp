// SPDX-License-Identifier: Apache-2.0
// Dahua TCP 37777: the pre-login "request realm" message (a0 01, 32 bytes,
// research/protocols.md §2.6). The device answers "Login to <serial>" and a random
// challenge; the probe stops there — it never sends the login (a0 00 / a0 05).
#include <camaudit/scan/probes/basic_probe.hpp>

namespace camaudit::scan::probes {

namespace {
// a0 01 00 00, 20 zero bytes, 05 02 01 01 00 00 a1 aa (DahuaConsole, via protocols.md §2.6).
const std::string kRealmRequest = [] {
  std::string r(32, '\0');
  const unsigned char head[] = {0xa0, 0x01};
  const unsigned char tail[] = {0x05, 0x02, 0x01, 0x01, 0x00, 0x00, 0xa1, 0xaa};
  for (std::size_t i = 0; i < sizeof head; ++i) r[i] = static_cast<char>(head[i]);
  for (std::size_t i = 0; i < sizeof tail; ++i) r[24 + i] = static_cast<char>(tail[i]);
  return r;
}();

class DahuaRealm final : public BasicProbe {
 public:
  DahuaRealm()
      : BasicProbe("dahua-realm", Stage::first_contact, Safety::read_only,
                   "Dahua 37777 pre-login realm request (a0 01); never logs in") {}
  bool wants(const HostScan&, std::uint16_t port) const override { return port == 37777; }
  asio::awaitable<void> run(Session& session, HostScan& host, std::uint16_t port) const override {
    Reply reply = co_await session.exchange(port, Transport::tcp, kRealmRequest, Framing::first_bytes);
    if (reply.timed_out) ++host.timeouts;
    if (!reply.connected() || reply.bytes.empty()) co_return;
    host.speaks[port] = Speaks::binary;
    host.record(name(), port, "dvrip", "", std::move(reply.bytes));
  }
};
}  // namespace

const Probe& dahua_realm() {
  static const DahuaRealm probe;
  return probe;
}

}  // namespace camaudit::scan::probes
