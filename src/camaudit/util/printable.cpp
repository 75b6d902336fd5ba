// SPDX-License-Identifier: Apache-2.0
#include <camaudit/util/printable.hpp>

#include <camaudit/util/text.hpp>

#include <algorithm>
#include <cstdio>
#include <vector>

namespace camaudit::util {

std::size_t unsafe_code_point_at(std::string_view s, std::size_t i, char32_t& cp) noexcept {
  auto byte = [&](std::size_t k) -> unsigned { return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0u; };
  const unsigned b0 = byte(0);
  if (b0 < 0x20 || b0 == 0x7F) {
    cp = b0;
    return 1;
  }
  if (b0 == 0xC2 && byte(1) >= 0x80 && byte(1) <= 0x9F) {  // C1 controls U+0080..U+009F
    cp = byte(1);
    return 2;
  }
  if (b0 == 0xD8 && byte(1) == 0x9C) {  // U+061C arabic letter mark
    cp = 0x061C;
    return 2;
  }
  if (b0 != 0xE2 && b0 != 0xEF) return 0;
  if (byte(1) < 0x80 || byte(2) < 0x80) return 0;
  const char32_t c = ((b0 & 0x0Fu) << 12) | ((byte(1) & 0x3Fu) << 6) | (byte(2) & 0x3Fu);
  const bool unsafe = (c >= 0x200B && c <= 0x200F) || (c >= 0x2028 && c <= 0x202E) || (c >= 0x2060 && c <= 0x2064) ||
                      (c >= 0x2066 && c <= 0x2069) || c == 0xFEFF;
  if (!unsafe) return 0;
  cp = c;
  return 3;
}

std::string printable(std::string_view raw) {
  std::string s = to_valid_utf8(raw);
  std::string out;
  out.reserve(s.size());
  char buffer[16];
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp = 0;
    std::size_t n = unsafe_code_point_at(s, i, cp);
    if (n == 0) {
      out.push_back(s[i++]);
      continue;
    }
    if (cp < 0x20 || cp == 0x7F) std::snprintf(buffer, sizeof buffer, "\\x%02x", static_cast<unsigned>(cp));
    else std::snprintf(buffer, sizeof buffer, "<U+%04X>", static_cast<unsigned>(cp));
    out.append(buffer);
    i += n;
  }
  return out;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  // Optimal string alignment: three rows of the Levenshtein table.
  std::vector<std::size_t> before(b.size() + 1), previous(b.size() + 1), row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      row[j] = std::min({previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) row[j] = std::min(row[j], before[j - 2] + 1);
    }
    std::swap(before, previous);
    std::swap(previous, row);
  }
  return previous[b.size()];
}

}  // namespace camaudit::util
