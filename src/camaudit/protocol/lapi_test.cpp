// SPDX-License-Identifier: Apache-2.0
#include <camaudit/protocol/lapi.hpp>
#include <camaudit/protocol/testing/corpus.hpp>
#include <camaudit/protocol/testing/fields.hpp>

#include <algorithm>

#include <gtest/gtest.h>

namespace camaudit::protocol {
namespace {

using testing::corpus_text;
using testing::field_value;
using testing::parse_with;

// uniview_lapi_1.txt holds the Data object as a Python dict; the wire body wraps
// it in Response (wrapper keys per the same client).
std::string lapi_body() {
  std::string data = corpus_text("uniview_lapi_1.txt");
  std::replace(data.begin(), data.end(), '\'', '"');
  return R"({"Response":{"ResponseURL":"/LAPI/V1.0/System/DeviceBasicInfo","CreatedID":-1,)"
         R"("ResponseCode":0,"SubResponseCode":0,"ResponseString":"Succeed","StatusCode":0,)"
         R"("StatusString":"Succeed","Data":)" + data + "}}";
}

TEST(Lapi, DeviceBasicInfo) {
  ParseResult r = parse_with("lapi", lapi_body());
  EXPECT_FALSE(r.error) << *r.error;
  EXPECT_EQ(field_value(r, "lapi.Manufacturer"), "UNIVIEW");
  EXPECT_EQ(field_value(r, "lapi.DeviceModel"), "IPC-B312-IR@DP-IR3-F60-C");
  EXPECT_EQ(field_value(r, "lapi.SerialNumber"), "210235C2QSA188000194");
  EXPECT_EQ(field_value(r, "lapi.MAC"), "48ea638b0791");
  EXPECT_EQ(field_value(r, "lapi.FirmwareVersion"), "IPC_G6103-B0009P30D1803");
  EXPECT_EQ(field_value(r, "lapi.HardewareID"), "A");  // the firmware's spelling
  Parsed<LapiResponse> parsed = parse_lapi(lapi_body());
  EXPECT_EQ(parsed.message.response_code, "0");
  EXPECT_EQ(parsed.message.response_string, "Succeed");
}

TEST(Lapi, ErrorResponses) {
  ParseResult denied = parse_with("lapi", R"({"Response":{"ResponseCode":3,"ResponseString":"Not Authorized"}})");
  ASSERT_TRUE(denied.error);
  EXPECT_EQ(*denied.error, "LAPI: Response without Data (ResponseCode 3, Not Authorized)");
  EXPECT_EQ(*parse_with("lapi", "{}").error, "LAPI: JSON without a Response object");
}

}  // namespace
}  // namespace camaudit::protocol
