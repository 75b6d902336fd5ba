// SPDX-License-Identifier: Apache-2.0
#include <camaudit/scan/probe.hpp>

namespace camaudit::scan {

std::string_view to_string(Safety safety) {
  switch (safety) {
    case Safety::connect_only: return "connect-only";
    case Safety::read_only: return "read-only";
    case Safety::authenticated: return "authenticated";
  }
  return "?";
}

void HostScan::record(std::string_view probe, std::uint16_t port, std::string_view protocol, std::string_view path,
                      std::string payload, std::string_view transport) {
  Observation o;
  o.device = m_ip;
  o.ip = m_ip;
  o.port = port;
  o.transport = std::string(transport);
  o.protocol = std::string(protocol);
  o.path = std::string(path);
  o.payload = std::move(payload);
  o.source = "scan:" + std::string(probe);
  observations.push_back(std::move(o));
}

std::vector<std::uint16_t> HostScan::web_ports(bool with_tls) const {
  std::vector<std::uint16_t> ports;
  for (auto [port, kind] : speaks)
    if (kind == Speaks::http || (with_tls && kind == Speaks::https)) ports.push_back(port);
  return ports;
}

}  // namespace camaudit::scan
