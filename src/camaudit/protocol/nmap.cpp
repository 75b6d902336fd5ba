// SPDX-License-Identifier: Apache-2.0
#include <camaudit/protocol/nmap.hpp>

#include <camaudit/protocol/json_fields.hpp>
#include <camaudit/protocol/message.hpp>
#include <camaudit/util/text.hpp>

#include <array>

namespace camaudit::protocol {

namespace {

constexpr std::array<std::string_view, 16> kNmapKeys = {
    "nmap.service",  "nmap.product",      "nmap.version",  "nmap.extrainfo",  "nmap.devicetype",
    "nmap.cpe",      "nmap.mac_vendor",   "nmap.favicon",  "nmap.rtsp_methods", "http.server",
    "http.title",    "http.header",       "http.www_authenticate", "http.realm", "http.auth_scheme",
    "http.favicon_md5"};

std::string member_text(JsonValue object, std::string_view key) {
  auto v = json_member(object, key);
  return v ? std::string(util::trim(json_scalar_text(*v).value_or(""))) : std::string();
}

void add_if(ParseResult& out, const char* key, const std::string& value) {
  if (!value.empty()) out.add(key, value);
}

void add_service(ParseResult& out, JsonValue service) {
  add_if(out, "nmap.service", member_text(service, "name"));
  add_if(out, "nmap.product", member_text(service, "product"));
  add_if(out, "nmap.version", member_text(service, "version"));
  add_if(out, "nmap.extrainfo", member_text(service, "extrainfo"));
  add_if(out, "nmap.devicetype", member_text(service, "devicetype"));
  if (auto cpes = json_member(service, "cpe"); cpes && cpes->is_array())
    for (JsonValue cpe : cpes->get_array())
      if (auto text = json_scalar_text(cpe)) add_if(out, "nmap.cpe", util::to_lower(util::trim(*text)));
}

void add_auth(ParseResult& out, std::string_view value) {
  out.add("http.www_authenticate", value);
  for (const AuthChallenge& challenge : parse_www_authenticate(value)) {
    out.add("http.auth_scheme", challenge.scheme);
    if (auto realm = challenge.param("realm")) out.add("http.realm", *realm);
  }
}

// http-headers prints "  Name: value" lines, a blank line and "(Request type: GET)".
void add_header_lines(ParseResult& out, std::string_view text) {
  for (std::string_view line : util::split(text, '\n')) {
    line = util::trim(line);
    const auto colon = line.find(':');
    if (line.empty() || line.front() == '(' || colon == std::string_view::npos || colon == 0) continue;
    const std::string_view name = util::trim(line.substr(0, colon)), value = util::trim(line.substr(colon + 1));
    if (name.find(' ') != std::string_view::npos) continue;
    out.add("http.header", std::string(name) + ": " + std::string(value));
    if (util::iequals(name, "Server")) out.add("http.server", value);
    if (util::iequals(name, "WWW-Authenticate")) add_auth(out, value);
  }
}

// http-favicon: "Unknown favicon MD5: 89A9..." or the name nmap's own table gives.
void add_favicon(ParseResult& out, std::string_view text) {
  constexpr std::string_view kUnknown = "Unknown favicon MD5:";
  text = util::trim(text);
  if (util::istarts_with(text, kUnknown)) {
    const std::string md5 = util::to_lower(util::trim(text.substr(kUnknown.size())));
    if (md5.size() == 32) out.add("http.favicon_md5", md5);
  } else if (!text.empty()) {
    out.add("nmap.favicon", text);
  }
}

void add_script(ParseResult& out, std::string_view id, const std::string& text) {
  if (text.empty()) return;
  if (id == "http-title") {
    if (!util::istarts_with(text, "Site doesn't have a title")) out.add("http.title", text);
  } else if (id == "http-server-header") {
    out.add("http.server", text);
  } else if (id == "http-headers") {
    add_header_lines(out, text);
  } else if (id == "http-auth") {
    // "HTTP/1.1 401 Unauthorized\n  Digest realm=... nonce=..." : one challenge per line.
    for (std::string_view line : util::split(text, '\n')) {
      line = util::trim(line);
      if (util::istarts_with(line, "Digest ") || util::istarts_with(line, "Basic ")) add_auth(out, line);
    }
  } else if (id == "http-favicon") {
    add_favicon(out, text);
  } else if (id == "rtsp-methods") {
    out.add("nmap.rtsp_methods", text);
  }
}

ParseResult parse_nmap_observation(const Observation& obs) {
  ParseResult out;
  std::string error;
  auto root = parse_json(obs.payload, "nmap", error);
  if (!root || !root->is_object()) {
    out.error = root ? "nmap: payload is not a JSON object" : error;
    return out;
  }
  if (auto service = json_member(*root, "service"); service && service->is_object()) add_service(out, *service);
  add_if(out, "nmap.mac_vendor", member_text(*root, "mac_vendor"));
  if (auto scripts = json_member(*root, "scripts"); scripts && scripts->is_object())
    for (auto [key, value] : scripts->get_object())
      add_script(out, key, std::string(util::trim(json_scalar_text(value).value_or(""))));
  return out;
}

}  // namespace

constinit const Parser kNmapParser{"nmap", "nmap -sV service guess and NSE script outputs (import nmap)", kNmapKeys,
                                   parse_nmap_observation};

}  // namespace camaudit::protocol
