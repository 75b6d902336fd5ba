// SPDX-License-Identifier: Apache-2.0
// ONVIF GetDeviceInformation with the operator's account (HTTP Digest), for any maker
// that speaks ONVIF: Manufacturer, Model, FirmwareVersion, SerialNumber.
#include <camaudit/scan/probes/basic_probe.hpp>
#include <camaudit/scan/probes/http_request.hpp>
#include <camaudit/scan/probes/onvif.hpp>

#include <algorithm>

namespace camaudit::scan::probes {

namespace {
class OnvifInventory final : public BasicProbe {
 public:
  OnvifInventory()
      : BasicProbe("onvif-inventory", Stage::inventory, Safety::authenticated,
                   "ONVIF GetDeviceInformation with credentials (HTTP Digest)") {}
  bool wants(const HostScan& host, std::uint16_t port) const override {
    bool speaks_onvif = std::any_of(host.observations.begin(), host.observations.end(),
                                    [](const Observation& o) { return o.protocol == "onvif"; });
    return host.credential && speaks_onvif && port == first_web_port(host);
  }
  asio::awaitable<void> run(Session& session, HostScan& host, std::uint16_t port) const override {
    Reply reply = co_await web_exchange(session, host, port, "POST", kOnvifPath, kSoapContentType,
                                        onvif_envelope("<tds:GetDeviceInformation/>"), /*with_credential=*/true);
    if (status_code(reply.bytes) == 200) host.record(name(), port, "onvif", kOnvifPath, std::move(reply.bytes));
  }
};
}  // namespace

const Probe& onvif_inventory() {
  static const OnvifInventory probe;
  return probe;
}

}  // namespace camaudit::scan::probes
