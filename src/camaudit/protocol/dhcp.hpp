// SPDX-License-Identifier: Apache-2.0
// DHCP as a passive identity source: a camera's DISCOVER/REQUEST carries its vendor
// class (option 60: BusyBox udhcpc sends `udhcp <version>` unless told otherwise, or a
// vendor string) and its host name (option 12, often the model or `IPC`), and the
// client hardware address. The payload is either the option-60 text as a DHCP
// server or importer logged it, or the raw DHCP/BOOTP packet (RFC 2131/2132).
#pragma once

#include <camaudit/protocol/protocol.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace camaudit::protocol {

struct DhcpClientInfo {
  std::string vendor_class;  // option 60
  std::string hostname;      // option 12
  std::string client_mac;    // chaddr when htype is Ethernet, aa:bb:cc:dd:ee:ff (packets only)
};

// A raw packet (detected by the magic cookie) or option-60 text. nullopt plus
// `error` when it is neither.
std::optional<DhcpClientInfo> parse_dhcp(std::string_view bytes, std::string* error);

extern const Parser kDhcpParser;

}  // namespace camaudit::protocol
