// SPDX-License-Identifier: Apache-2.0
// Reolink "Baichuan" (BC) protocol on TCP 9000, also spoken by Swann and other
// BC-firmware OEMs: a little-endian header starting with magic f0 de bc 0a
// (20 bytes; 24 for message classes 0x6414 and 0x0000, which add a binary-data
// offset), then a body that is XML, plain or XOR-obfuscated with the fixed BC key.
// Layout from thirtythreeforty/neolink src/bc/de.rs and xml_crypto.rs
// (protocols.md §7, corpus reolink_baichuan_1.txt).
#pragma once

#include <camaudit/protocol/payload.hpp>
#include <camaudit/protocol/protocol.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace camaudit::protocol {

inline constexpr std::string_view kBaichuanMagic = "\xf0\xde\xbc\x0a";

struct BaichuanHeader {
  std::uint32_t message_id = 0;        // 1 = login
  std::uint32_t body_length = 0;
  std::uint32_t encryption_offset = 0;
  std::uint8_t response_code = 0;      // non-zero: body may be encrypted
  std::uint16_t message_class = 0;     // 0x6514 legacy client, 0x6614 legacy camera, 0x6414/0x0000 modern
  std::optional<std::uint32_t> binary_offset;  // modern classes only
};

struct BaichuanMessage {
  BaichuanHeader header;
  std::string encryption_type;  // <Encryption><type> of a login reply body ("md5"), when readable
};

// The BC XOR obfuscation (its own inverse): byte ^ key[(offset + i) % 8] ^ (offset & 0xff).
std::string baichuan_bc_crypt(std::uint32_t offset, std::string_view bytes);

// Errors: no magic, header truncated, body length beyond the bytes present.
Parsed<BaichuanMessage> parse_baichuan(std::string_view payload);

// Fields: baichuan.magic (hex), baichuan.message_id, baichuan.message_class (hex),
// baichuan.body_length, baichuan.encryption_offset, baichuan.response_code,
// baichuan.encryption_type.
extern const Parser kBaichuanParser;

}  // namespace camaudit::protocol
