// SPDX-License-Identifier: Apache-2.0
#include <camaudit/protocol/banner.hpp>
#include <camaudit/protocol/ftp.hpp>
#include <camaudit/protocol/telnet.hpp>
#include <camaudit/protocol/testing/fields.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace camaudit::protocol {
namespace {

using ::testing::Contains;
using testing::field_value;
using testing::parse_with;

TEST(Banner, BinaryBannerIsHexAndDots) {
  // hikvision_http_2.txt line 1 (nmap 1801): the Hikvision control port's binary hello.
  const std::string hello("\0\0\0\x10\0\0\0\x1e\0\0\0\x1e\0\0\0\0", 16);
  const auto r = parse_with("banner", hello);
  EXPECT_FALSE(r.error);
  EXPECT_EQ(field_value(r, "banner.hex"), "000000100000001e0000001e00000000");
  EXPECT_EQ(field_value(r, "banner.text"), "................");
  EXPECT_EQ(field_value(r, "banner.response"), hello) << "the raw bytes, for nmap-style rules";
  EXPECT_EQ(printable_banner("caf\xc3\xa9\x01\r\n\xff"), "caf\xc3\xa9.\n.");
}

TEST(Banner, OversizedAndEmpty) {
  for (const Parser* parser : {&kBannerParser, &kTelnetParser, &kFtpParser}) {
    const auto big = parse_with(parser->protocol, std::string(2 * 1024 * 1024, 'A'));
    for (const Field& f : big.fields) EXPECT_LE(f.value.size(), kMaxFieldBytes);
    EXPECT_EQ(field_value(big, "banner.hex").size(), 128u);
    std::string lines = "220-x\r\n";
    for (int i = 0; i < 100000; ++i) lines += "220-line\r\n";
    const auto many = parse_with(parser->protocol, lines);
    for (const Field& f : many.fields) EXPECT_LE(f.value.size(), kMaxFieldBytes);
    EXPECT_TRUE(parse_with(parser->protocol, "").error);
    for (const Field& f : big.fields) EXPECT_THAT(parser->keys, Contains(f.key));
  }
}

}  // namespace
}  // namespace camaudit::protocol
