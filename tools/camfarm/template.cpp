// SPDX-License-Identifier: Apache-2.0
#include "template.hpp"

#include <cstdio>

#include "camaudit/util/codec.hpp"
#include "camaudit/util/text.hpp"

namespace camfarm {

namespace {

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

std::string url_encode(std::string_view value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : value) {
    if (is_name_char(static_cast<char>(c)) || c == '-' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string xml_escape(std::string_view value) {
  std::string out;
  for (char c : value) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string json_escape(std::string_view value) {
  std::string out;
  for (unsigned char c : value) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out;
}

// MAC aa:bb:cc:dd:ee:ff -> modified EUI-64 interface id "a8bb:ccff:fedd:eeff" (RFC 4291),
// written the way Dahua firmware writes it (leading zeros kept).
std::string eui64(std::string_view mac) {
  auto bytes = camaudit::util::hex_decode(mac);
  if (!bytes || bytes->size() != 6) return std::string(mac);
  std::string b = *bytes;
  b[0] = static_cast<char>(b[0] ^ 0x02);
  std::string id = b.substr(0, 3) + std::string("\xff\xfe", 2) + b.substr(3);
  std::string hex = camaudit::util::hex_encode(id);
  return hex.substr(0, 4) + ":" + hex.substr(4, 4) + ":" + hex.substr(8, 4) + ":" + hex.substr(12, 4);
}

}  // namespace

std::optional<Filter> parse_filter(std::string_view name) {
  if (name == "upper") return Filter::kUpper;
  if (name == "lower") return Filter::kLower;
  if (name == "nocolon") return Filter::kNoColon;
  if (name == "dash") return Filter::kDash;
  if (name == "hex") return Filter::kHex;
  if (name == "base64") return Filter::kBase64;
  if (name == "url") return Filter::kUrl;
  if (name == "xml") return Filter::kXml;
  if (name == "json") return Filter::kJson;
  if (name == "eui64") return Filter::kEui64;
  return std::nullopt;
}

std::string apply_filter(Filter filter, std::string_view value) {
  switch (filter) {
    case Filter::kUpper: {
      std::string out(value);
      for (char& c : out) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
      }
      return out;
    }
    case Filter::kLower: return camaudit::util::to_lower(value);
    case Filter::kNoColon: {
      std::string out;
      for (char c : value) {
        if (c != ':' && c != '-') out += c;
      }
      return out;
    }
    case Filter::kDash: {
      std::string out(value);
      for (char& c : out) {
        if (c == ':') c = '-';
      }
      return out;
    }
    case Filter::kHex: return camaudit::util::hex_encode(value);
    case Filter::kBase64: return camaudit::util::base64_encode(value);
    case Filter::kUrl: return url_encode(value);
    case Filter::kXml: return xml_escape(value);
    case Filter::kJson: return json_escape(value);
    case Filter::kEui64: return eui64(value);
  }
  return std::string(value);
}

std::optional<std::string> apply_filter_chain(std::string_view chain, std::string value,
                                              std::string* error) {
  if (chain.empty()) return value;
  for (auto name : camaudit::util::split(chain, '|')) {
    auto filter = parse_filter(camaudit::util::trim(name));
    if (!filter) {
      if (error) *error = "unknown filter '" + std::string(name) + "'";
      return std::nullopt;
    }
    value = apply_filter(*filter, value);
  }
  return value;
}

std::optional<Template> Template::parse(std::string_view text, std::string* error) {
  Template result;
  std::string literal;
  auto flush_literal = [&] {
    if (!literal.empty()) {
      result.m_segments.push_back(Segment{std::move(literal), std::nullopt});
      literal.clear();
    }
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '{' && i + 1 < text.size() && text[i + 1] == '{') {
      literal += '{';
      ++i;
      continue;
    }
    if (c == '}' && i + 1 < text.size() && text[i + 1] == '}') {
      literal += '}';
      ++i;
      continue;
    }
    if (c != '{') {
      literal += c;
      continue;
    }
    auto close = text.find('}', i);
    if (close == std::string_view::npos) {
      if (error) *error = "unclosed '{' at offset " + std::to_string(i);
      return std::nullopt;
    }
    auto inside = text.substr(i + 1, close - i - 1);
    auto parts = camaudit::util::split(inside, '|');
    Placeholder placeholder;
    placeholder.name = std::string(parts.front());
    if (placeholder.name.empty()) {
      if (error) *error = "empty placeholder at offset " + std::to_string(i);
      return std::nullopt;
    }
    for (char n : placeholder.name) {
      if (!is_name_char(n)) {
        if (error) {
          *error = "bad placeholder '{" + std::string(inside) + "}' (write literal braces as {{ }})";
        }
        return std::nullopt;
      }
    }
    for (std::size_t p = 1; p < parts.size(); ++p) {
      auto filter = parse_filter(parts[p]);
      if (!filter) {
        if (error) *error = "unknown filter '" + std::string(parts[p]) + "' in {" + std::string(inside) + "}";
        return std::nullopt;
      }
      placeholder.filters.push_back(*filter);
    }
    flush_literal();
    result.m_segments.push_back(Segment{{}, std::move(placeholder)});
    i = close;
  }
  flush_literal();
  return result;
}

Template Template::literal(std::string text) {
  Template result;
  if (!text.empty()) result.m_segments.push_back(Segment{std::move(text), std::nullopt});
  return result;
}

std::string Template::expand(const VariableLookup& lookup, std::string* missing) const {
  std::string out;
  for (const auto& segment : m_segments) {
    if (!segment.placeholder) {
      out += segment.literal;
      continue;
    }
    auto value = lookup(segment.placeholder->name);
    if (!value) {
      if (missing && missing->empty()) *missing = segment.placeholder->name;
      continue;
    }
    std::string v = std::move(*value);
    for (auto filter : segment.placeholder->filters) v = apply_filter(filter, v);
    out += v;
  }
  return out;
}

bool Template::uses(std::string_view name) const {
  for (const auto& segment : m_segments) {
    if (segment.placeholder && segment.placeholder->name == name) return true;
  }
  return false;
}

}  // namespace camfarm
