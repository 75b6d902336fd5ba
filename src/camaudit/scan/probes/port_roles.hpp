// SPDX-License-Identifier: Apache-2.0
// Which first-contact probe a port gets when nothing else is known about it: the
// well-known ports of research/protocols.md §9. Any other open port is tried as HTTP.
#pragma once

#include <cstdint>

namespace camaudit::scan::probes {

inline bool is_tls_port(std::uint16_t port) { return port == 443 || port == 8443; }
inline bool is_rtsp_port(std::uint16_t port) { return port == 554 || port == 8554; }
// Ports whose service speaks first or needs its own request: Hikvision SDK 8000,
// Xiongmai DVRIP 34567, Reolink Baichuan 9000, Dahua 37777 (dahua_realm.cpp).
inline bool is_binary_port(std::uint16_t port) {
  return port == 8000 || port == 34567 || port == 9000 || port == 37777;
}
inline bool is_web_candidate(std::uint16_t port) {
  return !is_tls_port(port) && !is_rtsp_port(port) && !is_binary_port(port);
}

}  // namespace camaudit::scan::probes
