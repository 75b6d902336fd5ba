// SPDX-License-Identifier: Apache-2.0
#include <camaudit/protocol/upnp.hpp>

#include <camaudit/protocol/http.hpp>
#include <camaudit/protocol/xml_fields.hpp>
#include <camaudit/util/text.hpp>

#include <array>

namespace camaudit::protocol {

namespace {

constexpr std::array<std::string_view, 8> kUpnpKeys = {
    "upnp.manufacturer",  "upnp.modelName",   "upnp.modelNumber",  "upnp.modelDescription",
    "upnp.serialNumber",  "upnp.friendlyName", "upnp.manufacturerURL", "upnp.UDN"};

ParseResult parse_upnp_observation(const Observation& obs) {
  ParseResult out;
  std::string error;
  const auto device = parse_upnp_description(obs.payload, &error);
  if (!error.empty()) out.error = error;
  if (!device) return out;
  const std::array<std::pair<std::string_view, const std::string*>, 8> fields = {{
      {"upnp.manufacturer", &device->manufacturer},
      {"upnp.modelName", &device->model_name},
      {"upnp.modelNumber", &device->model_number},
      {"upnp.modelDescription", &device->model_description},
      {"upnp.serialNumber", &device->serial_number},
      {"upnp.friendlyName", &device->friendly_name},
      {"upnp.manufacturerURL", &device->manufacturer_url},
      {"upnp.UDN", &device->udn},
  }};
  for (const auto& [key, value] : fields)
    if (!value->empty()) out.add(std::string(key), *value);
  return out;
}

}  // namespace

std::optional<UpnpDevice> parse_upnp_description(std::string_view bytes, std::string* error) {
  auto fail = [&](std::string why) -> std::optional<UpnpDevice> {
    if (error) *error = std::move(why);
    return std::nullopt;
  };
  // The description as fetched from LOCATION may still carry its HTTP head.
  std::string body;
  if (util::istarts_with(bytes, "HTTP/")) {
    std::string http_error;
    auto response = parse_http_response(bytes, &http_error);
    if (!response) return fail("UPnP: " + http_error);
    body = std::move(response->body);
    bytes = body;
  }
  pugi::xml_document doc;
  const auto load_error = load_xml(doc, bytes, "UPnP");
  // The root <device> comes first in document order; embedded devices follow it.
  const pugi::xml_node device = find_element(doc, "device");
  if (!device) return fail(load_error.value_or("UPnP: no <device> element"));
  UpnpDevice result;
  const std::array<std::pair<std::string_view, std::string*>, 8> wanted = {{
      {"friendlyName", &result.friendly_name},
      {"manufacturer", &result.manufacturer},
      {"manufacturerURL", &result.manufacturer_url},
      {"modelDescription", &result.model_description},
      {"modelName", &result.model_name},
      {"modelNumber", &result.model_number},
      {"serialNumber", &result.serial_number},
      {"UDN", &result.udn},
  }};
  for (pugi::xml_node child = device.first_child(); child; child = child.next_sibling()) {
    if (child.type() != pugi::node_element) continue;
    const std::string_view name = local_name(child.name());
    for (const auto& [element, target] : wanted)
      if (name == element && target->empty()) *target = element_text(child);
  }
  if (load_error && error) *error = *load_error;
  return result;
}

constinit const Parser kUpnpParser{"upnp", "UPnP device description XML: manufacturer, model, serial, UDN",
                                   kUpnpKeys, parse_upnp_observation};

}  // namespace camaudit::protocol
