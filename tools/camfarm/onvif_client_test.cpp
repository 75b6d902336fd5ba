// SPDX-License-Identifier: Apache-2.0
// A real ONVIF client against camfarm: Debian's onvif-util (libonvif 1.4) discovers the device
// by WS-Discovery multicast, calls GetSystemDateAndTime on the XAddr it found, and is refused
// GetDeviceInformation with the device's ter:NotAuthorized fault.
//
// libonvif turns IP_MULTICAST_LOOP off (a client never discovers its own host), so camfarm and
// the client need two hosts: the test makes two network namespaces joined by a veth pair,
// camfarm on 10.77.0.2 in one, onvif-util on 10.77.0.3 in the other. Both addresses exist only
// in those namespaces; every multicast stays on that veth pair. Namespaces and camfarm are
// removed in every case, also on failure. onvif-util's by-address mode also starts with a
// multicast probe (libonvif 1.4.4 has no direct mode), so it runs there too.
#include <unistd.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "testing/harness.hpp"

namespace {

namespace harness = camfarm::testing;
using harness::run;

constexpr const char* kDeviceIp = "10.77.0.2";

// Two namespaces ("farm" and "client") joined by veth d0 (10.77.0.2) <-> d1 (10.77.0.3).
class TwoHosts {
 public:
  TwoHosts() : m_farm("camfarm-of-" + std::to_string(::getpid())), m_client("camfarm-oc-" + std::to_string(::getpid())) {
    if (run("ip netns add " + m_farm + " && echo rc=0").find("rc=0") == std::string::npos) return;
    m_farm_created = true;
    if (run("ip netns add " + m_client + " && echo rc=0").find("rc=0") == std::string::npos) return;
    m_client_created = true;
    std::string f = "ip netns exec " + m_farm + " ";
    std::string c = "ip netns exec " + m_client + " ";
    m_setup_output = run(f + "ip link set lo up && " + c + "ip link set lo up && " + f + "ip link add d0 type veth peer name d1 netns " +
                         m_client + " && " + f + "ip addr add 10.77.0.2/24 dev d0 && " + f + "ip link set d0 up && " + f +
                         "ip route add default dev d0 && " + c + "ip addr add 10.77.0.3/24 dev d1 && " + c +
                         "ip link set d1 up && " + c + "ip route add default dev d1 && echo setup=ok");
    m_ready = m_setup_output.find("setup=ok") != std::string::npos;
  }
  ~TwoHosts() {
    m_camfarm.stop();  // before the namespace it runs in goes
    if (m_client_created) run("ip netns del " + m_client);
    if (m_farm_created) run("ip netns del " + m_farm);
  }
  TwoHosts(const TwoHosts&) = delete;
  TwoHosts& operator=(const TwoHosts&) = delete;

  bool created() const { return m_farm_created && m_client_created; }
  bool ready() const { return m_ready; }
  const std::string& setup_output() const { return m_setup_output; }

  // One device of `profile` on 10.77.0.2, answering multicast discovery.
  bool start_farm(const std::string& profile, const std::string& ground_truth, const std::string& request_log) {
    return m_camfarm.start({"/usr/bin/ip", "netns", "exec", m_farm, CAMFARM_BINARY, "--range", std::string(kDeviceIp) + "/32",
                            "--live", "1", "--seed", "5", "--mix", profile + "=1", "--multicast", "--duration", "20",
                            "--threads", "1", "--ground-truth", ground_truth, "--request-log", request_log});
  }
  const std::string& farm_output() const { return m_camfarm.output(); }

  // Runs onvif-util with `arguments` on the client host; stdin is empty so its interactive
  // session (after a successful login) ends at once.
  std::string onvif_util(const std::string& arguments) {
    return run("ip netns exec " + m_client + " timeout 8 onvif-util " + arguments + " </dev/null; echo exit=$?");
  }

 private:
  std::string m_farm;
  std::string m_client;
  bool m_farm_created = false;
  bool m_client_created = false;
  bool m_ready = false;
  std::string m_setup_output;
  harness::Subprocess m_camfarm;
};

std::string temp_path(const std::string& what) {
  return ::testing::TempDir() + "camfarm_onvif_" + std::to_string(::getpid()) + "_" + what;
}

std::vector<nlohmann::json> read_json_lines(const std::string& path) {
  std::vector<nlohmann::json> lines;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) lines.push_back(nlohmann::json::parse(line, nullptr, false));
  return lines;
}

// What onvif-util printed in both modes, and what camfarm served and recorded meanwhile.
struct ClientRun {
  std::string discovery;   // onvif-util -a
  std::string by_address;  // onvif-util 10.77.0.2
  nlohmann::json truth;
  std::vector<nlohmann::json> requests;
};

// Starts one `profile` device on its own host and runs both onvif-util modes against it from
// the other. Sets `skip_reason` when this machine cannot make namespaces.
ClientRun run_onvif_util(const std::string& profile, std::string& skip_reason) {
  ClientRun result;
  TwoHosts hosts;
  if (!hosts.created()) {
    skip_reason = "`ip netns add` is not permitted here (needs CAP_SYS_ADMIN/CAP_NET_ADMIN)";
    return result;
  }
  EXPECT_TRUE(hosts.ready()) << hosts.setup_output();
  auto truth_path = temp_path(profile + "_truth.jsonl");
  auto log_path = temp_path(profile + "_requests.jsonl");
  EXPECT_TRUE(hosts.start_farm(profile, truth_path, log_path)) << hosts.farm_output();
  result.discovery = hosts.onvif_util("-a");
  result.by_address = hosts.onvif_util(kDeviceIp);
  auto truths = read_json_lines(truth_path);
  EXPECT_EQ(truths.size(), 1u);
  if (!truths.empty()) result.truth = truths.front();
  result.requests = read_json_lines(log_path);  // camfarm flushes each record as it is written
  std::remove(truth_path.c_str());
  std::remove(log_path.c_str());
  return result;
}

// The SOAP operations the client POSTed to the device service, in order.
std::vector<std::string> soap_operations(const std::vector<nlohmann::json>& requests) {
  std::vector<std::string> operations;
  for (const auto& r : requests) {
    if (!r.is_object() || r.value("method", "") != "POST") continue;
    auto raw = r.value("raw", "");
    for (const char* operation : {"GetSystemDateAndTime", "GetHostname", "GetDeviceInformation", "GetCapabilities"})
      if (raw.find(std::string("<tds:") + operation) != std::string::npos) operations.emplace_back(operation);
  }
  return operations;
}

bool has_probe(const std::vector<nlohmann::json>& requests) {
  for (const auto& r : requests)
    if (r.is_object() && r.value("transport", "") == "udp" && r.value("port", 0) == 3702 &&
        r.value("raw", "").find("discovery/Probe<") != std::string::npos)
      return true;
  return false;
}

// onvif-util -a prints "<host> <hostname>(<scope name> <scope hardware>)" per camera found; by
// address it prints "found host: <ip>" and then the result of GetDeviceInformation.
// `scope_name` is the device's onvif://www.onvif.org/name/ scope; libonvif appends the hardware
// scope, which camfarm fills with the model.
void expect_discovered_and_refused(const std::string& profile, const std::string& scope_name) {
  if (!harness::have("onvif-util")) GTEST_SKIP() << "onvif-util (Debian onvif-tools) is not installed; scripts/install-deps.sh installs it";
  std::string skip_reason;
  auto result = run_onvif_util(profile, skip_reason);
  if (!skip_reason.empty()) GTEST_SKIP() << skip_reason;

  EXPECT_NE(result.discovery.find("Found 1 cameras"), std::string::npos) << result.discovery;
  auto camera_name = scope_name + " " + result.truth.value("model", "?");
  EXPECT_NE(result.discovery.find(std::string(kDeviceIp) + " (" + camera_name + ")"), std::string::npos) << result.discovery;
  EXPECT_TRUE(has_probe(result.requests)) << "camfarm recorded no WS-Discovery Probe";

  // Discovery is followed by GetSystemDateAndTime (libonvif's getTimeOffset): answered without
  // credentials, so the client goes on to its next call. By address the client asks for
  // GetDeviceInformation and prints the fault subcode the device answered.
  auto operations = soap_operations(result.requests);
  ASSERT_GE(operations.size(), 2u) << result.discovery;
  EXPECT_EQ(operations.front(), "GetSystemDateAndTime");
  EXPECT_NE(std::find(operations.begin(), operations.end(), "GetDeviceInformation"), operations.end());
  EXPECT_NE(result.by_address.find(std::string("found host: ") + kDeviceIp), std::string::npos) << result.by_address;
  EXPECT_NE(result.by_address.find("ERROR: get device information - ter:NotAuthorized"), std::string::npos) << result.by_address;
  EXPECT_NE(result.by_address.find("exit=1"), std::string::npos) << result.by_address;
}

TEST(CamfarmOnvifClient, OnvifUtilDiscoversTheGenericOnvifCameraAndIsRefusedDeviceInformation) {
  expect_discovered_and_refused("onvif-generic-camera", "TP-IPC");
}

TEST(CamfarmOnvifClient, OnvifUtilDiscoversTheHikvisionCameraAndIsRefusedDeviceInformation) {
  expect_discovered_and_refused("hikvision-ipc-v5", "HIKVISION");
}

}  // namespace
