// SPDX-License-Identifier: Apache-2.0
#include <camaudit/protocol/lapi.hpp>

#include <camaudit/protocol/json_fields.hpp>

#include <array>

namespace camaudit::protocol {

Parsed<LapiResponse> parse_lapi(std::string_view payload) {
  Parsed<LapiResponse> parsed;
  std::string error;
  std::optional<JsonValue> json = parse_json(http_body(payload), "LAPI", error);
  if (!json) {
    parsed.error = error;
    return parsed;
  }
  std::optional<JsonValue> response = json_member(*json, "Response");
  if (!response || !response->is_object()) {
    parsed.error = "LAPI: JSON without a Response object";
    return parsed;
  }
  if (auto code = json_member(*response, "ResponseCode"))
    parsed.message.response_code = json_scalar_text(*code).value_or("");
  if (auto text = json_member(*response, "ResponseString"))
    parsed.message.response_string = json_scalar_text(*text).value_or("");
  if (auto data = json_member(*response, "Data"); data && data->is_object())
    flatten_json(*data, "", parsed.message.data);
  else
    parsed.error = "LAPI: Response without Data (ResponseCode " + parsed.message.response_code + ", " +
                   parsed.message.response_string + ")";
  return parsed;
}

namespace {

constexpr std::array<std::string_view, 1> kLapiKeys = {"lapi.*"};

ParseResult parse_lapi_observation(const Observation& obs) {
  ParseResult result;
  Parsed<LapiResponse> parsed = parse_lapi(obs.payload);
  for (const auto& [key, value] : parsed.message.data) result.add("lapi." + key, value);
  result.error = parsed.error;
  return result;
}

}  // namespace

const Parser kLapiParser = {"lapi", "Uniview LAPI DeviceBasicInfo JSON", kLapiKeys, parse_lapi_observation};

}  // namespace camaudit::protocol
