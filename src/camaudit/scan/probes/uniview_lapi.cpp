// SPDX-License-Identifier: Apache-2.0
// Uniview LAPI device basic info with the operator's account
// (research/protocols.md §7; Uniview locks accounts after wrong passwords, so
// this is asked once, never retried).
#include <camaudit/scan/probes/vendor_web_probe.hpp>

namespace camaudit::scan::probes {

const Probe& uniview_lapi() {
  static const VendorWebProbe probe =
      inventory_probe("uniview-lapi", "Uniview LAPI DeviceBasicInfo (credentials)", "Uniview", "lapi",
                      {{"GET", "/LAPI/V1.0/System/DeviceBasicInfo"}});
  return probe;
}

}  // namespace camaudit::scan::probes
