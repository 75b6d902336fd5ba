// SPDX-License-Identifier: Apache-2.0
#include <camaudit/protocol/isapi.hpp>
#include <camaudit/protocol/testing/corpus.hpp>
#include <camaudit/protocol/testing/fields.hpp>

#include <gtest/gtest.h>

namespace camaudit::protocol {
namespace {

using testing::corpus_text;
using testing::field_value;
using testing::parse_with;

TEST(Isapi, HikvisionNamespaceCamera) {
  ParseResult r = parse_with("isapi", corpus_text("hikvision_isapi-deviceinfo_3.txt"));
  EXPECT_FALSE(r.error) << *r.error;
  EXPECT_EQ(field_value(r, "isapi.xmlns"), "http://www.hikvision.com/ver20/XMLSchema");
  EXPECT_EQ(field_value(r, "isapi.model"), "DS-2CD2385FWD-I");
  EXPECT_EQ(field_value(r, "isapi.serialNumber"), "DS-2CD2385FWD-I20200114AAWR123456789");
  EXPECT_EQ(field_value(r, "isapi.firmwareVersion"), "V5.6.3");
  EXPECT_EQ(field_value(r, "isapi.firmwareReleasedDate"), "build 190923");
  EXPECT_EQ(field_value(r, "isapi.deviceType"), "IPCamera");
  EXPECT_EQ(field_value(r, "isapi.firmwareVersionInfo"), "B-R-G3-0");
}

TEST(Isapi, IsapiOrgNamespaceAccessTerminal) {
  ParseResult r = parse_with("isapi", corpus_text("hikvision_isapi-deviceinfo_4.txt"));
  EXPECT_EQ(field_value(r, "isapi.xmlns"), "http://www.isapi.org/ver20/XMLSchema");
  EXPECT_EQ(field_value(r, "isapi.model"), "DS-K1T341CMFW");
  EXPECT_EQ(field_value(r, "isapi.deviceType"), "ACS");
  EXPECT_EQ(field_value(r, "isapi.subDeviceType"), "accessControlTerminal");
  EXPECT_EQ(field_value(r, "isapi.macAddress"), "04:03:12:33:56:36");
}

TEST(Isapi, MismatchedClosingTagKeepsElements) {
  // hikvision_isapi-deviceinfo_1.txt ends with the hand-edited </DeviceIno>.
  ParseResult r = parse_with("isapi", corpus_text("hikvision_isapi-deviceinfo_1.txt"));
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->rfind("ISAPI: XML parse error at offset", 0), 0u) << *r.error;
  EXPECT_EQ(field_value(r, "isapi.serialNumber"), "DS-2CD7A47FWD-XZS20190228AACHC96234444");
  EXPECT_EQ(field_value(r, "isapi.macAddress"), "98:8b:0a:0e:51:7f");
  EXPECT_EQ(field_value(r, "isapi.firmwareVersionInfo"), "B-R-H3-0");
}

TEST(Isapi, HttpResponseAndNonXml) {
  std::string body = corpus_text("hikvision_isapi-deviceinfo_3.txt");
  ParseResult r = parse_with("isapi", "HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\n\r\n" + body);
  EXPECT_EQ(field_value(r, "isapi.model"), "DS-2CD2385FWD-I");
  EXPECT_EQ(*parse_with("isapi", "Unauthorized").error, "ISAPI: no XML element in payload");
}

}  // namespace
}  // namespace camaudit::protocol
