// SPDX-License-Identifier: Apache-2.0
// Hikvision ISAPI deviceInfo with the operator's account: model, serial,
// firmware and build, MAC (research/protocols.md §4.3).
#include <camaudit/scan/probes/vendor_web_probe.hpp>

namespace camaudit::scan::probes {

const Probe& hikvision_isapi() {
  static const VendorWebProbe probe =
      inventory_probe("hikvision-isapi", "Hikvision ISAPI /ISAPI/System/deviceInfo (credentials)", "Hikvision", "isapi",
                      {{"GET", "/ISAPI/System/deviceInfo"}});
  return probe;
}

}  // namespace camaudit::scan::probes
