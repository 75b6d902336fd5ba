// SPDX-License-Identifier: Apache-2.0
// TLS ports: handshake, keep the leaf certificate (default certificates name their
// maker: research/protocols.md §6), and ask GET / over the same connection.
#include <camaudit/scan/probes/basic_probe.hpp>
#include <camaudit/scan/probes/http_request.hpp>
#include <camaudit/scan/probes/port_roles.hpp>

namespace camaudit::scan::probes {

namespace {
class TlsCertificate final : public BasicProbe {
 public:
  TlsCertificate()
      : BasicProbe("tls", Stage::first_contact, Safety::read_only, "TLS handshake: leaf certificate, then GET /") {}
  bool wants(const HostScan&, std::uint16_t port) const override { return is_tls_port(port); }
  asio::awaitable<void> run(Session& session, HostScan& host, std::uint16_t port) const override {
    Reply reply = co_await session.exchange(port, Transport::tls, http_request("GET", host, port, "/"), Framing::http);
    if (!reply.peer_certificate_der.empty()) host.record(name(), port, "tls", "", std::move(reply.peer_certificate_der));
    if (reply.timed_out) ++host.timeouts;
    if (status_code(reply.bytes) != 0) {
      host.speaks[port] = Speaks::https;
      host.record(name(), port, "http", "/", std::move(reply.bytes));
    }
  }
};
}  // namespace

const Probe& tls_certificate() {
  static const TlsCertificate probe;
  return probe;
}

}  // namespace camaudit::scan::probes
