// SPDX-License-Identifier: Apache-2.0
#include <camaudit/protocol/upnp.hpp>
#include <camaudit/protocol/testing/fields.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace camaudit::protocol {
namespace {

using ::testing::Contains;
using testing::field_value;
using testing::parse_with;

// A UPnP description in the UDA 2.0 §2.3 layout carrying the identity the corpus
// records for an Axis M5014 (axis_mdns_1.txt: model and MAC-as-serial ACCC8E3C0419).
const std::string kAxisDescription = R"(<?xml version="1.0"?>
<root xmlns="urn:schemas-upnp-org:device-1-0">
<specVersion><major>1</major><minor>0</minor></specVersion>
<device>
<deviceType>urn:axis-com:device:Basic:1</deviceType>
<friendlyName>AXIS M5014 - ACCC8E3C0419</friendlyName>
<manufacturer>AXIS</manufacturer>
<manufacturerURL>http://www.axis.com/</manufacturerURL>
<modelDescription>AXIS M5014 PTZ Dome Network Camera</modelDescription>
<modelName>AXIS M5014</modelName>
<modelNumber>M5014</modelNumber>
<serialNumber>ACCC8E3C0419</serialNumber>
<UDN>uuid:Upnp-BasicDevice-1_0-ACCC8E3C0419</UDN>
<deviceList><device><modelName>embedded</modelName></device></deviceList>
</device>
</root>
)";

TEST(Upnp, DescriptionFields) {
  const auto r = parse_with("upnp", kAxisDescription);
  EXPECT_FALSE(r.error) << *r.error;
  EXPECT_EQ(field_value(r, "upnp.manufacturer"), "AXIS");
  EXPECT_EQ(field_value(r, "upnp.modelName"), "AXIS M5014");  // the root device's, not the embedded one
  EXPECT_EQ(field_value(r, "upnp.modelNumber"), "M5014");
  EXPECT_EQ(field_value(r, "upnp.serialNumber"), "ACCC8E3C0419");
  EXPECT_EQ(field_value(r, "upnp.friendlyName"), "AXIS M5014 - ACCC8E3C0419");
  EXPECT_EQ(field_value(r, "upnp.manufacturerURL"), "http://www.axis.com/");
  EXPECT_EQ(field_value(r, "upnp.UDN"), "uuid:Upnp-BasicDevice-1_0-ACCC8E3C0419");
  EXPECT_EQ(field_value(r, "upnp.modelDescription"), "AXIS M5014 PTZ Dome Network Camera");
  for (const Field& f : r.fields) EXPECT_THAT(kUpnpParser.keys, Contains(f.key));
}

TEST(Upnp, WrappedInHttpWithPrefixes) {
  std::string xml = kAxisDescription;
  const auto r = parse_with("upnp", "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: " +
                                        std::to_string(xml.size()) + "\r\n\r\n" + xml);
  EXPECT_FALSE(r.error);
  EXPECT_EQ(field_value(r, "upnp.modelName"), "AXIS M5014");
  const auto prefixed = parse_with("upnp", "<u:root xmlns:u=\"urn:schemas-upnp-org:device-1-0\"><u:device>"
                                           "<u:manufacturer>Hikvision</u:manufacturer></u:device></u:root>");
  EXPECT_EQ(field_value(prefixed, "upnp.manufacturer"), "Hikvision");
}

TEST(Upnp, TruncatedGarbageEmptyOversized) {
  const auto cut = parse_with("upnp", kAxisDescription.substr(0, kAxisDescription.find("<modelNumber>")));
  ASSERT_TRUE(cut.error);
  EXPECT_EQ(field_value(cut, "upnp.modelName"), "AXIS M5014");
  EXPECT_TRUE(parse_with("upnp", "not xml at all").error);
  EXPECT_TRUE(parse_with("upnp", "<root><other/></root>").error);
  EXPECT_TRUE(parse_with("upnp", "").error);
  const auto big = parse_with("upnp", "<root><device><modelName>" + std::string(2 << 20, 'A') +
                                          "</modelName></device></root>");
  for (const Field& f : big.fields) EXPECT_LE(f.value.size(), kMaxFieldBytes);
  std::string deep;
  for (int i = 0; i < 100000; ++i) deep += "<a>";
  EXPECT_TRUE(parse_with("upnp", deep).error);
}

}  // namespace
}  // namespace camaudit::protocol
