// SPDX-License-Identifier: Apache-2.0
#include <camaudit/protocol/banner.hpp>

#include <camaudit/util/codec.hpp>
#include <camaudit/util/text.hpp>

#include <algorithm>

namespace camaudit::protocol {

namespace {

constexpr std::size_t kHexPrefixBytes = 64;
// Raw bytes kept for nmap-style rules: as much as http.response keeps of a body.
constexpr std::size_t kResponseBytes = 4096;

ParseResult parse_banner_observation(const Observation& obs) {
  ParseResult out;
  if (obs.payload.empty()) {
    out.error = "banner: empty payload";
    return out;
  }
  add_banner_fields(out, obs.payload);
  return out;
}

}  // namespace

void add_banner_fields(ParseResult& out, std::string_view bytes) {
  out.add("banner.text", std::string(util::trim(printable_banner(bytes))));
  out.add("banner.hex", util::hex_encode(bytes.substr(0, kHexPrefixBytes)));
  out.add("banner.response", bytes.substr(0, kResponseBytes));
}

std::string printable_banner(std::string_view bytes) {
  const std::string utf8 = util::to_valid_utf8(bytes);
  std::string out;
  out.reserve(utf8.size());
  // to_valid_utf8 marks bad bytes as U+FFFD (EF BF BD); those become '.'.
  for (std::size_t i = 0; i < utf8.size(); ++i) {
    const auto c = static_cast<unsigned char>(utf8[i]);
    if (c == 0xEF && i + 2 < utf8.size() && static_cast<unsigned char>(utf8[i + 1]) == 0xBF &&
        static_cast<unsigned char>(utf8[i + 2]) == 0xBD) {
      out.push_back('.');
      i += 2;
    } else if (c == '\r') {
      continue;
    } else if (c == '\n' || c == '\t' || c >= 0x80 || (c >= 0x20 && c < 0x7F)) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('.');
    }
  }
  return out;
}

constinit const Parser kBannerParser{"banner", "Any TCP banner: printable text, leading hex, raw bytes",
                                     kBannerFieldKeys, parse_banner_observation};

}  // namespace camaudit::protocol
