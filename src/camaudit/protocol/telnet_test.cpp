// SPDX-License-Identifier: Apache-2.0
#include <camaudit/protocol/telnet.hpp>
#include <camaudit/protocol/testing/corpus.hpp>
#include <camaudit/protocol/testing/fields.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace camaudit::protocol {
namespace {

using ::testing::HasSubstr;
using testing::corpus_lines;
using testing::field_value;
using testing::parse_with;
using testing::unescape_c;

TEST(Telnet, BoschBannerAfterNegotiation) {
  // bosch_banners_1.txt line 8: nmap's bytes, version and address filled in.
  std::string rule = corpus_lines("bosch_banners_1.txt", 8, 8, "");
  rule = rule.substr(rule.find("\\xff"));
  rule.replace(rule.find("[\\d.]+"), 6, "1.2.3.4");
  rule.replace(rule.find("[\\d.]+"), 6, "5.6.7.8");
  const std::string wire = unescape_c(rule);
  ASSERT_EQ(wire.substr(0, 6), "\xff\xfb\x01\xff\xfb\x03");
  const auto r = parse_with("telnet", wire);
  EXPECT_FALSE(r.error);
  EXPECT_EQ(field_value(r, "telnet.banner"), "Welcome to IP bullet 5000 HD 1.2.3.4 from 5.6.7.8");
  EXPECT_EQ(field_value(r, "banner.text"), "Welcome to IP bullet 5000 HD 1.2.3.4 from 5.6.7.8");
  EXPECT_EQ(field_value(r, "banner.hex").substr(0, 8), "0d0a0d0a");  // negotiation stripped
}

TEST(Telnet, HikvisionFactoryLoginAndNetDvrDvs) {
  const auto r = parse_with("telnet", "\xff\xfd\x18\xff\xfd\x20\r\n192.0.0.64 login: ");
  EXPECT_EQ(field_value(r, "telnet.banner"), "192.0.0.64 login:");
  // hikvision_http_2.txt line 12 (nmap 4670): ^\xff\xfb\x01\r\nNetDVRDVS:
  const auto dvr = parse_with("telnet", unescape_c("\\xff\\xfb\\x01\\r\\nNetDVRDVS: "));
  EXPECT_EQ(field_value(dvr, "telnet.banner"), "NetDVRDVS:");
}

TEST(Telnet, SubnegotiationAndEscapedIac) {
  EXPECT_EQ(strip_telnet_negotiation("\xff\xfa\x18\x01\xff\xf0login\xff\xff:"), "login\xff:");
  EXPECT_EQ(strip_telnet_negotiation("\xff\xfa\x18 unterminated"), "");
  EXPECT_EQ(strip_telnet_negotiation("ok\xff"), "ok");
  EXPECT_EQ(strip_telnet_negotiation("a\xff\xf1" "b"), "ab");  // IAC NOP
}

TEST(Telnet, OnlyNegotiationIsAnError) {
  const auto r = parse_with("telnet", "\xff\xfb\x01\xff\xfb\x03");
  ASSERT_TRUE(r.error);
  EXPECT_THAT(*r.error, HasSubstr("only option negotiation"));
  EXPECT_TRUE(parse_with("telnet", "").error);
}

}  // namespace
}  // namespace camaudit::protocol
