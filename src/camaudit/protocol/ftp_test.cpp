// SPDX-License-Identifier: Apache-2.0
#include <camaudit/protocol/ftp.hpp>
#include <camaudit/protocol/testing/corpus.hpp>
#include <camaudit/protocol/testing/fields.hpp>
#include <camaudit/util/text.hpp>

#include <gtest/gtest.h>

namespace camaudit::protocol {
namespace {

using testing::corpus_lines;
using testing::field_value;
using testing::parse_with;

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

}  // namespace
}  // namespace camaudit::protocol
