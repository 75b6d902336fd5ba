// SPDX-License-Identifier: Apache-2.0
// Dahua magicBox.cgi getters with the operator's account (research/protocols.md
// §5.4): model, serial, firmware with build date, and the vendor string OEM
// units carry.
#include <camaudit/scan/probes/vendor_web_probe.hpp>

namespace camaudit::scan::probes {

const Probe& dahua_magicbox() {
  static const VendorWebProbe probe = inventory_probe(
      "dahua-magicbox", "Dahua magicBox.cgi system info, software version, vendor (credentials)", "Dahua", "magicbox",
      {{"GET", "/cgi-bin/magicBox.cgi?action=getSystemInfo"},
       {"GET", "/cgi-bin/magicBox.cgi?action=getSoftwareVersion"},
       {"GET", "/cgi-bin/magicBox.cgi?action=getDeviceType"},
       {"GET", "/cgi-bin/magicBox.cgi?action=getVendor"}});
  return probe;
}

}  // namespace camaudit::scan::probes
