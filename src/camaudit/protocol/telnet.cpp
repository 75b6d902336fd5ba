// SPDX-License-Identifier: Apache-2.0
#include <camaudit/protocol/telnet.hpp>

#include <camaudit/protocol/banner.hpp>
#include <camaudit/util/text.hpp>

#include <array>

namespace camaudit::protocol {

namespace {

// Telnet commands (RFC 854).
constexpr unsigned char kIac = 255;
constexpr unsigned char kSb = 250;
constexpr unsigned char kSe = 240;
constexpr unsigned char kWill = 251;
constexpr unsigned char kDont = 254;

constexpr std::array<std::string_view, 4> kTelnetKeys = {"telnet.banner", kBannerFieldKeys[0], kBannerFieldKeys[1],
                                                         kBannerFieldKeys[2]};

ParseResult parse_telnet_observation(const Observation& obs) {
  ParseResult out;
  if (obs.payload.empty()) {
    out.error = "telnet: empty payload";
    return out;
  }
  const std::string text = strip_telnet_negotiation(obs.payload);
  const std::string banner(util::trim(printable_banner(text)));
  if (banner.empty()) out.error = "telnet: only option negotiation, no banner text";
  else out.add("telnet.banner", banner);
  add_banner_fields(out, text);
  return out;
}

}  // namespace

std::string strip_telnet_negotiation(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  std::size_t i = 0;
  while (i < bytes.size()) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    if (c != kIac) {
      out.push_back(bytes[i++]);
      continue;
    }
    if (i + 1 >= bytes.size()) break;  // IAC cut off at the end
    const auto command = static_cast<unsigned char>(bytes[i + 1]);
    if (command == kIac) {
      out.push_back(static_cast<char>(kIac));
      i += 2;
    } else if (command >= kWill && command <= kDont) {
      i += 3;  // IAC WILL|WONT|DO|DONT <option>
    } else if (command == kSb) {
      // Subnegotiation runs to IAC SE; a missing SE swallows the rest.
      std::size_t j = i + 2;
      while (j + 1 < bytes.size() &&
             !(static_cast<unsigned char>(bytes[j]) == kIac && static_cast<unsigned char>(bytes[j + 1]) == kSe))
        ++j;
      i = j + 2;
    } else {
      i += 2;  // IAC NOP, GA, ...
    }
  }
  return out;
}

constinit const Parser kTelnetParser{
    "telnet", "Telnet banner or login prompt, option negotiation stripped", kTelnetKeys,
    parse_telnet_observation};

}  // namespace camaudit::protocol
