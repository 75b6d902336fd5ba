// SPDX-License-Identifier: Apache-2.0
#include <camaudit/protocol/isapi.hpp>

#include <camaudit/protocol/xml_fields.hpp>

#include <array>

namespace camaudit::protocol {

Parsed<IsapiDocument> parse_isapi(std::string_view payload) {
  Parsed<IsapiDocument> parsed;
  std::string body = http_body(payload);
  pugi::xml_document doc;
  parsed.error = load_xml(doc, body, "ISAPI");
  pugi::xml_node root = first_element_child(doc);
  if (!root) return parsed;
  parsed.message.root = std::string(local_name(root.name()));
  parsed.message.xmlns = root.attribute("xmlns").value();
  element_children_fields(root, "", parsed.message.elements);
  return parsed;
}

namespace {

constexpr std::array<std::string_view, 2> kIsapiKeys = {"isapi.xmlns", "isapi.*"};

ParseResult parse_isapi_observation(const Observation& obs) {
  ParseResult result;
  Parsed<IsapiDocument> parsed = parse_isapi(obs.payload);
  if (!parsed.message.xmlns.empty()) result.add("isapi.xmlns", parsed.message.xmlns);
  for (const auto& [key, value] : parsed.message.elements) result.add("isapi." + key, value);
  result.error = parsed.error;
  return result;
}

}  // namespace

const Parser kIsapiParser = {"isapi", "Hikvision ISAPI deviceInfo XML", kIsapiKeys, parse_isapi_observation};

}  // namespace camaudit::protocol
