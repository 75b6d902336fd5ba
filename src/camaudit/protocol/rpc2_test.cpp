// SPDX-License-Identifier: Apache-2.0
#include <camaudit/protocol/rpc2.hpp>
#include <camaudit/protocol/testing/corpus.hpp>
#include <camaudit/protocol/testing/fields.hpp>

#include <gtest/gtest.h>

namespace camaudit::protocol {
namespace {

using testing::corpus_text;
using testing::cut;
using testing::field_value;
using testing::parse_with;

TEST(Rpc2, LoginChallengePretty) {
  ParseResult r = parse_with("rpc2", cut(corpus_text("dahua_rpc2login_1.txt"), "{\n", "\n\n"));
  EXPECT_FALSE(r.error) << *r.error;
  EXPECT_EQ(field_value(r, "rpc2.params.realm"), "Login to 4H01D66PAJ2FA64");
  EXPECT_EQ(field_value(r, "rpc2.params.mac"), "38AF29BBBCAB");
  EXPECT_EQ(field_value(r, "rpc2.params.encryption"), "Default");
  EXPECT_EQ(field_value(r, "rpc2.params.random"), "1753753988");
  EXPECT_EQ(field_value(r, "rpc2.error.code"), "268632079");
  EXPECT_EQ(field_value(r, "rpc2.result"), "false");
  EXPECT_EQ(field_value(r, "rpc2.session"), "be7dcfc7d3fb33e74f028ce4498b60de");
}

TEST(Rpc2, LoginChallengeCompactNumericSession) {
  ParseResult r = parse_with("rpc2", cut(corpus_text("dahua_rpc2login_1.txt"), "{\"error\"", "\n\n"));
  EXPECT_FALSE(r.error) << *r.error;
  EXPECT_EQ(field_value(r, "rpc2.params.realm"), "Login to 4C045ADPAG60CD");
  EXPECT_EQ(field_value(r, "rpc2.params.mac"), "3CEF8C6101C0");
  EXPECT_EQ(field_value(r, "rpc2.session"), "1005027323");
}

TEST(Rpc2, NotJson) {
  ParseResult r = parse_with("rpc2", "<html>404</html>");
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->rfind("RPC2: ", 0), 0u);
  EXPECT_EQ(*parse_with("rpc2", "\"text\"").error, "RPC2: JSON payload is not an object");
}

}  // namespace
}  // namespace camaudit::protocol
