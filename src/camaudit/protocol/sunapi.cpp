// SPDX-License-Identifier: Apache-2.0
#include <camaudit/protocol/sunapi.hpp>

#include <camaudit/protocol/json_fields.hpp>
#include <camaudit/util/text.hpp>

#include <array>

namespace camaudit::protocol {

Parsed<SunapiDeviceInfo> parse_sunapi(std::string_view payload) {
  Parsed<SunapiDeviceInfo> parsed;
  std::string body = http_body(payload);
  std::string_view text = util::trim(body);
  std::string json_error;
  if (!text.empty() && text.front() == '{') {
    std::optional<JsonValue> json = parse_json(text, "SUNAPI", json_error);
    if (json && json->is_object()) {
      flatten_json(*json, "", parsed.message.values);
      return parsed;
    }
  }
  // Text form, including the PRN-4011 NVR's "{\nKey=Value\n}".
  std::string_view bounded = text;
  parsed.error = bound_input(bounded, "SUNAPI");
  for (const auto& [key, value] : key_value_lines(bounded, '='))
    parsed.message.values.emplace_back(std::string(key), std::string(value));
  if (parsed.message.values.empty() && !parsed.error)
    parsed.error = json_error.empty() ? "SUNAPI: no Key=Value line" : json_error;
  return parsed;
}

namespace {

constexpr std::array<std::string_view, 1> kSunapiKeys = {"sunapi.*"};

ParseResult parse_sunapi_observation(const Observation& obs) {
  ParseResult result;
  Parsed<SunapiDeviceInfo> parsed = parse_sunapi(obs.payload);
  for (const auto& [key, value] : parsed.message.values) result.add("sunapi." + key, value);
  result.error = parsed.error;
  return result;
}

}  // namespace

const Parser kSunapiParser = {"sunapi", "Hanwha SUNAPI deviceinfo (text or JSON)", kSunapiKeys,
                              parse_sunapi_observation};

}  // namespace camaudit::protocol
