// SPDX-License-Identifier: Apache-2.0
#include <camaudit/discover/discoverer.hpp>

#include <camaudit/discover/messages.hpp>
#include <camaudit/discover/upnp_fetch.hpp>
#include <camaudit/protocol/ssdp.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <set>
#include <thread>
#include <unordered_set>

namespace camaudit::discover {

namespace {

using Clock = std::chrono::steady_clock;

// Three sends of every message, 300 ms apart.
constexpr int kSends = 3;
constexpr std::chrono::milliseconds kRetransmitInterval{300};

struct Destination {
  std::uint32_t address;  // network byte order
  std::uint16_t port;
};

// One protocol's socket on one interface: what it sends, and where.
struct Channel {
  std::string_view protocol;  // Observation::protocol of every reply it receives
  const Interface* interface = nullptr;
  int fd = -1;
  std::vector<std::string> messages;
  std::vector<Destination> destinations;
};

std::uint32_t ipv4(const char* text) {
  in_addr a{};
  ::inet_pton(AF_INET, text, &a);
  return a.s_addr;
}

// The questions of each protocol (messages.hpp). Fresh identifiers per run; the same
// bytes on every retransmission.
std::vector<Channel> plan(const Interface& itf, std::chrono::milliseconds wait) {
  const std::uint32_t limited_broadcast = INADDR_BROADCAST;
  const std::uint32_t ssdp_group = ipv4("239.255.255.250");
  std::vector<Channel> channels;
  const std::string sadp_uuid = random_uuid();
  channels.push_back({"sadp", &itf, -1,
                      {sadp_inquiry(sadp_uuid, SadpInquiry::inquiry), sadp_inquiry(sadp_uuid, SadpInquiry::inquiry_v32)},
                      {{ssdp_group, 37020}}});
  Channel dhip{"dhip", &itf, -1, {dhip_search()}, {{ipv4("239.255.255.251"), 37810}, {limited_broadcast, 37810}}};
  Channel legacy{"dahua5050", &itf, -1, {dahua5050_probe()}, {{limited_broadcast, 5050}}};
  if (itf.broadcast != 0) {
    dhip.destinations.push_back({itf.broadcast, 37810});
    legacy.destinations.push_back({itf.broadcast, 5050});
  }
  channels.push_back(std::move(dhip));
  channels.push_back(std::move(legacy));
  channels.push_back({"wsd", &itf, -1,
                      {wsd_probe(WsdType::network_video_transmitter, random_uuid()),
                       wsd_probe(WsdType::device, random_uuid())},
                      {{ssdp_group, 3702}}});
  const int mx = static_cast<int>(wait.count() / 1000) - 1;
  channels.push_back({"ssdp", &itf, -1,
                      {ssdp_msearch(SsdpTarget::all, mx), ssdp_msearch(SsdpTarget::root_device, mx)},
                      {{ssdp_group, 1900}}});
  channels.push_back({"mdns", &itf, -1, {mdns_ptr_query()}, {{ipv4("224.0.0.251"), 5353}}});
  return channels;
}

// A UDP socket that can only talk through `itf`: bound to the device, multicast out of its
// address with TTL 1 (link-local: discovery must not be routed), broadcast allowed.
int open_bound_socket(const Interface& itf, std::string& error) {
  int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    error = std::string("socket: ") + std::strerror(errno);
    return -1;
  }
  auto fail = [&](const char* what) {
    error = std::string(what) + ": " + std::strerror(errno);
    ::close(fd);
    return -1;
  };
  if (::setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, itf.name.c_str(), static_cast<socklen_t>(itf.name.size())) != 0)
    return fail("SO_BINDTODEVICE (needs root or CAP_NET_RAW)");
  ip_mreqn multicast_interface{};
  multicast_interface.imr_address.s_addr = itf.address;
  multicast_interface.imr_ifindex = static_cast<int>(itf.index);
  if (::setsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, &multicast_interface, sizeof multicast_interface) != 0)
    return fail("IP_MULTICAST_IF");
  const int ttl = 1, off = 0, on = 1;
  if (::setsockopt(fd, IPPROTO_IP, IP_MULTICAST_TTL, &ttl, sizeof ttl) != 0) return fail("IP_MULTICAST_TTL");
  if (::setsockopt(fd, IPPROTO_IP, IP_MULTICAST_LOOP, &off, sizeof off) != 0) return fail("IP_MULTICAST_LOOP");
  if (::setsockopt(fd, SOL_SOCKET, SO_BROADCAST, &on, sizeof on) != 0) return fail("SO_BROADCAST");
  // Any address, ephemeral port: replies come unicast to the interface's address, and
  // Dahua devices that answer by broadcast (protocols.md §2.2) reach us too; the device
  // binding keeps it to this interface.
  sockaddr_in local{};
  local.sin_family = AF_INET;
  local.sin_addr.s_addr = htonl(INADDR_ANY);
  if (::bind(fd, reinterpret_cast<const sockaddr*>(&local), sizeof local) != 0) return fail("bind");
  return fd;
}

std::string ipv4_text(const sockaddr_in& a) {
  char text[INET_ADDRSTRLEN] = {};
  ::inet_ntop(AF_INET, &a.sin_addr, text, sizeof text);
  return text;
}

void say(const DiscoverOptions& options, const std::string& line) {
  if (options.progress) options.progress(line);
}

// Sends every message of `channel` to every destination once; returns datagrams sent.
std::size_t send_all(const Channel& channel, const DiscoverOptions& options, bool first_round) {
  std::size_t sent = 0;
  for (const Destination& d : channel.destinations) {
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_addr.s_addr = d.address;
    to.sin_port = htons(d.port);
    for (const std::string& message : channel.messages) {
      if (::sendto(channel.fd, message.data(), message.size(), 0, reinterpret_cast<const sockaddr*>(&to), sizeof to) ==
          static_cast<ssize_t>(message.size())) {
        ++sent;
      } else if (first_round) {
        say(options, channel.interface->name + ": " + std::string(channel.protocol) + " to " + ipv4_text(to) + ":" +
                         std::to_string(d.port) + " not sent: " + std::strerror(errno));
      }
    }
  }
  return sent;
}

class Collector {
 public:
  explicit Collector(DiscoverResult& result) : m_result(result) {}

  void add(const Channel& channel, const sockaddr_in& from, std::string payload) {
    ++m_result.replies;
    const std::string ip = ipv4_text(from);
    const std::uint16_t port = ntohs(from.sin_port);
    std::string key = std::string(channel.protocol) + '\0' + ip + ':' + std::to_string(port) + '\0' + payload;
    if (m_seen.contains(key)) {
      ++m_result.duplicates;
      return;
    }
    // Past the cap nothing more is kept, not even its key: a flood cannot grow memory.
    if (m_result.observations.size() >= kMaxObservations) {
      ++m_result.dropped;
      return;
    }
    m_seen.insert(std::move(key));
    Observation obs;
    obs.index = m_result.observations.size();
    obs.device = ip;
    obs.ip = ip;
    obs.port = port;
    obs.transport = "udp";
    obs.protocol = std::string(channel.protocol);
    obs.payload = std::move(payload);
    obs.source = "discover:" + obs.protocol;
    m_result.observations.push_back(std::move(obs));
    m_arrived_on.push_back(channel.interface);
  }

  const Interface* arrived_on(std::size_t observation) const { return m_arrived_on[observation]; }

 private:
  DiscoverResult& m_result;
  std::unordered_set<std::string> m_seen;
  std::vector<const Interface*> m_arrived_on;  // parallel to observations (UDP replies)
};

// SSDP replies name their description; fetch it from the replier only (upnp_fetch.hpp).
void fetch_descriptions(DiscoverResult& result, const Collector& collector, const DiscoverOptions& options) {
  std::set<std::string> fetched;
  const std::size_t replies = result.observations.size();
  for (std::size_t i = 0; i < replies && fetched.size() < kMaxDescriptionFetches; ++i) {
    if (result.observations[i].protocol != "ssdp") continue;
    std::string parse_error;
    auto message = protocol::parse_ssdp(result.observations[i].payload, &parse_error);
    if (!message || message->location.empty()) continue;
    const std::string ip = result.observations[i].ip;
    auto location = location_on_replier(message->location, ip);
    if (!location) {
      say(options, "ssdp: " + ip + " names LOCATION " + message->location +
                       ", not on the replier itself: not fetched");
      continue;
    }
    if (!fetched.insert(message->location).second) continue;
    std::string error;
    auto response = http_get(*location, collector.arrived_on(i)->name, kMaxDescriptionBytes, kDescriptionTimeout, error);
    if (!response) {
      say(options, "upnp: " + message->location + ": " + error);
      continue;
    }
    Observation obs;
    obs.index = result.observations.size();
    obs.device = ip;
    obs.ip = ip;
    obs.port = location->port;
    obs.transport = "tcp";
    obs.protocol = "upnp";
    obs.path = location->path;
    obs.payload = std::move(*response);
    obs.source = "discover:upnp";
    result.observations.push_back(std::move(obs));
  }
}

}  // namespace

DiscoverResult discover(const DiscoverOptions& options) {
  DiscoverResult result;
  std::string error;
  const std::vector<Interface> candidates = choose_interfaces(options.interfaces, error);
  if (candidates.empty()) {
    result.error = error;
    return result;
  }
  const auto wait = std::max(options.wait, kRetransmitInterval * (kSends - 1) + std::chrono::milliseconds(100));

  // Channels point into result.interfaces: reserved up front, so it never reallocates.
  result.interfaces.reserve(candidates.size());
  std::vector<Channel> channels;
  for (const Interface& candidate : candidates) {
    result.interfaces.push_back(candidate);
    std::vector<Channel> planned = plan(result.interfaces.back(), wait);
    bool ok = true;
    for (Channel& channel : planned) {
      channel.fd = open_bound_socket(candidate, error);
      if (channel.fd < 0) {
        say(options, candidate.name + ": skipped: " + error);
        ok = false;
        break;
      }
    }
    if (!ok) {
      for (Channel& channel : planned)
        if (channel.fd >= 0) ::close(channel.fd);
      result.interfaces.pop_back();
      continue;
    }
    for (Channel& channel : planned) channels.push_back(std::move(channel));
  }
  if (result.interfaces.empty()) {
    result.error = "no interface could be used (" + error + ")";
    return result;
  }
  for (const Interface& itf : result.interfaces)
    say(options, itf.name + " " + itf.cidr() + ": SADP, DHIP, Dahua 5050, WS-Discovery, SSDP, mDNS for " +
                     std::to_string(wait.count()) + " ms");

  Collector collector(result);
  std::vector<pollfd> polls;
  for (const Channel& channel : channels) polls.push_back({channel.fd, POLLIN, 0});
  const auto start = Clock::now();
  const auto deadline = start + wait;
  int round = 0;
  std::string buffer(65536, '\0');
  while (Clock::now() < deadline) {
    if (round < kSends && Clock::now() >= start + kRetransmitInterval * round) {
      for (const Channel& channel : channels) result.datagrams_sent += send_all(channel, options, round == 0);
      ++round;
    }
    auto next = round < kSends ? std::min(deadline, start + kRetransmitInterval * round) : deadline;
    auto timeout = std::chrono::duration_cast<std::chrono::milliseconds>(next - Clock::now()).count();
    if (::poll(polls.data(), polls.size(), static_cast<int>(std::max<long long>(timeout, 0) + 1)) <= 0) continue;
    for (std::size_t i = 0; i < polls.size(); ++i) {
      if (!(polls[i].revents & POLLIN)) continue;
      // Drain what is queued; bounded so one flooding socket cannot starve the deadline.
      for (int n = 0; n < 256; ++n) {
        sockaddr_in from{};
        socklen_t from_length = sizeof from;
        const ssize_t got = ::recvfrom(channels[i].fd, buffer.data(), buffer.size(), 0,
                                       reinterpret_cast<sockaddr*>(&from), &from_length);
        if (got < 0) break;
        collector.add(channels[i], from, buffer.substr(0, static_cast<std::size_t>(got)));
      }
    }
  }
  for (Channel& channel : channels) ::close(channel.fd);
  if (options.fetch_upnp_descriptions) fetch_descriptions(result, collector, options);
  return result;
}

}  // namespace camaudit::discover
