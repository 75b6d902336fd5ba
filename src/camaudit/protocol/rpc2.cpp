// SPDX-License-Identifier: Apache-2.0
#include <camaudit/protocol/rpc2.hpp>

#include <camaudit/protocol/json_fields.hpp>

#include <array>

namespace camaudit::protocol {

Parsed<Rpc2Reply> parse_rpc2(std::string_view payload) {
  Parsed<Rpc2Reply> parsed;
  std::string error;
  std::optional<JsonValue> json = parse_json(http_body(payload), "RPC2", error);
  if (!json) parsed.error = error;
  else if (!json->is_object()) parsed.error = "RPC2: JSON payload is not an object";
  else flatten_json(*json, "", parsed.message.values);
  return parsed;
}

namespace {

constexpr std::array<std::string_view, 1> kRpc2Keys = {"rpc2.*"};

ParseResult parse_rpc2_observation(const Observation& obs) {
  ParseResult result;
  Parsed<Rpc2Reply> parsed = parse_rpc2(obs.payload);
  for (const auto& [key, value] : parsed.message.values) result.add("rpc2." + key, value);
  result.error = parsed.error;
  return result;
}

}  // namespace

const Parser kRpc2Parser = {"rpc2", "Dahua RPC2 / RPC2_Login JSON-RPC", kRpc2Keys, parse_rpc2_observation};

}  // namespace camaudit::protocol
