// SPDX-License-Identifier: Apache-2.0
#include <camaudit/protocol/reolink.hpp>
#include <camaudit/protocol/testing/corpus.hpp>
#include <camaudit/protocol/testing/fields.hpp>

#include <gtest/gtest.h>

namespace camaudit::protocol {
namespace {

using testing::corpus_text;
using testing::cut;
using testing::field_value;
using testing::parse_with;

TEST(Reolink, GetDevInfo) {
  ParseResult r = parse_with("reolink", cut(corpus_text("reolink_api_1.txt"), "[{\"cmd\" : "));
  EXPECT_FALSE(r.error) << *r.error;
  EXPECT_EQ(field_value(r, "reolink.model"), "RLC-411WS");
  EXPECT_EQ(field_value(r, "reolink.firmVer"), "v2.0.0.1389_18081408");
  EXPECT_EQ(field_value(r, "reolink.hardVer"), "IPC_3816M");
  EXPECT_EQ(field_value(r, "reolink.serial"), "00000000000000");
  EXPECT_EQ(field_value(r, "reolink.channelNum"), "1");
  EXPECT_EQ(field_value(r, "reolink.type"), "IPC");
}

TEST(Reolink, LoginRequiredAndOtherJson) {
  // The shape Reolink answers without a token (code 1, rspCode -6).
  ParseResult r = parse_with("reolink",
                             R"([{"cmd":"GetDevInfo","code":1,"error":{"detail":"please login first","rspCode":-6}}])");
  EXPECT_FALSE(r.error);
  EXPECT_EQ(field_value(r, "reolink.error.detail"), "please login first");
  EXPECT_EQ(field_value(r, "reolink.error.rspCode"), "-6");
  // The request body itself is not a reply.
  std::string request = cut(corpus_text("reolink_api_1.txt"), "[{\"cmd\": ", "\n");
  EXPECT_EQ(*parse_with("reolink", request).error, "Reolink: no value.DevInfo or error in the reply");
}

}  // namespace
}  // namespace camaudit::protocol
