// SPDX-License-Identifier: Apache-2.0
#include <camaudit/protocol/dahua5050.hpp>

#include <camaudit/util/text.hpp>

#include <array>

namespace camaudit::protocol {

namespace {

std::uint16_t read_u16_le(std::string_view bytes, std::size_t offset) {
  return static_cast<std::uint16_t>(static_cast<unsigned char>(bytes[offset]) |
                                    (static_cast<unsigned char>(bytes[offset + 1]) << 8));
}

// IPv4 addresses are stored in network byte order.
std::string ipv4_at(std::string_view bytes, std::size_t offset) {
  std::string out;
  for (std::size_t i = 0; i < 4; ++i) {
    if (i) out += '.';
    out += std::to_string(static_cast<unsigned char>(bytes[offset + i]));
  }
  return out;
}

std::string_view until_nul(std::string_view s) { return s.substr(0, s.find('\0')); }

}  // namespace

Parsed<Dahua5050Reply> parse_dahua5050(std::string_view payload) {
  Parsed<Dahua5050Reply> parsed;
  Dahua5050Reply& reply = parsed.message;
  if (payload.empty() || static_cast<unsigned char>(payload[0]) != 0xb3) {
    parsed.error = "Dahua 5050: not a discovery reply (first byte is not 0xb3)";
    return parsed;
  }
  if (payload.size() < kDahua5050FixedSize) {
    parsed.error = "Dahua 5050: reply truncated (" + std::to_string(payload.size()) + " of " +
                   std::to_string(kDahua5050FixedSize) + " fixed bytes)";
    return parsed;
  }
  reply.version = std::to_string(read_u16_le(payload, 32)) + "." + std::to_string(read_u16_le(payload, 34)) +
                  "." + std::to_string(read_u16_le(payload, 36)) + "." + std::to_string(read_u16_le(payload, 38));
  reply.hostname = std::string(util::trim(until_nul(payload.substr(40, 16))));
  reply.ip = ipv4_at(payload, 56);
  reply.netmask = ipv4_at(payload, 60);
  reply.gateway = ipv4_at(payload, 64);
  reply.dns = ipv4_at(payload, 68);
  reply.http_port = read_u16_le(payload, 94);
  reply.https_port = read_u16_le(payload, 96);
  reply.tcp_port = read_u16_le(payload, 98);
  reply.max_connections = read_u16_le(payload, 100);
  reply.ssl_port = read_u16_le(payload, 102);
  reply.udp_port = read_u16_le(payload, 104);
  reply.multicast = ipv4_at(payload, 108) + ":" + std::to_string(read_u16_le(payload, 112));

  // Section lengths live in the header (UniversalScanner Dahua1.cs): section 2 at
  // offset 2, section 3 at offset 20.
  std::size_t section2 = read_u16_le(payload, 2);
  std::size_t section3 = read_u16_le(payload, 20);
  std::string_view rest = payload.substr(kDahua5050FixedSize);
  if (section2 + section3 > rest.size()) {
    parsed.error = "Dahua 5050: header announces " + std::to_string(section2 + section3) +
                   " bytes after the fixed block, only " + std::to_string(rest.size()) + " present";
  }
  std::string_view mac_and_type = rest.substr(0, std::min(section2, rest.size()));
  std::string_view text = rest.substr(mac_and_type.size());
  // mcw0 reads the text to the end of the datagram; do the same when section 3's
  // length is zero but bytes follow.
  if (section3 != 0) text = text.substr(0, std::min(section3, text.size()));
  constexpr std::size_t kMacTextSize = 17;  // "00:11:22:33:44:55"
  reply.mac = std::string(until_nul(mac_and_type.substr(0, kMacTextSize)));
  if (mac_and_type.size() > kMacTextSize)
    reply.device_type = std::string(util::trim(until_nul(mac_and_type.substr(kMacTextSize))));
  for (const auto& [key, value] : key_value_lines(until_nul(text), ':'))
    reply.text.emplace_back(std::string(key), std::string(value));
  return parsed;
}

namespace {

constexpr std::array<std::string_view, 18> kDahua5050Keys = {
    "dahua5050.Name",       "dahua5050.Device",     "dahua5050.SerialNo",   "dahua5050.IPv6Addr",
    "dahua5050.hostname",   "dahua5050.version",    "dahua5050.mac",        "dahua5050.device_type",
    "dahua5050.ip",         "dahua5050.netmask",    "dahua5050.gateway",    "dahua5050.dns",
    "dahua5050.http_port",  "dahua5050.https_port", "dahua5050.tcp_port",   "dahua5050.udp_port",
    "dahua5050.ssl_port",   "dahua5050.*"};

ParseResult parse_dahua5050_observation(const Observation& obs) {
  ParseResult result;
  Parsed<Dahua5050Reply> parsed = parse_dahua5050(obs.payload);
  const Dahua5050Reply& r = parsed.message;
  if (!r.version.empty()) {
    result.add("dahua5050.version", r.version);
    result.add("dahua5050.hostname", r.hostname);
    result.add("dahua5050.ip", r.ip);
    result.add("dahua5050.netmask", r.netmask);
    result.add("dahua5050.gateway", r.gateway);
    result.add("dahua5050.dns", r.dns);
    result.add("dahua5050.http_port", std::to_string(r.http_port));
    result.add("dahua5050.https_port", std::to_string(r.https_port));
    result.add("dahua5050.tcp_port", std::to_string(r.tcp_port));
    result.add("dahua5050.max_connections", std::to_string(r.max_connections));
    result.add("dahua5050.ssl_port", std::to_string(r.ssl_port));
    result.add("dahua5050.udp_port", std::to_string(r.udp_port));
    result.add("dahua5050.multicast", r.multicast);
  }
  if (!r.mac.empty()) result.add("dahua5050.mac", r.mac);
  if (!r.device_type.empty()) result.add("dahua5050.device_type", r.device_type);
  for (const auto& [key, value] : r.text) result.add("dahua5050." + key, value);
  result.error = parsed.error;
  return result;
}

}  // namespace

const Parser kDahua5050Parser = {"dahua5050", "Dahua legacy binary discovery reply (UDP 5050)",
                                 kDahua5050Keys, parse_dahua5050_observation};

}  // namespace camaudit::protocol
