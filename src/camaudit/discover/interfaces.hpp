// SPDX-License-Identifier: Apache-2.0
// Which interfaces LAN discovery may use: IPv4 interfaces that are up and
// multicast-capable, never loopback (discovery is for a real segment; on loopback there is
// nothing to find, and multicast there would be meaningless). Read with getifaddrs; no
// packet is sent here.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace camaudit::discover {

struct Interface {
  std::string name;            // "eth0"
  unsigned index = 0;          // if_nametoindex
  std::uint32_t address = 0;   // network byte order, as in sockaddr_in
  std::uint32_t broadcast = 0; // the subnet's directed broadcast, network byte order; 0 for /31 and /32
  int prefix_length = 0;
  std::string cidr() const;    // "10.199.1.2/24"
  std::string address_text() const;
  std::string broadcast_text() const;
};

// Every up, multicast-capable, non-loopback IPv4 address (one entry per address).
std::vector<Interface> lan_interfaces();

// The interfaces to use: `names` empty means all of lan_interfaces(); otherwise each name
// must be one of them. Returns an empty list and sets `error` (one line, saying why: no
// such interface, loopback refused, down, no IPv4, no multicast, or a loopback-only system).
std::vector<Interface> choose_interfaces(const std::vector<std::string>& names, std::string& error);

}  // namespace camaudit::discover
