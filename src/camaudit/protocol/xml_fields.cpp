// SPDX-License-Identifier: Apache-2.0
#include <camaudit/protocol/xml_fields.hpp>

#include <camaudit/util/text.hpp>

namespace camaudit::protocol {

namespace {

bool has_element_child(pugi::xml_node node) {
  return static_cast<bool>(first_element_child(node));
}

pugi::xml_node find_element_at(pugi::xml_node node, std::string_view name, std::size_t depth) {
  if (depth > kMaxNestingDepth) return {};
  for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling()) {
    if (child.type() != pugi::node_element) continue;
    if (local_name(child.name()) == name) return child;
    if (pugi::xml_node found = find_element_at(child, name, depth + 1)) return found;
  }
  return {};
}

// `key` holds the prefix on entry and is restored on return: one buffer for the walk
// instead of a new string per element.
void children_fields_at(pugi::xml_node parent, std::string& key, std::size_t depth, FieldList& out) {
  if (depth > kMaxNestingDepth) return;
  const std::size_t prefix_size = key.size();
  for (pugi::xml_node child = parent.first_child(); child; child = child.next_sibling()) {
    if (out.size() >= kMaxFieldsPerPayload) break;
    if (child.type() != pugi::node_element) continue;
    key += local_name(child.name());
    if (has_element_child(child)) {
      key += '.';
      children_fields_at(child, key, depth + 1, out);
    } else {
      out.emplace_back(key, element_text(child));
    }
    key.resize(prefix_size);
  }
}

}  // namespace

std::optional<std::string> load_xml(pugi::xml_document& doc, std::string_view text,
                                    std::string_view protocol_label) {
  std::string label(protocol_label);
  std::optional<std::string> cut = bound_input(text, protocol_label);
  std::size_t start = text.find('<');
  if (start == std::string_view::npos) return label + ": no XML element in payload";
  std::string_view xml = text.substr(start);
  while (!xml.empty() && (xml.back() == '\0' || util::trim(xml.substr(xml.size() - 1)).empty()))
    xml.remove_suffix(1);
  // parse_fragment: tolerate text or a second element after the root, which some
  // firmware appends. pugixml's parser is iterative, so deep nesting cannot
  // exhaust the stack here; our own walks are depth-bounded.
  const unsigned options = pugi::parse_default | pugi::parse_fragment;
  pugi::xml_parse_result result = doc.load_buffer(xml.data(), xml.size(), options, pugi::encoding_utf8);
  if (!result) {
    return label + ": XML parse error at offset " +
           std::to_string(static_cast<std::size_t>(result.offset) + start) + ": " + result.description();
  }
  if (!first_element_child(doc)) return label + ": no XML element in payload";
  return cut;
}

std::string_view local_name(std::string_view qualified_name) noexcept {
  std::size_t colon = qualified_name.rfind(':');
  return colon == std::string_view::npos ? qualified_name : qualified_name.substr(colon + 1);
}

pugi::xml_node find_element(pugi::xml_node root, std::string_view name) {
  return find_element_at(root, name, 0);
}

pugi::xml_node first_element_child(pugi::xml_node node) {
  for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling())
    if (child.type() == pugi::node_element) return child;
  return {};
}

std::string element_text(pugi::xml_node element) {
  // Almost always a single text node: trim it in place rather than copy it twice.
  pugi::xml_node first = element.first_child();
  if (first && !first.next_sibling() && (first.type() == pugi::node_pcdata || first.type() == pugi::node_cdata))
    return std::string(util::trim(first.value()));
  std::string text;
  for (pugi::xml_node child = first; child; child = child.next_sibling())
    if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) text += child.value();
  return std::string(util::trim(text));
}

void element_children_fields(pugi::xml_node parent, const std::string& prefix, FieldList& out) {
  std::string key = prefix;
  children_fields_at(parent, key, 0, out);
}

}  // namespace camaudit::protocol
