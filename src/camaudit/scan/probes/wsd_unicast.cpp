// SPDX-License-Identifier: Apache-2.0
// ONVIF WS-Discovery Probe asked unicast (UDP 3702, research/protocols.md §3.1-3.2) of
// every live host: the ProbeMatch Scopes carry the name and hardware (model) many
// cameras hide behind the device service's password.
#include <camaudit/discover/messages.hpp>
#include <camaudit/scan/probes/datagram.hpp>

namespace camaudit::scan::probes {

const Probe& wsd_unicast() {
  static const DatagramProbe probe(
      "wsd", "ONVIF WS-Discovery Probe (NetworkVideoTransmitter), unicast UDP 3702", "", 3702, "wsd", [] {
        return discover::wsd_probe(discover::WsdType::network_video_transmitter, discover::random_uuid());
      });
  return probe;
}

}  // namespace camaudit::scan::probes
