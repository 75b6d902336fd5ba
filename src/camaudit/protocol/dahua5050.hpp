// SPDX-License-Identifier: Apache-2.0
// Dahua legacy binary discovery reply (UDP 5050, first byte 0xb3): a fixed 120-byte
// block (32-byte header, firmware version, name, IPv4 settings, service ports),
// then the MAC and device type as text, then `Key:Value` CRLF lines (Name, Device,
// IPv6Addr, SerialNo). Layout from mcw0/DahuaConsole net.py dh_discover() and
// julienblitte/UniversalScanner Dahua1.cs (protocols.md §2.5, corpus
// dahua_dvrip-discovery_1.txt).
#pragma once

#include <camaudit/protocol/payload.hpp>
#include <camaudit/protocol/protocol.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace camaudit::protocol {

inline constexpr std::size_t kDahua5050FixedSize = 120;

struct Dahua5050Reply {
  std::string version;      // 4 x u16 at 32..40, "a.b.c.d"
  std::string hostname;     // 16 bytes at 40..56, NUL padded
  std::string ip, netmask, gateway, dns;  // 56..72
  std::uint16_t http_port = 0, https_port = 0, tcp_port = 0, max_connections = 0,
                ssl_port = 0, udp_port = 0;  // 94..106
  std::string multicast;    // "address:port" at 108..114
  std::string mac;          // section 2, first 17 bytes
  std::string device_type;  // section 2, the rest
  FieldList text;           // section 3 `Key:Value` lines
};

// Errors: first byte not 0xb3, reply shorter than the fixed block, section lengths
// that run past the end (what is present is still read).
Parsed<Dahua5050Reply> parse_dahua5050(std::string_view payload);

// Fields: dahua5050.<Key> for each text line (Name, Device, SerialNo, IPv6Addr, ...),
// dahua5050.hostname, .version, .mac, .device_type, .ip, .netmask, .gateway, .dns,
// .http_port, .https_port, .tcp_port, .udp_port, .ssl_port, .max_connections, .multicast.
extern const Parser kDahua5050Parser;

}  // namespace camaudit::protocol
