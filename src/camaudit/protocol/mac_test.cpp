// SPDX-License-Identifier: Apache-2.0
#include <camaudit/protocol/mac.hpp>
#include <camaudit/protocol/testing/corpus.hpp>
#include <camaudit/protocol/testing/fields.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace camaudit::protocol {
namespace {

using ::testing::HasSubstr;
using testing::corpus_lines;
using testing::parse_with;

std::string normalised(std::string_view text) {
  std::string error;
  return normalise_mac(text, &error).value_or("error: " + error);
}

TEST(Mac, CorpusNotations) {
  // bosch_banners_1.txt line 4: the Bosch issuer CN is the MAC in dash notation.
  const std::string issuer = corpus_lines("bosch_banners_1.txt", 4, 4, "");
  const std::size_t cn = issuer.find("CN=") + 3;
  EXPECT_EQ(normalised(issuer.substr(cn, issuer.find(',', cn) - cn)), "00:07:5f:11:11:11");
  // axis_mdns_1.txt TXT macaddress=001122334455; dahua hanwha_discovery_1 "00:11:22:33:44:55".
  EXPECT_EQ(normalised("001122334455"), "00:11:22:33:44:55");
  EXPECT_EQ(normalised("ACCC8E3C0419"), "ac:cc:8e:3c:04:19");
}

TEST(Mac, EveryCommonNotation) {
  for (const char* text : {"b4:4c:3b:01:02:03", "B4-4C-3B-01-02-03", "b44c.3b01.0203", "B44C3B010203",
                           "b4 4c 3b 01 02 03", "  b4:4C:3b:1:2:3\r\n"})
    EXPECT_EQ(normalised(text), "b4:4c:3b:01:02:03") << text;
  const auto r = parse_with("mac", "24-52-6A-00-00-01");
  EXPECT_FALSE(r.error);
  ASSERT_EQ(r.fields.size(), 1u);
  EXPECT_EQ(r.fields[0], (Field{"mac.address", "24:52:6a:00:00:01"}));
}

TEST(Mac, GarbageTruncatedOversizedEmpty) {
  for (const char* bad : {"b4:4c:3b:01:02", "b4:4c:3b:01:02:03:04", "b4:4c-3b:01:02:03", "g4:4c:3b:01:02:03",
                          "b44c3b01020", "b44c.3b01.020", "b4::4c:3b:01:02", "hello world", "123:4c:3b:01:02:03"}) {
    const auto r = parse_with("mac", bad);
    ASSERT_TRUE(r.error) << bad;
    EXPECT_TRUE(r.fields.empty()) << bad;
  }
  EXPECT_EQ(*parse_with("mac", "").error, "MAC: empty payload");
  EXPECT_THAT(*parse_with("mac", std::string(2 * 1024 * 1024, 'A')).error, HasSubstr("too long"));
  EXPECT_THAT(*parse_with("mac", std::string("b4:4c:3b:01:02:03\x00x", 19)).error, HasSubstr("unexpected character"));
}

}  // namespace
}  // namespace camaudit::protocol
