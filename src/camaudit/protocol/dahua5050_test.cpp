// SPDX-License-Identifier: Apache-2.0
#include <camaudit/protocol/dahua5050.hpp>
#include <camaudit/protocol/testing/corpus.hpp>
#include <camaudit/protocol/testing/fields.hpp>

#include <gtest/gtest.h>

namespace camaudit::protocol {
namespace {

using testing::corpus_text;
using testing::cut;
using testing::decode_hex_dump;
using testing::field_value;
using testing::parse_with;

// dahua_dvrip-discovery_1.txt: the reply bytes (UniversalScanner's Dahua1.selftest).
std::string reply_bytes() { return decode_hex_dump(cut(corpus_text("dahua_dvrip-discovery_1.txt"), "reply (")); }

TEST(Dahua5050, FixedLayoutAndTextTail) {
  std::string bytes = reply_bytes();
  ASSERT_EQ(bytes.size(), 0xe8u);
  ParseResult r = parse_with("dahua5050", bytes);
  EXPECT_FALSE(r.error) << *r.error;
  EXPECT_EQ(field_value(r, "dahua5050.Name"), "Dahua");
  EXPECT_EQ(field_value(r, "dahua5050.Device"), "Virtual");
  EXPECT_EQ(field_value(r, "dahua5050.SerialNo"), "123456789");
  EXPECT_EQ(field_value(r, "dahua5050.IPv6Addr"), "fe80::1/64;gateway:fe80::");
  EXPECT_EQ(field_value(r, "dahua5050.hostname"), "Virtual");
  EXPECT_EQ(field_value(r, "dahua5050.mac"), "00:11:22:33:44:55");
  EXPECT_EQ(field_value(r, "dahua5050.device_type"), "Virtual");
  EXPECT_EQ(field_value(r, "dahua5050.ip"), "240.0.3.0");
  EXPECT_EQ(field_value(r, "dahua5050.netmask"), "255.0.0.0");
  EXPECT_EQ(field_value(r, "dahua5050.http_port"), "80");
  EXPECT_EQ(field_value(r, "dahua5050.https_port"), "443");
  EXPECT_EQ(field_value(r, "dahua5050.tcp_port"), "37777");
  EXPECT_EQ(field_value(r, "dahua5050.udp_port"), "37778");
  EXPECT_EQ(field_value(r, "dahua5050.multicast"), "239.255.42.42:36666");
}

TEST(Dahua5050, TruncatedSectionsAreReported) {
  std::string bytes = reply_bytes();
  bytes.resize(0xa0);  // cut inside the text section
  Parsed<Dahua5050Reply> parsed = parse_dahua5050(bytes);
  ASSERT_TRUE(parsed.error);
  EXPECT_NE(parsed.error->find("only"), std::string::npos) << *parsed.error;
  EXPECT_EQ(parsed.message.mac, "00:11:22:33:44:55");
  bytes.resize(100);
  EXPECT_NE(parse_dahua5050(bytes).error->find("truncated"), std::string::npos);
}

TEST(Dahua5050, RequestAndGarbageAreNotReplies) {
  // The 32-byte request (first byte 0xa3) is not a reply.
  std::string request = decode_hex_dump(cut(corpus_text("dahua_dvrip-discovery_1.txt"), "request", "reply layout"));
  ASSERT_EQ(request.size(), 32u);
  EXPECT_EQ(*parse_dahua5050(request).error, "Dahua 5050: not a discovery reply (first byte is not 0xb3)");
  EXPECT_TRUE(parse_with("dahua5050", "").error);
}

}  // namespace
}  // namespace camaudit::protocol
