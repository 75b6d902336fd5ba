// SPDX-License-Identifier: Apache-2.0
#include <camaudit/protocol/sadp.hpp>
#include <camaudit/protocol/testing/corpus.hpp>
#include <camaudit/protocol/testing/fields.hpp>

#include <gtest/gtest.h>

namespace camaudit::protocol {
namespace {

using testing::corpus_text;
using testing::field_value;
using testing::parse_with;

TEST(Sadp, RealProbeMatchKeepsEveryElementVerbatim) {
  // hikvision_sadp_1.txt: DS-2CD2385G1-I reply, tab-indented, with the firmware's "flase".
  ParseResult r = parse_with("sadp", corpus_text("hikvision_sadp_1.txt"));
  EXPECT_FALSE(r.error) << *r.error;
  EXPECT_EQ(field_value(r, "sadp.message"), "ProbeMatch");
  EXPECT_EQ(field_value(r, "sadp.DeviceSN"), "DS-2CD2385G1-I20200414AAWRE33842150");
  EXPECT_EQ(field_value(r, "sadp.DeviceDescription"), "DS-2CD2385G1-I");
  EXPECT_EQ(field_value(r, "sadp.DeviceType"), "141945");
  EXPECT_EQ(field_value(r, "sadp.MAC"), "58-50-ed-1f-e3-85");
  EXPECT_EQ(field_value(r, "sadp.SoftwareVersion"), "V5.6.2build 190701");
  EXPECT_EQ(field_value(r, "sadp.DetailOEMCode"), "1");
  EXPECT_EQ(field_value(r, "sadp.Activated"), "true");
  EXPECT_EQ(field_value(r, "sadp.HCPlatformEnable"), "flase");
  EXPECT_EQ(field_value(r, "sadp.DeviceLock"), "flase");
  EXPECT_EQ(field_value(r, "sadp.SupportMailBox"), "true");
  EXPECT_EQ(r.fields.size(), 1u + 37u);  // message + 37 child elements
}

TEST(Sadp, TypedMessageKeepsOrder) {
  Parsed<SadpMessage> parsed = parse_sadp(corpus_text("hikvision_sadp_2.txt"));
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed.message.root, "ProbeMatch");
  ASSERT_EQ(parsed.message.elements.size(), 13u);
  EXPECT_EQ(parsed.message.elements.front(),
            (std::pair<std::string, std::string>{"Uuid", "d311b3b5-a4c1-47c0-bf4b-c0a26de18451"}));
  EXPECT_EQ(parsed.message.elements.back(), (std::pair<std::string, std::string>{"Activated", "true"}));
}

TEST(Sadp, MissingFieldsAreSimplyAbsent) {
  ParseResult r = parse_with("sadp", corpus_text("hikvision_sadp_2.txt"));
  EXPECT_EQ(field_value(r, "sadp.DeviceDescription"), "DS-2CD2T47G1-L");
  EXPECT_EQ(field_value(r, "sadp.DHCP"), "<absent>");
  EXPECT_EQ(field_value(r, "sadp.Salt"), "<absent>");
}

TEST(Sadp, CrlfBomAndLeadingJunk) {
  // hikvision_sadp_5.txt is UniversalScanner's copy of the wire format with CRLF.
  std::string text = testing::corpus_lines("hikvision_sadp_5.txt", 1, 30, "\r\n");
  ParseResult r = parse_with("sadp", "\xEF\xBB\xBF\r\n\x01junk" + text + std::string("\0\0", 2));
  EXPECT_FALSE(r.error) << *r.error;
  EXPECT_EQ(field_value(r, "sadp.DeviceSN"), "Virtual-123456789");
  EXPECT_EQ(field_value(r, "sadp.HCPlatformEnable"), "flase");
  EXPECT_EQ(field_value(r, "sadp.IPv4Address"), "240.0.5.0");  // no stray '\r'
}

TEST(Sadp, ProbeRequestsAreRecognised) {
  // hikvision_sadp_4.txt line 2: the read-only inquiry a SADP tool multicasts.
  std::string probe = testing::corpus_lines("hikvision_sadp_4.txt", 2, 2);
  ParseResult r = parse_with("sadp", probe);
  EXPECT_FALSE(r.error);
  EXPECT_EQ(field_value(r, "sadp.message"), "Probe");
  EXPECT_EQ(field_value(r, "sadp.Types"), "inquiry");
  EXPECT_EQ(field_value(r, "sadp.Uuid"), "%s");
}

TEST(Sadp, TruncatedReplyKeepsWhatWasRead) {
  std::string text = corpus_text("hikvision_sadp_1.txt");
  text.resize(text.find("<SoftwareVersion>") + 20);
  ParseResult r = parse_with("sadp", text);
  ASSERT_TRUE(r.error);
  EXPECT_NE(r.error->find("SADP: XML parse error at offset"), std::string::npos) << *r.error;
  EXPECT_EQ(field_value(r, "sadp.DeviceSN"), "DS-2CD2385G1-I20200414AAWRE33842150");
  EXPECT_EQ(field_value(r, "sadp.DSPVersion"), "<absent>");
}

TEST(Sadp, OtherXmlIsRejected) {
  ParseResult r = parse_with("sadp", "<html><body>hello</body></html>");
  ASSERT_TRUE(r.error);
  EXPECT_EQ(*r.error, "SADP: root element <html> is not ProbeMatch or Probe");
  EXPECT_TRUE(r.fields.empty());
  EXPECT_EQ(*parse_with("sadp", "no xml here").error, "SADP: no XML element in payload");
}

}  // namespace
}  // namespace camaudit::protocol
