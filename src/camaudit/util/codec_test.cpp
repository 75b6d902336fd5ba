// SPDX-License-Identifier: Apache-2.0
#include <camaudit/util/codec.hpp>
#include <camaudit/util/text.hpp>

#include <gtest/gtest.h>

namespace camaudit::util {

TEST(Codec, HexRoundTrip) {
  EXPECT_EQ(hex_encode(std::string("\x00\xff\x10", 3)), "00ff10");
  EXPECT_EQ(hex_decode("00 ff:10").value(), std::string("\x00\xff\x10", 3));
  EXPECT_FALSE(hex_decode("abc").has_value());
  EXPECT_FALSE(hex_decode("zz").has_value());
}

TEST(Codec, Base64) {
  EXPECT_EQ(base64_encode("hello"), "aGVsbG8=");
  EXPECT_EQ(base64_decode("aGVsbG8=").value(), "hello");
  // The Hikvision Digest nonce is hex(base64("<hex>:<hex>")) (protocols.md §4.2).
  auto inner = hex_decode("4e5468694e7a42694e7a4d364f4449354d7a6b354d54513d").value();
  EXPECT_EQ(base64_decode(inner).value(), "58b70b73:82939914");
  EXPECT_FALSE(base64_decode("a=b").has_value());
}

TEST(Codec, Md5AndMurmur) {
  EXPECT_EQ(md5_hex(""), "d41d8cd98f00b204e9800998ecf8427e");
  // Reference values of MurmurHash3_x86_32 (Appleby's SMHasher).
  EXPECT_EQ(murmur3_32("", 0), 0u);
  EXPECT_EQ(murmur3_32("", 1), 0x514E28B7u);
  EXPECT_EQ(murmur3_32("hello", 0), 0x248BFA47u);
  // Python: mmh3.hash(base64.encodebytes(b"hello")) == mmh3.hash(b"aGVsbG8=\n")
  EXPECT_EQ(shodan_favicon_hash("hello"), static_cast<std::int32_t>(murmur3_32("aGVsbG8=\n")));
}

TEST(Text, Utf8AndPercent) {
  EXPECT_EQ(to_valid_utf8("ok\xff"), "ok\xEF\xBF\xBD");
  EXPECT_EQ(to_valid_utf8("caf\xC3\xA9"), "caf\xC3\xA9");
  EXPECT_EQ(percent_decode("HIKVISION%20DS-2CD%2"), "HIKVISION DS-2CD%2");
  EXPECT_EQ(ifind("Server: App-Webs", "app-webs"), 8u);
  EXPECT_EQ(trim("  x \r\n"), "x");
}

}  // namespace camaudit::util

TEST(Text, ParsesAuthParamsQuotedAndBare) {
  auto p = camaudit::util::parse_auth_params(
      R"(realm="Login to 4X7C5A1ZAG21L3F", qop="auth", nonce=1a2b, opaque="", Stale=FALSE, broken="never closed)");
  EXPECT_EQ(p["realm"], "Login to 4X7C5A1ZAG21L3F");
  EXPECT_EQ(p["qop"], "auth");
  EXPECT_EQ(p["nonce"], "1a2b");
  EXPECT_EQ(p["opaque"], "");
  EXPECT_EQ(p["stale"], "FALSE");
  EXPECT_EQ(p["broken"], "never closed");
  EXPECT_TRUE(camaudit::util::parse_auth_params("").empty());
  EXPECT_TRUE(camaudit::util::parse_auth_params("no equals sign").empty());
}
