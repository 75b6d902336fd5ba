// SPDX-License-Identifier: Apache-2.0
// The capture importer on captures written here with libpcap's own dump API: a SADP
// reply, an HTTP exchange split into out-of-order segments, an auditor's M-SEARCH
// (not the device's word), damaged packets, and files that are not captures. The real
// loopback capture of a camfarm scan is imported in tests/ingest/.
#include <camaudit/ingest/pcap.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <pcap/pcap.h>

#include <cstdio>
#include <filesystem>
#include <unistd.h>

namespace camaudit::ingest {
namespace {

using ::testing::HasSubstr;

std::string be16(unsigned v) { return {static_cast<char>(v >> 8), static_cast<char>(v & 0xFF)}; }
std::string be32(unsigned v) { return be16(v >> 16) + be16(v & 0xFFFF); }

// Ethernet + IPv4 (no checksum: the importer does not check it) + transport bytes.
std::string frame(const std::string& src, const std::string& dst, int proto, const std::string& l4) {
  std::string eth(12, '\x02');
  eth += be16(0x0800);
  std::string ip = "\x45";
  ip += '\0';
  ip += be16(static_cast<unsigned>(20 + l4.size())) + be32(0) + "\x40" + static_cast<char>(proto) + be16(0);
  ip += src + dst;
  return eth + ip + l4;
}

std::string udp(unsigned sport, unsigned dport, const std::string& data) {
  return be16(sport) + be16(dport) + be16(static_cast<unsigned>(8 + data.size())) + be16(0) + data;
}

std::string tcp(unsigned sport, unsigned dport, unsigned seq, unsigned flags, const std::string& data) {
  return be16(sport) + be16(dport) + be32(seq) + be32(0) + "\x50" + static_cast<char>(flags) + be16(65535) + be32(0) + data;
}

const std::string kCamera("\x7f\x00\x00\x0a", 4), kAuditor("\x7f\x00\x00\x01", 4), kMulticast("\xef\xff\xff\xfa", 4);

std::string write_capture(const std::vector<std::string>& frames) {
  const std::string path = (std::filesystem::temp_directory_path() / ("camaudit-pcap-" + std::to_string(::getpid()) + ".pcap")).string();
  pcap_t* dead = pcap_open_dead(DLT_EN10MB, 65535);
  pcap_dumper_t* d = pcap_dump_open(dead, path.c_str());
  for (const std::string& f : frames) {
    pcap_pkthdr h{};
    h.caplen = h.len = static_cast<bpf_u_int32>(f.size());
    pcap_dump(reinterpret_cast<u_char*>(d), &h, reinterpret_cast<const u_char*>(f.data()));
  }
  pcap_dump_close(d);
  pcap_close(dead);
  return path;
}

struct Imported {
  ImportReport report;
  std::vector<Observation> observations;
};

Imported import_path(const std::string& path) {
  Imported out;
  std::FILE* f = std::fopen(path.c_str(), "rb");
  out.report = kPcapImporter.run({path, f}, {}, [&](Observation&& o) { out.observations.push_back(o); });
  std::fclose(f);
  return out;
}

TEST(PcapImport, DatagramsAndReassembledHttp) {
  const std::string request = "GET /ISAPI/System/deviceInfo HTTP/1.1\r\nHost: x\r\n\r\n";
  const std::string response = "HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nContent-Length: 12\r\n\r\n<DeviceInfo>";
  const std::string path = write_capture({
      frame(kCamera, kAuditor, 17, udp(37020, 37020, "<ProbeMatch><DeviceType>x</DeviceType></ProbeMatch>")),
      frame(kAuditor, kMulticast, 17, udp(40000, 1900, "M-SEARCH * HTTP/1.1\r\n\r\n")),
      frame(kAuditor, kCamera, 6, tcp(40001, 80, 100, 0x02, "")),
      frame(kCamera, kAuditor, 6, tcp(80, 40001, 500, 0x12, "")),
      frame(kAuditor, kCamera, 6, tcp(40001, 80, 101, 0x18, request)),
      // The answer's second half arrives first, then the first half, then a retransmission.
      frame(kCamera, kAuditor, 6, tcp(80, 40001, 501 + 20, 0x18, response.substr(20))),
      frame(kCamera, kAuditor, 6, tcp(80, 40001, 501, 0x18, response.substr(0, 20))),
      frame(kCamera, kAuditor, 6, tcp(80, 40001, 501, 0x18, response.substr(0, 20))),
      frame(kCamera, kAuditor, 6, tcp(80, 40001, 501 + static_cast<unsigned>(response.size()), 0x11, "")),
      std::string("\x02\x02\x02", 3),                          // a damaged frame
      frame(kCamera, kAuditor, 6, std::string("\x00\x50", 2)),  // a cut TCP header
  });
  const Imported r = import_path(path);
  std::filesystem::remove(path);
  ASSERT_FALSE(r.report.error) << *r.report.error;
  EXPECT_EQ(r.report.records, 11u);
  EXPECT_EQ(r.report.counts.at("packets not IP or damaged"), 2u);
  ASSERT_EQ(r.observations.size(), 2u);
  EXPECT_EQ(r.observations[0].protocol, "sadp");
  EXPECT_EQ(r.observations[0].ip, "127.0.0.10");
  EXPECT_EQ(r.observations[1].protocol, "http");
  EXPECT_EQ(r.observations[1].port, 80);
  EXPECT_EQ(r.observations[1].path, "/ISAPI/System/deviceInfo");
  EXPECT_EQ(r.observations[1].payload, response);
}

TEST(PcapImport, TlsCertificateFromTheHandshake) {
  const std::string der = "\x30\x03\x02\x01\x05";
  const std::string certs = std::string("\x00\x00", 2) + static_cast<char>(der.size() + 3) + std::string("\x00\x00", 2) +
                            static_cast<char>(der.size()) + der;
  const std::string message = std::string("\x0b\x00\x00", 3) + static_cast<char>(certs.size()) + certs;
  const std::string hello = std::string("\x02\x00\x00\x02\x03\x03", 6);
  const std::string handshake = hello + message;
  const std::string record = std::string("\x16\x03\x03", 3) + be16(static_cast<unsigned>(handshake.size())) + handshake;
  EXPECT_EQ(tls_server_certificate(record), der);
  EXPECT_EQ(tls_server_certificate(record.substr(0, 12)), std::nullopt);
  EXPECT_EQ(tls_server_certificate("HTTP/1.1 200 OK"), std::nullopt);
}

TEST(PcapImport, NotACaptureAndCutCapture) {
  const std::string path = (std::filesystem::temp_directory_path() / ("camaudit-notpcap-" + std::to_string(::getpid()))).string();
  { std::FILE* f = std::fopen(path.c_str(), "wb"); std::fputs("Make,Model\n", f); std::fclose(f); }
  EXPECT_THAT(*import_path(path).report.error, HasSubstr("not a readable pcap"));
  const std::string good = write_capture({frame(kCamera, kAuditor, 17, udp(37020, 37020, "<ProbeMatch/>")),
                                          frame(kCamera, kAuditor, 17, udp(37020, 37020, "<ProbeMatch/>"))});
  std::filesystem::resize_file(good, std::filesystem::file_size(good) - 10);  // the last record cut
  const Imported r = import_path(good);
  EXPECT_EQ(r.observations.size(), 1u);
  ASSERT_TRUE(r.report.error);
  EXPECT_THAT(*r.report.error, HasSubstr("damaged after packet 1"));
  std::filesystem::remove(path);
  std::filesystem::remove(good);
}

}  // namespace
}  // namespace camaudit::ingest
