// SPDX-License-Identifier: Apache-2.0
#include <camaudit/protocol/magicbox.hpp>

#include <array>

namespace camaudit::protocol {

Parsed<MagicBoxReply> parse_magicbox(std::string_view payload) {
  Parsed<MagicBoxReply> parsed;
  std::string_view bounded = payload;
  parsed.error = bound_input(bounded, "magicBox");
  std::string body = http_body(bounded);
  for (const auto& [key, value] : key_value_lines(body, '='))
    parsed.message.values.emplace_back(std::string(key), std::string(value));
  if (parsed.message.values.empty() && !parsed.error) parsed.error = "magicBox: no key=value line";
  return parsed;
}

namespace {

constexpr std::array<std::string_view, 1> kMagicboxKeys = {"magicbox.*"};

ParseResult parse_magicbox_observation(const Observation& obs) {
  ParseResult result;
  Parsed<MagicBoxReply> parsed = parse_magicbox(obs.payload);
  for (const auto& [key, value] : parsed.message.values) result.add("magicbox." + key, value);
  result.error = parsed.error;
  return result;
}

}  // namespace

const Parser kMagicboxParser = {"magicbox", "Dahua magicBox.cgi key=value text", kMagicboxKeys,
                                parse_magicbox_observation};

}  // namespace camaudit::protocol
