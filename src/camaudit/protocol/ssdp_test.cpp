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

}  // namespace
}  // namespace camaudit::protocol
