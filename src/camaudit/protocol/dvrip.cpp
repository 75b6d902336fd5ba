// SPDX-License-Identifier: Apache-2.0
#include <camaudit/protocol/dvrip.hpp>

#include <camaudit/util/codec.hpp>
#include <camaudit/util/text.hpp>

#include <array>

namespace camaudit::protocol {

namespace {

// The realm/random text: DahuaConsole reads `Realm:` and `Random:` lines; when the
// keys differ, fall back to the `Login to ...` line and the number after the last
// ':' (the extraction the corpus notes describe).
void read_realm_text(std::string_view text, DvripReply& reply) {
  for (const auto& [key, value] : key_value_lines(text, ':')) {
    if (util::iequals(key, "Realm") && reply.realm.empty()) reply.realm = std::string(value);
    else if (util::iequals(key, "Random") && reply.random.empty()) reply.random = std::string(value);
  }
  if (reply.realm.empty()) {
    std::size_t at = text.find("Login to ");
    if (at != std::string_view::npos) {
      std::string_view line = text.substr(at);
      reply.realm = std::string(util::trim(line.substr(0, line.find_first_of("\r\n"))));
    }
  }
  if (reply.random.empty()) {
    std::string_view trimmed = util::trim(text);
    std::size_t colon = trimmed.rfind(':');
    if (colon != std::string_view::npos) {
      std::string_view tail = util::trim(trimmed.substr(colon + 1));
      if (!tail.empty() && tail.find_first_not_of("0123456789") == std::string_view::npos)
        reply.random = std::string(tail);
    }
  }
}

}  // namespace

Parsed<DvripReply> parse_dvrip(std::string_view payload) {
  Parsed<DvripReply> parsed;
  DvripReply& reply = parsed.message;
  if (payload.empty()) {
    parsed.error = "DVRIP: empty payload";
    return parsed;
  }
  reply.command = static_cast<std::uint8_t>(payload[0]);
  if (payload.size() < kDvripHeaderSize) {
    parsed.error = "DVRIP: header truncated (" + std::to_string(payload.size()) + " of 32 bytes)";
    return parsed;
  }
  for (std::size_t i = 0; i < 4; ++i)
    reply.length |= static_cast<std::uint32_t>(static_cast<unsigned char>(payload[4 + i])) << (8 * i);
  std::string_view text = payload.substr(kDvripHeaderSize);
  if (reply.length > text.size()) {
    parsed.error = "DVRIP: header says " + std::to_string(reply.length) + " bytes, only " +
                   std::to_string(text.size()) + " present";
  } else {
    text = text.substr(0, reply.length);
  }
  text = text.substr(0, text.find('\0'));
  read_realm_text(text, reply);
  if (reply.realm.empty() && !parsed.error) parsed.error = "DVRIP: no realm in reply";
  return parsed;
}

namespace {

constexpr std::array<std::string_view, 3> kDvripKeys = {"dvrip.realm", "dvrip.random", "dvrip.command"};

ParseResult parse_dvrip_observation(const Observation& obs) {
  ParseResult result;
  Parsed<DvripReply> parsed = parse_dvrip(obs.payload);
  if (!obs.payload.empty()) result.add("dvrip.command", util::hex_encode(obs.payload.substr(0, 1)));
  if (!parsed.message.realm.empty()) result.add("dvrip.realm", parsed.message.realm);
  if (!parsed.message.random.empty()) result.add("dvrip.random", parsed.message.random);
  result.error = parsed.error;
  return result;
}

}  // namespace

const Parser kDvripParser = {"dvrip", "Dahua private protocol pre-login realm reply (TCP 37777)", kDvripKeys,
                             parse_dvrip_observation};

}  // namespace camaudit::protocol
