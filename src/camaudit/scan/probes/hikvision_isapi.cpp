// SPDX-License-Identifier: Apache-2.0
// Hikvision ISAPI deviceInfo with the operator's account: model, serial, firmware and
// build, MAC (research/protocols.md §4.3).
#include <camaudit/scan/probes/inventory.hpp>

namespace camaudit::scan::probes {

const Probe& hikvision_isapi() {
  static const InventoryProbe probe("hikvision-isapi", "Hikvision ISAPI /ISAPI/System/deviceInfo (credentials)",
                                    "Hikvision", "isapi", {"/ISAPI/System/deviceInfo"});
  return probe;
}

}  // namespace camaudit::scan::probes
