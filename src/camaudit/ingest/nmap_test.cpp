// SPDX-License-Identifier: Apache-2.0
// The nmap XML importer: hosts, MACs, open ports, service guesses and scripts as
// observations; truncated files and entity bombs. The real nmap run against camfarm is
// imported end to end in tests/ingest/.
#include <camaudit/ingest/nmap.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>

namespace camaudit::ingest {
namespace {

using ::testing::HasSubstr;

struct Imported {
  ImportReport report;
  std::vector<Observation> observations;
};

Imported import_xml(const std::string& xml) {
  Imported out;
  std::FILE* f = fmemopen(const_cast<char*>(xml.data()), xml.size(), "rb");
  out.report = kNmapImporter.run({"dir/scan.xml", f}, {}, [&](Observation&& o) { out.observations.push_back(o); });
  std::fclose(f);
  return out;
}

// The shape nmap 7.93 writes with -sV --script banner,ssl-cert,http-title,... (trimmed).
const std::string kTwoHosts = R"(<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE nmaprun>
<nmaprun scanner="nmap" args="nmap -sV -oX scan.xml 127.0.0.0/24" start="1700000000" version="7.93" xmloutputversion="1.05">
<host><status state="up" reason="arp-response"/>
<address addr="127.0.0.10" addrtype="ipv4"/><address addr="C0:56:E3:11:22:33" addrtype="mac" vendor="Hangzhou Hikvision Digital Technology"/>
<ports>
<port protocol="tcp" portid="80"><state state="open" reason="syn-ack"/>
<service name="http" product="Hikvision IP camera httpd" method="probed" conf="10"><cpe>cpe:/h:hikvision:camera</cpe></service>
<script id="http-server-header" output="App-webs/"><elem>App-webs/</elem></script>
<script id="http-title" output="Site doesn&apos;t have a title (text/html)."/>
</port>
<port protocol="tcp" portid="23"><state state="open" reason="syn-ack"/><service name="telnet" method="table" conf="3"/>
<script id="banner" output="\xFF\xFD\x18\xFF\xFD 192.0.0.64 login:"/></port>
<port protocol="tcp" portid="8000"><state state="closed" reason="reset"/></port>
</ports></host>
<host><status state="up"/><address addr="::1" addrtype="ipv6"/>
<ports><port protocol="tcp" portid="443"><state state="open"/><service name="https" tunnel="ssl"/>
<script id="ssl-cert" output="Subject: commonName=x"><elem key="pem">-----BEGIN CERTIFICATE-----
MIIB
-----END CERTIFICATE-----
</elem></script></port></ports></host>
<runstats><finished time="1700000100" exit="success"/><hosts up="2" down="0" total="2"/></runstats>
</nmaprun>
)";

TEST(NmapImport, HostsPortsScriptsAndMac) {
  const Imported r = import_xml(kTwoHosts);
  ASSERT_FALSE(r.report.error) << *r.report.error;
  EXPECT_THAT(r.report.tool, HasSubstr("nmap 7.93"));
  EXPECT_EQ(r.report.records, 2u);
  ASSERT_EQ(r.observations.size(), 6u);  // mac, nmap:80, banner:23, nmap:23, tls:443, nmap:443
  EXPECT_EQ(r.observations[0].protocol, "mac");
  EXPECT_EQ(r.observations[0].payload, "C0:56:E3:11:22:33");
  EXPECT_EQ(r.observations[0].ip, "127.0.0.10");
  const Observation& http = r.observations[1];
  EXPECT_EQ(http.protocol, "nmap");
  EXPECT_EQ(http.port, 80);
  EXPECT_EQ(http.transport, "tcp");
  EXPECT_EQ(http.source, "import nmap scan.xml");
  const auto j = nlohmann::json::parse(http.payload);
  EXPECT_EQ(j["service"]["product"], "Hikvision IP camera httpd");
  EXPECT_EQ(j["service"]["cpe"][0], "cpe:/h:hikvision:camera");
  EXPECT_EQ(j["scripts"]["http-server-header"], "App-webs/");
  EXPECT_EQ(j["mac_vendor"], "Hangzhou Hikvision Digital Technology");
  EXPECT_EQ(r.observations[2].protocol, "banner");
  EXPECT_EQ(r.observations[2].payload, "\xFF\xFD\x18\xFF\xFD 192.0.0.64 login:");
  EXPECT_EQ(r.observations[4].protocol, "tls");
  EXPECT_EQ(r.observations[4].ip, "::1");
  EXPECT_THAT(r.observations[4].payload, HasSubstr("BEGIN CERTIFICATE"));
}

TEST(NmapImport, TruncatedFileKeepsTheHostsBeforeTheCut) {
  const std::string cut = kTwoHosts.substr(0, kTwoHosts.find("<host><status state=\"up\"/><address addr=\"::1\"") + 30);
  const Imported r = import_xml(cut);
  ASSERT_TRUE(r.report.error);
  EXPECT_THAT(*r.report.error, HasSubstr("cut short"));
  EXPECT_GE(r.observations.size(), 4u);  // the whole first host
  EXPECT_EQ(r.observations[0].ip, "127.0.0.10");
}

TEST(NmapImport, EntityBombIsNeverExpanded) {
  std::string bomb = "<?xml version=\"1.0\"?><!DOCTYPE nmaprun [<!ENTITY a \"aaaaaaaaaa\">";
  char prev = 'a';
  for (char c = 'b'; c <= 'j'; prev = c++) {
    bomb += std::string("<!ENTITY ") + c + " \"";
    for (int i = 0; i < 10; ++i) bomb += std::string("&") + prev + ";";
    bomb += "\">";
  }
  bomb += "]><nmaprun scanner=\"nmap\" version=\"7.93\"><host><address addr=\"127.0.0.1\" addrtype=\"ipv4\"/><ports>"
          "<port protocol=\"tcp\" portid=\"80\"><state state=\"open\"/><script id=\"http-title\" output=\"&j;\"/></port>"
          "</ports></host></nmaprun>";
  const Imported r = import_xml(bomb);
  ASSERT_EQ(r.observations.size(), 1u);
  EXPECT_LT(r.observations[0].payload.size(), 200u);  // 10^10 bytes had it been expanded
}

TEST(NmapImport, NotNmapIsAClearError) {
  EXPECT_THAT(*import_xml("<html></html>").report.error, HasSubstr("not an nmap XML"));
  EXPECT_THAT(*import_xml("").report.error, HasSubstr("XML error"));
  EXPECT_THAT(*import_xml("\x89PNG\r\n").report.error, HasSubstr("XML error"));
  const Imported no_address = import_xml("<nmaprun><host><status state=\"up\"/></host></nmaprun>");
  EXPECT_EQ(no_address.report.rejected_count, 1u);
}

TEST(NmapImport, Unescape) {
  EXPECT_EQ(nmap_unescape("a\\x41\\x0d\\x0A\\xZZ\\"), "aA\r\n\\xZZ\\");
}

}  // namespace
}  // namespace camaudit::ingest
