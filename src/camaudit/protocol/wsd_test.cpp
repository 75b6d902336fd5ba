// SPDX-License-Identifier: Apache-2.0
#include <camaudit/protocol/wsd.hpp>
#include <camaudit/protocol/testing/corpus.hpp>
#include <camaudit/protocol/testing/fields.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace camaudit::protocol {
namespace {

using ::testing::ElementsAre;
using testing::corpus_text;
using testing::field_value;
using testing::field_values;
using testing::parse_with;

TEST(Wsd, HikvisionProbeMatchBodyWithUndeclaredPrefixes) {
  // hikvision_onvif-probematch_1.txt: the Body only, prefixes env:/d:/wsadis: undeclared.
  ParseResult r = parse_with("wsd", corpus_text("hikvision_onvif-probematch_1.txt"));
  EXPECT_FALSE(r.error) << *r.error;
  EXPECT_EQ(field_value(r, "wsd.message"), "ProbeMatches");
  EXPECT_EQ(field_value(r, "wsd.endpoint"), "urn:uuid:aa85c000-6324-11b3-819e-5850ed1fe385");
  EXPECT_EQ(field_value(r, "wsd.types"), "dn:NetworkVideoTransmitter tds:Device");
  EXPECT_EQ(field_value(r, "wsd.scope.name"), "HIKVISION DS-2CD2385G1-I");
  EXPECT_EQ(field_value(r, "wsd.scope.hardware"), "DS-2CD2385G1-I");
  EXPECT_EQ(field_value(r, "wsd.scope.MAC"), "58:50:ed:1f:e3:85");
  EXPECT_EQ(field_value(r, "wsd.scope.location"), "city/hangzhou");
  EXPECT_EQ(field_value(r, "wsd.scope.type"), "video_encoder");
  EXPECT_THAT(field_values(r, "wsd.scope.Profile"), ElementsAre("Streaming", "G", "T"));
  EXPECT_EQ(field_values(r, "wsd.scope").size(), 8u);
  EXPECT_EQ(field_value(r, "wsd.scope"), "onvif://www.onvif.org/type/video_encoder");
  EXPECT_EQ(field_value(r, "wsd.xaddrs"),
            "http://192.168.124.40/onvif/device_service http://[fe80::5a50:edff:fe1f:e385]/onvif/device_service");
  EXPECT_EQ(field_value(r, "wsd.metadata_version"), "10");
}

TEST(Wsd, DahuaHello) {
  ParseResult r = parse_with("wsd", corpus_text("dahua_onvif-hello_1.txt"));
  EXPECT_FALSE(r.error) << *r.error;
  EXPECT_EQ(field_value(r, "wsd.message"), "Hello");
  EXPECT_EQ(field_value(r, "wsd.endpoint"), "uuid:503b687a-b9d7-474f-a2d0-a18c8b25a464");
  EXPECT_EQ(field_value(r, "wsd.scope.name"), "Dahua");
  EXPECT_EQ(field_value(r, "wsd.scope.hardware"), "IPC-HFW2228M-I1-V2");
  EXPECT_EQ(field_value(r, "wsd.scope.location"), "country/china");
  EXPECT_EQ(field_value(r, "wsd.scope.type"), "Network_Video_Transmitter");
  EXPECT_EQ(field_value(r, "wsd.scope.extension"), "unique_identifier");
  EXPECT_EQ(field_value(r, "wsd.xaddrs"), "http://192.168.1.45/onvif/device_service");
}

TEST(Wsd, FullEnvelopesAndEmptyScopes) {
  ParseResult mock = parse_with("wsd", corpus_text("onvif_wsdiscovery-probematch_1.txt"));
  EXPECT_FALSE(mock.error);
  EXPECT_EQ(field_value(mock, "wsd.scope.hardware"), "HD_PREDATOR");
  EXPECT_EQ(field_value(mock, "wsd.scope.location"), "<absent>");  // "location/" carries no value
  EXPECT_EQ(field_values(mock, "wsd.scope").size(), 7u);
  // onvif_wsdiscovery-probematch_2.txt: e:/a:/d: prefixes, CRLF, empty Scopes.
  std::string crlf = testing::corpus_lines("onvif_wsdiscovery-probematch_2.txt", 1, 23, "\r\n");
  ParseResult r = parse_with("wsd", crlf);
  EXPECT_FALSE(r.error);
  EXPECT_EQ(field_value(r, "wsd.endpoint"), "urn:uuid:11223344-5566-7788-9900-000000000002");
  EXPECT_EQ(field_value(r, "wsd.scope"), "<absent>");
  EXPECT_EQ(field_value(r, "wsd.xaddrs"), "http://240.0.2.0/ http://[::1]/");
  EXPECT_EQ(field_value(r, "wsd.metadata_version"), "2");
}

TEST(Wsd, ScopeGrammar) {
  // hikvision_onvif-scopes_2.txt line 1: an older DS-2CD2042WD-I.
  std::string line = testing::corpus_lines("hikvision_onvif-scopes_2.txt", 1, 1);
  std::string list = testing::cut(line, ">", "</");
  std::vector<WsdScope> scopes = parse_wsd_scopes(list.substr(1));
  ASSERT_EQ(scopes.size(), 3u);
  EXPECT_EQ(scopes[2].category, "name");
  EXPECT_EQ(scopes[2].value, "HIKVISION DS-2CD2042WD-I");
  std::vector<WsdScope> other = parse_wsd_scopes("  http://example.com/x\tonvif://www.onvif.org/name\n");
  ASSERT_EQ(other.size(), 2u);
  EXPECT_EQ(other[0].category, "");
  EXPECT_EQ(other[1].category, "name");
  EXPECT_EQ(other[1].value, "");
}

TEST(Wsd, ProbeRequestAndNonDiscoveryXml) {
  std::string probe = testing::corpus_lines("onvif_wsdiscovery-probe_1.txt", 2, 2);
  EXPECT_EQ(field_value(parse_with("wsd", probe), "wsd.message"), "Probe");
  ParseResult r = parse_with("wsd", "<a><b/></a>");
  ASSERT_TRUE(r.error);
  EXPECT_EQ(*r.error, "WS-Discovery: no discovery message in the SOAP body");
}

}  // namespace
}  // namespace camaudit::protocol
