// SPDX-License-Identifier: Apache-2.0
#include <camaudit/protocol/magicbox.hpp>
#include <camaudit/protocol/testing/corpus.hpp>
#include <camaudit/protocol/testing/fields.hpp>

#include <gtest/gtest.h>

namespace camaudit::protocol {
namespace {

using testing::corpus_text;
using testing::cut;
using testing::field_value;
using testing::parse_with;

TEST(Magicbox, GetSystemInfo) {
  std::string text = cut(corpus_text("dahua_magicbox_1.txt"), "appAutoStart", "\n\n");
  ParseResult r = parse_with("magicbox", text);
  EXPECT_FALSE(r.error);
  EXPECT_EQ(field_value(r, "magicbox.deviceType"), "IPC-HDW5831R-ZE");
  EXPECT_EQ(field_value(r, "magicbox.updateSerial"), "IPC-HDW5830R-Z");
  EXPECT_EQ(field_value(r, "magicbox.serialNumber"), "4X7C5A1ZAG21L3F");
  EXPECT_EQ(field_value(r, "magicbox.processor"), "S3LM");
  EXPECT_EQ(r.fields.size(), 7u);
}

TEST(Magicbox, OneLineAnswersWithCrlfAndHttp) {
  std::string text = corpus_text("dahua_magicbox_1.txt");
  ParseResult version = parse_with("magicbox", cut(text, "version=", "\n") + "\r\n");
  EXPECT_EQ(field_value(version, "magicbox.version"), "2.800.0000016.0.R,build:2020-06-05");
  ParseResult dvr = parse_with("magicbox", "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n" +
                                               cut(corpus_text("dahua_magicbox_3.txt"), "type=MHDX", "\n"));
  EXPECT_EQ(field_value(dvr, "magicbox.type"), "MHDX 3004-C");
  // Amcrest getSoftwareVersion, CRLF as in the python-amcrest README.
  ParseResult amcrest = parse_with("magicbox", "version=2.420.AC00.15.R\r\nBuildDate=2016-09-08\r\n");
  EXPECT_EQ(field_value(amcrest, "magicbox.BuildDate"), "2016-09-08");
}

TEST(Magicbox, UnauthorizedIsNotData) {
  // The 401 in dahua_magicbox_3.txt carries no key=value body.
  ParseResult r = parse_with("magicbox", "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Digest realm=\"Login to ...\"\r\n\r\n");
  ASSERT_TRUE(r.error);
  EXPECT_EQ(*r.error, "magicBox: no key=value line");
  EXPECT_TRUE(r.fields.empty());
}

}  // namespace
}  // namespace camaudit::protocol
