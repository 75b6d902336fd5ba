// SPDX-License-Identifier: Apache-2.0
#include <camaudit/protocol/reolink.hpp>

#include <camaudit/protocol/json_fields.hpp>

#include <array>

namespace camaudit::protocol {

namespace {

void read_command_result(JsonValue item, ReolinkReply& reply) {
  if (!item.is_object()) return;
  if (auto value = json_member(item, "value"); value && value->is_object())
    if (auto info = json_member(*value, "DevInfo"); info && info->is_object()) flatten_json(*info, "", reply.dev_info);
  if (auto err = json_member(item, "error"); err && err->is_object()) flatten_json(*err, "", reply.error);
}

}  // namespace

Parsed<ReolinkReply> parse_reolink(std::string_view payload) {
  Parsed<ReolinkReply> parsed;
  std::string error;
  std::optional<JsonValue> json = parse_json(http_body(payload), "Reolink", error);
  if (!json) {
    parsed.error = error;
    return parsed;
  }
  // The API answers an array (one result per command sent); tolerate a bare object.
  if (json->is_array()) {
    std::size_t seen = 0;
    simdjson::dom::array items = *json;
    for (JsonValue item : items) {
      if (++seen > kMaxFieldsPerPayload) break;
      read_command_result(item, parsed.message);
    }
  } else {
    read_command_result(*json, parsed.message);
  }
  if (parsed.message.dev_info.empty() && parsed.message.error.empty())
    parsed.error = "Reolink: no value.DevInfo or error in the reply";
  return parsed;
}

namespace {

constexpr std::array<std::string_view, 2> kReolinkKeys = {"reolink.error.*", "reolink.*"};

ParseResult parse_reolink_observation(const Observation& obs) {
  ParseResult result;
  Parsed<ReolinkReply> parsed = parse_reolink(obs.payload);
  for (const auto& [key, value] : parsed.message.dev_info) result.add("reolink." + key, value);
  for (const auto& [key, value] : parsed.message.error) result.add("reolink.error." + key, value);
  result.error = parsed.error;
  return result;
}

}  // namespace

const Parser kReolinkParser = {"reolink", "Reolink api.cgi GetDevInfo JSON", kReolinkKeys,
                               parse_reolink_observation};

}  // namespace camaudit::protocol
