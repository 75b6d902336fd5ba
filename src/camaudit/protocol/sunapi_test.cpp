// SPDX-License-Identifier: Apache-2.0
#include <camaudit/protocol/sunapi.hpp>
#include <camaudit/protocol/testing/corpus.hpp>
#include <camaudit/protocol/testing/fields.hpp>

#include <gtest/gtest.h>

namespace camaudit::protocol {
namespace {

using testing::corpus_text;
using testing::cut;
using testing::field_value;
using testing::parse_with;

TEST(Sunapi, TextResponseInsideHttp) {
  // hanwha_sunapi-deviceinfo_1.txt holds the request, then the HTTP/1.0 response.
  ParseResult r = parse_with("sunapi", cut(corpus_text("hanwha_sunapi-deviceinfo_1.txt"), "HTTP/1.0"));
  EXPECT_FALSE(r.error) << *r.error;
  EXPECT_EQ(field_value(r, "sunapi.Model"), "XNF-9010RV");
  EXPECT_EQ(field_value(r, "sunapi.SerialNumber"), "ZLNA70GKA0001JZ");
  EXPECT_EQ(field_value(r, "sunapi.FirmwareVersion"), "2.01.00_20200721_R201");
  EXPECT_EQ(field_value(r, "sunapi.DeviceType"), "NWC");
  EXPECT_EQ(field_value(r, "sunapi.BootloaderVersion"), "ver=U-Boot 2020.07-svn2693 (Jul 21 2020 - 18:09:00");
}

TEST(Sunapi, NvrKeyValueInsideBraces) {
  std::string text = corpus_text("hanwha_sunapi-deviceinfo_2.txt");
  ParseResult r = parse_with("sunapi", cut(text, "HTTP/1.0", "CAMERA RESPONSE"));
  EXPECT_FALSE(r.error) << *r.error;
  EXPECT_EQ(field_value(r, "sunapi.Model"), "PRN-4011");
  EXPECT_EQ(field_value(r, "sunapi.DeviceType"), "NVR");
  EXPECT_EQ(field_value(r, "sunapi.Language"), "English");
}

TEST(Sunapi, CameraJson) {
  std::string text = corpus_text("hanwha_sunapi-deviceinfo_2.txt");
  std::string json = cut(text, "{\n\"Model\"");
  // The corpus copy was cut by the index after DeviceName: as is, it is an error...
  ParseResult cut_off = parse_with("sunapi", json);
  ASSERT_TRUE(cut_off.error);
  EXPECT_EQ(cut_off.error->rfind("SUNAPI: ", 0), 0u);
  // ...and closed, it is the device's JSON.
  ParseResult r = parse_with("sunapi", json + "}");
  EXPECT_FALSE(r.error) << *r.error;
  EXPECT_EQ(field_value(r, "sunapi.Model"), "PNM-C7083RVD");
  EXPECT_EQ(field_value(r, "sunapi.SerialNumber"), "SEP70GRC0000SY");
  EXPECT_EQ(field_value(r, "sunapi.BootloaderVersion"), "    ");
}

}  // namespace
}  // namespace camaudit::protocol
