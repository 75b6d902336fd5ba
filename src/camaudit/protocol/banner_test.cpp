// SPDX-License-Identifier: Apache-2.0
#include <camaudit/protocol/banner.hpp>
#include <camaudit/protocol/testing/corpus.hpp>
#include <camaudit/protocol/testing/fields.hpp>
#include <camaudit/util/text.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace camaudit::protocol {
namespace {

using ::testing::Contains;
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

TEST(Ftp, AxisGreetings) {
  // axis_banners_1.txt lines 5-9: recog's FTP examples (code stripped there).
  for (int line = 5; line <= 9; ++line) {
    std::string text = corpus_lines("axis_banners_1.txt", line, line, "");
    if (line == 5) text = text.substr(text.find(':') + 1);
    const std::string greeting(util::trim(text));
    const auto r = parse_with("ftp", "220 " + greeting + "\r\n");
    EXPECT_FALSE(r.error) << *r.error;
    EXPECT_EQ(field_value(r, "ftp.banner"), greeting);
    EXPECT_EQ(field_value(r, "banner.text"), "220 " + greeting);
  }
}

TEST(Ftp, MultiLineGreeting) {
  std::string error;
  EXPECT_EQ(parse_ftp_greeting("220-AXIS Q7406 Video Encoder Blade\r\n second line\r\n220 ready.\r\n", &error),
            "AXIS Q7406 Video Encoder Blade\nsecond line\nready.");
  EXPECT_EQ(parse_ftp_greeting("220-first\r\n220-second\r\n", &error), "first\nsecond");
  EXPECT_EQ(error, "truncated multi-line 220 greeting");
}

TEST(Ftp, NotAGreeting) {
  const auto busy = parse_with("ftp", "421 Too many connections\r\n");
  ASSERT_TRUE(busy.error);
  EXPECT_EQ(*busy.error, "FTP: no 220 greeting: 421 Too many connections");
  EXPECT_EQ(field_value(busy, "banner.text"), "421 Too many connections");
  EXPECT_EQ(*parse_with("ftp", "SSH-2.0-OpenSSH_7.4\r\n").error, "FTP: no reply code: not an FTP greeting");
  EXPECT_EQ(*parse_with("ftp", "").error, "FTP: empty payload");
  EXPECT_TRUE(parse_with("ftp", "").fields.empty());
}

TEST(Banner, BinaryBannerIsHexAndDots) {
  // hikvision_http_2.txt line 1 (nmap 1801): the Hikvision control port's binary hello.
  const std::string hello("\0\0\0\x10\0\0\0\x1e\0\0\0\x1e\0\0\0\0", 16);
  const auto r = parse_with("banner", hello);
  EXPECT_FALSE(r.error);
  EXPECT_EQ(field_value(r, "banner.hex"), "000000100000001e0000001e00000000");
  EXPECT_EQ(field_value(r, "banner.text"), "................");
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
