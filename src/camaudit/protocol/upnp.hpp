// SPDX-License-Identifier: Apache-2.0
// The UPnP device description an SSDP reply's LOCATION names (ssdp.hpp): its
// <manufacturer>/<modelName>/<serialNumber> identify the device. The payload is bare XML
// or the whole HTTP response that carried it.
#pragma once

#include <camaudit/protocol/protocol.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace camaudit::protocol {

// The root device's identity elements of a UPnP device description (UDA 2.0 §2.3).
struct UpnpDevice {
  std::string friendly_name;
  std::string manufacturer;
  std::string manufacturer_url;
  std::string model_description;
  std::string model_name;
  std::string model_number;
  std::string serial_number;
  std::string udn;
};

std::optional<UpnpDevice> parse_upnp_description(std::string_view bytes, std::string* error);

extern const Parser kUpnpParser;

}  // namespace camaudit::protocol
