// SPDX-License-Identifier: Apache-2.0
// Dahua DHIP: JSON-RPC behind a 32-byte little-endian header starting
// `20 00 00 00 "DHIP"`, spoken on UDP 37810 (discovery: client.notifyDevInfo with the
// device's model, serial, vendor, firmware) and on TCP (login challenges carrying the
// realm "Login to <serial>" and the MAC). Captures often drop the header, so bare
// JSON is accepted too (protocols.md §2.1-2.3, corpus dahua_dhip_*.txt).
#pragma once

#include <camaudit/protocol/payload.hpp>
#include <camaudit/protocol/protocol.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace camaudit::protocol {

inline constexpr std::size_t kDhipHeaderSize = 32;

struct DhipHeader {
  std::uint32_t header_size = 0;     // 0x20 on every device seen
  std::uint32_t session = 0;         // 0 in discovery
  std::uint32_t request_id = 0;
  std::uint32_t payload_length = 0;  // offset 0x10
  std::uint32_t payload_length2 = 0; // offset 0x18, repeats the length
};

struct DhipMessage {
  std::optional<DhipHeader> header;  // absent when the payload was bare JSON
  std::string method;                // "client.notifyDevInfo", "DHDiscover.search", ""
  std::string mac;                   // top-level "mac"
  bool has_device_info = false;      // params.deviceInfo present (discovery reply)
  FieldList device_info;             // params.deviceInfo flattened: "IPv4Address.IPAddress"
  FieldList params;                  // other replies: params flattened
  FieldList error;                   // JSON-RPC error object flattened: "code", "message"
};

// Errors: header shorter than 32 bytes, header lengths that disagree with each other
// or with the bytes present (the JSON actually present is still parsed), JSON that
// does not parse or is not an object.
Parsed<DhipMessage> parse_dhip(std::string_view payload);

// Fields: dhip.method, dhip.mac, dhip.<deviceInfo key>, dhip.params.<k>, dhip.error.<k>.
extern const Parser kDhipParser;

}  // namespace camaudit::protocol
