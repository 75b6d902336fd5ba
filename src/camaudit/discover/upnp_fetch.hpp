// SPDX-License-Identifier: Apache-2.0
// Following an SSDP LOCATION safely: parse the URL, accept it only when it is plain http
// and its host is the very address that sent the SSDP reply, then fetch it with one
// HTTP/1.1 GET bounded in bytes and time. The raw response (status line, headers, body)
// is the "upnp" observation's payload; protocol/ssdp.hpp parses it.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace camaudit::discover {

struct HttpLocation {
  std::string host;  // dotted IPv4, as written in the URL
  std::uint16_t port = 80;
  std::string path;  // "/rootDesc.xml" (with any query)
};

// nullopt unless `url` is http://<IPv4>[:port][/path] with host == `replier_ip`.
std::optional<HttpLocation> location_on_replier(std::string_view url, std::string_view replier_ip);

// GETs `location` (connected through `interface_name` when not empty); returns the raw
// response, at most `max_bytes`, or nullopt with `error` when nothing came in `timeout`.
std::optional<std::string> http_get(const HttpLocation& location, const std::string& interface_name,
                                    std::size_t max_bytes, std::chrono::milliseconds timeout, std::string& error);

}  // namespace camaudit::discover
