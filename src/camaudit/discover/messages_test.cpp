// SPDX-License-Identifier: Apache-2.0
// The discovery requests, byte for byte against research/protocols.md and the corpus, and
// the safety rules that need no network: only inquiry/search/probe questions are built,
// loopback is never a discovery interface, and an SSDP LOCATION is followed only on the
// replier itself.
#include <camaudit/discover/discoverer.hpp>
#include <camaudit/discover/interfaces.hpp>
#include <camaudit/discover/messages.hpp>
#include <camaudit/discover/upnp_fetch.hpp>
#include <camaudit/protocol/mdns.hpp>
#include <camaudit/util/codec.hpp>

#include <gtest/gtest.h>

#include <regex>

namespace camaudit::discover {
namespace {

std::string from_hex(std::string_view hex) { return util::hex_decode(hex).value_or("<bad hex>"); }

TEST(DiscoverMessages, RandomUuidIsAFreshVersion4Uuid) {
  const std::regex v4("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
  const std::string a = random_uuid(), b = random_uuid();
  EXPECT_TRUE(std::regex_match(a, v4)) << a;
  EXPECT_NE(a, b);
}

TEST(DiscoverMessages, SadpInquiryIsTheProbeOfProtocolsMdSection1_2) {
  EXPECT_EQ(sadp_inquiry("e8ecfe09-90e4-44c0-842b-703f46b58c81", SadpInquiry::inquiry),
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><Probe><Uuid>E8ECFE09-90E4-44C0-842B-703F46B58C81</Uuid>"
            "<Types>inquiry</Types></Probe>");
  EXPECT_NE(sadp_inquiry("x", SadpInquiry::inquiry_v32).find("<Types>inquiry_v32</Types>"), std::string::npos);
}

TEST(DiscoverMessages, DhipSearchMatchesCorpusDahuaDhip1VariantA) {
  // corpus dahua_dhip_1.txt (a), the mcw0/DahuaConsole form.
  const std::string expected = from_hex(
      "20 00 00 00 44 48 49 50 00 00 00 00 00 00 00 00 3a 00 00 00 00 00 00 00 3a 00 00 00 00 00 00 00"
      "7b 22 6d 65 74 68 6f 64 22 3a 22 44 48 44 69 73 63 6f 76 65 72 2e 73 65 61 72 63 68 22 2c 22 70"
      "61 72 61 6d 73 22 3a 7b 22 6d 61 63 22 3a 22 22 2c 22 75 6e 69 22 3a 31 7d 7d");
  EXPECT_EQ(util::hex_encode(dhip_search()), util::hex_encode(expected));
}

TEST(DiscoverMessages, Dahua5050ProbeMatchesCorpusDahuaDvripDiscovery1) {
  const std::string expected = from_hex(
      "a3 01 00 01 00 00 00 00 00 00 00 00 00 00 00 00 02 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00");
  EXPECT_EQ(util::hex_encode(dahua5050_probe()), util::hex_encode(expected));
}

TEST(DiscoverMessages, WsdProbeAsksForOneTypeWithItsOwnMessageId) {
  const std::string nvt = wsd_probe(WsdType::network_video_transmitter, "1b4e28ba-2fa1-41d2-883f-0016d3cca427");
  EXPECT_NE(nvt.find("<a:MessageID>urn:uuid:1b4e28ba-2fa1-41d2-883f-0016d3cca427</a:MessageID>"), std::string::npos);
  EXPECT_NE(nvt.find("<d:Types>dn:NetworkVideoTransmitter</d:Types>"), std::string::npos);
  EXPECT_NE(nvt.find("xmlns:dn=\"http://www.onvif.org/ver10/network/wsdl\""), std::string::npos);
  EXPECT_NE(nvt.find("http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe</a:Action>"), std::string::npos);
  const std::string device = wsd_probe(WsdType::device, "x");
  EXPECT_NE(device.find("<d:Types>tds:Device</d:Types>"), std::string::npos);
  EXPECT_NE(device.find("xmlns:tds=\"http://www.onvif.org/ver10/device/wsdl\""), std::string::npos);
}

TEST(DiscoverMessages, SsdpMsearchIsNmapsAndUniversalScannersFormWithMxClamped) {
  // corpus ssdp_msearch_1.txt
  EXPECT_EQ(ssdp_msearch(SsdpTarget::all, 5),
            "M-SEARCH * HTTP/1.1\r\nHost: 239.255.255.250:1900\r\nMan: \"ssdp:discover\"\r\nMX: 5\r\nST: ssdp:all\r\n\r\n");
  EXPECT_EQ(ssdp_msearch(SsdpTarget::root_device, 2),
            "M-SEARCH * HTTP/1.1\r\nHost: 239.255.255.250:1900\r\nST:upnp:rootdevice\r\nMan:\"ssdp:discover\"\r\nMX:2\r\n\r\n");
  EXPECT_NE(ssdp_msearch(SsdpTarget::all, 60).find("MX: 5\r\n"), std::string::npos);
  EXPECT_NE(ssdp_msearch(SsdpTarget::all, 0).find("MX: 1\r\n"), std::string::npos);
}

TEST(DiscoverMessages, MdnsQueryAsksPtrForEachCameraServiceAndParsesAsAQuery) {
  const std::string query = mdns_ptr_query();
  std::string error;
  auto message = protocol::parse_mdns(query, &error);
  ASSERT_TRUE(message) << error;
  EXPECT_FALSE(message->is_response);
  EXPECT_EQ(message->questions, (std::vector<std::string>{"_axis-video._tcp.local", "_onvif._tcp.local",
                                                          "_http._tcp.local", "_rtsp._tcp.local"}));
  // Header: id 0, flags 0, four questions, no records; each question ends PTR (12), IN (1).
  EXPECT_EQ(util::hex_encode(query.substr(0, 12)), "000000000004000000000000");
  EXPECT_EQ(util::hex_encode(query.substr(query.size() - 4)), "000c0001");
}

TEST(DiscoverInterfaces, LoopbackIsNeverADiscoveryInterface) {
  for (const Interface& itf : lan_interfaces()) {
    EXPECT_NE(itf.name, "lo");
    EXPECT_NE(itf.address_text().rfind("127.", 0), 0u) << itf.name;
  }
  std::string error;
  EXPECT_TRUE(choose_interfaces({"lo"}, error).empty());
  EXPECT_NE(error.find("loopback"), std::string::npos) << error;
  error.clear();
  EXPECT_TRUE(choose_interfaces({"no-such-if0"}, error).empty());
  EXPECT_NE(error.find("no interface named no-such-if0"), std::string::npos) << error;
}

TEST(DiscoverInterfaces, DiscoverOnLoopbackRefusesWithoutSending) {
  DiscoverOptions options;
  options.interfaces = {"lo"};
  DiscoverResult result = discover(options);
  ASSERT_TRUE(result.error);
  EXPECT_NE(result.error->find("loopback"), std::string::npos) << *result.error;
  EXPECT_EQ(result.datagrams_sent, 0u);
  EXPECT_TRUE(result.observations.empty());
}

TEST(DiscoverUpnpLocation, FollowedOnlyOnTheReplierOverPlainHttp) {
  auto on_replier = location_on_replier("http://10.199.1.20:49152/rootDesc.xml", "10.199.1.20");
  ASSERT_TRUE(on_replier);
  EXPECT_EQ(on_replier->port, 49152);
  EXPECT_EQ(on_replier->path, "/rootDesc.xml");
  EXPECT_EQ(location_on_replier("http://10.199.1.20", "10.199.1.20")->path, "/");
  EXPECT_FALSE(location_on_replier("http://10.199.1.21/rootDesc.xml", "10.199.1.20"));  // a third party
  EXPECT_FALSE(location_on_replier("https://10.199.1.20/rootDesc.xml", "10.199.1.20"));
  EXPECT_FALSE(location_on_replier("http://example.com/rootDesc.xml", "10.199.1.20"));
  EXPECT_FALSE(location_on_replier("http://user@10.199.1.20/x", "10.199.1.20"));
  EXPECT_FALSE(location_on_replier("http://10.199.1.20:0/x", "10.199.1.20"));
  EXPECT_FALSE(location_on_replier("http://10.199.1.20:99999/x", "10.199.1.20"));
  EXPECT_FALSE(location_on_replier("http://10.199.1.20/a b", "10.199.1.20"));
  EXPECT_FALSE(location_on_replier("http://10.199.1.20/a\r\nX: y", "10.199.1.20"));
}

}  // namespace
}  // namespace camaudit::discover
