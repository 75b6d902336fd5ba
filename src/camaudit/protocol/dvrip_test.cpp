// SPDX-License-Identifier: Apache-2.0
#include <camaudit/protocol/dvrip.hpp>
#include <camaudit/protocol/testing/corpus.hpp>
#include <camaudit/protocol/testing/fields.hpp>

#include <gtest/gtest.h>

namespace camaudit::protocol {
namespace {

using testing::field_value;
using testing::parse_with;

// No captured reply exists (dahua_dvrip_1.txt). This builds one the way
// DahuaConsole reads it: command byte, text length (LE) at offset 4, 32-byte
// header, then "Realm:...\r\nRandom:...\r\n". The realm is the real one from
// dahua_rpc2login_1.txt.
std::string realm_reply(std::string_view text, std::uint32_t length) {
  std::string reply(32, '\0');
  reply[0] = '\xb0';
  reply[1] = '\x01';
  for (int i = 0; i < 4; ++i) reply[4 + i] = static_cast<char>((length >> (8 * i)) & 0xff);
  reply.append(text);
  return reply;
}

constexpr std::string_view kText = "Realm:Login to 4H01D66PAJ2FA64\r\nRandom:1753753988\r\n";

TEST(Dvrip, RealmAndRandom) {
  ParseResult r = parse_with("dvrip", realm_reply(kText, static_cast<std::uint32_t>(kText.size())));
  EXPECT_FALSE(r.error) << *r.error;
  EXPECT_EQ(field_value(r, "dvrip.command"), "b0");
  EXPECT_EQ(field_value(r, "dvrip.realm"), "Login to 4H01D66PAJ2FA64");
  EXPECT_EQ(field_value(r, "dvrip.random"), "1753753988");
}

TEST(Dvrip, UnlabelledTextFallsBack) {
  constexpr std::string_view text = "Login to 6J0DA6EPAJ4FE11\r\nxx:647709486";
  Parsed<DvripReply> parsed = parse_dvrip(realm_reply(text, static_cast<std::uint32_t>(text.size())));
  EXPECT_TRUE(parsed.ok());
  EXPECT_EQ(parsed.message.realm, "Login to 6J0DA6EPAJ4FE11");
  EXPECT_EQ(parsed.message.random, "647709486");
}

TEST(Dvrip, LengthBeyondPayloadIsAnError) {
  Parsed<DvripReply> parsed = parse_dvrip(realm_reply(kText, 5000));
  ASSERT_TRUE(parsed.error);
  EXPECT_NE(parsed.error->find("5000"), std::string::npos);
  EXPECT_EQ(parsed.message.realm, "Login to 4H01D66PAJ2FA64");
}

TEST(Dvrip, RequestAndShortInput) {
  // dahua_dvrip_1.txt: the 32-byte realm request itself carries no realm.
  std::string request = testing::decode_hex_dump(testing::corpus_text("dahua_dvrip_1.txt"));
  ASSERT_EQ(request.size(), 32u);
  ParseResult r = parse_with("dvrip", request);
  EXPECT_EQ(field_value(r, "dvrip.command"), "a0");
  EXPECT_EQ(*r.error, "DVRIP: no realm in reply");
  EXPECT_EQ(*parse_with("dvrip", "\xb0\x01").error, "DVRIP: header truncated (2 of 32 bytes)");
  EXPECT_EQ(*parse_with("dvrip", "").error, "DVRIP: empty payload");
}

}  // namespace
}  // namespace camaudit::protocol
