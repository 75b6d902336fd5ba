// SPDX-License-Identifier: Apache-2.0
// ONVIF without credentials (research/protocols.md §3.3): GetSystemDateAndTime is always
// answered, GetCapabilities often, GetDeviceInformation sometimes. A SOAP fault
// (ter:NotAuthorized) is an answer too: ONVIF is there, it wants a password.
#include <camaudit/scan/probes/basic_probe.hpp>
#include <camaudit/scan/probes/http_request.hpp>
#include <camaudit/scan/probes/onvif.hpp>

namespace camaudit::scan::probes {

namespace {
class OnvifDevice final : public BasicProbe {
 public:
  OnvifDevice()
      : BasicProbe("onvif", Stage::follow_up, Safety::read_only,
                   "ONVIF GetSystemDateAndTime, GetCapabilities, GetDeviceInformation (no credentials)") {}
  bool wants(const HostScan& host, std::uint16_t port) const override { return port == first_web_port(host); }
  asio::awaitable<void> run(Session& session, HostScan& host, std::uint16_t port) const override {
    for (std::string_view operation : {"<tds:GetSystemDateAndTime/>",
                                       "<tds:GetCapabilities><tds:Category>All</tds:Category></tds:GetCapabilities>",
                                       "<tds:GetDeviceInformation/>"}) {
      Reply reply = co_await web_exchange(session, host, port, "POST", kOnvifPath, kSoapContentType,
                                          onvif_envelope(operation));
      int status = status_code(reply.bytes);
      if (status == 404 || status == 0) co_return;  // no ONVIF here: don't ask twice more
      host.record(name(), port, "onvif", kOnvifPath, std::move(reply.bytes));
    }
  }
};
}  // namespace

const Probe& onvif_device() {
  static const OnvifDevice probe;
  return probe;
}

}  // namespace camaudit::scan::probes
