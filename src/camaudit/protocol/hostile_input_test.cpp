// SPDX-License-Identifier: Apache-2.0
// Hostile and degenerate payloads against the discovery and device-info parsers
// (sadp, dhip, dahua5050, dvrip, wsd, onvif, isapi, magicbox, rpc2, vapix, sunapi,
// lapi, reolink, baichuan): each must return, without throwing, with a one-line
// error where the bytes make no sense, and with bounded fields.
#include <camaudit/protocol/payload.hpp>
#include <camaudit/protocol/testing/fields.hpp>

#include <chrono>

#include <gtest/gtest.h>

namespace camaudit::protocol {
namespace {

using testing::parse_with;

class HostileInput : public ::testing::TestWithParam<const char*> {
 protected:
  ParseResult run(std::string payload) {
    auto start = std::chrono::steady_clock::now();
    ParseResult r;
    EXPECT_NO_THROW(r = parse_with(GetParam(), std::move(payload)));
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
    for (const Field& f : r.fields) EXPECT_LE(f.value.size(), kMaxFieldBytes);
    EXPECT_LE(r.fields.size(), kMaxFieldsPerPayload + 64);
    if (r.error) {
      EXPECT_EQ(r.error->find('\n'), std::string::npos) << *r.error;
    }
    return r;
  }
};

TEST_P(HostileInput, EmptyPayloadIsAnError) { EXPECT_TRUE(run("").error); }

TEST_P(HostileInput, BinaryGarbageIsAnError) {
  std::string garbage;
  for (int i = 0; i < 4096; ++i) garbage.push_back(static_cast<char>((i * 7919 + 13) & 0xff));
  EXPECT_TRUE(run(garbage).error);
}

TEST_P(HostileInput, DeepJsonNesting) {
  run(std::string(10000, '[') + std::string(10000, ']'));
  run("{\"a\":" + std::string(10000, '[') + std::string(10000, ']') + "}");
  run("{\"Response\":{\"Data\":" + std::string(10000, '{'));
}

TEST_P(HostileInput, DeepXmlNesting) {
  std::string xml;
  for (int i = 0; i < 10000; ++i) xml += "<ProbeMatch>";
  for (int i = 0; i < 10000; ++i) xml += "</ProbeMatch>";
  run(xml);
  std::string body = "<s:Envelope><s:Body>";
  for (int i = 0; i < 10000; ++i) body += "<d:Hello>";
  run(body);
}

TEST_P(HostileInput, OversizedInputIsCut) {
  std::string big = "{\"a\":\"" + std::string(3 * 1024 * 1024, 'x') + "\"}";
  EXPECT_TRUE(run(big).error);
  std::string xml = "<ProbeMatch><DeviceSN>" + std::string(3 * 1024 * 1024, 'x') + "</DeviceSN></ProbeMatch>";
  run(xml);
  std::string lines;
  for (int i = 0; i < 200000; ++i) lines += "k" + std::to_string(i) + "=v\n";
  run(lines);
}

TEST_P(HostileInput, ManyElements) {
  std::string xml = "<ProbeMatch>";
  for (int i = 0; i < 50000; ++i) xml += "<E>1</E>";
  run(xml + "</ProbeMatch>");
  std::string json = "{\"params\":{\"deviceInfo\":{";
  for (int i = 0; i < 50000; ++i) json += (i ? ",\"k" : "\"k") + std::to_string(i) + "\":1";
  run(json + "}}}");
}

TEST_P(HostileInput, TruncatedFramedHeaders) {
  run(std::string("\x20\x00\x00\x00" "DHIP", 8));
  run(std::string("\xb3\x00\xff\xff", 4));
  run(std::string("\xf0\xde\xbc\x0a\x01\x00\x00\x00\xff\xff\xff\xff", 12));
  run(std::string(1, '\xb0'));
}

INSTANTIATE_TEST_SUITE_P(Parsers, HostileInput,
                         ::testing::Values("sadp", "dhip", "dahua5050", "dvrip", "wsd", "onvif", "isapi", "magicbox",
                                           "rpc2", "vapix", "sunapi", "lapi", "reolink", "baichuan"));

}  // namespace
}  // namespace camaudit::protocol
