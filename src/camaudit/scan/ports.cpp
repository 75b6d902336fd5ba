// SPDX-License-Identifier: Apache-2.0
#include <camaudit/scan/ports.hpp>
#include <camaudit/util/text.hpp>

#include <algorithm>
#include <bitset>
#include <charconv>
#include <optional>
#include <stdexcept>
#include <string>

namespace camaudit::scan {

namespace {

constexpr unsigned kLowest = 1, kHighest = 65535;

[[noreturn]] void fail(std::string_view part, std::string_view why) {
  throw std::invalid_argument("ports: '" + std::string(part.substr(0, 40)) + "' " + std::string(why));
}

std::optional<unsigned> parse_port(std::string_view text) {
  unsigned value = 0;
  if (text.empty() || text.front() < '0' || text.front() > '9') return std::nullopt;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (end != text.data() + text.size()) return std::nullopt;
  if (ec == std::errc::result_out_of_range) return kHighest + 1;  // reported as out of range
  if (ec != std::errc()) return std::nullopt;
  return value;
}

unsigned port_or_fail(std::string_view part, std::string_view text) {
  auto port = parse_port(text);
  if (!port) fail(part, "is not a port number or range");
  if (*port < kLowest || *port > kHighest) fail(part, "is out of range: ports are 1-65535");
  return *port;
}

}  // namespace

// nmap's forms: "80", "8000-8010", "-1024" (from 1), "60000-" (to 65535), "-" (all).
std::vector<std::uint16_t> parse_ports(std::string_view text) {
  std::bitset<kHighest + 1> chosen;
  for (std::string_view part : util::split(text, ',')) {
    part = util::trim(part);
    if (part.empty()) fail(text, "has an empty element");
    std::size_t dash = part.find('-');
    unsigned low, high;
    if (dash == std::string_view::npos) {
      low = high = port_or_fail(part, part);
    } else {
      std::string_view low_text = part.substr(0, dash), high_text = part.substr(dash + 1);
      low = low_text.empty() ? kLowest : port_or_fail(part, low_text);
      high = high_text.empty() ? kHighest : port_or_fail(part, high_text);
      if (low > high) fail(part, "is reversed");
    }
    for (unsigned port = low; port <= high; ++port) chosen.set(port);
  }
  std::vector<std::uint16_t> ports;
  for (unsigned port = kLowest; port <= kHighest; ++port)
    if (chosen.test(port)) ports.push_back(static_cast<std::uint16_t>(port));
  return ports;
}

const std::vector<std::uint16_t>& default_ports() {
  static const std::vector<std::uint16_t> ports = [] {
    std::vector<std::uint16_t> list = {
        80,     // HTTP: web UI, Hikvision ISAPI, Dahua CGI, ONVIF device service (protocols.md §9)
        81,     // camera web UI on a second port, in Ingram's default list (fingerprints.md §4)
        88,     // likewise (fingerprints.md §4, jorhelp/Ingram config.py)
        443,    // HTTPS: the same services plus the default certificate (protocols.md §9, §6)
        554,    // RTSP, every vendor (protocols.md §9, §4.4, §5.5)
        1756,   // Bosch RCP+ (protocols.md §9, from the discovery XML)
        2020,   // ONVIF on TP-Link Tapo cameras (TP-Link's ONVIF setup guides; camfarm's onvif-generic-camera; not yet in research/)
        5000,   // Dahua DHIP over TCP, VTO intercoms (protocols.md §9, §2.6)
        8000,   // Hikvision SDK (protocols.md §9, §4.5)
        8080,   // HTTP alternate (protocols.md §0 row 10, fingerprints.md §4)
        8081,   // camera web UI, in Ingram's default list (fingerprints.md §4)
        8443,   // Hikvision SDK over TLS (protocols.md §9, §4.5)
        8554,   // RTSP alternate, in cameradar's default ports (peers.md §2.10)
        9000,   // Reolink Baichuan (protocols.md §9, §10)
        34567,  // Xiongmai DVRIP (fingerprints.md §4, oem.md Xiongmai entries)
        37777,  // Dahua DVRIP private protocol (protocols.md §9, §2.6)
    };
    std::sort(list.begin(), list.end());
    return list;
  }();
  return ports;
}

}  // namespace camaudit::scan
