// SPDX-License-Identifier: Apache-2.0
#include <camaudit/app/discovery_merge.hpp>

#include <camaudit/identify/identifier.hpp>
#include <camaudit/util/text.hpp>

#include <functional>

namespace camaudit::app {

DiscoveredDevices::DiscoveredDevices(std::vector<Observation> replies, const kb::KnowledgeBase& kb) {
  std::map<std::string, std::size_t> by_ip;
  for (Observation& o : replies) {
    auto [it, added] = by_ip.try_emplace(o.ip, m_devices.size());
    if (added) m_devices.push_back({o.ip, {}, {}, {}, false});
    m_devices[it->second].replies.push_back(std::move(o));
  }
  for (Discovered& d : m_devices) {
    identify::Identifier identifier(kb);
    for (const Observation& o : d.replies) identifier.add(o);
    for (const identify::Device& device : identifier.finish()) {
      d.mac = device.value(Attribute::mac);
      d.serial = device.value(Attribute::serial);
    }
  }
}

std::vector<Observation> DiscoveredDevices::take_matching(const identify::Device& device) {
  auto same = [](const std::optional<std::string>& a, const std::optional<std::string>& b) {
    return a && b && util::iequals(*a, *b);
  };
  auto mac = device.value(Attribute::mac);
  auto serial = device.value(Attribute::serial);
  // MAC first (unique per interface), then serial (unique per unit), then the address.
  for (auto matches : {std::function<bool(const Discovered&)>([&](const Discovered& d) { return same(d.mac, mac); }),
                       std::function<bool(const Discovered&)>([&](const Discovered& d) { return same(d.serial, serial); }),
                       std::function<bool(const Discovered&)>([&](const Discovered& d) { return d.ip == device.ip; })})
    for (Discovered& d : m_devices)
      if (!d.taken && matches(d)) {
        d.taken = true;
        return std::move(d.replies);
      }
  return {};
}

std::map<std::string, std::vector<Observation>> DiscoveredDevices::take_remaining() {
  std::map<std::string, std::vector<Observation>> left;
  for (Discovered& d : m_devices)
    if (!d.taken) {
      d.taken = true;
      left[d.ip] = std::move(d.replies);
    }
  return left;
}

}  // namespace camaudit::app
