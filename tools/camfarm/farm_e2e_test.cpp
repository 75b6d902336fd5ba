// SPDX-License-Identifier: Apache-2.0
// End-to-end: starts the camfarm binary on a /28 of loopback and drives it with real
// clients (curl, openssl s_client, ffprobe) and raw sockets. Every farm is killed when its
// test ends, also on failure (RAII), and every client call is bounded by `timeout`.
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <regex>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "request_log.hpp"
#include "testing/harness.hpp"

namespace {

namespace fs = std::filesystem;
namespace harness = camfarm::testing;

using harness::have;
using harness::run;

// A camfarm subprocess with its own ground-truth and request-log directory; the
// destructor kills it and removes the directory.
class FarmProcess {
 public:
  FarmProcess(const std::string& range, std::vector<std::string> extra) {
    m_dir = fs::temp_directory_path() / ("camfarm_test_" + std::to_string(::getpid()) + "_" +
                                         std::to_string(std::hash<std::string>{}(range)));
    fs::create_directories(m_dir);
    std::vector<std::string> args = {CAMFARM_BINARY, "--range", range, "--seed", "77",
                                     "--ground-truth", truth_path(), "--request-log", log_path(),
                                     "--hostile-timeout", "3", "--duration", "50", "--threads", "2"};
    for (auto& e : extra) args.push_back(std::move(e));
    m_farm.start(std::move(args));
  }
  ~FarmProcess() {
    m_farm.stop();
    std::error_code ec;
    fs::remove_all(m_dir, ec);
  }
  bool ready() const { return m_farm.ready(); }
  std::string truth_path() const { return (m_dir / "truth.jsonl").string(); }
  std::string log_path() const { return (m_dir / "requests.jsonl").string(); }
  std::vector<nlohmann::json> truth() const {
    std::vector<nlohmann::json> devices;
    std::ifstream in(truth_path());
    std::string line;
    while (std::getline(in, line)) devices.push_back(nlohmann::json::parse(line));
    return devices;
  }
  nlohmann::json first(const std::string& profile) const {
    for (auto& d : truth()) {
      if (d["profile"] == profile) return d;
    }
    return {};
  }

 private:
  fs::path m_dir;
  harness::Subprocess m_farm;
};

// One datagram to 127.x:port, two seconds for the reply.
std::string udp_exchange(const std::string& ip, int port, const std::string& payload) {
  return harness::udp_exchange(ip, static_cast<std::uint16_t>(port), payload, std::chrono::milliseconds(2000));
}

const std::vector<std::string> kMix = {"--mix", "hikvision-ipc-v5=1", "--mix", "dahua-ipc=1", "--mix",
                                       "nginx-default=1", "--username", "admin", "--password", "Secret123"};

TEST(CamfarmEndToEnd, CurlSeesTheDeviceHeadersAndDigestChallenge) {
  FarmProcess farm("127.77.0.0/28", kMix);
  ASSERT_TRUE(farm.ready());
  auto hik = farm.first("hikvision-ipc-v5");
  ASSERT_FALSE(hik.empty());
  std::string ip = hik["ip"];
  auto root = run("timeout 5 curl -s -i http://" + ip + "/");
  EXPECT_NE(root.find("HTTP/1.0 200 OK\r\nDate: "), std::string::npos) << root;
  EXPECT_NE(root.find("\r\nServer: App-webs/\r\n"), std::string::npos) << root;
  EXPECT_NE(root.find("/doc/page/login.asp?_"), std::string::npos);
  auto isapi = run("timeout 5 curl -s -i http://" + ip + "/ISAPI/System/deviceInfo");
  EXPECT_NE(isapi.find("HTTP/1.1 401 Unauthorized"), std::string::npos) << isapi;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(isapi, m, std::regex(
      R"re(WWW-Authenticate: Digest qop="auth", realm="IP Camera\([A-Z0-9]{5}\)", nonce="([0-9a-f]+)", stale="FALSE")re")))
      << isapi;
  // Hikvision nonce style: hex(base64("<8 hex>:<8 hex>")).
  auto nonce = run("printf '%s' " + m[1].str() + " | xxd -r -p | base64 -d");
  EXPECT_TRUE(std::regex_match(nonce, std::regex("[0-9a-f]{8}:[0-9a-f]{8}"))) << nonce;
  auto https = run("timeout 5 curl -sk -i https://" + ip + "/");
  EXPECT_NE(https.find("Server: App-webs/"), std::string::npos) << https;

  auto nginx = farm.first("nginx-default");
  ASSERT_FALSE(nginx.empty());
  auto page = run("timeout 5 curl -s -i http://" + std::string(nginx["ip"]) + "/nope");
  EXPECT_NE(page.find("HTTP/1.1 404 Not Found\r\nServer: nginx/1.22.1\r\n"), std::string::npos) << page;
}

TEST(CamfarmEndToEnd, OpenSslSeesTheProfilesCertificateNames) {
  FarmProcess farm("127.77.0.16/28", kMix);
  ASSERT_TRUE(farm.ready());
  auto hik = farm.first("hikvision-ipc-v5");
  ASSERT_FALSE(hik.empty());
  auto out = run("echo | timeout 8 openssl s_client -connect " + std::string(hik["ip"]) + ":443 -showcerts");
  EXPECT_NE(out.find("subject=C = CN, ST = ZJ, L = HZ, O = HIKVISION, OU = HZ, CN = hikvision.com"), std::string::npos) << out;
  EXPECT_NE(out.find("issuer=C = CN, ST = ZJ, L = HZ, O = HIKVISION, OU = HZ, CN = hikvision.com"), std::string::npos) << out;
  EXPECT_NE(out.find("-----BEGIN CERTIFICATE-----"), std::string::npos);
}

TEST(CamfarmEndToEnd, FfprobeDistinguishesA401FromARealAnswer) {
  if (!have("ffprobe")) GTEST_SKIP() << "ffprobe not installed (scripts/install-deps.sh installs ffmpeg)";
  FarmProcess farm("127.77.0.32/28", kMix);
  ASSERT_TRUE(farm.ready());
  auto hik = farm.first("hikvision-ipc-v5");
  ASSERT_FALSE(hik.empty());
  std::string url = std::string(hik["ip"]) + ":554/Streaming/Channels/101";
  auto denied = run("timeout 10 ffprobe -v debug -rtsp_transport tcp rtsp://" + url);
  EXPECT_NE(denied.find("401 Unauthorized"), std::string::npos) << denied;
  EXPECT_EQ(denied.find("MEDIAINFO=494D4B48"), std::string::npos);
  auto allowed = run("timeout 10 ffprobe -v debug -rtsp_transport tcp rtsp://admin:Secret123@" + url);
  // ffprobe authenticated with Digest and printed the device's SDP (IMKH media header).
  EXPECT_NE(allowed.find("MEDIAINFO=494D4B48"), std::string::npos) << allowed;
  EXPECT_NE(allowed.find("s=Media Presentation"), std::string::npos);
}

TEST(CamfarmEndToEnd, DiscoveryAnswersUnicastProbesToTheQuerier) {
  FarmProcess farm("127.77.0.48/28", kMix);
  ASSERT_TRUE(farm.ready());
  auto hik = farm.first("hikvision-ipc-v5");
  auto dahua = farm.first("dahua-ipc");
  ASSERT_FALSE(hik.empty());
  ASSERT_FALSE(dahua.empty());
  std::string uuid = "8E3F4D2A-11B7-4C59-9A51-6A1B2C3D4E5F";
  auto sadp = udp_exchange(hik["ip"], 37020,
      "<?xml version=\"1.0\" encoding=\"utf-8\"?><Probe><Uuid>" + uuid + "</Uuid><Types>inquiry</Types></Probe>");
  EXPECT_NE(sadp.find("<ProbeMatch><Uuid>" + uuid + "</Uuid>\r\n<Types>inquiry</Types>"), std::string::npos) << sadp;
  EXPECT_NE(sadp.find("<DeviceSN>" + std::string(hik["serial"]) + "</DeviceSN>"), std::string::npos);
  std::string dashed = hik["mac"];
  std::replace(dashed.begin(), dashed.end(), ':', '-');
  EXPECT_NE(sadp.find("<MAC>" + dashed + "</MAC>"), std::string::npos);
  EXPECT_NE(sadp.find("<IPv4Address>" + std::string(hik["ip"]) + "</IPv4Address>"), std::string::npos);
  // A state-changing SADP request gets no answer.
  EXPECT_TRUE(udp_exchange(hik["ip"], 37020, "<Probe><Uuid>x</Uuid><Types>reboot</Types></Probe>").empty());

  auto dhip = udp_exchange(dahua["ip"], 37810, std::string("\xff", 1));
  ASSERT_GT(dhip.size(), 34u);
  EXPECT_EQ(dhip.substr(0, 8), std::string("\x20\0\0\0DHIP", 8));
  std::uint32_t length = static_cast<std::uint8_t>(dhip[16]) | static_cast<std::uint8_t>(dhip[17]) << 8;
  EXPECT_EQ(length, dhip.size() - 32);
  EXPECT_EQ(dhip.substr(dhip.size() - 2), std::string("\n\0", 2));
  EXPECT_NE(dhip.find("\"SerialNo\":\"" + std::string(dahua["serial"]) + "\""), std::string::npos) << dhip;
  EXPECT_NE(dhip.find("\"mac\":\"" + std::string(dahua["mac"]) + "\""), std::string::npos);
}

TEST(CamfarmEndToEnd, GroundTruthMatchesWhatIsServed) {
  FarmProcess farm("127.77.0.64/28", kMix);
  ASSERT_TRUE(farm.ready());
  int checked = 0;
  for (const auto& d : farm.truth()) {
    std::string ip = d["ip"];
    if (d["profile"] == "hikvision-ipc-v5") {
      auto xml = run("timeout 5 curl -s --digest -u admin:Secret123 http://" + ip + "/ISAPI/System/deviceInfo");
      EXPECT_NE(xml.find("<model>" + std::string(d["model"]) + "</model>"), std::string::npos) << xml;
      EXPECT_NE(xml.find("<serialNumber>" + std::string(d["serial"]) + "</serialNumber>"), std::string::npos);
      EXPECT_NE(xml.find("<macAddress>" + std::string(d["mac"]) + "</macAddress>"), std::string::npos);
      std::string firmware = d["firmware"];
      EXPECT_NE(xml.find("<firmwareVersion>" + firmware.substr(0, firmware.find(' ')) + "</firmwareVersion>"),
                std::string::npos);
      ++checked;
    } else if (d["profile"] == "dahua-ipc") {
      auto info = run("timeout 5 curl -s --digest -u admin:Secret123 'http://" + ip +
                      "/cgi-bin/magicBox.cgi?action=getSystemInfo'");
      EXPECT_NE(info.find("deviceType=" + std::string(d["model"]) + "\r\n"), std::string::npos) << info;
      EXPECT_NE(info.find("serialNumber=" + std::string(d["serial"]) + "\r\n"), std::string::npos);
      auto version = run("timeout 5 curl -s --digest -u admin:Secret123 'http://" + ip +
                         "/cgi-bin/magicBox.cgi?action=getSoftwareVersion'");
      EXPECT_NE(version.find("version=" + std::string(d["firmware"]) + ","), std::string::npos) << version;
      ++checked;
    } else if (d["profile"] == "nginx-default") {
      EXPECT_NE(run("timeout 5 curl -s -I http://" + ip + "/").find("Server: nginx/1.22.1"), std::string::npos);
      ++checked;
    }
  }
  EXPECT_GE(checked, 6);
}

TEST(CamfarmEndToEnd, RequestLogRecordsAndCheckLogFlagsForbiddenRequests) {
  FarmProcess farm("127.77.0.80/28", {"--mix", "hikvision-ipc-v5=1", "--mix", "dahua-ipc=1"});
  ASSERT_TRUE(farm.ready());
  auto hik = farm.first("hikvision-ipc-v5");
  auto dahua = farm.first("dahua-ipc");
  ASSERT_FALSE(hik.empty());
  ASSERT_FALSE(dahua.empty());
  std::string hik_ip = hik["ip"];
  std::string dahua_ip = dahua["ip"];
  run("timeout 5 curl -s -o /dev/null http://" + hik_ip + "/");
  run("timeout 5 curl -s -o /dev/null -X POST -d '{\"method\":\"global.login\",\"params\":{\"userName\":\"admin\","
      "\"password\":\"\",\"clientType\":\"Web3.0\",\"loginType\":\"Direct\"},\"id\":1}' http://" + dahua_ip + "/RPC2_Login");
  std::string binary = std::string(CAMFARM_BINARY);
  auto clean = run(binary + " check-log " + farm.log_path());
  EXPECT_NE(clean.find("0 forbidden request(s)"), std::string::npos) << clean;

  run("timeout 5 curl -s -o /dev/null 'http://" + hik_ip + "/SDK/webLanguage'");
  run("timeout 5 curl -s -o /dev/null -u admin:12345 http://" + hik_ip + "/ISAPI/System/deviceInfo");
  run("timeout 5 curl -s -o /dev/null -X PUT -d x http://" + hik_ip + "/ISAPI/System/reboot");
  udp_exchange(hik_ip, 37020, "<Probe><Uuid>x</Uuid><MAC>aa</MAC><Types>activate</Types><Password>p</Password></Probe>");
  std::string log;
  {
    std::ifstream in(farm.log_path());
    log.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  EXPECT_NE(log.find("\"target\":\"/SDK/webLanguage\""), std::string::npos) << log;
  EXPECT_NE(log.find("\"ip\":\"" + hik_ip + "\""), std::string::npos);
  auto flagged = run(binary + " check-log " + farm.log_path() + "; echo exit=$?");
  EXPECT_NE(flagged.find("/SDK/webLanguage"), std::string::npos) << flagged;
  EXPECT_NE(flagged.find("Authorization header sent although no credentials"), std::string::npos) << flagged;
  EXPECT_NE(flagged.find("state-changing HTTP method PUT"), std::string::npos) << flagged;
  EXPECT_NE(flagged.find("SADP request type 'activate'"), std::string::npos) << flagged;
  EXPECT_NE(flagged.find("exit=1"), std::string::npos);
  EXPECT_EQ(flagged.find("RPC2_Login beyond"), std::string::npos) << "the first login step is allowed";
}

TEST(CamfarmEndToEnd, HostileBehavioursAreBoundedInTime) {
  FarmProcess farm("127.77.0.96/28", {"--mix", "hostile-web=1"});
  ASSERT_TRUE(farm.ready());
  auto d = farm.truth().front();
  std::string ip = d["ip"];
  auto start = std::chrono::steady_clock::now();
  // Tarpit: connection accepted, nothing sent, closed at the 3 s hostile timeout.
  auto tarpit = run("timeout 8 curl -s -i -m 7 http://" + ip + ":81/; echo rc=$?");
  EXPECT_NE(tarpit.find("rc=52"), std::string::npos) << tarpit;  // empty reply from server
  auto endless = run("timeout 8 curl -s -m 7 -o /dev/null -w '%{size_download}' http://" + ip + ":83/");
  EXPECT_GT(std::stoll(endless.empty() ? "0" : endless), 16384) << endless;
  // curl gives up on headers over 100 kB, so read the raw bytes.
  auto huge = run("timeout 4 bash -c 'exec 3<>/dev/tcp/" + ip + "/84; printf \"GET / HTTP/1.1\\r\\n\\r\\n\" >&3; cat <&3' | wc -c");
  EXPECT_GT(std::stoll(huge), 1 << 20);
  auto reset = run("timeout 5 curl -s -m 4 http://" + ip + ":85/; echo rc=$?");
  EXPECT_NE(reset.find("rc=56"), std::string::npos) << reset;  // connection reset while receiving
  auto wrong = run("timeout 5 curl -s -m 4 http://" + ip + ":86/; echo rc=$?");
  EXPECT_NE(wrong.find("rc=18"), std::string::npos) << wrong;  // partial file: Content-Length lies
  auto xml = run("timeout 5 curl -s http://" + ip + "/ISAPI/System/deviceInfo");
  EXPECT_NE(xml.find("<script>alert(1)</script>"), std::string::npos);
  auto bytes = run("timeout 5 curl -s http://" + ip + "/latin1 | xxd -p");
  EXPECT_NE(bytes.find("fffec32880"), std::string::npos) << bytes;
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(30));
}

TEST(CamfarmCheckLog, ForbiddenReasonsForVendorCommands) {
  auto entry = [](std::string protocol, std::string method, std::string target, std::string raw) {
    return nlohmann::json{{"protocol", protocol}, {"method", method}, {"target", target}, {"raw", raw},
                          {"port", 80}, {"credentials_configured", false}};
  };
  EXPECT_TRUE(camfarm::forbidden_reasons(entry("http", "POST", "/onvif/device_service",
      "POST / HTTP/1.1\r\n\r\n<s:Envelope><s:Body><tds:GetSystemDateAndTime/></s:Body></s:Envelope>")).empty());
  EXPECT_FALSE(camfarm::forbidden_reasons(entry("http", "POST", "/onvif/device_service",
      "POST / HTTP/1.1\r\n\r\n<s:Envelope><s:Body><tds:SystemReboot/></s:Body></s:Envelope>")).empty());
  EXPECT_FALSE(camfarm::forbidden_reasons(entry("http", "POST", "/RPC2_Login",
      "POST / HTTP/1.1\r\n\r\n{\"method\":\"global.login\",\"params\":{\"userName\":\"admin\",\"password\":\"x\"}}")).empty());
  EXPECT_TRUE(camfarm::forbidden_reasons(entry("http", "POST", "/axis-cgi/basicdeviceinfo.cgi",
      "POST / HTTP/1.1\r\n\r\n{\"apiVersion\":\"1.0\",\"method\":\"getAllUnrestrictedProperties\"}")).empty());
  EXPECT_FALSE(camfarm::forbidden_reasons(entry("http", "GET", "/onvif-http/snapshot?auth=YWRtaW46MTEK", "")).empty());
  EXPECT_FALSE(camfarm::forbidden_reasons(entry("http", "GET", "/cgi-bin/../../etc/passwd", "")).empty());
  EXPECT_FALSE(camfarm::forbidden_reasons(entry("dhip", "", "", "{\"method\":\"DHDiscover.setConfig\"}")).empty());
  EXPECT_TRUE(camfarm::forbidden_reasons(entry("dhip", "", "", "{\"method\":\"DHDiscover.search\"}")).empty());
  EXPECT_TRUE(camfarm::forbidden_reasons(entry("sadp", "", "", "<Types>inquiry_v32</Types>")).empty());
}

}  // namespace
