// SPDX-License-Identifier: Apache-2.0
// When the answers suggest Axis: VAPIX basicdeviceinfo `getAllUnrestrictedProperties`,
// which Axis serves without credentials by design (model, serial, firmware;
// ../shared/corpus/axis_vapix-basicdeviceinfo_1.txt).
#include <camaudit/scan/probes/basic_probe.hpp>
#include <camaudit/scan/probes/http_request.hpp>

namespace camaudit::scan::probes {

namespace {
constexpr std::string_view kRequest =
    R"({"apiVersion":"1.0","context":"camaudit","method":"getAllUnrestrictedProperties"})";

class AxisBasicInfo final : public BasicProbe {
 public:
  AxisBasicInfo()
      : BasicProbe("axis-vapix", Stage::follow_up, Safety::read_only,
                   "Axis VAPIX basicdeviceinfo getAllUnrestrictedProperties (anonymous by design)") {}
  bool wants(const HostScan& host, std::uint16_t port) const override {
    return host.suggests("Axis") && port == first_web_port(host);
  }
  asio::awaitable<void> run(Session& session, HostScan& host, std::uint16_t port) const override {
    Reply reply = co_await web_exchange(session, host, port, "POST", "/axis-cgi/basicdeviceinfo.cgi", "application/json", kRequest);
    if (status_code(reply.bytes) == 200)
      host.record(name(), port, "vapix", "/axis-cgi/basicdeviceinfo.cgi", std::move(reply.bytes));
  }
};
}  // namespace

const Probe& axis_basic_info() {
  static const AxisBasicInfo probe;
  return probe;
}

}  // namespace camaudit::scan::probes
