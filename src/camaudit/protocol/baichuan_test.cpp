// SPDX-License-Identifier: Apache-2.0
#include <camaudit/protocol/baichuan.hpp>
#include <camaudit/protocol/testing/corpus.hpp>
#include <camaudit/protocol/testing/fields.hpp>

#include <camaudit/util/codec.hpp>

#include <gtest/gtest.h>

namespace camaudit::protocol {
namespace {

using testing::corpus_text;
using testing::cut;
using testing::field_value;
using testing::parse_with;

// reolink_baichuan_1.txt: the camera's legacy login reply header and its nonce body.
std::string camera_reply(bool obfuscate) {
  std::string text = corpus_text("reolink_baichuan_1.txt");
  std::string header = *util::hex_decode(cut(text, "f0 de bc 0a 01 00 00 00 91", "  +"));
  std::string body = cut(text, "<?xml");
  if (obfuscate) body = baichuan_bc_crypt(0x01000000, body);
  return header + body;
}

TEST(Baichuan, LegacyLoginReply) {
  std::string bytes = camera_reply(false);
  ASSERT_EQ(bytes.size(), 20u + 0x91u);
  ParseResult r = parse_with("baichuan", bytes);
  EXPECT_FALSE(r.error) << *r.error;
  EXPECT_EQ(field_value(r, "baichuan.magic"), "f0debc0a");
  EXPECT_EQ(field_value(r, "baichuan.message_id"), "1");
  EXPECT_EQ(field_value(r, "baichuan.message_class"), "6614");
  EXPECT_EQ(field_value(r, "baichuan.body_length"), "145");
  EXPECT_EQ(field_value(r, "baichuan.encryption_offset"), "16777216");
  EXPECT_EQ(field_value(r, "baichuan.response_code"), "1");
  EXPECT_EQ(field_value(r, "baichuan.encryption_type"), "md5");
}

TEST(Baichuan, ObfuscatedBodyIsDecoded) {
  ParseResult r = parse_with("baichuan", camera_reply(true));
  EXPECT_EQ(field_value(r, "baichuan.encryption_type"), "md5");
  // The XOR is its own inverse; with offset 0 the first byte uses key byte 0x1f.
  EXPECT_EQ(baichuan_bc_crypt(0, std::string(1, '\0')), std::string(1, '\x1f'));
  EXPECT_EQ(baichuan_bc_crypt(7, baichuan_bc_crypt(7, "abc")), "abc");
}

TEST(Baichuan, ClientLoginHeaderAndTruncation) {
  std::string client = *util::hex_decode(cut(corpus_text("reolink_baichuan_1.txt"), "f0 de bc 0a 01 00 00 00 2c", "  +"));
  Parsed<BaichuanMessage> parsed = parse_baichuan(client);
  EXPECT_EQ(parsed.message.header.message_class, 0x6514);
  EXPECT_EQ(parsed.message.header.body_length, 0x72cu);
  ASSERT_TRUE(parsed.error);  // the 1836-byte body is not there
  EXPECT_NE(parsed.error->find("1836"), std::string::npos);
  EXPECT_EQ(*parse_with("baichuan", client.substr(0, 10)).error, "Baichuan: header truncated (10 of 20 bytes)");
  ParseResult other = parse_with("baichuan", "HTTP/1.1 200 OK\r\n");
  EXPECT_EQ(*other.error, "Baichuan: no f0debc0a magic");
  EXPECT_EQ(field_value(other, "baichuan.magic"), "48545450");
}

}  // namespace
}  // namespace camaudit::protocol
