// SPDX-License-Identifier: Apache-2.0
// Hikvision SADP asked unicast (UDP 37020, research/protocols.md §1): the `inquiry`
// message discovery multicasts, sent to one host. The ProbeMatch names model, full
// serial, MAC and firmware without a password. Asked when the host suggests Hikvision
// (its OEM labels included) or nothing yet identifies it. Only `inquiry` is ever sent.
#include <camaudit/discover/messages.hpp>
#include <camaudit/scan/probes/datagram.hpp>

namespace camaudit::scan::probes {

const Probe& sadp_unicast() {
  static const DatagramProbe probe("sadp", "Hikvision SADP inquiry, unicast UDP 37020", "Hikvision", 37020, "sadp", [] {
    return discover::sadp_inquiry(discover::random_uuid(), discover::SadpInquiry::inquiry);
  });
  return probe;
}

}  // namespace camaudit::scan::probes
