// SPDX-License-Identifier: Apache-2.0
#include <camaudit/protocol/dhcp.hpp>

#include <camaudit/util/codec.hpp>
#include <camaudit/util/text.hpp>

#include <array>

namespace camaudit::protocol {

namespace {

// BOOTP fixed part (RFC 951): op htype hlen hops xid secs flags ciaddr yiaddr siaddr
// giaddr chaddr[16] sname[64] file[128], then the magic cookie 99.130.83.99.
constexpr std::size_t kChaddrOffset = 28;
constexpr std::size_t kCookieOffset = 236;
constexpr std::size_t kOptionsOffset = 240;
constexpr std::string_view kMagicCookie{"\x63\x82\x53\x63", 4};
constexpr std::size_t kMaxTextBytes = 255;  // an option's length byte caps it

constexpr std::uint8_t kOptionPad = 0;
constexpr std::uint8_t kOptionHostName = 12;
constexpr std::uint8_t kOptionVendorClass = 60;
constexpr std::uint8_t kOptionEnd = 255;

constexpr std::array<std::string_view, 3> kDhcpKeys = {"dhcp.vendor_class", "dhcp.hostname", "dhcp.client_mac"};

bool printable(std::string_view s) {
  for (unsigned char c : s)
    if (c < 0x20 || c == 0x7F) return false;
  return true;
}

ParseResult parse_dhcp_observation(const Observation& obs) {
  ParseResult out;
  std::string error;
  const auto info = parse_dhcp(obs.payload, &error);
  if (!error.empty()) out.error = "DHCP: " + error;
  if (!info) return out;
  if (!info->vendor_class.empty()) out.add("dhcp.vendor_class", info->vendor_class);
  if (!info->hostname.empty()) out.add("dhcp.hostname", info->hostname);
  if (!info->client_mac.empty()) out.add("dhcp.client_mac", info->client_mac);
  return out;
}

}  // namespace

std::optional<DhcpClientInfo> parse_dhcp(std::string_view bytes, std::string* error) {
  auto fail = [&](std::string why) -> std::optional<DhcpClientInfo> {
    if (error) *error = std::move(why);
    return std::nullopt;
  };
  if (bytes.empty()) return fail("empty payload");
  DhcpClientInfo info;
  const bool packet = bytes.size() >= kOptionsOffset && bytes.substr(kCookieOffset, 4) == kMagicCookie &&
                      (bytes[0] == 1 || bytes[0] == 2);
  if (!packet) {
    // Option-60 text as logged: one printable line.
    const std::string_view text = util::trim(bytes);
    if (text.empty() || text.size() > kMaxTextBytes || !printable(text))
      return fail("neither a DHCP packet (no magic cookie) nor vendor-class text");
    info.vendor_class = std::string(text);
    return info;
  }
  const auto htype = static_cast<std::uint8_t>(bytes[1]);
  const auto hlen = static_cast<std::uint8_t>(bytes[2]);
  if (htype == 1 && hlen == 6) {
    const std::string hex = util::hex_encode(bytes.substr(kChaddrOffset, 6));
    for (std::size_t i = 0; i < hex.size(); i += 2) {
      if (!info.client_mac.empty()) info.client_mac.push_back(':');
      info.client_mac.append(hex, i, 2);
    }
  }
  // Options: code, length, data. Every pass consumes at least one byte.
  std::size_t i = kOptionsOffset;
  while (i < bytes.size()) {
    const auto code = static_cast<std::uint8_t>(bytes[i]);
    if (code == kOptionEnd) return info;
    if (code == kOptionPad) {
      ++i;
      continue;
    }
    if (i + 1 >= bytes.size()) break;
    const std::size_t length = static_cast<std::uint8_t>(bytes[i + 1]);
    if (i + 2 + length > bytes.size()) {
      if (error) *error = "option " + std::to_string(code) + " runs past the end";
      return info;
    }
    const std::string_view data = bytes.substr(i + 2, length);
    // Some clients NUL-terminate their strings.
    const std::string_view text = data.substr(0, data.find('\0'));
    if (code == kOptionVendorClass && info.vendor_class.empty()) info.vendor_class = std::string(text);
    else if (code == kOptionHostName && info.hostname.empty()) info.hostname = std::string(text);
    i += 2 + length;
  }
  if (error) *error = "options end without the end option (truncated)";
  return info;
}

constinit const Parser kDhcpParser{"dhcp", "DHCP client packet or option-60 text: vendor class, host name, MAC",
                                   kDhcpKeys, parse_dhcp_observation};

}  // namespace camaudit::protocol
