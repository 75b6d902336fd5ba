// SPDX-License-Identifier: Apache-2.0
// mDNS / DNS-SD responses (UDP 5353). Axis cameras answer `_axis-video._tcp.local`
// with an instance name carrying model and MAC (`AXIS M5014 - ACCC8E3C0419`) and a
// TXT `macaddress=`; other vendors announce `_http._tcp`, `_rtsp._tcp`, `_onvif._tcp`.
// The payload is the DNS message as sent (RFC 1035 §4 wire format, RFC 6762).
// Every count and name walk is bounded: compression pointers may loop or point
// anywhere, and counts in the header are attacker-chosen.
#pragma once

#include <camaudit/protocol/protocol.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace camaudit::protocol {

struct DnsRecord {
  std::string name;            // owner, labels joined with '.' (labels may hold dots)
  std::string first_label;     // the owner's first label, exactly
  std::uint16_t type = 0;      // 1 A, 12 PTR, 16 TXT, 28 AAAA, 33 SRV
  std::uint16_t record_class = 0;  // top bit is mDNS cache-flush
  std::uint32_t ttl = 0;
  std::string target;          // PTR/SRV target name, A/AAAA address text
  std::string target_first_label;  // PTR/SRV target's first label (an instance name)
  std::uint16_t port = 0;      // SRV
  std::vector<std::string> txt;  // TXT character-strings
};

struct MdnsMessage {
  bool is_response = false;
  std::vector<std::string> questions;  // names asked
  std::vector<DnsRecord> records;      // answer, authority and additional, in order
};

// nullopt plus `error` when there is no valid header; records after a malformed one
// are dropped, with a note in `error`.
std::optional<MdnsMessage> parse_mdns(std::string_view bytes, std::string* error);

extern const Parser kMdnsParser;

}  // namespace camaudit::protocol
