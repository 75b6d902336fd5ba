// SPDX-License-Identifier: Apache-2.0
// One JSON Lines record built straight into a string, without a JSON DOM (the DOM cost
// more than identification itself in bench/): JsonOut appends values, the caller writes
// the structure. to_json_line(DeviceRecord) is the one devices.jsonl line, written by
// `identify`, `scan` and the store alike; it parses to the same value as to_json().
#pragma once

#include <camaudit/core/device_record.hpp>
#include <camaudit/util/printable.hpp>
#include <camaudit/util/text.hpp>

#include <fmt/format.h>

#include <optional>
#include <string>
#include <string_view>

namespace camaudit {

// Appends JSON values to one string; the caller writes the separators it needs.
class JsonOut {
 public:
  explicit JsonOut(std::string& out) : m_out(out) {}

  JsonOut& key(std::string_view k) {
    comma();
    text(k);
    m_out.push_back(':');
    m_first = true;  // the value that follows needs no comma
    return *this;
  }
  // Device-supplied text is made valid UTF-8 first, then escaped.
  JsonOut& string(std::string_view s) {
    comma();
    text(util::to_valid_utf8(s));
    return *this;
  }
  JsonOut& optional(const std::optional<std::string>& s) { return s ? string(*s) : raw("null"); }
  JsonOut& number(double v) { return raw(fmt::format("{}", v)); }
  JsonOut& number(std::size_t v) { return raw(fmt::format("{}", v)); }
  JsonOut& raw(std::string_view s) {
    comma();
    m_out.append(s);
    return *this;
  }
  JsonOut& open(char bracket) {
    comma();
    m_out.push_back(bracket);
    m_first = true;
    return *this;
  }
  JsonOut& close(char bracket) {
    m_out.push_back(bracket);
    m_first = false;
    return *this;
  }

 private:
  void comma() {
    if (!m_first) m_out.push_back(',');
    m_first = false;
  }
  // Controls and invisible formatting characters (util::unsafe_code_point_at) go out only
  // as \u escapes: a decoder gets the same text back, but `cat` on the file shows no raw
  // ESC, bidi override or U+2028 (which also ends a line in JavaScript).
  void text(std::string_view s) {
    m_out.push_back('"');
    for (std::size_t i = 0; i < s.size();) {
      const char c = s[i];
      switch (c) {
        case '"': m_out.append("\\\""); break;
        case '\\': m_out.append("\\\\"); break;
        case '\n': m_out.append("\\n"); break;
        case '\r': m_out.append("\\r"); break;
        case '\t': m_out.append("\\t"); break;
        default: {
          char32_t cp = 0;
          const std::size_t n = util::unsafe_code_point_at(s, i, cp);
          if (n == 0) {
            m_out.push_back(c);
            break;
          }
          m_out.append(fmt::format("\\u{:04x}", static_cast<unsigned>(cp)));
          i += n;
          continue;
        }
      }
      ++i;
    }
    m_out.push_back('"');
  }

  std::string& m_out;
  bool m_first = true;
};

// The device as one line (no newline), keys in a fixed order; unparsed entries past
// kMaxUnparsedEntries are counted in "unparsed_folded".
std::string to_json_line(const DeviceRecord& device);

}  // namespace camaudit
