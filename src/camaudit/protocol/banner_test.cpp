// SPDX-License-Identifier: Apache-2.0
#include <camaudit/protocol/banner.hpp>
#include <camaudit/protocol/testing/corpus.hpp>
#include <camaudit/util/text.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace camaudit::protocol {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using testing::corpus_lines;
using testing::unescape_c;

ParseResult parse(const Parser& parser, std::string payload) {
  Observation obs;
  obs.protocol = std::string(parser.protocol);
  obs.payload = std::move(payload);
  return parser.parse(obs);
}

std::string value(const ParseResult& r, std::string_view key) {
  for (const Field& f : r.fields)
    if (f.key == key) return f.value;
  return "<absent>";
}

TEST(Telnet, BoschBannerAfterNegotiation) {
  // bosch_banners_1.txt line 8: nmap's bytes, version and address filled in.
  std::string rule = corpus_lines("bosch_banners_1.txt", 8, 8, "");
  rule = rule.substr(rule.find("\\xff"));
  rule.replace(rule.find("[\\d.]+"), 6, "1.2.3.4");
  rule.replace(rule.find("[\\d.]+"), 6, "5.6.7.8");
  const std::string wire = unescape_c(rule);
  ASSERT_EQ(wire.substr(0, 6), "\xff\xfb\x01\xff\xfb\x03");
  const auto r = parse(kTelnetParser, wire);
  EXPECT_FALSE(r.error);
  EXPECT_EQ(value(r, "telnet.banner"), "Welcome to IP bullet 5000 HD 1.2.3.4 from 5.6.7.8");
  EXPECT_EQ(value(r, "banner.text"), "Welcome to IP bullet 5000 HD 1.2.3.4 from 5.6.7.8");
  EXPECT_EQ(value(r, "banner.hex").substr(0, 8), "0d0a0d0a");  // negotiation stripped
}

TEST(Telnet, HikvisionFactoryLoginAndNetDvrDvs) {
  const auto r = parse(kTelnetParser, "\xff\xfd\x18\xff\xfd\x20\r\n192.0.0.64 login: ");
  EXPECT_EQ(value(r, "telnet.banner"), "192.0.0.64 login:");
  // hikvision_http_2.txt line 12 (nmap 4670): ^\xff\xfb\x01\r\nNetDVRDVS:
  const auto dvr = parse(kTelnetParser, unescape_c("\\xff\\xfb\\x01\\r\\nNetDVRDVS: "));
  EXPECT_EQ(value(dvr, "telnet.banner"), "NetDVRDVS:");
}

TEST(Telnet, SubnegotiationAndEscapedIac) {
  EXPECT_EQ(strip_telnet_negotiation("\xff\xfa\x18\x01\xff\xf0login\xff\xff:"), "login\xff:");
  EXPECT_EQ(strip_telnet_negotiation("\xff\xfa\x18 unterminated"), "");
  EXPECT_EQ(strip_telnet_negotiation("ok\xff"), "ok");
  EXPECT_EQ(strip_telnet_negotiation("a\xff\xf1" "b"), "ab");  // IAC NOP
}

TEST(Telnet, OnlyNegotiationIsAnError) {
  const auto r = parse(kTelnetParser, "\xff\xfb\x01\xff\xfb\x03");
  ASSERT_TRUE(r.error);
  EXPECT_THAT(*r.error, HasSubstr("only option negotiation"));
  EXPECT_TRUE(parse(kTelnetParser, "").error);
}

TEST(Ftp, AxisGreetings) {
  // axis_banners_1.txt lines 5-9: recog's FTP examples (code stripped there).
  for (int line = 5; line <= 9; ++line) {
    std::string text = corpus_lines("axis_banners_1.txt", line, line, "");
    if (line == 5) text = text.substr(text.find(':') + 1);
    const std::string greeting(util::trim(text));
    const auto r = parse(kFtpParser, "220 " + greeting + "\r\n");
    EXPECT_FALSE(r.error) << *r.error;
    EXPECT_EQ(value(r, "ftp.banner"), greeting);
    EXPECT_EQ(value(r, "banner.text"), "220 " + greeting);
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
  const auto busy = parse(kFtpParser, "421 Too many connections\r\n");
  ASSERT_TRUE(busy.error);
  EXPECT_EQ(*busy.error, "FTP: no 220 greeting: 421 Too many connections");
  EXPECT_EQ(value(busy, "banner.text"), "421 Too many connections");
  EXPECT_EQ(*parse(kFtpParser, "SSH-2.0-OpenSSH_7.4\r\n").error, "FTP: no reply code: not an FTP greeting");
  EXPECT_EQ(*parse(kFtpParser, "").error, "FTP: empty payload");
  EXPECT_TRUE(parse(kFtpParser, "").fields.empty());
}

TEST(Banner, BinaryBannerIsHexAndDots) {
  // hikvision_http_2.txt line 1 (nmap 1801): the Hikvision control port's binary hello.
  const std::string hello("\0\0\0\x10\0\0\0\x1e\0\0\0\x1e\0\0\0\0", 16);
  const auto r = parse(kBannerParser, hello);
  EXPECT_FALSE(r.error);
  EXPECT_EQ(value(r, "banner.hex"), "000000100000001e0000001e00000000");
  EXPECT_EQ(value(r, "banner.text"), "................");
  EXPECT_EQ(printable_banner("caf\xc3\xa9\x01\r\n\xff"), "caf\xc3\xa9.\n.");
}

TEST(Banner, OversizedAndEmpty) {
  for (const Parser* parser : {&kBannerParser, &kTelnetParser, &kFtpParser}) {
    const auto big = parse(*parser, std::string(2 * 1024 * 1024, 'A'));
    for (const Field& f : big.fields) EXPECT_LE(f.value.size(), kMaxFieldBytes);
    EXPECT_EQ(value(big, "banner.hex").size(), 128u);
    std::string lines = "220-x\r\n";
    for (int i = 0; i < 100000; ++i) lines += "220-line\r\n";
    const auto many = parse(*parser, lines);
    for (const Field& f : many.fields) EXPECT_LE(f.value.size(), kMaxFieldBytes);
    EXPECT_TRUE(parse(*parser, "").error);
    for (const Field& f : big.fields) EXPECT_THAT(parser->keys, Contains(f.key));
  }
}

}  // namespace
}  // namespace camaudit::protocol
