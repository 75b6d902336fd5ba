// SPDX-License-Identifier: Apache-2.0
#include <camaudit/protocol/ftp.hpp>

#include <camaudit/protocol/banner.hpp>
#include <camaudit/util/text.hpp>

#include <algorithm>
#include <array>
#include <cctype>

namespace camaudit::protocol {

namespace {

// An FTP greeting of more lines than this is not a greeting.
constexpr std::size_t kMaxGreetingLines = 256;

constexpr std::array<std::string_view, 4> kFtpKeys = {"ftp.banner", kBannerFieldKeys[0], kBannerFieldKeys[1],
                                                      kBannerFieldKeys[2]};

ParseResult parse_ftp_observation(const Observation& obs) {
  ParseResult out;
  std::string error;
  if (auto greeting = parse_ftp_greeting(obs.payload, &error)) out.add("ftp.banner", *greeting);
  else out.error = "FTP: " + error;
  if (!obs.payload.empty()) add_banner_fields(out, obs.payload);
  return out;
}

bool is_reply_code(std::string_view line) {
  return line.size() >= 3 && std::isdigit(static_cast<unsigned char>(line[0])) &&
         std::isdigit(static_cast<unsigned char>(line[1])) && std::isdigit(static_cast<unsigned char>(line[2]));
}

}  // namespace

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

constinit const Parser kFtpParser{"ftp", "FTP 220 greeting text", kFtpKeys, parse_ftp_observation};

}  // namespace camaudit::protocol
