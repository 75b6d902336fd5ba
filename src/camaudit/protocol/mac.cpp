// SPDX-License-Identifier: Apache-2.0
#include <camaudit/protocol/mac.hpp>

#include <camaudit/util/text.hpp>

#include <array>
#include <vector>

namespace camaudit::protocol {

namespace {

constexpr std::array<std::string_view, 1> kMacKeys = {"mac.address"};

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

ParseResult parse_mac_observation(const Observation& obs) {
  ParseResult out;
  std::string error;
  if (auto mac = normalise_mac(obs.payload, &error)) out.add("mac.address", *mac);
  else out.error = "MAC: " + error;
  return out;
}

}  // namespace

std::optional<std::string> normalise_mac(std::string_view text, std::string* error) {
  auto fail = [&](std::string why) -> std::optional<std::string> {
    if (error) *error = std::move(why);
    return std::nullopt;
  };
  text = util::trim(text);
  if (text.empty()) return fail("empty payload");
  if (text.size() > 32) return fail("too long for a MAC address (" + std::to_string(text.size()) + " bytes)");
  // Split into hex groups on one consistent separator.
  char separator = '\0';
  std::vector<std::string_view> groups;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i < text.size() && hex_digit(text[i]) >= 0) continue;
    if (i < text.size()) {
      const char c = text[i];
      if (c != ':' && c != '-' && c != '.' && c != ' ')
        return fail("unexpected character '" + util::to_valid_utf8(text.substr(i, 1)) + "'");
      if (separator != '\0' && c != separator) return fail("mixed separators");
      separator = c;
    }
    groups.push_back(text.substr(start, i - start));
    start = i + 1;
  }
  std::string digits;
  if (groups.size() == 1 && groups[0].size() == 12) {
    digits = std::string(groups[0]);
  } else if (groups.size() == 3 && separator == '.') {
    for (std::string_view g : groups) {
      if (g.size() != 4) return fail("Cisco notation needs three groups of 4 hex digits");
      digits.append(g);
    }
  } else if (groups.size() == 6 && separator != '.') {
    for (std::string_view g : groups) {
      if (g.empty() || g.size() > 2) return fail("groups must hold 1 or 2 hex digits");
      if (g.size() == 1) digits.push_back('0');
      digits.append(g);
    }
  } else {
    return fail("not a MAC address notation");
  }
  std::string mac;
  for (std::size_t i = 0; i < 12; i += 2) {
    if (!mac.empty()) mac.push_back(':');
    mac.append(util::to_lower(std::string_view(digits).substr(i, 2)));
  }
  return mac;
}

constinit const Parser kMacParser{"mac", "MAC address in any common notation, normalised aa:bb:cc:dd:ee:ff",
                                  kMacKeys, parse_mac_observation};

}  // namespace camaudit::protocol
