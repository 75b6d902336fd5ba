// SPDX-License-Identifier: Apache-2.0
// When the answers suggest Axis: VAPIX basicdeviceinfo
// `getAllUnrestrictedProperties`, which Axis serves without credentials by
// design (model, serial, firmware;
// ../shared/corpus/axis_vapix-basicdeviceinfo_1.txt).
#include <camaudit/scan/probes/vendor_web_probe.hpp>

namespace camaudit::scan::probes {

const Probe& axis_basic_info() {
  static const VendorWebProbe probe(
      "axis-vapix",
      "Axis VAPIX basicdeviceinfo getAllUnrestrictedProperties (anonymous by "
      "design)",
      Stage::follow_up, Safety::read_only, "Axis", "vapix",
      {{"POST", "/axis-cgi/basicdeviceinfo.cgi", "application/json",
        R"({"apiVersion":"1.0","context":"camaudit","method":"getAllUnrestrictedProperties"})"}});
  return probe;
}

}  // namespace camaudit::scan::probes
