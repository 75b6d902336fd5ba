// SPDX-License-Identifier: Apache-2.0
#include <camaudit/protocol/mdns.hpp>
#include <camaudit/protocol/testing/corpus.hpp>
#include <camaudit/protocol/testing/fields.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace camaudit::protocol {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::corpus_text;
using testing::decode_hex_dump;
using testing::field_values;
using testing::parse_with;

std::string axis_response() { return decode_hex_dump(corpus_text("axis_mdns_1.txt")); }

TEST(Mdns, AxisVideoResponseFromCorpus) {
  const std::string bytes = axis_response();
  ASSERT_EQ(bytes.size(), 0xbfu);
  std::string error;
  const auto message = parse_mdns(bytes, &error);
  ASSERT_TRUE(message) << error;
  EXPECT_TRUE(error.empty()) << error;
  EXPECT_TRUE(message->is_response);
  ASSERT_EQ(message->records.size(), 5u);
  EXPECT_EQ(message->records[0].name, "_axis-video._tcp.local");
  EXPECT_EQ(message->records[0].target, "Virtual - 001122334455._axis-video._tcp.local");
  EXPECT_EQ(message->records[3].target, "240.0.6.0");
  EXPECT_EQ(message->records[4].target, "169.254.65.120");
  EXPECT_EQ(message->records[2].record_class, 0x8001);  // cache-flush bit set

  const auto r = parse_with("mdns", bytes);
  EXPECT_FALSE(r.error) << *r.error;
  EXPECT_THAT(field_values(r, "mdns.service"), ElementsAre("_axis-video._tcp.local", "_rtsp._tcp.local"));
  EXPECT_THAT(field_values(r, "mdns.instance"), ElementsAre("Virtual - 001122334455", "AXIS M5014 - ACCC8E3C0419 H.264"));
  EXPECT_THAT(field_values(r, "mdns.txt.macaddress"), ElementsAre("001122334455"));
  for (const Field& f : r.fields) EXPECT_TRUE(f.key.starts_with("mdns.")) << f.key;
}

std::string label(std::string_view text) { return static_cast<char>(text.size()) + std::string(text); }
std::string u16(unsigned v) { return {static_cast<char>(v >> 8), static_cast<char>(v & 0xFF)}; }

// A DNS-SD answer with SRV and TXT for one instance, built field by field (RFC 6763 §4-6).
std::string srv_txt_response() {
  std::string m = u16(0) + u16(0x8400) + u16(0) + u16(2) + u16(0) + u16(0);
  const std::string owner = label("AXIS P1448-LE - 1") + label("_axis-video") + label("_tcp") + label("local") + '\0';
  const unsigned local_offset = 12 + static_cast<unsigned>(owner.find("\x05local"));
  const std::string host = label("axis-b8a44f000001") + u16(0xC000 | local_offset);
  m += owner + u16(33) + u16(0x8001) + u16(0) + u16(120);
  m += u16(static_cast<unsigned>(6 + host.size())) + u16(0) + u16(0) + u16(554) + host;
  const std::string txt = label("macaddress=b8") + label("firmware=11.8.");
  m += u16(0xC00C) + u16(16) + u16(0x8001) + u16(0) + u16(4500) + u16(static_cast<unsigned>(txt.size())) + txt;
  return m;
}

TEST(Mdns, SrvAndTxtInstance) {
  const std::string bytes = srv_txt_response();
  std::string error;
  const auto message = parse_mdns(bytes, &error);
  ASSERT_TRUE(message) << error;
  ASSERT_EQ(message->records.size(), 2u);
  EXPECT_EQ(message->records[0].port, 554);
  const auto r = parse_with("mdns", bytes);
  EXPECT_FALSE(r.error) << *r.error;
  EXPECT_THAT(field_values(r, "mdns.instance"), ElementsAre("AXIS P1448-LE - 1"));
  EXPECT_THAT(field_values(r, "mdns.hostname"), ElementsAre("axis-b8a44f000001.local"));
  EXPECT_THAT(field_values(r, "mdns.txt.firmware"), ElementsAre("11.8."));
}

TEST(Mdns, CompressionPointerLoopsAreErrors) {
  std::string self_loop("\x00\x00\x84\x00\x00\x00\x00\x01\x00\x00\x00\x00\xc0\x0c", 14);
  const auto r = parse_with("mdns", self_loop + std::string(10, '\0'));
  ASSERT_TRUE(r.error);
  EXPECT_THAT(*r.error, HasSubstr("compression pointer loop"));
  // Two pointers chasing each other, and a pointer past the end.
  std::string pair("\x00\x00\x84\x00\x00\x00\x00\x01\x00\x00\x00\x00\xc0\x0e\xc0\x0c", 16);
  EXPECT_THAT(*parse_with("mdns", pair).error, HasSubstr("loop"));
  std::string past("\x00\x00\x84\x00\x00\x00\x00\x01\x00\x00\x00\x00\xc3\xff", 14);
  EXPECT_THAT(*parse_with("mdns", past).error, HasSubstr("past the end"));
}

TEST(Mdns, TruncatedKeepsEarlierRecords) {
  const std::string bytes = axis_response();
  const auto r = parse_with("mdns", bytes.substr(0, 0x90));
  ASSERT_TRUE(r.error);
  EXPECT_THAT(*r.error, HasSubstr("record 3"));
  EXPECT_THAT(field_values(r, "mdns.service"), Contains("_axis-video._tcp.local"));
  EXPECT_TRUE(field_values(r, "mdns.txt.macaddress").empty());
}

TEST(Mdns, GarbageEmptyOversized) {
  EXPECT_EQ(*parse_with("mdns", "").error, "mDNS: empty payload");
  EXPECT_THAT(*parse_with("mdns", "short").error, HasSubstr("shorter than a DNS header"));
  EXPECT_THAT(*parse_with("mdns", std::string(2 * 1024 * 1024, 'A')).error, HasSubstr("opcode"));
  // Maximum counts over a 2 MiB payload of minimal records: bounded by kMaxRecords.
  std::string many("\x00\x00\x84\x00\x00\x00\xff\xff\xff\xff\xff\xff", 12);
  const std::string record("\x00\x00\x01\x00\x01\x00\x00\x00\x00\x00\x00", 11);
  while (many.size() < 2 * 1024 * 1024) many += record;
  const auto r = parse_with("mdns", many);
  ASSERT_TRUE(r.error);
  EXPECT_THAT(*r.error, HasSubstr("more than 1024 records"));
  // A query is parsed but flagged.
  std::string query("\x00\x00\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x05local\x00\x00\x0c\x00\x01", 23);
  EXPECT_EQ(*parse_with("mdns", query).error, "mDNS: a query, not a response");
}

}  // namespace
}  // namespace camaudit::protocol
