// SPDX-License-Identifier: Apache-2.0
#include <camaudit/protocol/json_fields.hpp>

#include <camaudit/util/text.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <vector>

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

// A "\uD..." escape: half of a surrogate pair, or a lone one. nlohmann rejects a lone
// surrogate where simdjson lets a lone low one through, so such text takes the
// nlohmann path below; real replies almost never escape characters beyond the BMP.
bool has_surrogate_escape(std::string_view text) {
  for (std::size_t at = text.find("\\u"); at != std::string_view::npos; at = text.find("\\u", at + 2))
    if (at + 2 < text.size() && (text[at + 2] == 'd' || text[at + 2] == 'D')) return true;
  return false;
}

// The thread's parser and a buffer with the zeroed tail simdjson reads past the end.
struct JsonParser {
  simdjson::dom::parser parser;
  std::string buffer;

  simdjson::simdjson_result<simdjson::dom::element> parse(std::string_view text) {
    buffer.assign(text);
    buffer.append(simdjson::SIMDJSON_PADDING, '\0');
    return parser.parse(buffer.data(), text.size(), false);
  }
};

JsonParser& thread_parser() {
  thread_local JsonParser parser;
  return parser;
}

// The slow path, for what simdjson rejects (or might judge differently): nlohmann
// decides whether the text is JSON and words the error; accepted text comes back
// re-serialised (big integers as doubles, keys sorted), which simdjson then takes.
std::optional<std::string> nlohmann_canonical(std::string_view text, const std::string& label,
                                              std::string& error) {
  try {
    return nlohmann::json::parse(text).dump();
  } catch (const nlohmann::json::exception& e) {
    error = label + ": " + e.what();
  } catch (const std::exception& e) {
    error = label + ": " + e.what();
  }
  return std::nullopt;
}

struct Member {
  std::string_view key;
  JsonValue value;
};

// An object's members as nlohmann's std::map held them: sorted by key (bytewise),
// one per key, the last occurrence winning.
std::vector<Member> sorted_members(simdjson::dom::object object) {
  std::vector<Member> members;
  members.reserve(object.size());
  for (auto [key, value] : object) members.push_back({key, value});
  std::stable_sort(members.begin(), members.end(), [](const Member& a, const Member& b) { return a.key < b.key; });
  auto last_of_each = std::unique(members.rbegin(), members.rend(),
                                  [](const Member& a, const Member& b) { return a.key == b.key; });
  members.erase(members.begin(), last_of_each.base());
  return members;
}

void flatten(JsonValue value, std::string& key, std::size_t depth, FieldList& out) {
  if (out.size() >= kMaxFieldsPerPayload || depth > kMaxNestingDepth) return;
  switch (value.type()) {
    case simdjson::dom::element_type::OBJECT: {
      const std::size_t key_size = key.size();
      simdjson::dom::object object = value;
      for (const Member& member : sorted_members(object)) {
        if (!key.empty() && key.back() != '.') key += '.';
        key += member.key;
        flatten(member.value, key, depth + 1, out);
        key.resize(key_size);
      }
      return;
    }
    case simdjson::dom::element_type::ARRAY: {
      simdjson::dom::array array = value;
      for (JsonValue child : array) flatten(child, key, depth + 1, out);
      return;
    }
    case simdjson::dom::element_type::STRING:
      out.emplace_back(key, std::string_view(value));
      return;
    default:
      if (auto text = json_scalar_text(value)) out.emplace_back(key, std::move(*text));
      return;
  }
}

}  // namespace

std::optional<JsonValue> parse_json(std::string_view text, std::string_view protocol_label, std::string& error) {
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
  // Devices sometimes put Latin-1 or raw bytes in strings; replace them rather than
  // lose the whole reply.
  std::string repaired;
  if (!simdjson::validate_utf8(text.data(), text.size())) {
    repaired = util::to_valid_utf8(text);
    text = repaired;
  }
  JsonParser& parser = thread_parser();
  if (!has_surrogate_escape(text)) {
    JsonValue root;
    if (parser.parse(text).get(root) == simdjson::SUCCESS) return root;
  }
  std::optional<std::string> canonical = nlohmann_canonical(text, label, error);
  if (!canonical) return std::nullopt;
  JsonValue root;
  if (auto code = parser.parse(*canonical).get(root); code != simdjson::SUCCESS) {
    error = label + ": " + simdjson::error_message(code);
    return std::nullopt;
  }
  return root;
}

std::optional<JsonValue> json_member(JsonValue object, std::string_view key) {
  simdjson::dom::object members;
  if (object.get(members) != simdjson::SUCCESS) return std::nullopt;
  std::optional<JsonValue> found;
  for (auto [name, value] : members)
    if (name == key) found = value;
  return found;
}

std::optional<std::string> json_scalar_text(JsonValue value) {
  switch (value.type()) {
    case simdjson::dom::element_type::STRING:
      return std::string(value.get_string().value_unsafe());
    case simdjson::dom::element_type::BOOL:
      return value.get_bool().value_unsafe() ? "true" : "false";
    case simdjson::dom::element_type::INT64:
      return std::to_string(value.get_int64().value_unsafe());
    case simdjson::dom::element_type::UINT64:
      return std::to_string(value.get_uint64().value_unsafe());
    case simdjson::dom::element_type::DOUBLE:
      // nlohmann's shortest round-trip form ("1.0", "1e+20"), as fields always had.
      return nlohmann::json(value.get_double().value_unsafe()).dump();
    default:
      return std::nullopt;
  }
}

void flatten_json(JsonValue value, std::string_view prefix, FieldList& out) {
  std::string key(prefix);
  flatten(value, key, 0, out);
}

}  // namespace camaudit::protocol
