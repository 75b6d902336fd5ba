// SPDX-License-Identifier: Apache-2.0
#include <camaudit/protocol/vapix.hpp>

#include <camaudit/protocol/json_fields.hpp>
#include <camaudit/util/text.hpp>

#include <array>

namespace camaudit::protocol {

Parsed<VapixReply> parse_vapix(std::string_view payload) {
  Parsed<VapixReply> parsed;
  VapixReply& reply = parsed.message;
  std::string body = http_body(payload);
  std::string_view text = util::trim(body);
  if (!text.empty() && text.front() == '{') {
    std::string error;
    std::optional<JsonValue> json = parse_json(text, "VAPIX", error);
    if (!json) {
      parsed.error = error;
      return parsed;
    }
    std::optional<JsonValue> list;
    if (auto data = json_member(*json, "data"); data && data->is_object())
      if (auto props = json_member(*data, "propertyList"); props && props->is_object()) list = props;
    if (list) flatten_json(*list, "", reply.properties);
    if (auto err = json_member(*json, "error"); err && err->is_object()) flatten_json(*err, "", reply.error);
    if (!list && reply.error.empty()) parsed.error = "VAPIX: JSON without data.propertyList";
    return parsed;
  }
  std::string_view bounded = text;
  parsed.error = bound_input(bounded, "VAPIX");
  for (const auto& [name, value] : key_value_lines(bounded, '=')) {
    std::string_view key = name;
    if (key.substr(0, 5) == "root.") key.remove_prefix(5);
    reply.params.emplace_back(std::string(key), std::string(value));
  }
  if (reply.params.empty() && !parsed.error) parsed.error = "VAPIX: neither JSON nor param.cgi name=value lines";
  return parsed;
}

namespace {

constexpr std::array<std::string_view, 3> kVapixKeys = {"vapix.param.*", "vapix.error.*", "vapix.*"};

ParseResult parse_vapix_observation(const Observation& obs) {
  ParseResult result;
  Parsed<VapixReply> parsed = parse_vapix(obs.payload);
  for (const auto& [key, value] : parsed.message.properties) result.add("vapix." + key, value);
  for (const auto& [key, value] : parsed.message.error) result.add("vapix.error." + key, value);
  for (const auto& [key, value] : parsed.message.params) result.add("vapix.param." + key, value);
  result.error = parsed.error;
  return result;
}

}  // namespace

const Parser kVapixParser = {"vapix", "Axis VAPIX basicdeviceinfo JSON / param.cgi text", kVapixKeys,
                             parse_vapix_observation};

}  // namespace camaudit::protocol
