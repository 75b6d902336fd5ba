// SPDX-License-Identifier: Apache-2.0
// Web ports (and any open port nothing else claims): GET /, following one redirect on
// the same host (Hikvision answers / with a redirect to its login page, whose markup
// is the better fingerprint). An answer that is not HTTP is kept as a banner.
#include <camaudit/scan/probes/basic_probe.hpp>
#include <camaudit/scan/probes/http_request.hpp>
#include <camaudit/scan/probes/port_roles.hpp>

namespace camaudit::scan::probes {

namespace {
// The path of a redirect target on the same host and port, or empty.
std::string same_host_path(std::string_view location, const HostScan& host, std::uint16_t port) {
  if (location.starts_with("/") && !location.starts_with("//")) return std::string(location);
  for (std::string_view scheme : {"http://", "https://"}) {
    if (!location.starts_with(scheme)) continue;
    std::string_view rest = location.substr(scheme.size());
    auto slash = rest.find('/');
    std::string_view authority = rest.substr(0, slash);
    if (authority != host.ip() && authority != host.ip() + ":" + std::to_string(port)) return {};
    return slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  }
  return {};
}

class WebRoot final : public BasicProbe {
 public:
  WebRoot() : BasicProbe("http", Stage::first_contact, Safety::read_only, "HTTP GET / (one same-host redirect)") {}
  bool wants(const HostScan& host, std::uint16_t port) const override {
    return is_web_candidate(port) && !host.speaks.count(port);
  }
  asio::awaitable<void> run(Session& session, HostScan& host, std::uint16_t port) const override {
    Reply reply = co_await session.exchange(port, Transport::tcp, http_request("GET", host, port, "/"), Framing::http);
    if (reply.timed_out) ++host.timeouts;
    if (!reply.connected() || reply.bytes.empty()) co_return;
    int status = status_code(reply.bytes);
    if (status == 0 || reply.bytes.starts_with("RTSP/")) {
      host.speaks[port] = reply.bytes.starts_with("RTSP/") ? Speaks::rtsp : Speaks::binary;
      host.record(name(), port, reply.bytes.starts_with("RTSP/") ? "rtsp" : "banner", "", std::move(reply.bytes));
      co_return;
    }
    host.speaks[port] = Speaks::http;
    std::string location = status >= 300 && status < 400 ? same_host_path(header(reply.bytes, "Location"), host, port) : "";
    host.record(name(), port, "http", "/", std::move(reply.bytes));
    if (location.empty() || location == "/") co_return;
    Reply next = co_await session.exchange(port, Transport::tcp, http_request("GET", host, port, location), Framing::http);
    if (status_code(next.bytes) != 0) host.record(name(), port, "http", location, std::move(next.bytes));
  }
};
}  // namespace

const Probe& web_root() {
  static const WebRoot probe;
  return probe;
}

}  // namespace camaudit::scan::probes
