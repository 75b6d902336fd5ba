// SPDX-License-Identifier: Apache-2.0
// Every shipped profile, served over the wire: one device of each profile on its own
// 127.77.20.x address, driven with plain sockets by what each route of the profile matches
// (HTTP GET/POST, RTSP OPTIONS, binary prefixes, SADP/DHIP/WS-Discovery probes). The test
// then checks the ground truth against the bytes served: wherever the profile's responses use
// the model, serial or MAC, the ground-truth value must be what the device sent.
#include <arpa/inet.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cctype>
#include <chrono>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "camaudit/util/text.hpp"
#include "estate.hpp"
#include "profile.hpp"
#include "server.hpp"
#include "testing/harness.hpp"

namespace camfarm {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kReplyWait = std::chrono::milliseconds(1500);
constexpr auto kIdleWait = std::chrono::milliseconds(250);

sockaddr_in loopback_address(const std::string& ip, std::uint16_t port) {
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(port);
  ::inet_pton(AF_INET, ip.c_str(), &to.sin_addr);
  return to;
}

// True once `reply` holds a whole HTTP/RTSP message (head plus Content-Length body).
bool complete_text_reply(const std::string& reply) {
  auto end = reply.find("\r\n\r\n");
  if (end == std::string::npos) return false;
  std::string_view head(reply.data(), end);
  auto at = camaudit::util::ifind(head, "\ncontent-length:");
  if (at == std::string_view::npos) return false;
  std::size_t length = 0;
  for (std::size_t i = at + 16; i < head.size() && (head[i] == ' ' || (head[i] >= '0' && head[i] <= '9')); ++i) {
    if (head[i] != ' ') length = length * 10 + static_cast<std::size_t>(head[i] - '0');
  }
  return reply.size() >= end + 4 + length;
}

// One TCP exchange with a bounded wait: until the peer closes, the message is complete, or it
// has been quiet for kIdleWait after answering.
std::string tcp_exchange(const std::string& ip, std::uint16_t port, const std::string& request, bool text) {
  EXPECT_EQ(ip.rfind("127.", 0), 0u) << "tests only ever talk to loopback";
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  auto to = loopback_address(ip, port);
  std::string reply;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0) {
    ::close(fd);
    return reply;
  }
  if (!request.empty()) ::send(fd, request.data(), request.size(), MSG_NOSIGNAL);
  auto deadline = Clock::now() + kReplyWait;
  while (Clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    int wait = reply.empty() ? 200 : static_cast<int>(kIdleWait.count());
    int ready = ::poll(&p, 1, wait);
    if (ready == 0) {
      if (!reply.empty()) break;
      continue;
    }
    char buffer[65536];
    auto n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) break;
    reply.append(buffer, static_cast<std::size_t>(n));
    if (text && complete_text_reply(reply)) break;
  }
  ::close(fd);
  return reply;
}

std::string udp_exchange(const std::string& ip, std::uint16_t port, const std::string& payload) {
  return testing::udp_exchange(ip, port, payload, kReplyWait);
}

const char kSadpProbe[] =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?><Probe><Uuid>8E3F4D2A-11B7-4C59-9A51-6A1B2C3D4E5F</Uuid>"
    "<Types>inquiry</Types></Probe>";
const char kWsdProbe[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><e:Envelope xmlns:e=\"http://www.w3.org/2003/05/soap-envelope\" "
    "xmlns:w=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\" xmlns:d=\"http://schemas.xmlsoap.org/ws/2005/04/discovery\" "
    "xmlns:dn=\"http://www.onvif.org/ver10/network/wsdl\"><e:Header><w:MessageID>uuid:0a6dc791-2be6-4991-9af1-454778a1917a"
    "</w:MessageID><w:To>urn:schemas-xmlsoap-org:ws:2005:04:discovery</w:To><w:Action>"
    "http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe</w:Action></e:Header><e:Body><d:Probe><d:Types>"
    "dn:NetworkVideoTransmitter</d:Types></d:Probe></e:Body></e:Envelope>";

// research/protocols.md §2.2: DHDiscover.search in a DHIP frame.
std::string dhip_probe() {
  return testing::dhip_frame("{\"method\":\"DHDiscover.search\",\"params\":{\"mac\":\"\",\"uni\":1},\"id\":1}");
}

bool response_uses(const Response& response, const std::set<std::string>& names) {
  for (const auto& name : names) {
    if (response.status && response.status->uses(name)) return true;
    if (response.body.uses(name)) return true;
    for (const auto& header : response.headers) {
      if (header.uses(name)) return true;
    }
  }
  return false;
}

// The variables a truth template is made of ({model} -> model; "{firmware} build {x}" -> both).
std::set<std::string> truth_variables(const Profile& profile, std::string_view key) {
  std::set<std::string> names;
  for (const auto& [name, text] : profile.truth) {
    if (name != key) continue;
    for (const auto& segment : text.segments()) {
      if (segment.placeholder) names.insert(segment.placeholder->name);
    }
  }
  return names;
}

struct Served {
  std::string bytes;                        // everything the device sent back
  std::vector<const Response*> exercised;   // routes whose request was sent
  int ports_answering = 0;
  int ports_probed = 0;
};

Served drive(const Device& device) {
  Served served;
  const Profile& profile = *device.profile;
  for (const auto& port : profile.tcp) {
    if (port.behaviour != Behaviour::kNormal) continue;  // hostile ports have their own test
    bool text = port.protocol == PortProtocol::kHttp || port.protocol == PortProtocol::kRtsp;
    if (port.protocol == PortProtocol::kHttps) continue;  // openssl/curl cover TLS (farm_e2e_test)
    std::string answered;
    if (text) {
      bool rtsp = port.protocol == PortProtocol::kRtsp;
      auto request_for = [&](const std::string& method, const std::string& path, const std::string& body) {
        if (rtsp) {
          return method + " rtsp://" + device.ip + ":" + std::to_string(port.port) + path +
                 " RTSP/1.0\r\nCSeq: 2\r\nUser-Agent: camfarm-test\r\n\r\n";
        }
        return method + " " + path + " HTTP/1.1\r\nHost: " + device.ip + "\r\nConnection: close\r\n" +
               (body.empty() ? std::string() : "Content-Type: application/soap+xml\r\nContent-Length: " +
                                                   std::to_string(body.size()) + "\r\n") +
               "\r\n" + body;
      };
      answered += tcp_exchange(device.ip, port.port, request_for(rtsp ? "OPTIONS" : "GET", "/", ""), true);
      for (const auto& route : port.routes) {
        if (route.body_regex) continue;
        std::string method = route.method.value_or(rtsp ? "DESCRIBE" : "GET");
        std::string path = route.path ? *route.path : route.path_prefix ? *route.path_prefix + "x" : "/";
        std::string body = route.body_contains.value_or("");
        if (route.body_contains && *route.body_contains == "GetSystemDateAndTime") {
          body = "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Body>"
                 "<GetSystemDateAndTime xmlns=\"http://www.onvif.org/ver10/device/wsdl\"/></s:Body></s:Envelope>";
        }
        answered += tcp_exchange(device.ip, port.port, request_for(method, path, body), true);
        served.exercised.push_back(&route.response);
      }
      if (port.fallback) served.exercised.push_back(&*port.fallback);
    } else {
      answered += tcp_exchange(device.ip, port.port, "", false);  // banner or silence
      for (const auto& route : port.routes) {
        if (route.prefix_bytes.empty()) continue;
        std::string request = route.prefix_bytes + std::string(32, '\0');
        answered += tcp_exchange(device.ip, port.port, request, false);
        served.exercised.push_back(&route.response);
      }
      // A silent binary service (no banner, no routes) answers nothing by design.
      if (port.routes.empty() && port.banner.empty()) continue;
    }
    ++served.ports_probed;
    if (!answered.empty()) ++served.ports_answering;
    served.bytes += answered;
  }
  for (const auto& udp : profile.udp) {
    std::string probe = udp.kind == "sadp" ? kSadpProbe : udp.kind == "wsd" ? kWsdProbe
                        : udp.kind == "dhip" ? dhip_probe() : std::string("\xff", 1);
    auto reply = udp_exchange(device.ip, udp.port, probe);
    ++served.ports_probed;
    if (!reply.empty()) ++served.ports_answering;
    served.bytes += reply;
    for (const auto& route : udp.routes) served.exercised.push_back(&route.response);
  }
  return served;
}

// The MAC as devices print it: aa:bb.., aa-bb.. (SADP), aabb.. and AABB.. (Dahua RPC2, Axis serial).
std::vector<std::string> mac_forms(const std::string& mac) {
  std::string dashed = mac, bare, upper;
  for (char& c : dashed) c = c == ':' ? '-' : c;
  for (char c : mac) {
    if (c != ':') bare += c;
  }
  for (char c : mac) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  std::string bare_upper;
  for (char c : bare) bare_upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return {mac, dashed, bare, bare_upper, upper};
}

TEST(CamfarmProfilesOnTheWire, EveryProfileServesItsGroundTruth) {
  std::string error;
  auto profiles = load_profiles(CAMFARM_PROFILES_DIR, &error);
  ASSERT_TRUE(profiles) << error;
  ASSERT_GE(profiles->size(), 30u);

  EstateSpec spec;
  spec.seed = 2024;
  spec.hostile_timeout_seconds = 2;
  std::vector<Device> devices;
  std::uint32_t host = 1;
  for (const auto& profile : *profiles) {
    EstateSpec one = spec;
    one.range = "127.77.20." + std::to_string(host++) + "/32";
    one.mix = {{profile->id, 1.0}};
    auto built = build_estate(one, *profiles, &error);
    ASSERT_TRUE(built && built->size() == 1) << profile->id << ": " << error;
    devices.push_back(std::move(built->front()));
  }
  Farm farm(devices, spec, nullptr);
  auto bind_error = farm.bind(2);
  ASSERT_FALSE(bind_error) << *bind_error;
  farm.start();

  // One client thread per device: each exchange waits for the device's own pacing (close,
  // Content-Length or a short idle), so driving them side by side keeps the test short.
  std::vector<Served> results(farm.devices().size());
  std::vector<std::thread> clients;
  for (std::size_t i = 0; i < results.size(); ++i) {
    clients.emplace_back([&, i] { results[i] = drive(farm.devices()[i]); });
  }
  for (auto& client : clients) client.join();

  int checked_values = 0;
  for (std::size_t i = 0; i < results.size(); ++i) {
    const Device& device = farm.devices()[i];
    const Profile& profile = *device.profile;
    SCOPED_TRACE(profile.id + " on " + device.ip);
    const Served& served = results[i];
    EXPECT_EQ(served.ports_answering, served.ports_probed) << "every probed port answers";
    auto truth = ground_truth(device);
    for (const char* key : {"model", "serial", "mac"}) {
      std::string value = truth[key];
      if (value.empty()) continue;
      bool expected = false;
      auto names = truth_variables(profile, key);
      for (const auto* response : served.exercised) expected = expected || response_uses(*response, names);
      if (!expected) continue;
      bool found = false;
      if (std::string(key) == "mac") {
        for (const auto& form : mac_forms(value)) found = found || served.bytes.find(form) != std::string::npos;
      } else {
        found = served.bytes.find(value) != std::string::npos;
      }
      EXPECT_TRUE(found) << key << " '" << value << "' is in the profile's responses but was not served";
      ++checked_values;
    }
  }
  EXPECT_GE(checked_values, 50);
  farm.stop();
}

}  // namespace
}  // namespace camfarm
