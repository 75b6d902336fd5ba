// SPDX-License-Identifier: Apache-2.0
// `scan --discover`: what LAN discovery heard, held until the scan finds the same device,
// then merged into it — matched by MAC, then serial, then IP, keeping the evidence of
// both. What the scan never reaches is reported at the end: a device on a scanned
// address that answered only discovery, or a device outside the scanned ranges (another
// subnet, or misconfigured), which is never probed beyond its discovery reply.
#pragma once

#include <camaudit/core/observation.hpp>
#include <camaudit/identify/device.hpp>
#include <camaudit/kb/knowledge_base.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace camaudit::app {

class DiscoveredDevices {
 public:
  // Groups the replies by replier and identifies each, to learn its MAC and serial.
  DiscoveredDevices(std::vector<Observation> replies, const kb::KnowledgeBase& kb);

  // The replies of the discovered device that is `device` (the scan's identification of
  // a host): same MAC, else same serial, else same IP. They are handed over once.
  std::vector<Observation> take_matching(const identify::Device& device);
  // Replies of devices no scanned host matched, by replier IP.
  std::map<std::string, std::vector<Observation>> take_remaining();
  std::size_t size() const { return m_devices.size(); }

 private:
  struct Discovered {
    std::string ip;
    std::optional<std::string> mac, serial;
    std::vector<Observation> replies;
    bool taken = false;
  };
  std::vector<Discovered> m_devices;
};

}  // namespace camaudit::app
