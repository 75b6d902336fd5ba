// SPDX-License-Identifier: Apache-2.0
#include <camaudit/discover/interfaces.hpp>

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>

#include <algorithm>
#include <bit>

namespace camaudit::discover {

namespace {
std::string ipv4_text(std::uint32_t network_order) {
  in_addr a{};
  a.s_addr = network_order;
  char text[INET_ADDRSTRLEN] = {};
  ::inet_ntop(AF_INET, &a, text, sizeof text);
  return text;
}

// What is wrong with `name` for discovery, from every address getifaddrs lists for it.
std::string why_not_usable(const std::string& name) {
  ifaddrs* list = nullptr;
  if (::getifaddrs(&list) != 0) return "cannot list interfaces";
  bool exists = false, has_ipv4 = false;
  unsigned flags = 0;
  for (ifaddrs* i = list; i; i = i->ifa_next) {
    if (name != i->ifa_name) continue;
    exists = true;
    flags = i->ifa_flags;
    if (i->ifa_addr && i->ifa_addr->sa_family == AF_INET) has_ipv4 = true;
  }
  ::freeifaddrs(list);
  if (!exists) return "no interface named " + name;
  if (flags & IFF_LOOPBACK) return name + " is a loopback interface; discovery runs only on a real LAN segment";
  if (!(flags & IFF_UP)) return name + " is down";
  if (!(flags & IFF_MULTICAST)) return name + " is not multicast-capable";
  if (!has_ipv4) return name + " has no IPv4 address";
  return name + " cannot be used";
}
}  // namespace

std::string Interface::address_text() const { return ipv4_text(address); }
std::string Interface::broadcast_text() const { return ipv4_text(broadcast); }
std::string Interface::cidr() const { return address_text() + "/" + std::to_string(prefix_length); }

std::vector<Interface> lan_interfaces() {
  std::vector<Interface> out;
  ifaddrs* list = nullptr;
  if (::getifaddrs(&list) != 0) return out;
  for (ifaddrs* i = list; i; i = i->ifa_next) {
    if (!i->ifa_addr || i->ifa_addr->sa_family != AF_INET || !i->ifa_netmask) continue;
    const unsigned flags = i->ifa_flags;
    if ((flags & IFF_LOOPBACK) || !(flags & IFF_UP) || !(flags & IFF_MULTICAST)) continue;
    Interface itf;
    itf.name = i->ifa_name;
    itf.index = ::if_nametoindex(i->ifa_name);
    itf.address = reinterpret_cast<const sockaddr_in*>(i->ifa_addr)->sin_addr.s_addr;
    const std::uint32_t mask = ntohl(reinterpret_cast<const sockaddr_in*>(i->ifa_netmask)->sin_addr.s_addr);
    itf.prefix_length = std::popcount(mask);
    // 127/8 can sit on a non-loopback device; it is loopback all the same.
    if ((ntohl(itf.address) >> 24) == 127) continue;
    // Computed from the mask: `ip addr add` without `brd +` leaves ifa_broadaddr unset.
    if (itf.prefix_length <= 30) itf.broadcast = htonl(ntohl(itf.address) | ~mask);
    out.push_back(std::move(itf));
  }
  ::freeifaddrs(list);
  return out;
}

std::vector<Interface> choose_interfaces(const std::vector<std::string>& names, std::string& error) {
  std::vector<Interface> usable = lan_interfaces();
  if (names.empty()) {
    if (usable.empty())
      error = "no up, multicast-capable IPv4 interface other than loopback: discovery needs a LAN segment "
              "(refusing to run on a loopback-only system)";
    return usable;
  }
  std::vector<Interface> chosen;
  for (const std::string& name : names) {
    bool found = false;
    for (const Interface& itf : usable) {
      if (itf.name != name) continue;
      found = true;
      if (std::none_of(chosen.begin(), chosen.end(),
                       [&](const Interface& c) { return c.name == itf.name && c.address == itf.address; }))
        chosen.push_back(itf);
    }
    if (!found) {
      error = "--interface " + name + ": " + why_not_usable(name);
      return {};
    }
  }
  return chosen;
}

}  // namespace camaudit::discover
