// SPDX-License-Identifier: Apache-2.0
// `camaudit discover` against a real LAN segment built from network namespaces: a bridge in
// its own namespace, one namespace per device (camfarm with --multicast, or a hostile
// responder), and the real camaudit binary in a client namespace, all joined by veth pairs.
// Addresses are 10.199.x.y, which exist only inside these namespaces; every multicast and
// broadcast is sent inside them (`ip netns exec`), never from this machine's namespace.
// The namespaces are deleted in every case, also when an assertion fails (RAII).
// Skips (not passes) where `ip netns add` is not permitted.
#include <camaudit/source_paths.hpp>
#include <unistd.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "testing/harness.hpp"

namespace {

namespace harness = camfarm::testing;
using harness::run;
using nlohmann::json;

constexpr const char* kClientIp = "10.199.1.2";

// A bridge namespace and hosts hanging off it. Each host namespace has eth0 (10.199.1.x/24),
// whose veth peer sits on the bridge. The destructor stops every process started in the
// estate, then deletes every namespace (which deletes the veths).
class Estate {
 public:
  Estate() : m_prefix("cad" + std::to_string(::getpid())) {
    m_dir = std::filesystem::temp_directory_path() / (m_prefix + "-discover");
    std::filesystem::create_directories(m_dir);
    if (!add_namespace(bridge())) return;
    m_created = true;
    m_ready = ok("ip -n " + bridge() + " link add br0 type bridge mcast_snooping 0 && ip -n " + bridge() +
                 " link set br0 up");
  }
  ~Estate() {
    m_processes.clear();  // kill before the namespaces they run in go
    for (auto it = m_namespaces.rbegin(); it != m_namespaces.rend(); ++it) run("ip netns del " + *it);
    std::error_code ec;
    std::filesystem::remove_all(m_dir, ec);
  }
  Estate(const Estate&) = delete;
  Estate& operator=(const Estate&) = delete;

  bool created() const { return m_created; }
  bool ready() const { return m_ready; }
  const std::string& log() const { return m_log; }
  std::string file(const std::string& name) const { return (m_dir / name).string(); }

  // A host namespace `name` with address `ip` on the segment; returns the namespace name.
  std::string add_host(const std::string& name, const std::string& ip) {
    const std::string ns = m_prefix + "-" + name;
    const std::string peer = "v" + std::to_string(m_namespaces.size());
    if (!add_namespace(ns)) {
      m_ready = false;
      return ns;
    }
    const std::string b = "ip -n " + bridge() + " ";
    const std::string h = "ip -n " + ns + " ";
    m_ready = m_ready && ok(b + "link add " + peer + " type veth peer name eth0 netns " + ns + " && " + b + "link set " +
                            peer + " master br0 up && " + h + "link set lo up && " + h +
                            "link set eth0 multicast on && " + h + "addr add " + ip + "/24 dev eth0 && " + h +
                            "link set eth0 up");
    return ns;
  }

  // Starts `args` inside namespace `ns` and waits for it to print "ready".
  bool start(const std::string& ns, std::vector<std::string> args) {
    args.insert(args.begin(), {"/usr/bin/ip", "netns", "exec", ns});
    auto process = std::make_unique<harness::Subprocess>();
    const bool started = process->start(std::move(args));
    if (!started) m_log += "did not start in " + ns + ": " + process->output() + "\n";
    m_processes.push_back(std::move(process));
    return started;
  }

  // Runs a shell command inside `ns`; returns its output and sets `exit_code`.
  static std::string exec(const std::string& ns, const std::string& command, int& exit_code) {
    std::string out = run("ip netns exec " + ns + " " + command + " 2>&1; echo \"exit=$?\"");
    const auto at = out.rfind("exit=");
    exit_code = at == std::string::npos ? -1 : std::stoi(out.substr(at + 5));
    return out.substr(0, at);
  }

 std::string bridge_namespace() const { return bridge(); }

 private:
  std::string bridge() const { return m_prefix + "-br"; }
  bool add_namespace(const std::string& ns) {
    if (!ok("ip netns add " + ns)) return false;
    m_namespaces.push_back(ns);
    return true;
  }
  bool ok(const std::string& command) {
    std::string out = run(command + " && echo step=ok");
    if (out.find("step=ok") != std::string::npos) return true;
    m_log += command + ": " + out;
    return false;
  }

  std::string m_prefix;
  std::filesystem::path m_dir;
  bool m_created = false;
  bool m_ready = false;
  std::string m_log;
  std::vector<std::string> m_namespaces;
  std::vector<std::unique_ptr<harness::Subprocess>> m_processes;
};

std::vector<json> read_json_lines(const std::string& path) {
  std::vector<json> out;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(json::parse(line, nullptr, false));
  return out;
}

const json* device_at(const std::vector<json>& devices, const std::string& ip) {
  for (const json& d : devices)
    if (d.is_object() && d.value("ip", "") == ip) return &d;
  return nullptr;
}

std::string text(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// Runs the real camaudit discover from the client namespace; returns its stderr+stdout.
std::string run_discover(Estate& estate, const std::string& client_ns, const std::string& devices_file,
                         const std::string& observations_file, int& exit_code) {
  return Estate::exec(client_ns,
                      std::string(CAMAUDIT_BINARY) + " discover --interface eth0 --wait 3 -o " + devices_file +
                          " --observations " + observations_file + " --kb " + CAMAUDIT_SOURCE_KB_DIR,
                      exit_code) +
         estate.log();
}

void skip_unless_namespaces(const Estate& estate) {
  if (!estate.created()) GTEST_SKIP() << "`ip netns add` is not permitted here (needs root / CAP_SYS_ADMIN): not tested";
}

// What each protocol must reveal, checked against camfarm's ground truth.
struct Expected {
  const char* profile;
  const char* ip;
  std::vector<const char*> fields;  // device JSON keys equal to the ground truth's
  const char* protocol;             // one protocol that must have answered ("sadp/udp/37020")
};

TEST(DiscoverLan, FindsEveryCameraOnANamespaceSegmentWithGroundTruthIdentity) {
  Estate estate;
  skip_unless_namespaces(estate);
  ASSERT_TRUE(estate.ready()) << estate.log();
  const std::string client = estate.add_host("client", kClientIp);

  const std::vector<Expected> expected = {
      {"hikvision-ipc-v5", "10.199.1.11", {"manufacturer", "model", "serial", "firmware", "mac"}, "sadp/udp/37020"},
      {"hilook-nvr", "10.199.1.12", {"model", "serial", "firmware", "mac"}, "sadp/udp/37020"},
      {"dahua-ipc", "10.199.1.13", {"manufacturer", "model", "serial", "firmware", "mac"}, "dhip/udp/37810"},
      {"lorex-nvr", "10.199.1.14", {"model", "serial", "firmware", "mac"}, "dhip/udp/37810"},
      {"axis-camera", "10.199.1.15", {"manufacturer", "model"}, "wsd/udp/3702"},
      {"onvif-generic-camera", "10.199.1.16", {"model"}, "wsd/udp/3702"},
  };
  const std::string distractor_ip = "10.199.1.17";
  std::vector<std::pair<std::string, std::string>> farms;  // truth file, request log
  auto start_farm = [&](const std::string& profile, const std::string& ip) {
    const std::string ns = estate.add_host(profile, ip);
    farms.emplace_back(estate.file(profile + ".truth.jsonl"), estate.file(profile + ".requests.jsonl"));
    return estate.start(ns, {CAMFARM_BINARY, "--range", ip + "/32", "--live", "1", "--seed", "5", "--mix",
                             profile + "=1", "--multicast", "--duration", "60", "--threads", "1", "--ground-truth",
                             farms.back().first, "--request-log", farms.back().second});
  };
  for (const Expected& e : expected) ASSERT_TRUE(start_farm(e.profile, e.ip)) << estate.log();
  ASSERT_TRUE(start_farm("nginx-default", distractor_ip)) << estate.log();
  ASSERT_TRUE(estate.ready()) << estate.log();

  const std::string devices_file = estate.file("devices.jsonl");
  const std::string observations_file = estate.file("observations.jsonl");
  int exit_code = -1;
  const std::string output = run_discover(estate, client, devices_file, observations_file, exit_code);
  ASSERT_EQ(exit_code, 0) << output;
  const auto devices = read_json_lines(devices_file);

  for (std::size_t i = 0; i < expected.size(); ++i) {
    const Expected& e = expected[i];
    SCOPED_TRACE(std::string(e.profile) + " at " + e.ip);
    const auto truth = read_json_lines(farms[i].first);
    ASSERT_EQ(truth.size(), 1u);
    const json* device = device_at(devices, e.ip);
    ASSERT_NE(device, nullptr) << output;
    EXPECT_NE(device->at("seen").dump().find(e.protocol), std::string::npos) << device->at("seen").dump();
    for (const char* field : e.fields) {
      const std::string found = text(*device, field), real = text(truth[0], field);
      if (std::string_view(field) == "firmware") {
        // The KB keeps the version and drops the build date ("V5.6.3build 190923" -> "V5.6.3").
        EXPECT_FALSE(found.empty()) << device->dump().substr(0, 2000);
        EXPECT_EQ(real.rfind(found, 0), 0u) << "firmware " << found << " is not the start of " << real;
      } else {
        EXPECT_EQ(found, real) << field << " in " << device->dump().substr(0, 2000);
      }
    }
    EXPECT_FALSE(device->contains("unparsed")) << device->at("unparsed").dump();
  }
  // The web server answers no discovery question, so it is not a discovered device.
  EXPECT_EQ(device_at(devices, distractor_ip), nullptr);
  EXPECT_EQ(device_at(devices, kClientIp), nullptr) << "discover heard its own questions";

  // Every request the devices received was a read-only inquiry/search/probe.
  for (const auto& [truth_file, request_log] : farms) {
    int check = -1;
    const std::string report = Estate::exec(client, std::string(CAMFARM_BINARY) + " check-log " + request_log, check);
    EXPECT_EQ(check, 0) << request_log << ":\n" << report;
  }
  std::ifstream hikvision_log(farms[0].second);
  std::stringstream requests;
  requests << hikvision_log.rdbuf();
  EXPECT_NE(requests.str().find("inquiry_v32"), std::string::npos) << "the SADP device saw no inquiry_v32";
  EXPECT_NE(requests.str().find(kClientIp), std::string::npos) << "requests came from elsewhere than the client";
}

// A device that answers every question wrongly: garbage to SADP, a WS-Discovery reply that
// is really SADP XML (a reply meant for another port), and a DHIP header whose length
// runs past the datagram. camaudit must keep running and record each as unparsed.
constexpr const char* kHostileResponder = R"(
import select, socket, struct, sys, time
ip = sys.argv[1]
replies = {
  37020: b'\x00\xff<ProbeMatch><Uuid>never closed',
  3702: b'<?xml version="1.0"?><ProbeMatch><DeviceSN>X</DeviceSN></ProbeMatch>',
  37810: struct.pack('<I4sIIIIII', 0x20, b'DHIP', 0, 0, 4096, 0, 4096, 0) + b'{"method":',
}
groups = {37020: '239.255.255.250', 3702: '239.255.255.250', 37810: '239.255.255.251'}
sockets = {}
for port, group in groups.items():
  s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
  s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
  s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
  s.bind(('0.0.0.0', port))
  s.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, socket.inet_aton(group) + socket.inet_aton(ip))
  sockets[s] = port
try:
  print('ready', flush=True)
except BrokenPipeError:  # the harness stops reading once it has seen 'ready'
  pass
end = time.time() + 30
while time.time() < end:
  readable, _, _ = select.select(list(sockets), [], [], 0.5)
  for s in readable:
    data, sender = s.recvfrom(65536)
    s.sendto(replies[sockets[s]], sender)
)";

TEST(DiscoverLan, MalformedAndWrongPortRepliesBecomeUnparsedRecordsNotCrashes) {
  if (run("command -v python3").empty()) GTEST_SKIP() << "python3 is needed for the hostile responder";
  Estate estate;
  skip_unless_namespaces(estate);
  ASSERT_TRUE(estate.ready()) << estate.log();
  const std::string client = estate.add_host("client", kClientIp);
  const std::string hostile_ip = "10.199.1.30";
  const std::string hostile = estate.add_host("hostile", hostile_ip);
  // A real device beside it, so the run shows good and bad replies side by side.
  const std::string camera = estate.add_host("hikvision", "10.199.1.31");
  ASSERT_TRUE(estate.ready()) << estate.log();
  ASSERT_TRUE(estate.start(hostile, {"/usr/bin/python3", "-c", kHostileResponder, hostile_ip})) << estate.log();
  ASSERT_TRUE(estate.start(camera, {CAMFARM_BINARY, "--range", "10.199.1.31/32", "--live", "1", "--seed", "5", "--mix",
                                    "hikvision-ipc-v5=1", "--multicast", "--duration", "60", "--threads", "1"}))
      << estate.log();

  const std::string devices_file = estate.file("devices.jsonl");
  int exit_code = -1;
  const std::string output =
      run_discover(estate, client, devices_file, estate.file("observations.jsonl"), exit_code);
  ASSERT_EQ(exit_code, 0) << output;
  const auto devices = read_json_lines(devices_file);
  const json* bad = device_at(devices, hostile_ip);
  ASSERT_NE(bad, nullptr) << output;
  ASSERT_TRUE(bad->contains("unparsed")) << bad->dump();
  std::map<std::string, std::string> unparsed;  // protocol -> error
  for (const json& u : bad->at("unparsed")) unparsed[text(u, "protocol")] = text(u, "error");
  for (const char* protocol : {"sadp", "wsd", "dhip"}) {
    EXPECT_TRUE(unparsed.count(protocol)) << protocol << " reply not recorded as unparsed: " << bad->dump();
    if (unparsed.count(protocol)) {
      EXPECT_FALSE(unparsed[protocol].empty());
    }
  }
  const json* good = device_at(devices, "10.199.1.31");
  ASSERT_NE(good, nullptr) << output;
  EXPECT_EQ(text(*good, "manufacturer"), "Hikvision");
}

// An SSDP and mDNS answerer: the Axis mDNS reply of corpus axis_mdns_1.txt (legacy unicast,
// to the querier), and two SSDP replies, one whose LOCATION is on the answerer itself (served
// by a small HTTP server: a UPnP description) and one naming a third party, which discover
// must not follow.
constexpr const char* kSsdpMdnsResponder = R"(
import binascii, http.server, select, socket, sys, threading, time
ip = sys.argv[1]
description = (b'<?xml version="1.0"?><root xmlns="urn:schemas-upnp-org:device-1-0"><device>'
  b'<friendlyName>AXIS M5014 - ACCC8E3C0419</friendlyName><manufacturer>AXIS</manufacturer>'
  b'<modelName>AXIS M5014</modelName><serialNumber>ACCC8E3C0419</serialNumber>'
  b'<UDN>uuid:Upnp-BasicDevice-1_0-ACCC8E3C0419</UDN></device></root>')
class Description(http.server.BaseHTTPRequestHandler):
  def do_GET(self):
    self.send_response(200 if self.path == '/rootdesc1.xml' else 404)
    self.send_header('Content-Type', 'text/xml')
    self.send_header('Content-Length', str(len(description)))
    self.end_headers()
    self.wfile.write(description)
  def log_message(self, *args):
    pass
server = http.server.HTTPServer((ip, 49152), Description)
threading.Thread(target=server.serve_forever, daemon=True).start()
def ssdp(location):
  return ('HTTP/1.1 200 OK\r\nCACHE-CONTROL: max-age=1800\r\nEXT:\r\nLOCATION: ' + location +
          '\r\nSERVER: Linux/4.9.0-axis1, UPnP/1.0, Portable SDK for UPnP devices/1.6.22\r\n'
          'ST: upnp:rootdevice\r\nUSN: uuid:Upnp-BasicDevice-1_0-ACCC8E3C0419::upnp:rootdevice\r\n\r\n').encode()
mdns_reply = binascii.unhexlify(sys.argv[2])
sockets = {}
for port, group in ((1900, '239.255.255.250'), (5353, '224.0.0.251')):
  s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
  s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
  s.bind(('0.0.0.0', port))
  s.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, socket.inet_aton(group) + socket.inet_aton(ip))
  sockets[s] = port
try:
  print('ready', flush=True)
except BrokenPipeError:  # the harness stops reading once it has seen 'ready'
  pass
end = time.time() + 30
while time.time() < end:
  readable, _, _ = select.select(list(sockets), [], [], 0.5)
  for s in readable:
    data, sender = s.recvfrom(65536)
    if sockets[s] == 5353:
      s.sendto(mdns_reply, sender)
    else:
      s.sendto(ssdp('http://%s:49152/rootdesc1.xml' % ip), sender)
      s.sendto(ssdp('http://10.199.1.41:49152/elsewhere.xml'), sender)
)";

// corpus axis_mdns_1.txt: an Axis answer to a PTR query for _axis-video._tcp.local.
constexpr const char* kAxisMdnsReplyHex =
    "0000840000000001000000040b5f617869732d766964656f045f746370056c6f63616c00000c0001000000000019165669727475616c"
    "202d20303031313232333334343535c00c055f72747370c018000c00010000000000221f41584953204d35303134202d204143434338"
    "4533433034313920482e323634c00cc01800108001000011940018176d6163616464726573733d303031313232333334343535c01800"
    "018001000000780004f0000600c01800018001000000780004a9fe4178";

TEST(DiscoverLan, SsdpLocationIsFetchedOnlyFromTheReplierAndMdnsAnswersIdentifyAxis) {
  if (run("command -v python3").empty()) GTEST_SKIP() << "python3 is needed for the SSDP/mDNS responder";
  Estate estate;
  skip_unless_namespaces(estate);
  ASSERT_TRUE(estate.ready()) << estate.log();
  const std::string client = estate.add_host("client", kClientIp);
  const std::string answerer_ip = "10.199.1.40";
  const std::string answerer = estate.add_host("axis", answerer_ip);
  ASSERT_TRUE(estate.ready()) << estate.log();
  ASSERT_TRUE(estate.start(answerer, {"/usr/bin/python3", "-c", kSsdpMdnsResponder, answerer_ip, kAxisMdnsReplyHex}))
      << estate.log();

  const std::string devices_file = estate.file("devices.jsonl"), observations_file = estate.file("observations.jsonl");
  int exit_code = -1;
  const std::string output = run_discover(estate, client, devices_file, observations_file, exit_code);
  ASSERT_EQ(exit_code, 0) << output;

  std::size_t descriptions = 0;
  for (const json& obs : read_json_lines(observations_file)) {
    if (text(obs, "protocol") != "upnp") continue;
    ++descriptions;
    EXPECT_EQ(text(obs, "ip"), answerer_ip);
    EXPECT_EQ(text(obs, "path"), "/rootdesc1.xml");
    EXPECT_NE(text(obs, "data").find("<modelName>AXIS M5014</modelName>"), std::string::npos) << obs.dump();
  }
  EXPECT_EQ(descriptions, 1u) << "the description on the replier, and nothing from the third party";
  EXPECT_NE(output.find("10.199.1.41:49152/elsewhere.xml, not on the replier itself: not fetched"), std::string::npos)
      << output;

  const auto devices = read_json_lines(devices_file);
  const json* device = device_at(devices, answerer_ip);
  ASSERT_NE(device, nullptr) << output;
  const std::string seen = device->at("seen").dump();
  for (const char* answered : {"ssdp/udp/1900", "mdns/udp/5353", "upnp/tcp/49152"})
    EXPECT_NE(seen.find(answered), std::string::npos) << answered << " not in " << seen;
  EXPECT_EQ(text(*device, "manufacturer"), "Axis");
  EXPECT_EQ(text(*device, "model"), "M5014");
  EXPECT_FALSE(device->contains("unparsed")) << device->at("unparsed").dump();
}

TEST(DiscoverLan, RefusesALoopbackOnlyNamespace) {
  Estate estate;
  skip_unless_namespaces(estate);
  ASSERT_TRUE(estate.ready()) << estate.log();
  int exit_code = -1;
  // The bridge namespace has lo and an unaddressed bridge: nothing to discover on.
  const std::string output =
      Estate::exec(estate.bridge_namespace(), std::string(CAMAUDIT_BINARY) + " discover --kb " + CAMAUDIT_SOURCE_KB_DIR, exit_code);
  EXPECT_EQ(exit_code, 2) << output;
  EXPECT_NE(output.find("loopback"), std::string::npos) << output;
}

}  // namespace

// `camaudit scan --discover` on the same kind of segment: discovery runs on eth0 (its
// subnet covers the targets), what it hears is merged into the devices the scan finds
// (one device each, with the evidence of both), and a camera heard by discovery outside
// the scanned range is reported as such and never probed.
TEST(ScanWithDiscovery, MergesDiscoveryIntoScannedDevicesAndNeverProbesOutsideTheRange) {
  Estate estate;
  skip_unless_namespaces(estate);
  ASSERT_TRUE(estate.ready()) << estate.log();
  const std::string client = estate.add_host("client", kClientIp);
  struct Host {
    const char* profile;
    const char* ip;
  };
  const std::vector<Host> inside = {{"hikvision-ipc-v5", "10.199.1.11"}, {"dahua-ipc", "10.199.1.12"}};
  const Host outside = {"hilook-nvr", "10.199.1.200"};  // on the segment, not in 10.199.1.0/28
  std::vector<std::string> logs;
  for (const Host& h : {inside[0], inside[1], outside}) {
    const std::string ns = estate.add_host(h.profile, h.ip);
    logs.push_back(estate.file(std::string(h.profile) + ".requests.jsonl"));
    ASSERT_TRUE(estate.start(ns, {CAMFARM_BINARY, "--range", std::string(h.ip) + "/32", "--live", "1", "--seed", "5",
                                  "--mix", std::string(h.profile) + "=1", "--multicast", "--duration", "60",
                                  "--threads", "1", "--request-log", logs.back()}))
        << estate.log();
  }
  ASSERT_TRUE(estate.ready()) << estate.log();
  const std::string devices_file = estate.file("scan.jsonl");
  int exit_code = -1;
  const std::string output = Estate::exec(
      client,
      std::string(CAMAUDIT_BINARY) + " scan 10.199.1.0/28 --discover --interface eth0 --discover-wait 2 --rate 2000 " +
          "--progress never --no-table -o " + devices_file + " --kb " + CAMAUDIT_SOURCE_KB_DIR,
      exit_code);
  ASSERT_EQ(exit_code, 0) << output;
  const auto devices = read_json_lines(devices_file);
  EXPECT_EQ(devices.size(), 3u) << output;  // two scanned and merged, one heard only by discovery
  for (const Host& h : inside) {
    SCOPED_TRACE(h.profile);
    const json* device = device_at(devices, h.ip);
    ASSERT_NE(device, nullptr) << output;
    const std::string evidence = device->at("evidence").dump() + device->at("seen").dump();
    EXPECT_NE(evidence.find("tcp/80"), std::string::npos) << "scanned";
    // Merged with its scan: no "found by LAN discovery only" note (other notes, such as
    // why a label is unknown, may be there).
    EXPECT_EQ(device->value("notes", json::array()).dump().find("LAN discovery"), std::string::npos);
    EXPECT_FALSE(text(*device, "model").empty());
  }
  const json* far = device_at(devices, outside.ip);
  ASSERT_NE(far, nullptr) << output;
  EXPECT_NE(far->at("notes").dump().find("outside the scanned ranges"), std::string::npos) << far->dump();
  EXPECT_EQ(far->at("seen").dump().find("tcp/"), std::string::npos) << "never probed over TCP";
  // The device outside the range received discovery questions only, and nothing forbidden.
  std::ifstream outside_log(logs.back());
  for (std::string line; std::getline(outside_log, line);) {
    json request = json::parse(line, nullptr, false);
    EXPECT_EQ(request.value("transport", ""), "udp") << "probed beyond discovery: " << line;
  }
  for (const std::string& log : logs) {
    int check = -1;
    const std::string report = Estate::exec(client, std::string(CAMFARM_BINARY) + " check-log " + log, check);
    EXPECT_EQ(check, 0) << log << ":\n" << report;
  }
}
