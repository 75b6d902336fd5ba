// SPDX-License-Identifier: Apache-2.0
#include <camaudit/protocol/http_route.hpp>

#include <camaudit/protocol/payload.hpp>
#include <camaudit/util/text.hpp>

#include <initializer_list>

namespace camaudit::protocol {

namespace {

// Bytes of the body searched for markers: device-info answers put them up front.
constexpr std::size_t kMarkerWindow = 8192;

struct PathRoute {
  std::string_view fragment;  // found anywhere in the path, case-insensitively
  std::string_view protocol;
};

// The request paths each vendor API answers on (the scan probes ask the same ones).
constexpr PathRoute kPathRoutes[] = {
    {"/isapi/", "isapi"},        {"magicbox.cgi", "magicbox"}, {"/rpc2", "rpc2"},
    {"/axis-cgi/", "vapix"},     {"/stw-cgi/", "sunapi"},      {"/lapi/", "lapi"},
    {"/cgi-bin/api.cgi", "reolink"}, {"/onvif/", "onvif"},
};

bool has_all(std::string_view body, std::initializer_list<std::string_view> markers) {
  for (std::string_view m : markers)
    if (body.find(m) == std::string_view::npos) return false;
  return true;
}

bool has_any(std::string_view body, std::initializer_list<std::string_view> markers) {
  for (std::string_view m : markers)
    if (body.find(m) != std::string_view::npos) return true;
  return false;
}

// Markers each vendor's device-info body carries on every firmware generation in the
// corpus (research/protocols.md §3-§4; corpus files named in http_route_test.cpp).
std::string_view protocol_by_body(std::string_view body) {
  if (has_all(body, {"<DeviceInfo"}) && has_any(body, {"hikvision.com/ver", "isapi.org/ver"})) return "isapi";
  if (has_any(body, {"GetDeviceInformationResponse", "www.onvif.org/ver10/device/wsdl"})) return "onvif";
  if (has_all(body, {"\"propertyList\""}) || has_all(body, {"root.Brand."})) return "vapix";
  if (has_all(body, {"\"DevInfo\"", "\"cmd\""})) return "reolink";
  if (has_all(body, {"\"ResponseURL\"", "/LAPI/"})) return "lapi";
  if (has_all(body, {"deviceType=", "serialNumber="})) return "magicbox";
  if (has_any(body, {"WebURL=", "\"WebURL\""}) && has_any(body, {"Model=", "\"Model\""})) return "sunapi";
  if (has_all(body, {"\"params\"", "\"id\""}) && has_any(body, {"\"session\"", "\"authorization\""})) return "rpc2";
  return {};
}

}  // namespace

const Parser* route_http(std::string_view path, std::string_view payload) {
  for (const PathRoute& r : kPathRoutes)
    if (util::ifind(path, r.fragment) != std::string_view::npos) return find_parser(r.protocol);
  const std::string body = http_body(payload.substr(0, kMaxInputBytes));
  const std::string_view name = protocol_by_body(std::string_view(body).substr(0, kMarkerWindow));
  return name.empty() ? nullptr : find_parser(name);
}

}  // namespace camaudit::protocol
