// SPDX-License-Identifier: Apache-2.0
#include <camaudit/protocol/rtsp.hpp>
#include <camaudit/protocol/testing/corpus.hpp>
#include <camaudit/protocol/testing/fields.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace camaudit::protocol {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::corpus_lines;
using testing::corpus_text;
using testing::field_value;
using testing::field_values;
using testing::parse_with;
using testing::unescape_c;

TEST(Rtsp, HikvisionOptionsWithoutServerHeader) {
  // hikvision_rtsp_1.txt lines 5-9: the OPTIONS answer (two spaces after "Date:").
  const std::string wire = corpus_lines("hikvision_rtsp_1.txt", 5, 9, "\r\n");
  std::string error;
  const auto response = parse_rtsp_response(wire, &error);
  ASSERT_TRUE(response) << error;
  EXPECT_EQ(response->message.status, 200);
  EXPECT_EQ(response->cseq, 1);
  EXPECT_EQ(response->methods.size(), 8u);
  const auto r = parse_with("rtsp", wire);
  EXPECT_FALSE(r.error);
  EXPECT_EQ(field_value(r, "rtsp.public"), "OPTIONS, DESCRIBE, PLAY, PAUSE, SETUP, TEARDOWN, SET_PARAMETER, GET_PARAMETER");
  EXPECT_TRUE(field_values(r, "rtsp.server").empty());
  EXPECT_THAT(field_values(r, "rtsp.header"), Contains("Date: Thu, May 14 2020 16:45:35 GMT"));
  EXPECT_EQ(field_value(r, "rtsp.response"), wire);  // the raw bytes, double space included
}

TEST(Rtsp, HikvisionDescribeChallenge) {
  const auto r = parse_with("rtsp", corpus_lines("hikvision_rtsp_1.txt", 15, 19, "\r\n"));
  EXPECT_EQ(field_value(r, "rtsp.status"), "401");
  EXPECT_EQ(field_value(r, "rtsp.auth_scheme"), "Digest");
  EXPECT_EQ(field_value(r, "rtsp.realm"), "IP Camera(C2875)");
}

TEST(Rtsp, HikvisionSdpCarriesImkhMediaHeader) {
  // Lines 26-56: DESCRIBE 200; with CRLF restored the SDP is 842 bytes plus the
  // final CRLF, exactly as Content-Length says.
  std::string wire = corpus_lines("hikvision_rtsp_1.txt", 26, 56, "\r\n");
  const auto r = parse_with("rtsp", wire);
  EXPECT_FALSE(r.error) << *r.error;
  EXPECT_EQ(field_value(r, "rtsp.sdp.s"), "Media Presentation");
  EXPECT_THAT(field_values(r, "rtsp.sdp.a"),
              Contains("Media_header:MEDIAINFO=494D4B48010200000400000101200110803E0000803E0000000000000000000000"
                       "00000000000000;"));
  EXPECT_THAT(field_values(r, "rtsp.sdp.a"), Contains("x-dimensions:1920,1080"));
  EXPECT_THAT(field_value(r, "rtsp.sdp"), HasSubstr("e=NONE"));
}

TEST(Rtsp, DahuaChallengeAndSdp) {
  const auto challenge = parse_with("rtsp", corpus_lines("dahua_rtsp_1.txt", 5, 8, "\r\n"));
  EXPECT_EQ(field_value(challenge, "rtsp.realm"), "Login to 4M0747EPAA1D284");

  const auto options = parse_with("rtsp", corpus_lines("dahua_rtsp_1.txt", 14, 18, "\r\n"));
  EXPECT_EQ(field_value(options, "rtsp.server"), "Rtsp Server/3.0");

  // Lines 25-47: DESCRIBE 200, Content-Length 401 = exactly the SDP with CRLF restored.
  const auto describe = parse_with("rtsp", corpus_lines("dahua_rtsp_1.txt", 25, 47, "\r\n"));
  EXPECT_FALSE(describe.error) << *describe.error;
  EXPECT_EQ(field_value(describe, "rtsp.sdp.s"), "Media Server");
  EXPECT_THAT(field_values(describe, "rtsp.sdp.a"), Contains("packetization-supported:DH"));
  EXPECT_EQ(field_values(describe, "rtsp.sdp.a").size(), 9u);
  EXPECT_THAT(field_values(describe, "rtsp.header"), Contains("x-Accept-Dynamic-Rate: 1"));
}

TEST(Rtsp, AxisGstreamerResponses) {
  const auto options = parse_with("rtsp", corpus_lines("axis_rtsp_1.txt", 1, 6, "\r\n"));
  EXPECT_EQ(field_value(options, "rtsp.server"), "GStreamer RTSP server");
  const auto challenge = parse_with("rtsp", corpus_lines("axis_rtsp_1.txt", 7, 12, "\r\n"));
  EXPECT_EQ(field_value(challenge, "rtsp.realm"), "AXIS_ACCC8E012345");
  // Lines 13-32: the fixture's SDP (serial masked) is shorter than its Content-Length.
  const auto describe = parse_with("rtsp", corpus_lines("axis_rtsp_1.txt", 13, 32, "\r\n"));
  ASSERT_TRUE(describe.error);
  EXPECT_EQ(*describe.error, "RTSP: truncated body: 314 of 440 bytes");
  EXPECT_EQ(field_value(describe, "rtsp.sdp.s"), "Session streamed with GStreamer");
  EXPECT_EQ(field_values(describe, "rtsp.sdp.a").front(), "tool:GStreamer");
}

TEST(Rtsp, NmapDahuaAndHikvisionDvrVariants) {
  // dahua_rtsp_3.txt line 5 (nmap 11363) and hikvision_rtsp_3.txt line 6.
  std::string dahua = corpus_lines("dahua_rtsp_3.txt", 5, 5, "");
  dahua = unescape_c(dahua.substr(dahua.find("RTSP/"), dahua.find("   ->") - dahua.find("RTSP/")));
  const auto r = parse_with("rtsp", dahua);
  EXPECT_FALSE(r.error);
  EXPECT_EQ(field_value(r, "rtsp.status"), "405");
  EXPECT_EQ(field_value(r, "rtsp.server"), "Dahua Rtsp Server");

  std::string dvr = corpus_lines("hikvision_rtsp_3.txt", 6, 6, "");
  dvr = dvr.substr(0, dvr.rfind('$'));
  dvr.replace(dvr.find("[\\da-f]{32}"), 11, "0123456789abcdef0123456789abcdef");
  const auto d = parse_with("rtsp", unescape_c(dvr));
  EXPECT_EQ(field_values(d, "rtsp.realm"), (std::vector<std::string>{"Hikvision", "/"}));
  EXPECT_EQ(field_values(d, "rtsp.auth_scheme"), (std::vector<std::string>{"Digest", "Basic"}));
  EXPECT_EQ(field_values(d, "rtsp.www_authenticate").size(), 2u);
}

TEST(Rtsp, CSeqWithMethodName) {
  std::string error;
  const auto response = parse_rtsp_response("RTSP/1.0 200 OK\r\nCSeq: 42 OPTIONS\r\n\r\n", &error);
  ASSERT_TRUE(response);
  EXPECT_EQ(response->cseq, 42);
}

TEST(Rtsp, TruncatedSdp) {
  const std::string wire = corpus_lines("dahua_rtsp_1.txt", 25, 47, "\r\n");
  const auto r = parse_with("rtsp", wire.substr(0, wire.size() - 100));
  ASSERT_TRUE(r.error);
  EXPECT_THAT(*r.error, HasSubstr("truncated body"));
  EXPECT_EQ(field_value(r, "rtsp.sdp.s"), "Media Server");
}

TEST(Rtsp, HttpIsNotRtspAndGarbageFails) {
  EXPECT_TRUE(parse_with("rtsp", "HTTP/1.1 200 OK\r\n\r\n").error);
  EXPECT_TRUE(parse_with("rtsp", std::string("\xff\xfb\x01\x00garbage", 11)).error);
  EXPECT_TRUE(parse_with("rtsp", "RTSP/1.0 abc\r\n\r\n").error);
  const auto empty = parse_with("rtsp", "");
  ASSERT_TRUE(empty.error);
  EXPECT_TRUE(empty.fields.empty());
}

TEST(Rtsp, OversizedInputsAreBounded) {
  const auto big = parse_with("rtsp", "RTSP/1.0 200 OK\r\nContent-Type: application/sdp\r\nContent-Length: 3000000\r\n\r\n" +
                         std::string(2 * 1024 * 1024, 'A'));
  for (const Field& f : big.fields) EXPECT_LE(f.value.size(), kMaxFieldBytes);
  std::string many = "RTSP/1.0 200 OK\r\n";
  for (int i = 0; i < 100000; ++i) many += "a: b\r\n";
  const auto r = parse_with("rtsp", many + "\r\n");
  EXPECT_EQ(field_values(r, "rtsp.header").size(), kMaxHeaders);
  std::string lines = "RTSP/1.0 200 OK\r\nContent-Type: application/sdp\r\n\r\n";
  std::string sdp;
  for (int i = 0; i < 100000; ++i) sdp += "a=x\n";
  const auto parsed = parse_sdp(sdp);
  EXPECT_EQ(parsed.attributes.size(), 4096u);
}

TEST(Rtsp, ParserKeysCoverEveryEmittedField) {
  const auto r = parse_with("rtsp", corpus_lines("dahua_rtsp_1.txt", 25, 47, "\r\n"));
  for (const Field& f : r.fields) EXPECT_THAT(kRtspParser.keys, Contains(f.key)) << f.key;
}

}  // namespace
}  // namespace camaudit::protocol
