// SPDX-License-Identifier: Apache-2.0
// RTSP ports: OPTIONS (Server header, Public list) then DESCRIBE of the root (the 401
// realm, or the SDP when the stream is open). Both read-only; a 401 is the answer.
#include <camaudit/scan/probes/basic_probe.hpp>
#include <camaudit/scan/probes/http_request.hpp>
#include <camaudit/scan/probes/port_roles.hpp>

#include <fmt/format.h>

namespace camaudit::scan::probes {

namespace {
class RtspDescribe final : public BasicProbe {
 public:
  RtspDescribe() : BasicProbe("rtsp", Stage::first_contact, Safety::read_only, "RTSP OPTIONS and DESCRIBE rtsp://<ip>/") {}
  bool wants(const HostScan& host, std::uint16_t port) const override {
    return is_rtsp_port(port) && !host.speaks.count(port);
  }
  asio::awaitable<void> run(Session& session, HostScan& host, std::uint16_t port) const override {
    std::string authority = host.address().v6 ? "[" + host.ip() + "]" : host.ip();
    std::string uri = fmt::format("rtsp://{}:{}/", authority, port);
    int cseq = 1;
    for (std::string_view method : {"OPTIONS", "DESCRIBE"}) {
      std::string request = fmt::format("{} {} RTSP/1.0\r\nCSeq: {}\r\nUser-Agent: {}\r\n", method, uri, cseq++, kUserAgent);
      if (method == "DESCRIBE") request += "Accept: application/sdp\r\n";
      request += "\r\n";
      Reply reply = co_await session.exchange(port, Transport::tcp, request, Framing::http);
      if (reply.timed_out) ++host.timeouts;
      if (!reply.connected() || reply.bytes.empty()) co_return;
      if (!reply.bytes.starts_with("RTSP/")) {
        host.speaks[port] = Speaks::binary;
        host.record(name(), port, "banner", "", std::move(reply.bytes));
        co_return;
      }
      host.speaks[port] = Speaks::rtsp;
      host.record(name(), port, "rtsp", "/", std::move(reply.bytes));
    }
  }
};
}  // namespace

const Probe& rtsp_describe() {
  static const RtspDescribe probe;
  return probe;
}

}  // namespace camaudit::scan::probes
