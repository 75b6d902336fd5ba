// SPDX-License-Identifier: Apache-2.0
// Response templates of camfarm profiles: text with {name|filter|...} placeholders that is
// parsed once when a profile loads and expanded for every response. Parsing checks the
// syntax and the filter names, so a typo in a profile fails at start-up, not mid-test.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace camfarm {

enum class Filter { kUpper, kLower, kNoColon, kDash, kHex, kBase64, kUrl, kXml, kJson, kEui64 };

struct Placeholder {
  std::string name;
  std::vector<Filter> filters;
};

// One piece of a template: either literal text or a placeholder.
struct Segment {
  std::string literal;
  std::optional<Placeholder> placeholder;
};

// Looks up a variable; nullopt when the name is unknown.
using VariableLookup = std::function<std::optional<std::string>(std::string_view name)>;

class Template {
 public:
  Template() = default;
  // Parses text; on error returns nullopt and fills *error with a one-line reason.
  static std::optional<Template> parse(std::string_view text, std::string* error);
  // A template that is all literal (raw body files, hex bodies).
  static Template literal(std::string text);

  // Expands every placeholder. Unknown names expand to "" and are reported in *missing
  // (first one only) so callers can decide; profile loading rejects them up front.
  std::string expand(const VariableLookup& lookup, std::string* missing = nullptr) const;

  const std::vector<Segment>& segments() const noexcept { return m_segments; }
  bool empty() const noexcept { return m_segments.empty(); }
  bool uses(std::string_view name) const;

 private:
  std::vector<Segment> m_segments;
};

std::optional<Filter> parse_filter(std::string_view name);
std::string apply_filter(Filter filter, std::string_view value);
// Applies a "base64|hex" chain; nullopt (and *error) on an unknown filter name.
std::optional<std::string> apply_filter_chain(std::string_view chain, std::string value,
                                              std::string* error);

}  // namespace camfarm
