// SPDX-License-Identifier: Apache-2.0
#include <camaudit/protocol/ssdp.hpp>
#include <camaudit/protocol/testing/corpus.hpp>
#include <camaudit/protocol/testing/fields.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace camaudit::protocol {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using testing::corpus_lines;
using testing::field_value;
using testing::field_values;
using testing::parse_with;
using testing::unescape_c;

// The answer an Axis camera sends to M-SEARCH: SERVER is the string recog records for
// Axis (axis_banners_1.txt line 4); the other headers follow UDA 2.0 §1.3.3.
const std::string kAxisSearchResponse =
    "HTTP/1.1 200 OK\r\nCACHE-CONTROL: max-age=1800\r\nDATE: Sat, 12 Dec 2020 10:44:25 GMT\r\nEXT:\r\n"
    "LOCATION: http://192.168.0.90:49152/rootdesc1.xml\r\n"
    "SERVER: Linux/4.9.94-axis5, UPnP/1.0, Portable SDK for UPnP devices/1.6.22\r\n"
    "ST: upnp:rootdevice\r\nUSN: uuid:Upnp-BasicDevice-1_0-ACCC8E012345::upnp:rootdevice\r\n\r\n";

TEST(Ssdp, NotifyFromCorpus) {
  // ssdp_msearch_1.txt lines 8-16: UniversalScanner's NOTIFY selftest (bare LF, no
  // spaces after the colons, and a lone space for the blank line).
  const auto r = parse_with("ssdp", corpus_lines("ssdp_msearch_1.txt", 8, 16));
  EXPECT_FALSE(r.error) << *r.error;
  EXPECT_EQ(field_value(r, "ssdp.server"), "Universal Scanner/0.0, Virtual/1.0");
  EXPECT_EQ(field_value(r, "ssdp.st"), "uuid:unique-id-12345678");
  EXPECT_EQ(field_value(r, "ssdp.usn"), "uuid:unique-id-12345678");
  EXPECT_EQ(field_value(r, "ssdp.location"), "http://240.0.1.0/rootDesc.xml");
  EXPECT_THAT(field_values(r, "ssdp.header"), Contains("NTS: ssdp:alive"));
}

TEST(Ssdp, SearchResponse) {
  std::string error;
  const auto message = parse_ssdp(kAxisSearchResponse, &error);
  ASSERT_TRUE(message) << error;
  EXPECT_EQ(message->kind, SsdpMessage::Kind::search_response);
  EXPECT_EQ(message->server, "Linux/4.9.94-axis5, UPnP/1.0, Portable SDK for UPnP devices/1.6.22");
  EXPECT_EQ(message->search_target, "upnp:rootdevice");
  EXPECT_EQ(message->headers.size(), 7u);
  EXPECT_EQ(message->headers[2], (std::pair<std::string, std::string>{"EXT", ""}));
}

TEST(Ssdp, RequestsAndGarbageAreErrors) {
  // ssdp_msearch_1.txt line 2: nmap's M-SEARCH is what we send, never what we parse.
  std::string search = corpus_lines("ssdp_msearch_1.txt", 2, 2, "");
  const auto r = parse_with("ssdp", unescape_c(search));
  ASSERT_TRUE(r.error);
  EXPECT_EQ(*r.error, "SSDP: an M-SEARCH request, not a device's answer");
  EXPECT_TRUE(r.fields.empty());
  EXPECT_TRUE(parse_with("ssdp", "HTTP/1.1 404 Not Found\r\n\r\n").error);
  EXPECT_TRUE(parse_with("ssdp", std::string("\x00\x01\x02", 3)).error);
  EXPECT_TRUE(parse_with("ssdp", "").error);
}

TEST(Ssdp, TruncatedAndOversized) {
  const auto r = parse_with("ssdp", kAxisSearchResponse.substr(0, 150));
  ASSERT_TRUE(r.error);
  EXPECT_THAT(*r.error, HasSubstr("truncated"));
  EXPECT_EQ(field_value(r, "ssdp.location"), "http://192.168.0.90:49152/rootdesc1.xml");
  std::string many = "NOTIFY * HTTP/1.1\r\n";
  for (int i = 0; i < 100000; ++i) many += "X: y\r\n";
  EXPECT_EQ(field_values(parse_with("ssdp", many + "\r\n"), "ssdp.header").size(), kMaxHeaders);
  const auto big = parse_with("ssdp", "NOTIFY * HTTP/1.1\r\nSERVER: " + std::string(2 << 20, 'A') + "\r\n\r\n");
  EXPECT_EQ(field_value(big, "ssdp.server").size(), kMaxFieldBytes);
}

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
