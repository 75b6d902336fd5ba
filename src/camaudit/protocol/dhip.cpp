// SPDX-License-Identifier: Apache-2.0
#include <camaudit/protocol/dhip.hpp>

#include <camaudit/protocol/json_fields.hpp>

#include <array>

namespace camaudit::protocol {

namespace {

std::uint32_t read_u32_le(std::string_view bytes, std::size_t offset) {
  std::uint32_t v = 0;
  for (std::size_t i = 0; i < 4; ++i)
    v |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[offset + i])) << (8 * i);
  return v;
}

bool has_dhip_magic(std::string_view payload) {
  return payload.size() >= 8 && payload.substr(4, 4) == "DHIP";
}

// Picks the JSON out of a framed payload and checks the header against it.
std::string_view framed_json(std::string_view payload, DhipHeader& header, std::optional<std::string>& error) {
  if (payload.size() < kDhipHeaderSize) {
    error = "DHIP: header truncated (" + std::to_string(payload.size()) + " of 32 bytes)";
    return {};
  }
  header.header_size = read_u32_le(payload, 0);
  header.session = read_u32_le(payload, 8);
  header.request_id = read_u32_le(payload, 12);
  header.payload_length = read_u32_le(payload, 16);
  header.payload_length2 = read_u32_le(payload, 24);
  std::string_view body = payload.substr(kDhipHeaderSize);
  const std::size_t declared = header.payload_length;
  if (header.header_size != kDhipHeaderSize) {
    error = "DHIP: header size field is " + std::to_string(header.header_size) + ", expected 32";
  } else if (header.payload_length != header.payload_length2) {
    error = "DHIP: header lengths disagree (" + std::to_string(header.payload_length) + " vs " +
            std::to_string(header.payload_length2) + ")";
  } else if (declared == body.size()) {
    // the normal case
  } else if (declared == payload.size()) {
    // Some tools put the whole datagram length there (dahua_dhip_1.txt (c)) and
    // devices accept it; not worth flagging.
  } else if (declared > body.size()) {
    error = "DHIP: header says " + std::to_string(declared) + " payload bytes, only " +
            std::to_string(body.size()) + " present";
  } else {
    // A TCP read can hold the next message too; only this one is parsed.
    std::string_view rest = body.substr(declared);
    body = body.substr(0, declared);
    if (rest.find_first_not_of(std::string_view("\0\r\n ", 4)) != std::string_view::npos)
      error = "DHIP: " + std::to_string(rest.size()) + " bytes after the message ignored";
  }
  return body;
}

}  // namespace

Parsed<DhipMessage> parse_dhip(std::string_view payload) {
  Parsed<DhipMessage> parsed;
  DhipMessage& msg = parsed.message;
  std::string_view json_text = payload;
  if (has_dhip_magic(payload)) {
    DhipHeader header;
    json_text = framed_json(payload, header, parsed.error);
    msg.header = header;
  }
  std::string json_error;
  std::optional<JsonValue> json = parse_json(json_text, "DHIP", json_error);
  if (!json) {
    if (!parsed.error) parsed.error = json_error;
    else *parsed.error += "; " + json_error;
    return parsed;
  }
  if (!json->is_object()) {
    parsed.error = "DHIP: JSON payload is not an object";
    return parsed;
  }
  if (auto method = json_member(*json, "method"); method && method->is_string())
    msg.method = json_scalar_text(*method).value_or("");
  if (auto mac = json_member(*json, "mac")) msg.mac = json_scalar_text(*mac).value_or("");
  if (auto params = json_member(*json, "params"); params && params->is_object()) {
    if (auto info = json_member(*params, "deviceInfo"); info && info->is_object()) {
      msg.has_device_info = true;
      flatten_json(*info, "", msg.device_info);
    } else {
      flatten_json(*params, "", msg.params);
    }
  }
  if (auto err = json_member(*json, "error"); err && err->is_object())
    flatten_json(*err, "", msg.error);
  return parsed;
}

namespace {

constexpr std::array<std::string_view, 5> kDhipKeys = {"dhip.method", "dhip.mac", "dhip.params.*",
                                                       "dhip.error.*", "dhip.*"};

ParseResult parse_dhip_observation(const Observation& obs) {
  ParseResult result;
  Parsed<DhipMessage> parsed = parse_dhip(obs.payload);
  const DhipMessage& msg = parsed.message;
  if (!msg.method.empty()) result.add("dhip.method", msg.method);
  if (!msg.mac.empty()) result.add("dhip.mac", msg.mac);
  for (const auto& [key, value] : msg.device_info) result.add("dhip." + key, value);
  for (const auto& [key, value] : msg.params) result.add("dhip.params." + key, value);
  for (const auto& [key, value] : msg.error) result.add("dhip.error." + key, value);
  result.error = parsed.error;
  return result;
}

}  // namespace

const Parser kDhipParser = {"dhip", "Dahua DHIP JSON-RPC (UDP 37810 discovery, TCP login)", kDhipKeys,
                            parse_dhip_observation};

}  // namespace camaudit::protocol
