// SPDX-License-Identifier: Apache-2.0
#include <camaudit/protocol/dhip.hpp>
#include <camaudit/protocol/testing/corpus.hpp>
#include <camaudit/protocol/testing/fields.hpp>

#include <gtest/gtest.h>

namespace camaudit::protocol {
namespace {

using testing::corpus_text;
using testing::cut;
using testing::decode_hex_dump;
using testing::field_value;
using testing::field_values;
using testing::parse_with;

// A 32-byte DHIP header announcing `length` payload bytes (both length fields).
std::string dhip_header(std::uint32_t length, std::uint32_t length2, std::uint32_t session = 0, std::uint32_t id = 0) {
  std::string h("\x20\x00\x00\x00" "DHIP", 8);
  for (std::uint32_t v : {session, id, length, 0u, length2, 0u})
    for (int i = 0; i < 4; ++i) h.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  return h;
}

TEST(Dhip, BareJsonCapture) {
  // dahua_dhip_2.txt: the reply JSON of a real IPC-HDW1431T1-S4, header stripped.
  ParseResult r = parse_with("dhip", corpus_text("dahua_dhip_2.txt"));
  EXPECT_FALSE(r.error) << *r.error;
  EXPECT_EQ(field_value(r, "dhip.method"), "client.notifyDevInfo");
  EXPECT_EQ(field_value(r, "dhip.mac"), "08:ed:ed:87:42:7a");
  EXPECT_EQ(field_value(r, "dhip.DeviceType"), "IPC-HDW1431T1-S4");
  EXPECT_EQ(field_value(r, "dhip.SerialNo"), "6C01E93PAG69A7D");
  EXPECT_EQ(field_value(r, "dhip.Vendor"), "Private");
  EXPECT_EQ(field_value(r, "dhip.Version"), "2.800.0000000.13.R");
  EXPECT_EQ(field_value(r, "dhip.DeviceClass"), "IPC");
  EXPECT_EQ(field_value(r, "dhip.HttpPort"), "80");
  EXPECT_EQ(field_value(r, "dhip.IPv4Address.DhcpEnable"), "true");
  EXPECT_EQ(field_value(r, "dhip.IPv6Address.LinkLocalAddress"), "fe80::0aed:edff:fe87:427a/64");
  EXPECT_EQ(field_value(r, "dhip.IPv6Address.DefaultGateway"), "<absent>");  // null
}

TEST(Dhip, FramedSpacedJsonWithTrailingLfNul) {
  // dahua_dhip_3.txt (spaced JSON, older firmware) framed as devices send it: the
  // header counts the trailing "\n\0" (Intelbras field notes in dahua_dhip_5.txt).
  std::string json = cut(corpus_text("dahua_dhip_3.txt"), "{ \"mac\"", "\n") + std::string("\n\0", 2);
  ParseResult r = parse_with("dhip", dhip_header(static_cast<std::uint32_t>(json.size()),
                                                 static_cast<std::uint32_t>(json.size())) + json);
  EXPECT_FALSE(r.error) << *r.error;
  EXPECT_EQ(field_value(r, "dhip.DeviceType"), "IPC-HDW5421S");
  EXPECT_EQ(field_value(r, "dhip.SerialNo"), "1F006E4PAX00075");
  EXPECT_EQ(field_value(r, "dhip.Vendor"), "Dahua");
  EXPECT_EQ(field_value(r, "dhip.Version"), "2.400.0.8");
}

TEST(Dhip, OemReplies) {
  ParseResult intelbras = parse_with("dhip", cut(corpus_text("dahua_dhip_4.txt"), "{"));
  EXPECT_EQ(field_value(intelbras, "dhip.DeviceClass"), "MHDX");
  EXPECT_EQ(field_value(intelbras, "dhip.Vendor"), "Intelbras");
  EXPECT_EQ(field_value(intelbras, "dhip.Port"), "1102");
  ParseResult face = parse_with("dhip", corpus_text("dahua_dhip_5.txt"));
  EXPECT_EQ(field_value(face, "dhip.DeviceType"), "SS 3530 MF FACE W");
  EXPECT_EQ(field_value(face, "dhip.DeviceClass"), "BSC");
}

TEST(Dhip, HexDumpedReplyWithHeader) {
  // dahua_dhip_7.txt: UniversalScanner's framed reply, length 0x2a5 twice. Its JSON
  // lacks the quote closing "Version" ("1.0000, "VideoInputChannels"): the header is
  // still decoded and the JSON error reported with its position.
  Parsed<DhipMessage> parsed = parse_dhip(decode_hex_dump(corpus_text("dahua_dhip_7.txt")));
  ASSERT_TRUE(parsed.message.header);
  EXPECT_EQ(parsed.message.header->header_size, 32u);
  EXPECT_EQ(parsed.message.header->payload_length, 0x2a5u);
  EXPECT_EQ(parsed.message.header->payload_length2, 0x2a5u);
  ASSERT_TRUE(parsed.error);
  EXPECT_NE(parsed.error->find("DHIP: [json.exception.parse_error.101] parse error at line 1, column 595"),
            std::string::npos)
      << *parsed.error;
}

TEST(Dhip, DiscoveryRequests) {
  std::string dumps = corpus_text("dahua_dhip_1.txt");
  // (a) compact JSON, length 0x3a.
  Parsed<DhipMessage> a = parse_dhip(decode_hex_dump(cut(dumps, "(a)", "(b)")));
  EXPECT_TRUE(a.ok()) << *a.error;
  EXPECT_EQ(a.message.method, "DHDiscover.search");
  // (b) spaced JSON + LF.
  ParseResult b = parse_with("dhip", decode_hex_dump(cut(dumps, "(b)", "(c)")));
  EXPECT_FALSE(b.error);
  EXPECT_EQ(field_value(b, "dhip.params.uni"), "1");
  // (c) length field = whole datagram (62): tolerated, as devices do.
  Parsed<DhipMessage> c = parse_dhip(decode_hex_dump(cut(dumps, "(c)")));
  EXPECT_TRUE(c.ok()) << *c.error;
  EXPECT_EQ(c.message.method, "DHDiscover.search");
}

TEST(Dhip, TcpLoginChallenge) {
  // dahua_dhip-tcp_1.txt: a VTO's global.login challenge, in Python bytes notation.
  std::string literal = cut(corpus_text("dahua_dhip-tcp_1.txt"), "b'");
  literal = literal.substr(2, literal.rfind('\'') - 2);
  std::string bytes = testing::unescape_c(literal);
  Parsed<DhipMessage> parsed = parse_dhip(bytes);
  EXPECT_TRUE(parsed.ok()) << *parsed.error;
  ASSERT_TRUE(parsed.message.header);
  EXPECT_EQ(parsed.message.header->session, 0x7ffffe62u);
  EXPECT_EQ(parsed.message.header->request_id, 2u);
  EXPECT_EQ(parsed.message.header->payload_length, 0x120u);
  ParseResult r = parse_with("dhip", bytes);
  EXPECT_EQ(field_value(r, "dhip.params.realm"), "Login to 6J0DA6EPAJ4FE11");
  EXPECT_EQ(field_value(r, "dhip.params.mac"), "BC325FAF5332");
  EXPECT_EQ(field_value(r, "dhip.params.encryption"), "Default");
  EXPECT_EQ(field_value(r, "dhip.error.code"), "268632079");
  EXPECT_EQ(field_value(r, "dhip.error.message"), "Component error: login challenge!");
  EXPECT_EQ(field_value(r, "dhip.method"), "<absent>");
}

TEST(Dhip, HeaderMismatchesAreErrorsNotOverreads) {
  std::string json = corpus_text("dahua_dhip_2.txt");
  auto n = static_cast<std::uint32_t>(json.size());
  Parsed<DhipMessage> longer = parse_dhip(dhip_header(n + 100, n + 100) + json);
  ASSERT_TRUE(longer.error);
  EXPECT_NE(longer.error->find("only"), std::string::npos) << *longer.error;
  EXPECT_EQ(longer.message.mac, "08:ed:ed:87:42:7a");  // the bytes present still parse
  Parsed<DhipMessage> disagree = parse_dhip(dhip_header(n, n - 1) + json);
  ASSERT_TRUE(disagree.error);
  EXPECT_NE(disagree.error->find("disagree"), std::string::npos);
  Parsed<DhipMessage> huge = parse_dhip(dhip_header(0xffffffffu, 0xffffffffu) + "{}");
  EXPECT_TRUE(huge.error);
  Parsed<DhipMessage> short_header = parse_dhip(std::string("\x20\x00\x00\x00" "DHIP\x00\x00", 10));
  ASSERT_TRUE(short_header.error);
  EXPECT_NE(short_header.error->find("header truncated"), std::string::npos);
  // A shorter length selects the first message; a second framed message may follow on TCP.
  Parsed<DhipMessage> two = parse_dhip(dhip_header(n, n) + json + dhip_header(2, 2) + "{}");
  EXPECT_EQ(two.message.mac, "08:ed:ed:87:42:7a");
}

TEST(Dhip, NotJson) {
  ParseResult r = parse_with("dhip", "\xff");
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->rfind("DHIP: ", 0), 0u);
  EXPECT_TRUE(parse_with("dhip", "[1,2]").error);
  EXPECT_TRUE(field_values(parse_with("dhip", "{\"mac\":"), "dhip.mac").empty());
}

}  // namespace
}  // namespace camaudit::protocol
