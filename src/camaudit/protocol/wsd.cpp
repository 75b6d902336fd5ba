// SPDX-License-Identifier: Apache-2.0
#include <camaudit/protocol/wsd.hpp>

#include <camaudit/protocol/xml_fields.hpp>
#include <camaudit/util/text.hpp>

#include <array>

namespace camaudit::protocol {

namespace {

constexpr std::string_view kOnvifScopePrefix = "onvif://www.onvif.org/";

// The message elements WS-Discovery defines (2005/04 and 2009/01 share the names).
constexpr std::array<std::string_view, 6> kMessageNames = {"ProbeMatches", "Hello", "Bye",
                                                           "ResolveMatches", "Probe", "Resolve"};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

WsdMatch read_match(pugi::xml_node match) {
  WsdMatch m;
  if (pugi::xml_node epr = find_element(match, "EndpointReference"))
    m.endpoint = element_text(find_element(epr, "Address"));
  m.types = element_text(find_element(match, "Types"));
  m.scopes = parse_wsd_scopes(element_text(find_element(match, "Scopes")));
  m.xaddrs = element_text(find_element(match, "XAddrs"));
  m.metadata_version = element_text(find_element(match, "MetadataVersion"));
  return m;
}

pugi::xml_node find_message(pugi::xml_node doc) {
  if (pugi::xml_node body = find_element(doc, "Body")) return first_element_child(body);
  // Some captures keep only the Body's content.
  for (std::string_view name : kMessageNames)
    if (pugi::xml_node found = find_element(doc, name)) return found;
  return {};
}

}  // namespace

std::vector<WsdScope> parse_wsd_scopes(std::string_view scopes) {
  std::vector<WsdScope> out;
  std::size_t i = 0;
  while (i < scopes.size() && out.size() < kMaxFieldsPerPayload) {
    while (i < scopes.size() && is_space(scopes[i])) ++i;
    std::size_t end = i;
    while (end < scopes.size() && !is_space(scopes[end])) ++end;
    if (end == i) break;
    WsdScope scope;
    scope.uri = std::string(scopes.substr(i, end - i));
    if (util::istarts_with(scope.uri, kOnvifScopePrefix)) {
      std::string_view rest = std::string_view(scope.uri).substr(kOnvifScopePrefix.size());
      std::size_t slash = rest.find('/');
      scope.category = std::string(rest.substr(0, slash));
      if (slash != std::string_view::npos) scope.value = util::percent_decode(rest.substr(slash + 1));
    }
    out.push_back(std::move(scope));
    i = end;
  }
  return out;
}

Parsed<WsdMessage> parse_wsd(std::string_view payload) {
  Parsed<WsdMessage> parsed;
  pugi::xml_document doc;
  parsed.error = load_xml(doc, payload, "WS-Discovery");
  if (!first_element_child(doc)) return parsed;
  pugi::xml_node message = find_message(doc);
  if (!message) {
    if (!parsed.error) parsed.error = "WS-Discovery: no discovery message in the SOAP body";
    return parsed;
  }
  parsed.message.kind = std::string(local_name(message.name()));
  if (parsed.message.kind == "ProbeMatches" || parsed.message.kind == "ResolveMatches") {
    std::string_view child_name = parsed.message.kind == "ProbeMatches" ? "ProbeMatch" : "ResolveMatch";
    for (pugi::xml_node child = message.first_child(); child; child = child.next_sibling()) {
      if (parsed.message.matches.size() >= kMaxFieldsPerPayload) break;
      if (child.type() == pugi::node_element && local_name(child.name()) == child_name)
        parsed.message.matches.push_back(read_match(child));
    }
  } else {
    parsed.message.matches.push_back(read_match(message));
  }
  return parsed;
}

namespace {

constexpr std::array<std::string_view, 7> kWsdKeys = {"wsd.message", "wsd.types",    "wsd.scope",
                                                      "wsd.scope.*", "wsd.endpoint", "wsd.xaddrs",
                                                      "wsd.metadata_version"};

ParseResult parse_wsd_observation(const Observation& obs) {
  ParseResult result;
  Parsed<WsdMessage> parsed = parse_wsd(obs.payload);
  if (!parsed.message.kind.empty()) result.add("wsd.message", parsed.message.kind);
  for (const WsdMatch& m : parsed.message.matches) {
    if (!m.endpoint.empty()) result.add("wsd.endpoint", m.endpoint);
    if (!m.types.empty()) result.add("wsd.types", m.types);
    for (const WsdScope& scope : m.scopes) {
      result.add("wsd.scope", scope.uri);
      if (!scope.category.empty() && !scope.value.empty()) result.add("wsd.scope." + scope.category, scope.value);
    }
    if (!m.xaddrs.empty()) result.add("wsd.xaddrs", m.xaddrs);
    if (!m.metadata_version.empty()) result.add("wsd.metadata_version", m.metadata_version);
  }
  result.error = parsed.error;
  return result;
}

}  // namespace

const Parser kWsdParser = {"wsd", "ONVIF WS-Discovery ProbeMatches / Hello (UDP 3702)", kWsdKeys,
                           parse_wsd_observation};

}  // namespace camaudit::protocol
