// SPDX-License-Identifier: Apache-2.0
#include <camaudit/ingest/text_decode.hpp>

#include <array>
#include <cstdint>

namespace camaudit::ingest {

namespace {

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::string from_utf16(std::string_view bytes, bool little_endian) {
  std::string out;
  out.reserve(bytes.size() / 2);
  auto unit = [&](std::size_t i) -> std::uint32_t {
    const auto a = static_cast<unsigned char>(bytes[i]), b = static_cast<unsigned char>(bytes[i + 1]);
    return little_endian ? (a | (b << 8)) : ((a << 8) | b);
  };
  for (std::size_t i = 0; i + 1 < bytes.size(); i += 2) {
    std::uint32_t cp = unit(i);
    if (cp >= 0xD800 && cp < 0xDC00 && i + 3 < bytes.size()) {
      const std::uint32_t low = unit(i + 2);
      if (low >= 0xDC00 && low < 0xE000) {
        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        i += 2;
      } else {
        cp = 0xFFFD;
      }
    } else if (cp >= 0xD800 && cp < 0xE000) {
      cp = 0xFFFD;  // a lone surrogate
    }
    append_utf8(out, cp);
  }
  return out;
}

// Windows-1252's 0x80-0x9F; the rest of the high half is Latin-1. Undefined bytes
// become U+FFFD.
constexpr std::array<std::uint16_t, 32> kCp1252High = {
    0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};

std::string from_cp1252(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 8);
  for (char ch : bytes) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x80) out.push_back(ch);
    else if (c < 0xA0) append_utf8(out, kCp1252High[c - 0x80]);
    else append_utf8(out, c);
  }
  return out;
}

// BOM-less UTF-16: most of the text is ASCII, so one byte of each pair is NUL.
bool looks_utf16(std::string_view bytes, bool& little_endian) {
  const std::size_t n = std::min<std::size_t>(bytes.size() & ~std::size_t{1}, 4096);
  if (n < 4) return false;
  std::size_t even = 0, odd = 0;
  for (std::size_t i = 0; i < n; i += 2) {
    even += bytes[i] == '\0';
    odd += bytes[i + 1] == '\0';
  }
  const std::size_t pairs = n / 2;
  little_endian = odd > even;
  return std::max(even, odd) * 10 > pairs * 7 && std::min(even, odd) * 10 < pairs;
}

}  // namespace

bool valid_utf8(std::string_view s) noexcept {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || (len == 2 && c < 0xC2) || i + len > s.size()) return false;
    for (std::size_t k = 1; k < len; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    if (len == 3) {
      const auto c1 = static_cast<unsigned char>(s[i + 1]);
      if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0)) return false;  // overlong, surrogate
    }
    if (len == 4) {
      const auto c1 = static_cast<unsigned char>(s[i + 1]);
      if ((c == 0xF0 && c1 < 0x90) || c > 0xF4 || (c == 0xF4 && c1 >= 0x90)) return false;
    }
    i += len;
  }
  return true;
}

DecodedText decode_text(std::string_view bytes) {
  if (bytes.starts_with("\xEF\xBB\xBF")) {
    std::string_view rest = bytes.substr(3);
    if (valid_utf8(rest)) return {std::string(rest), "utf-8-bom"};
    return {from_cp1252(rest), "windows-1252"};  // a BOM then Latin-1 bytes: edited by two programs
  }
  if (bytes.starts_with("\xFF\xFE")) return {from_utf16(bytes.substr(2), true), "utf-16le"};
  if (bytes.starts_with("\xFE\xFF")) return {from_utf16(bytes.substr(2), false), "utf-16be"};
  bool little = true;
  if (looks_utf16(bytes, little)) return {from_utf16(bytes, little), little ? "utf-16le" : "utf-16be"};
  if (valid_utf8(bytes)) return {std::string(bytes), "utf-8"};
  return {from_cp1252(bytes), "windows-1252"};
}

}  // namespace camaudit::ingest
