// SPDX-License-Identifier: Apache-2.0
#include <camaudit/protocol/baichuan.hpp>

#include <camaudit/protocol/xml_fields.hpp>
#include <camaudit/util/codec.hpp>
#include <camaudit/util/text.hpp>

#include <array>

namespace camaudit::protocol {

namespace {

constexpr std::size_t kLegacyHeaderSize = 20;
constexpr std::size_t kModernHeaderSize = 24;
constexpr std::array<unsigned char, 8> kBcKey = {0x1F, 0x2D, 0x3C, 0x4B, 0x5A, 0x69, 0x78, 0xFF};

std::uint32_t read_u32_le(std::string_view bytes, std::size_t offset) {
  std::uint32_t v = 0;
  for (std::size_t i = 0; i < 4; ++i)
    v |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[offset + i])) << (8 * i);
  return v;
}

// neolink de.rs has_bin_offset(): the modern classes carry a 4-byte binary offset.
bool has_binary_offset(std::uint16_t message_class) { return message_class == 0x6414 || message_class == 0x0000; }

std::string read_encryption_type(std::string_view xml) {
  pugi::xml_document doc;
  if (load_xml(doc, xml, "Baichuan")) return {};
  pugi::xml_node encryption = find_element(doc, "Encryption");
  return encryption ? element_text(find_element(encryption, "type")) : std::string();
}

}  // namespace

std::string baichuan_bc_crypt(std::uint32_t offset, std::string_view bytes) {
  std::string out(bytes);
  for (std::size_t i = 0; i < out.size(); ++i) {
    unsigned char key = kBcKey[(offset + i) % kBcKey.size()];
    out[i] = static_cast<char>(static_cast<unsigned char>(out[i]) ^ key ^ static_cast<unsigned char>(offset & 0xff));
  }
  return out;
}

Parsed<BaichuanMessage> parse_baichuan(std::string_view payload) {
  Parsed<BaichuanMessage> parsed;
  BaichuanHeader& h = parsed.message.header;
  if (payload.substr(0, 4) != kBaichuanMagic) {
    parsed.error = "Baichuan: no f0debc0a magic";
    return parsed;
  }
  if (payload.size() < kLegacyHeaderSize) {
    parsed.error = "Baichuan: header truncated (" + std::to_string(payload.size()) + " of 20 bytes)";
    return parsed;
  }
  h.message_id = read_u32_le(payload, 4);
  h.body_length = read_u32_le(payload, 8);
  h.encryption_offset = read_u32_le(payload, 12);
  h.response_code = static_cast<std::uint8_t>(payload[16]);
  h.message_class = static_cast<std::uint16_t>(static_cast<unsigned char>(payload[18]) |
                                               (static_cast<unsigned char>(payload[19]) << 8));
  std::size_t header_size = kLegacyHeaderSize;
  if (has_binary_offset(h.message_class)) {
    if (payload.size() < kModernHeaderSize) {
      parsed.error = "Baichuan: modern header truncated (" + std::to_string(payload.size()) + " of 24 bytes)";
      return parsed;
    }
    h.binary_offset = read_u32_le(payload, 20);
    header_size = kModernHeaderSize;
  }
  std::string_view body = payload.substr(header_size);
  if (h.body_length > body.size()) {
    parsed.error = "Baichuan: header says " + std::to_string(h.body_length) + " body bytes, only " +
                   std::to_string(body.size()) + " present";
  } else {
    body = body.substr(0, h.body_length);
  }
  if (h.binary_offset && *h.binary_offset > 0 && *h.binary_offset < body.size()) body = body.substr(0, *h.binary_offset);
  // The login reply's XML comes plain or BC-obfuscated; AES bodies (after login)
  // are left alone.
  std::string_view plain = util::trim(body);
  if (!plain.empty() && plain.front() == '<') {
    parsed.message.encryption_type = read_encryption_type(plain);
  } else if (!body.empty()) {
    std::string decoded = baichuan_bc_crypt(h.encryption_offset, body);
    std::string_view trimmed = util::trim(decoded);
    if (!trimmed.empty() && trimmed.front() == '<') parsed.message.encryption_type = read_encryption_type(trimmed);
  }
  return parsed;
}

namespace {

constexpr std::array<std::string_view, 7> kBaichuanKeys = {
    "baichuan.magic",      "baichuan.message_id",       "baichuan.message_class",  "baichuan.body_length",
    "baichuan.encryption_offset", "baichuan.response_code", "baichuan.encryption_type"};

std::string hex_u16(std::uint16_t v) {
  const char be[2] = {static_cast<char>(v >> 8), static_cast<char>(v & 0xff)};
  return util::hex_encode(std::string_view(be, 2));
}

ParseResult parse_baichuan_observation(const Observation& obs) {
  ParseResult result;
  Parsed<BaichuanMessage> parsed = parse_baichuan(obs.payload);
  if (obs.payload.size() >= 4) result.add("baichuan.magic", util::hex_encode(std::string_view(obs.payload).substr(0, 4)));
  if (obs.payload.size() >= kLegacyHeaderSize && std::string_view(obs.payload).substr(0, 4) == kBaichuanMagic) {
    const BaichuanHeader& h = parsed.message.header;
    result.add("baichuan.message_id", std::to_string(h.message_id));
    result.add("baichuan.message_class", hex_u16(h.message_class));
    result.add("baichuan.body_length", std::to_string(h.body_length));
    result.add("baichuan.encryption_offset", std::to_string(h.encryption_offset));
    result.add("baichuan.response_code", std::to_string(h.response_code));
  }
  if (!parsed.message.encryption_type.empty()) result.add("baichuan.encryption_type", parsed.message.encryption_type);
  result.error = parsed.error;
  return result;
}

}  // namespace

const Parser kBaichuanParser = {"baichuan", "Reolink Baichuan binary protocol header (TCP 9000)", kBaichuanKeys,
                                parse_baichuan_observation};

}  // namespace camaudit::protocol
