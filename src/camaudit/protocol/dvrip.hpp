// SPDX-License-Identifier: Apache-2.0
// Dahua private protocol ("DVRIP", TCP 37777): the reply to the pre-login
// "REALM & RANDOM" request. The first byte is the command (0xb0/0xb1 replies), a
// little-endian length at offset 4 counts the text after the 32-byte header, and
// the text is `Realm:Login to <serial>\r\nRandom:<number>\r\n`, so an unauthenticated
// connection reveals the device serial (mcw0/DahuaConsole Dahua_DVRIP_Login and
// _p2p_len; protocols.md §2.6, corpus dahua_dvrip_1.txt).
#pragma once

#include <camaudit/protocol/payload.hpp>
#include <camaudit/protocol/protocol.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace camaudit::protocol {

inline constexpr std::size_t kDvripHeaderSize = 32;

struct DvripReply {
  std::uint8_t command = 0;    // first byte: 0xb0 / 0xb1 receive, 0xb3 discover, 0xf6 JSON...
  std::uint32_t length = 0;    // text bytes announced at offset 4
  std::string realm;           // "Login to 4H01D66PAJ2FA64"
  std::string random;          // the challenge number
};

// Errors: empty input, header truncated, length field disagreeing with the bytes
// present, no realm in the text.
Parsed<DvripReply> parse_dvrip(std::string_view payload);

// Fields: dvrip.command (first byte, hex), dvrip.realm, dvrip.random.
extern const Parser kDvripParser;

}  // namespace camaudit::protocol
