// SPDX-License-Identifier: Apache-2.0
// LAN discovery inside a network namespace this test creates: camfarm with --multicast on
// 10.77.0.2 answers a SADP probe sent to 239.255.255.250:37020 and a DHIP probe sent to
// 255.255.255.255:37810, unicast back to the querier. Multicast and broadcast are only ever sent
// inside that namespace (a veth pair whose addresses exist nowhere else); the namespace is
// deleted in every case, also on failure. Skips where `ip netns` is not permitted.
#include <unistd.h>

#include <gtest/gtest.h>

#include <string>

#include "testing/harness.hpp"

namespace {

namespace harness = camfarm::testing;
using harness::run;

// The namespace and everything in it; the destructor kills camfarm and deletes the namespace.
class TestNamespace {
 public:
  TestNamespace() : m_name("camfarm-t-" + std::to_string(::getpid())) {
    if (run("ip netns add " + m_name + "; echo rc=$?").find("rc=0") == std::string::npos) return;
    m_created = true;
    std::string in = "ip netns exec " + m_name + " ";
    auto out = run(in + "ip link set lo up && " + in + "ip link add d0 type veth peer name d1 && " + in + "ip link set d1 up && " + in +
                   "ip link set d0 multicast on && " + in + "ip addr add 10.77.0.2/24 dev d0 && " + in +
                   "ip addr add 10.77.0.3/24 dev d0 && " + in + "ip link set d0 up && " + in +
                   "ip route add default dev d0 && echo setup=ok");
    m_ready = out.find("setup=ok") != std::string::npos;
    m_setup_output = out;
  }
  ~TestNamespace() {
    m_farm.stop();  // before the namespace it runs in goes
    if (m_created) run("ip netns del " + m_name);
  }
  bool created() const { return m_created; }
  bool ready() const { return m_ready; }
  const std::string& setup_output() const { return m_setup_output; }
  const std::string& name() const { return m_name; }

  // Starts camfarm inside the namespace; true once it printed "ready".
  bool start_farm(const std::string& profile) {
    return m_farm.start({"/usr/bin/ip", "netns", "exec", m_name, CAMFARM_BINARY, "--range", "10.77.0.2/32", "--live",
                         "1", "--seed", "5", "--mix", profile + "=1", "--multicast", "--duration", "20", "--threads",
                         "1"});
  }
  const std::string& farm_output() const { return m_farm.output(); }

  // A client inside the namespace: sends `payload_hex` from 10.77.0.3 to group:port and prints
  // every reply as "from=<ip>:<port> <hex>".
  std::string query(const std::string& destination, int port, const std::string& payload_hex) {
    std::string script =
        "import socket,binascii\n"
        "s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM)\n"
        "s.setsockopt(socket.SOL_SOCKET,socket.SO_BROADCAST,1)\n"
        "s.setsockopt(socket.IPPROTO_IP,socket.IP_MULTICAST_IF,socket.inet_aton('10.77.0.3'))\n"
        "s.bind(('10.77.0.3',0))\n"
        "s.settimeout(2)\n"
        "s.sendto(binascii.unhexlify('" + payload_hex + "'),('" + destination + "'," + std::to_string(port) + "))\n"
        "try:\n"
        "  while True:\n"
        "    d,a=s.recvfrom(65536)\n"
        "    print('from=%s:%d %s'%(a[0],a[1],binascii.hexlify(d).decode()))\n"
        "except socket.timeout:\n"
        "  pass\n";
    return run("ip netns exec " + m_name + " timeout 5 python3 -c \"" + script + "\"");
  }

 private:
  std::string m_name;
  bool m_created = false;
  bool m_ready = false;
  std::string m_setup_output;
  harness::Subprocess m_farm;
};


std::string hex(const std::string& bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

TEST(CamfarmLanDiscovery, MulticastAndBroadcastProbesAreAnsweredUnicastInsideANamespace) {
  if (run("command -v python3").empty()) GTEST_SKIP() << "python3 is needed for the in-namespace client";
  TestNamespace ns;
  if (!ns.created()) GTEST_SKIP() << "`ip netns add` is not permitted here (needs CAP_SYS_ADMIN/CAP_NET_ADMIN)";
  ASSERT_TRUE(ns.ready()) << ns.setup_output();

  ASSERT_TRUE(ns.start_farm("hikvision-ipc-v5")) << ns.farm_output();
  std::string sadp = "<?xml version=\"1.0\" encoding=\"utf-8\"?><Probe><Uuid>6B1D0C2E-0F7A-4C1B-9E55-0123456789AB</Uuid>"
                     "<Types>inquiry</Types></Probe>";
  auto replies = ns.query("239.255.255.250", 37020, hex(sadp));
  // The reply comes from the device, to the querier's own address and port (unicast).
  EXPECT_NE(replies.find("from=10.77.0.2:37020 "), std::string::npos) << replies;
  EXPECT_NE(replies.find(hex("<IPv4Address>10.77.0.2</IPv4Address>")), std::string::npos) << replies;
  EXPECT_NE(replies.find(hex("<Uuid>6B1D0C2E-0F7A-4C1B-9E55-0123456789AB</Uuid>")), std::string::npos);
}

TEST(CamfarmLanDiscovery, DhipBroadcastIsAnsweredInsideANamespace) {
  if (run("command -v python3").empty()) GTEST_SKIP() << "python3 is needed for the in-namespace client";
  TestNamespace ns;
  if (!ns.created()) GTEST_SKIP() << "`ip netns add` is not permitted here (needs CAP_SYS_ADMIN/CAP_NET_ADMIN)";
  ASSERT_TRUE(ns.ready()) << ns.setup_output();
  ASSERT_TRUE(ns.start_farm("dahua-ipc")) << ns.farm_output();
  std::string json = "{\"method\":\"DHDiscover.search\",\"params\":{\"mac\":\"\",\"uni\":1}}";
  auto broadcast = ns.query("255.255.255.255", 37810, hex(harness::dhip_frame(json)));
  EXPECT_NE(broadcast.find(hex("\"IPAddress\":\"10.77.0.2\"")), std::string::npos) << broadcast;
  auto multicast = ns.query("239.255.255.251", 37810, hex(harness::dhip_frame(json)));
  EXPECT_NE(multicast.find(hex("client.notifyDevInfo")), std::string::npos) << multicast;
}

}  // namespace
