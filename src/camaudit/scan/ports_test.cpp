// SPDX-License-Identifier: Apache-2.0
#include <camaudit/scan/ports.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

namespace camaudit::scan {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string error_of(std::string_view text) {
  try {
    parse_ports(text);
  } catch (const std::invalid_argument& error) {
    return error.what();
  }
  return "";
}

TEST(PortParse, ListsAndRangesSortedWithoutDuplicates) {
  auto ports = parse_ports("8443,80,443,8000-8010,80, 554");
  EXPECT_EQ(ports.size(), 4u + 11);
  EXPECT_EQ(ports.front(), 80);
  EXPECT_EQ(ports.back(), 8443);
  EXPECT_TRUE(std::is_sorted(ports.begin(), ports.end()));
  EXPECT_EQ(std::set<std::uint16_t>(ports.begin(), ports.end()).size(), ports.size());
  EXPECT_THAT(parse_ports("37777"), ElementsAre(37777));
  EXPECT_THAT(parse_ports("65535,1"), ElementsAre(1, 65535));
}

TEST(PortParse, OpenEndedRangesAndAll) {
  EXPECT_EQ(parse_ports("-").size(), 65535u);  // nmap's -p-
  EXPECT_EQ(parse_ports("1-65535"), parse_ports("-"));
  EXPECT_EQ(parse_ports("-1024").size(), 1024u);
  EXPECT_THAT(parse_ports("65530-"), ElementsAre(65530, 65531, 65532, 65533, 65534, 65535));
}

TEST(PortParse, ErrorsNameTheBadPart) {
  EXPECT_EQ(error_of("0"), "ports: '0' is out of range: ports are 1-65535");
  EXPECT_EQ(error_of("80,65536"), "ports: '65536' is out of range: ports are 1-65535");
  EXPECT_EQ(error_of("99999999999999999999999"), "ports: '99999999999999999999999' is out of range: ports are 1-65535");
  EXPECT_EQ(error_of("0-10"), "ports: '0-10' is out of range: ports are 1-65535");
  EXPECT_EQ(error_of("8010-8000"), "ports: '8010-8000' is reversed");
  EXPECT_EQ(error_of("80,,443"), "ports: '80,,443' has an empty element");
  EXPECT_EQ(error_of(""), "ports: '' has an empty element");
  EXPECT_EQ(error_of("80,"), "ports: '80,' has an empty element");
  EXPECT_EQ(error_of("http"), "ports: 'http' is not a port number or range");
  EXPECT_EQ(error_of("+80"), "ports: '+80' is not a port number or range");
  EXPECT_EQ(error_of("1-2-3"), "ports: '1-2-3' is not a port number or range");
  EXPECT_THAT(error_of("T:80"), HasSubstr("is not a port number"));
}

TEST(PortDefaults, CameraAndRecorderPorts) {
  const auto& ports = default_ports();
  EXPECT_TRUE(std::is_sorted(ports.begin(), ports.end()));
  EXPECT_EQ(std::set<std::uint16_t>(ports.begin(), ports.end()).size(), ports.size());
  // Web, RTSP, Hikvision SDK (plain and TLS), Dahua DVRIP and DHIP/TCP, Xiongmai, Reolink.
  for (std::uint16_t port : {80, 443, 554, 8000, 8443, 37777, 5000, 34567, 9000, 8080, 8554})
    EXPECT_NE(std::find(ports.begin(), ports.end(), port), ports.end()) << port;
}

}  // namespace
}  // namespace camaudit::scan
