// SPDX-License-Identifier: Apache-2.0
// SSDP (UDP 1900) and the UPnP device description it points to. A camera answers an
// M-SEARCH (or announces itself with NOTIFY) in HTTP-over-UDP form; its SERVER
// header (`Linux/4.9.94-axis5, UPnP/1.0, Portable SDK for UPnP devices/1.6.22`) and
// USN already say a lot, and LOCATION names the description XML (upnp.hpp parses it).
#pragma once

#include <camaudit/protocol/message.hpp>
#include <camaudit/protocol/protocol.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace camaudit::protocol {

struct SsdpMessage {
  enum class Kind { search_response, notify };
  Kind kind = Kind::search_response;
  std::string server;
  std::string search_target;  // ST of a search response, NT of a NOTIFY
  std::string usn;
  std::string location;
  HeaderList headers;         // as sent
};

// nullopt plus `error` for anything but an M-SEARCH response or a NOTIFY.
std::optional<SsdpMessage> parse_ssdp(std::string_view bytes, std::string* error);

extern const Parser kSsdpParser;

}  // namespace camaudit::protocol
