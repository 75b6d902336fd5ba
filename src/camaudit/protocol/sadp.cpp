// SPDX-License-Identifier: Apache-2.0
#include <camaudit/protocol/sadp.hpp>

#include <camaudit/protocol/xml_fields.hpp>

#include <array>

namespace camaudit::protocol {

Parsed<SadpMessage> parse_sadp(std::string_view payload) {
  Parsed<SadpMessage> parsed;
  pugi::xml_document doc;
  parsed.error = load_xml(doc, payload, "SADP");
  pugi::xml_node root = first_element_child(doc);
  if (!root) return parsed;
  std::string_view name = local_name(root.name());
  if (name != "ProbeMatch" && name != "Probe") {
    parsed.error = "SADP: root element <" + std::string(name) + "> is not ProbeMatch or Probe";
    return parsed;
  }
  parsed.message.root = std::string(name);
  element_children_fields(root, "", parsed.message.elements);
  return parsed;
}

namespace {

constexpr std::array<std::string_view, 2> kSadpKeys = {"sadp.message", "sadp.*"};

ParseResult parse_sadp_observation(const Observation& obs) {
  ParseResult result;
  Parsed<SadpMessage> parsed = parse_sadp(obs.payload);
  if (!parsed.message.root.empty()) result.add("sadp.message", parsed.message.root);
  for (const auto& [name, value] : parsed.message.elements) result.add("sadp." + name, value);
  result.error = std::move(parsed.error);
  return result;
}

}  // namespace

const Parser kSadpParser = {"sadp", "Hikvision SADP discovery XML (UDP 37020)", kSadpKeys,
                            parse_sadp_observation};

}  // namespace camaudit::protocol
