// SPDX-License-Identifier: Apache-2.0
// Dahua DHIP asked unicast (UDP 37810, research/protocols.md §2.2-2.3): the
// `DHDiscover.search` request discovery broadcasts, sent to one host. The reply names
// model, serial, MAC, firmware and the Vendor string OEM units carry. Asked when the
// host suggests Dahua (or an OEM label of it) or nothing yet identifies it.
#include <camaudit/discover/messages.hpp>
#include <camaudit/scan/probes/datagram.hpp>

namespace camaudit::scan::probes {

const Probe& dhip_unicast() {
  static const DatagramProbe probe("dhip", "Dahua DHIP DHDiscover.search, unicast UDP 37810", "Dahua", 37810, "dhip",
                                   [] { return discover::dhip_search(); });
  return probe;
}

}  // namespace camaudit::scan::probes
