// SPDX-License-Identifier: Apache-2.0
#include <camaudit/protocol/vapix.hpp>
#include <camaudit/protocol/testing/corpus.hpp>
#include <camaudit/protocol/testing/fields.hpp>

#include <gtest/gtest.h>

namespace camaudit::protocol {
namespace {

using testing::corpus_text;
using testing::cut;
using testing::field_value;
using testing::parse_with;

TEST(Vapix, BasicDeviceInfoJson) {
  // axis_vapix-basicdeviceinfo_1.txt: the response is the second JSON block.
  std::string text = corpus_text("axis_vapix-basicdeviceinfo_1.txt");
  std::string response = cut(text.substr(text.find("\n\n")), "{", "\n");
  ParseResult r = parse_with("vapix", response);
  EXPECT_FALSE(r.error) << *r.error;
  EXPECT_EQ(field_value(r, "vapix.Brand"), "AXIS");
  EXPECT_EQ(field_value(r, "vapix.ProdNbr"), "Q3505 Mk II");
  EXPECT_EQ(field_value(r, "vapix.ProdFullName"), "AXIS Q3505 Mk II Fixed Dome Network Camera");
  EXPECT_EQ(field_value(r, "vapix.SerialNumber"), "ACCC8E78B977");
  EXPECT_EQ(field_value(r, "vapix.Version"), "8.20.1");
  EXPECT_EQ(field_value(r, "vapix.apiVersion"), "<absent>");  // only propertyList counts
}

TEST(Vapix, ParamCgiText) {
  ParseResult r = parse_with("vapix", corpus_text("axis_vapix-param_1.txt"));
  EXPECT_FALSE(r.error);
  EXPECT_EQ(field_value(r, "vapix.param.Brand.ProdNbr"), "M1065-LW");
  EXPECT_EQ(field_value(r, "vapix.param.Brand.ProdVariant"), "");
  EXPECT_EQ(field_value(r, "vapix.param.Properties.Firmware.Version"), "9.10.1");
  EXPECT_EQ(field_value(r, "vapix.param.Properties.System.Soc"), "Ambarella S2L (Flattened Device Tree)");
}

TEST(Vapix, ErrorsAndOtherJson) {
  ParseResult err = parse_with("vapix", R"({"apiVersion":"1.0","error":{"code":2002,"message":"Method not supported"}})");
  EXPECT_EQ(field_value(err, "vapix.error.code"), "2002");
  EXPECT_FALSE(err.error);
  EXPECT_EQ(*parse_with("vapix", R"({"apiVersion":"1.0"})").error, "VAPIX: JSON without data.propertyList");
  EXPECT_TRUE(parse_with("vapix", R"({"data":)").error);
  EXPECT_EQ(*parse_with("vapix", "<html/>").error, "VAPIX: neither JSON nor param.cgi name=value lines");
}

}  // namespace
}  // namespace camaudit::protocol
