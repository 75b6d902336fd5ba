// SPDX-License-Identifier: Apache-2.0
#include <camaudit/protocol/json_fields.hpp>

#include <camaudit/util/text.hpp>

namespace camaudit::protocol {

namespace {

// Deepest bracket nesting outside strings. Checked before parsing so a hostile
// "[[[[..." costs one linear scan instead of a deep tree.
std::size_t json_nesting(std::string_view text) {
  std::size_t depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    else if (c == '{' || c == '[') deepest = std::max(deepest, ++depth);
    else if ((c == '}' || c == ']') && depth > 0) --depth;
  }
  return deepest;
}

void flatten(const nlohmann::json& value, const std::string& key, std::size_t depth, FieldList& out) {
  if (out.size() >= kMaxFieldsPerPayload || depth > kMaxNestingDepth) return;
  if (value.is_object()) {
    for (const auto& [name, child] : value.items()) {
      std::string child_key = key;
      if (!child_key.empty() && child_key.back() != '.') child_key += '.';
      child_key += name;
      flatten(child, child_key, depth + 1, out);
    }
  } else if (value.is_array()) {
    for (const auto& child : value) flatten(child, key, depth + 1, out);
  } else if (auto text = json_scalar_text(value)) {
    out.emplace_back(key, std::move(*text));
  }
}

}  // namespace

std::optional<nlohmann::json> parse_json(std::string_view text, std::string_view protocol_label,
                                         std::string& error) {
  std::string label(protocol_label);
  if (auto cut = bound_input(text, protocol_label)) {
    error = *cut;
    return std::nullopt;
  }
  while (!text.empty() && text.back() == '\0') text.remove_suffix(1);
  text = util::trim(text);
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  if (text.empty()) {
    error = label + ": empty payload";
    return std::nullopt;
  }
  if (json_nesting(text) > kMaxNestingDepth) {
    error = label + ": JSON nested deeper than " + std::to_string(kMaxNestingDepth) + " levels";
    return std::nullopt;
  }
  try {
    // Devices sometimes put Latin-1 or raw bytes in strings; nlohmann rejects
    // invalid UTF-8, so replace it first rather than lose the whole reply.
    return nlohmann::json::parse(util::to_valid_utf8(text));
  } catch (const nlohmann::json::exception& e) {
    error = label + ": " + e.what();
  } catch (const std::exception& e) {
    error = label + ": " + e.what();
  }
  return std::nullopt;
}

std::optional<std::string> json_scalar_text(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  if (value.is_number_integer() || value.is_number_unsigned() || value.is_number_float())
    return value.dump();
  return std::nullopt;
}

void flatten_json(const nlohmann::json& value, const std::string& prefix, FieldList& out) {
  flatten(value, prefix, 0, out);
}

}  // namespace camaudit::protocol
