// SPDX-License-Identifier: Apache-2.0
#include <camaudit/protocol/dhcp.hpp>
#include <camaudit/protocol/testing/fields.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace camaudit::protocol {
namespace {

using ::testing::HasSubstr;
using testing::field_value;
using testing::parse_with;

std::string option(unsigned code, std::string_view data) {
  return std::string{static_cast<char>(code), static_cast<char>(data.size())} + std::string(data);
}

// A DHCPDISCOVER as BusyBox udhcpc sends it (RFC 2131 §4.4.1 layout): BOOTREQUEST,
// Ethernet, chaddr a Dahua OUI (multi_oui_1.txt 3C:EF:8C), options 53, 61, 12, 60.
std::string discover(bool with_end = true) {
  std::string p(236, '\0');
  p[0] = 1;  // BOOTREQUEST
  p[1] = 1;  // Ethernet
  p[2] = 6;
  p.replace(4, 4, "\x39\x03\xf3\x26");
  p.replace(28, 6, "\x3c\xef\x8c\x12\x34\x56");
  p += std::string("\x63\x82\x53\x63", 4);
  p += option(53, "\x01");
  p += option(61, std::string("\x01\x3c\xef\x8c\x12\x34\x56", 7));
  p += option(12, std::string("IPC\0", 4));
  p += option(60, "udhcp 1.20.2");
  p += '\0';  // pad
  if (with_end) p += '\xff';
  return p;
}

TEST(Dhcp, RawDiscover) {
  const auto r = parse_with("dhcp", discover());
  EXPECT_FALSE(r.error) << *r.error;
  EXPECT_EQ(field_value(r, "dhcp.vendor_class"), "udhcp 1.20.2");
  EXPECT_EQ(field_value(r, "dhcp.hostname"), "IPC");  // trailing NUL dropped
  EXPECT_EQ(field_value(r, "dhcp.client_mac"), "3c:ef:8c:12:34:56");
  for (const Field& f : r.fields) EXPECT_THAT(kDhcpParser.keys, ::testing::Contains(f.key));
}

TEST(Dhcp, VendorClassText) {
  const auto r = parse_with("dhcp", "MSFT 5.0\r\n");
  EXPECT_FALSE(r.error);
  ASSERT_EQ(r.fields.size(), 1u);
  EXPECT_EQ(r.fields[0], (Field{"dhcp.vendor_class", "MSFT 5.0"}));
}

TEST(Dhcp, Truncated) {
  const std::string full = discover();
  const auto no_end = parse_with("dhcp", discover(false));
  ASSERT_TRUE(no_end.error);
  EXPECT_THAT(*no_end.error, HasSubstr("truncated"));
  EXPECT_EQ(field_value(no_end, "dhcp.vendor_class"), "udhcp 1.20.2");
  const auto cut = parse_with("dhcp", full.substr(0, full.size() - 6));  // inside option 60
  ASSERT_TRUE(cut.error);
  EXPECT_THAT(*cut.error, HasSubstr("option 60 runs past the end"));
  EXPECT_EQ(field_value(cut, "dhcp.hostname"), "IPC");
  EXPECT_TRUE(parse_with("dhcp", full.substr(0, 200)).error);  // no cookie: binary, not text
}

TEST(Dhcp, GarbageEmptyOversized) {
  EXPECT_EQ(*parse_with("dhcp", "").error, "DHCP: empty payload");
  EXPECT_TRUE(parse_with("dhcp", std::string("\x01\x02\x00\x7f", 4)).error);
  EXPECT_TRUE(parse_with("dhcp", std::string(2 * 1024 * 1024, 'A')).error);
  std::string options = discover(false);
  while (options.size() < 2 * 1024 * 1024) options += option(43, std::string(255, 'x'));
  const auto r = parse_with("dhcp", options);
  ASSERT_TRUE(r.error);
  EXPECT_EQ(field_value(r, "dhcp.vendor_class"), "udhcp 1.20.2");
}

}  // namespace
}  // namespace camaudit::protocol
