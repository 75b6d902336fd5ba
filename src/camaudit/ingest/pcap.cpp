// SPDX-License-Identifier: Apache-2.0
#include <camaudit/ingest/pcap.hpp>

#include <arpa/inet.h>
#include <pcap/pcap.h>

#include <unistd.h>

#include <cstdio>
#include <list>
#include <map>
#include <tuple>
#include <unordered_map>

namespace camaudit::ingest {

namespace {

constexpr int kLinktypeIpv4 = 228, kLinktypeIpv6 = 229;  // LINKTYPE_IPV4/IPV6 (raw, one family)

std::uint16_t be16(const std::uint8_t* p) { return static_cast<std::uint16_t>((p[0] << 8) | p[1]); }
std::uint32_t be32(const std::uint8_t* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
}

// UDP ports whose datagrams a parser reads, by the sender's port (the device answers
// from it) or, for DHCP, the client port (the device asks from it).
std::string_view udp_protocol(std::uint16_t src, std::uint16_t dst) {
  switch (src) {
    case 37020: return "sadp";
    case 37810: return "dhip";
    case 5050: return "dahua5050";
    case 3702: return "wsd";
    case 1900: return "ssdp";
    case 5353: return "mdns";
    case 68: return "dhcp";
    default: break;
  }
  // Multicast announcements (SSDP NOTIFY, mDNS, WS-Discovery Hello) go to the port.
  if (dst == 1900) return "ssdp";
  if (dst == 5353) return "mdns";
  if (dst == 3702) return "wsd";
  if (dst == 67) return "dhcp";
  return {};
}

// SSDP NOTIFY, an mDNS response (QR bit), a WS-Discovery Hello.
bool is_announcement(std::string_view protocol, std::string_view payload) {
  if (protocol == "ssdp") return payload.starts_with("NOTIFY ");
  if (protocol == "mdns") return payload.size() > 2 && (static_cast<unsigned char>(payload[2]) & 0x80) != 0;
  if (protocol == "wsd") return payload.find("Hello") != std::string_view::npos;
  return false;
}

struct Packet {
  std::string src, dst;
  std::uint8_t proto = 0;  // 6 TCP, 17 UDP
  const std::uint8_t* l4 = nullptr;
  std::size_t l4_len = 0;
};

// The IP header at `p`: addresses, protocol and the transport bytes; false if damaged.
bool parse_ip(const std::uint8_t* p, std::size_t n, Packet& out) {
  if (n < 1) return false;
  char text[INET6_ADDRSTRLEN];
  if ((p[0] >> 4) == 4) {
    const std::size_t ihl = (p[0] & 0x0F) * 4u;
    if (n < 20 || ihl < 20 || n < ihl) return false;
    const std::size_t total = std::min<std::size_t>(be16(p + 2), n);
    if (total < ihl || (be16(p + 6) & 0x1FFF) != 0) return false;  // fragments: not reassembled
    out.proto = p[9];
    out.src = inet_ntop(AF_INET, p + 12, text, sizeof text);
    out.dst = inet_ntop(AF_INET, p + 16, text, sizeof text);
    out.l4 = p + ihl;
    out.l4_len = total - ihl;
    return true;
  }
  if ((p[0] >> 4) == 6) {
    if (n < 40) return false;
    out.proto = p[6];  // extension headers are not followed
    out.src = inet_ntop(AF_INET6, p + 8, text, sizeof text);
    out.dst = inet_ntop(AF_INET6, p + 24, text, sizeof text);
    out.l4 = p + 40;
    out.l4_len = std::min<std::size_t>(be16(p + 4), n - 40);
    return true;
  }
  return false;
}

// The IP packet inside one link-layer frame.
bool strip_link(int linktype, const std::uint8_t*& p, std::size_t& n) {
  std::size_t skip = 0;
  switch (linktype) {
    case DLT_NULL:
    case DLT_LOOP: skip = 4; break;
    case DLT_RAW:
    case kLinktypeIpv4:
    case kLinktypeIpv6: skip = 0; break;
    case DLT_LINUX_SLL: skip = 16; break;
    case DLT_EN10MB: {
      skip = 14;
      if (n < 14) return false;
      std::uint16_t type = be16(p + 12);
      while ((type == 0x8100 || type == 0x88A8) && n >= skip + 4) {
        type = be16(p + skip + 2);
        skip += 4;
      }
      if (type != 0x0800 && type != 0x86DD) return false;
      break;
    }
    default: return false;
  }
  if (n < skip) return false;
  p += skip;
  n -= skip;
  return true;
}

// One direction of a TCP connection: bytes in sequence order from its first segment.
struct Flow {
  std::uint32_t next_seq = 0;
  bool started = false;
  std::string bytes;
  std::map<std::uint32_t, std::string> ahead;  // segments past a gap, by sequence number
  std::size_t held = 0;                        // bytes and ahead, for the caps
  std::list<std::string>::iterator lru;
};

using FlowKey = std::tuple<std::string, std::uint16_t, std::string, std::uint16_t>;  // src, sport, dst, dport

struct FlowKeyHash {
  std::size_t operator()(const FlowKey& k) const {
    return std::hash<std::string>()(std::get<0>(k)) ^ (std::get<1>(k) * 31u) ^
           (std::hash<std::string>()(std::get<2>(k)) << 1) ^ (std::get<3>(k) * 131u);
  }
};

std::string key_text(const FlowKey& k) {
  return std::get<0>(k) + "|" + std::to_string(std::get<1>(k)) + "|" + std::get<2>(k) + "|" + std::to_string(std::get<3>(k));
}

class Reader {
 public:
  Reader(const std::string& file, const ObservationSink& sink, ImportReport& report)
      : m_file(file), m_sink(sink), m_report(report) {}

  void packet(int linktype, const std::uint8_t* p, std::size_t n) {
    ++m_report.records;
    Packet pk;
    if (!strip_link(linktype, p, n) || !parse_ip(p, n, pk)) {
      ++m_report.counts["packets not IP or damaged"];
      return;
    }
    if (pk.proto == 17) udp(pk);
    else if (pk.proto == 6) tcp(pk);
  }

  // Streams still open at the end of the capture are read as they are.
  void finish() {
    while (!m_flows.empty()) close(m_flows.begin()->first);
  }

 private:
  void emit(Observation&& o) {
    o.source = "import pcap " + m_file;
    m_sink(std::move(o));
    ++m_report.observations;
  }

  void udp(const Packet& pk) {
    if (pk.l4_len < 8) { ++m_report.counts["packets not IP or damaged"]; return; }
    const std::uint16_t sport = be16(pk.l4), dport = be16(pk.l4 + 2);
    const std::string_view protocol = udp_protocol(sport, dport);
    if (protocol.empty()) return;
    // By destination port only multicast announcements count: a question sent to the
    // port (the auditor's M-SEARCH or Probe) is not the device's word.
    const std::string_view payload(reinterpret_cast<const char*>(pk.l4 + 8), pk.l4_len - 8);
    if (udp_protocol(sport, 0).empty() && protocol != "dhcp" && !is_announcement(protocol, payload)) return;
    Observation o;
    o.ip = pk.src;
    o.port = sport;
    o.transport = "udp";
    o.protocol = std::string(protocol);
    o.payload.assign(reinterpret_cast<const char*>(pk.l4 + 8), std::min<std::size_t>(pk.l4_len - 8, be16(pk.l4 + 4) - 8u));
    if (o.protocol == "dhcp" && o.payload.size() >= 34) {
      // A client with no address yet is known by its hardware address (chaddr).
      char mac[18];
      const auto* c = reinterpret_cast<const std::uint8_t*>(o.payload.data() + 28);
      std::snprintf(mac, sizeof mac, "%02x:%02x:%02x:%02x:%02x:%02x", c[0], c[1], c[2], c[3], c[4], c[5]);
      if (o.ip == "0.0.0.0") o.device = std::string("mac:") + mac;
    }
    ++m_report.counts["udp datagrams read"];
    emit(std::move(o));
  }

  void tcp(const Packet& pk) {
    if (pk.l4_len < 20) { ++m_report.counts["packets not IP or damaged"]; return; }
    const std::size_t offset = (pk.l4[12] >> 4) * 4u;
    if (offset < 20 || offset > pk.l4_len) { ++m_report.counts["packets not IP or damaged"]; return; }
    const FlowKey key{pk.src, be16(pk.l4), pk.dst, be16(pk.l4 + 2)};
    const std::uint8_t flags = pk.l4[13];
    const std::uint32_t seq = be32(pk.l4 + 4);
    Flow& flow = touch(key);
    if (flags & 0x02) {  // SYN
      flow.started = true;
      flow.next_seq = seq + 1;
    }
    add_data(key, flow, seq, std::string_view(reinterpret_cast<const char*>(pk.l4 + offset), pk.l4_len - offset));
    note_request(key, flow);
    if (flags & 0x05) close(key);  // FIN or RST: this direction is done
    evict_over_cap();
  }

  Flow& touch(const FlowKey& key) {
    auto [it, fresh] = m_flows.try_emplace(key);
    if (fresh) {
      m_lru.push_front(key_text(key));
      m_lru_keys[m_lru.front()] = key;
    } else {
      m_lru.splice(m_lru.begin(), m_lru, it->second.lru);
    }
    it->second.lru = m_lru.begin();
    return it->second;
  }

  void add_data(const FlowKey& key, Flow& flow, std::uint32_t seq, std::string_view data) {
    if (data.empty()) return;
    if (!flow.started) {  // capture began mid-stream: take it from here
      flow.started = true;
      flow.next_seq = seq;
    }
    const auto before = flow.held;
    const std::int32_t delta = static_cast<std::int32_t>(seq - flow.next_seq);
    if (delta > 0) {
      if (flow.held + data.size() <= kMaxStreamBytes) {
        flow.ahead.emplace(seq, std::string(data));
        flow.held += data.size();
      }
    } else {
      const std::size_t skip = static_cast<std::size_t>(-delta);  // retransmitted overlap
      if (skip < data.size()) append(flow, data.substr(skip));
      while (!flow.ahead.empty()) {
        auto next = flow.ahead.begin();
        const std::int32_t d = static_cast<std::int32_t>(next->first - flow.next_seq);
        if (d > 0) break;
        std::string segment = std::move(next->second);
        flow.held -= segment.size();
        flow.ahead.erase(next);
        if (static_cast<std::size_t>(-d) < segment.size()) append(flow, std::string_view(segment).substr(static_cast<std::size_t>(-d)));
      }
    }
    m_total += flow.held - before;
    (void)key;
  }

  void append(Flow& flow, std::string_view data) {
    const std::size_t room = kMaxStreamBytes - std::min(kMaxStreamBytes, flow.held);
    flow.bytes.append(data.substr(0, room));
    flow.held += std::min(room, data.size());
    flow.next_seq += static_cast<std::uint32_t>(data.size());
  }

  void evict_over_cap() {
    while (m_total > kMaxTotalBytes && !m_lru.empty()) {
      ++m_report.counts["streams evicted"];
      close(m_lru_keys.at(m_lru.back()));
    }
  }

  static bool is_request(std::string_view b) {
    for (std::string_view m : {"GET ", "POST ", "HEAD ", "PUT ", "OPTIONS ", "DESCRIBE "})
      if (b.starts_with(m)) return true;
    return false;
  }

  // A client's request line, remembered for its server's answer (which may end first).
  void note_request(const FlowKey& key, const Flow& flow) {
    if (flow.bytes.size() > 8192 || !is_request(flow.bytes)) return;
    const auto sp = flow.bytes.find(' '), end = flow.bytes.find(' ', sp + 1);
    const auto& [src, sport, dst, dport] = key;
    if (end != std::string::npos) m_paths.try_emplace(key_text({dst, dport, src, sport}), flow.bytes.substr(sp + 1, end - sp - 1));
  }

  // Reads what one direction said and forgets it.
  // Takes the key by value: callers pass keys that live in the map or the LRU list erased here.
  void close(FlowKey key) {
    auto it = m_flows.find(key);
    if (it == m_flows.end()) return;
    Flow flow = std::move(it->second);
    m_total -= flow.held;
    m_lru_keys.erase(*flow.lru);
    m_lru.erase(flow.lru);
    m_flows.erase(it);
    if (!flow.bytes.empty()) classify(key, flow.bytes);
  }

  void classify(const FlowKey& key, const std::string& bytes) {
    const auto& [src, sport, dst, dport] = key;
    Observation o;
    o.ip = src;
    o.port = sport;
    o.transport = "tcp";
    if (is_request(bytes)) return;  // the client's side: its path was noted as it came
    if (bytes.starts_with("HTTP/1.")) o.protocol = "http";
    else if (bytes.starts_with("RTSP/1.0")) o.protocol = "rtsp";
    else if (auto der = tls_server_certificate(bytes)) {
      o.protocol = "tls";
      o.payload = std::move(*der);
      ++m_report.counts["tcp streams read"];
      emit(std::move(o));
      return;
    } else {
      return;
    }
    if (auto path = m_paths.find(key_text(key)); path != m_paths.end()) {
      o.path = path->second;
      m_paths.erase(path);
    }
    o.payload = bytes;
    ++m_report.counts["tcp streams read"];
    emit(std::move(o));
  }

  std::string m_file;
  const ObservationSink& m_sink;
  ImportReport& m_report;
  std::unordered_map<FlowKey, Flow, FlowKeyHash> m_flows;
  std::list<std::string> m_lru;  // most recent first
  std::unordered_map<std::string, FlowKey> m_lru_keys;
  std::unordered_map<std::string, std::string> m_paths;  // server flow -> its client's request path
  std::size_t m_total = 0;
};

ImportReport import_pcap(const ImportInput& in, const ImportOptions&, const ObservationSink& sink) {
  ImportReport report;
  report.unit = "packet";
  char error[PCAP_ERRBUF_SIZE] = {};
  // pcap_close closes the FILE* it was given, and the caller closes its own: hand libpcap
  // a duplicate (of the descriptor, or for an in-memory file a temporary copy).
  std::FILE* own = nullptr;
  if (const int fd = fileno(in.file); fd >= 0) {
    const int copy = dup(fd);
    own = copy >= 0 ? fdopen(copy, "rb") : nullptr;
  } else if (auto bytes = read_all(in.file, std::size_t{1} << 30, report.error.emplace()); bytes && (own = std::tmpfile())) {
    report.error.reset();
    std::fwrite(bytes->data(), 1, bytes->size(), own);
    std::rewind(own);
  }
  if (own == nullptr) {
    if (!report.error) report.error = "cannot read the capture";
    return report;
  }
  pcap_t* pcap = pcap_fopen_offline(own, error);
  if (pcap == nullptr) {
    std::fclose(own);
    report.error = std::string("not a readable pcap/pcapng file: ") + error;
    return report;
  }
  const int linktype = pcap_datalink(pcap);
  report.tool = std::string("pcap, link type ") + (pcap_datalink_val_to_name(linktype) ? pcap_datalink_val_to_name(linktype) : "?");
  Reader reader(base_name(in.name), sink, report);
  pcap_pkthdr* header = nullptr;
  const u_char* data = nullptr;
  int status;
  while ((status = pcap_next_ex(pcap, &header, &data)) == 1)
    reader.packet(linktype, data, std::min<std::size_t>(header->caplen, header->len));
  if (status == PCAP_ERROR)
    report.error = std::string("capture damaged after packet ") + std::to_string(report.records) + ": " + pcap_geterr(pcap);
  reader.finish();
  pcap_close(pcap);
  return report;
}

}  // namespace

std::optional<std::string> tls_server_certificate(std::string_view s) {
  std::string handshake;  // handshake bytes of the leading records
  std::size_t i = 0;
  while (i + 5 <= s.size() && handshake.size() < kMaxStreamBytes) {
    const auto* p = reinterpret_cast<const std::uint8_t*>(s.data() + i);
    if (p[0] != 22 || p[1] != 3) break;
    const std::size_t len = be16(p + 3);
    if (i + 5 + len > s.size()) { handshake.append(s.substr(i + 5)); break; }
    handshake.append(s.substr(i + 5, len));
    i += 5 + len;
  }
  std::size_t h = 0;
  while (h + 4 <= handshake.size()) {
    const auto* p = reinterpret_cast<const std::uint8_t*>(handshake.data() + h);
    const std::size_t len = (std::size_t{p[1]} << 16) | (std::size_t{p[2]} << 8) | p[3];
    if (p[0] == 11 && h + 4 + 6 <= handshake.size()) {
      const auto* c = p + 4 + 3;  // past the list length
      const std::size_t cert = (std::size_t{c[0]} << 16) | (std::size_t{c[1]} << 8) | c[2];
      if (h + 10 + cert > handshake.size() || cert == 0) return std::nullopt;
      return std::string(handshake.substr(h + 10, cert));
    }
    h += 4 + len;
  }
  return std::nullopt;
}

constinit const Importer kPcapImporter{"pcap", "packet capture (pcap/pcapng): discovery and DHCP datagrams, HTTP/RTSP/TLS from TCP streams",
                                       import_pcap};

}  // namespace camaudit::ingest
