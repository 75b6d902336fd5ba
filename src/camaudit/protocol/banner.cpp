// SPDX-License-Identifier: Apache-2.0
#include <camaudit/protocol/banner.hpp>

#include <camaudit/util/codec.hpp>
#include <camaudit/util/text.hpp>

#include <algorithm>
#include <array>
#include <cctype>

namespace camaudit::protocol {

namespace {

constexpr std::size_t kHexPrefixBytes = 64;
// An FTP greeting of more lines than this is not a greeting.
constexpr std::size_t kMaxGreetingLines = 256;

// Telnet commands (RFC 854).
constexpr unsigned char kIac = 255;
constexpr unsigned char kSb = 250;
constexpr unsigned char kSe = 240;
constexpr unsigned char kWill = 251;
constexpr unsigned char kDont = 254;

constexpr std::array<std::string_view, 3> kTelnetKeys = {"telnet.banner", "banner.text", "banner.hex"};
constexpr std::array<std::string_view, 3> kFtpKeys = {"ftp.banner", "banner.text", "banner.hex"};
constexpr std::array<std::string_view, 2> kBannerKeys = {"banner.text", "banner.hex"};

void add_generic_fields(ParseResult& out, std::string_view bytes) {
  out.add("banner.text", std::string(util::trim(printable_banner(bytes))));
  out.add("banner.hex", util::hex_encode(bytes.substr(0, kHexPrefixBytes)));
}

ParseResult parse_banner_observation(const Observation& obs) {
  ParseResult out;
  if (obs.payload.empty()) {
    out.error = "banner: empty payload";
    return out;
  }
  add_generic_fields(out, obs.payload);
  return out;
}

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
  add_generic_fields(out, text);
  return out;
}

ParseResult parse_ftp_observation(const Observation& obs) {
  ParseResult out;
  std::string error;
  if (auto greeting = parse_ftp_greeting(obs.payload, &error)) out.add("ftp.banner", *greeting);
  else out.error = "FTP: " + error;
  if (!obs.payload.empty()) add_generic_fields(out, obs.payload);
  return out;
}

bool is_reply_code(std::string_view line) {
  return line.size() >= 3 && std::isdigit(static_cast<unsigned char>(line[0])) &&
         std::isdigit(static_cast<unsigned char>(line[1])) && std::isdigit(static_cast<unsigned char>(line[2]));
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

std::optional<std::string> parse_ftp_greeting(std::string_view bytes, std::string* error) {
  auto fail = [&](std::string why) -> std::optional<std::string> {
    if (error) *error = std::move(why);
    return std::nullopt;
  };
  if (bytes.empty()) return fail("empty payload");
  std::string text;
  std::string_view rest = bytes;
  bool multi_line = false;
  for (std::size_t lines = 0; lines < kMaxGreetingLines; ++lines) {
    if (rest.empty()) {
      if (multi_line && error) *error = "truncated multi-line 220 greeting";
      return text;
    }
    const std::size_t lf = rest.find('\n');
    std::string_view line = rest.substr(0, lf);
    rest.remove_prefix(lf == std::string_view::npos ? rest.size() : lf + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (lines == 0) {
      if (!is_reply_code(line)) return fail("no reply code: not an FTP greeting");
      if (line.substr(0, 3) != "220")
        return fail("no 220 greeting: " + printable_banner(line.substr(0, 80)));
    }
    const bool coded = is_reply_code(line) && line.substr(0, 3) == "220" &&
                       (line.size() == 3 || line[3] == ' ' || line[3] == '-');
    if (!text.empty()) text.push_back('\n');
    // RFC 959 §4.2: "220-" opens a multi-line reply, "220 " closes it; lines between
    // may carry any text.
    text.append(util::trim(coded ? line.substr(std::min<std::size_t>(line.size(), 4)) : line));
    if (coded && (line.size() == 3 || line[3] == ' ')) return text;
    multi_line = true;
  }
  if (error) *error = "220 greeting longer than " + std::to_string(kMaxGreetingLines) + " lines";
  return text;
}

constinit const Parser kTelnetParser{
    "telnet", "Telnet banner or login prompt, option negotiation stripped", kTelnetKeys,
    parse_telnet_observation};
constinit const Parser kFtpParser{"ftp", "FTP 220 greeting text", kFtpKeys, parse_ftp_observation};
constinit const Parser kBannerParser{"banner", "Any TCP banner: printable text and leading hex", kBannerKeys,
                                     parse_banner_observation};

}  // namespace camaudit::protocol
