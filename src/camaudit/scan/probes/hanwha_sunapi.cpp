// SPDX-License-Identifier: Apache-2.0
// Hanwha Vision SUNAPI device info with the operator's account
// (research/protocols.md §7).
#include <camaudit/scan/probes/vendor_web_probe.hpp>

namespace camaudit::scan::probes {

const Probe& hanwha_sunapi() {
  static const VendorWebProbe probe =
      inventory_probe("hanwha-sunapi", "Hanwha SUNAPI system.cgi deviceinfo (credentials)", "Hanwha Vision", "sunapi",
                      {{"GET", "/stw-cgi/system.cgi?msubmenu=deviceinfo&action=view"}});
  return probe;
}

}  // namespace camaudit::scan::probes
