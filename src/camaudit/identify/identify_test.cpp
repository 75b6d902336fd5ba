// SPDX-License-Identifier: Apache-2.0
#include <camaudit/identify/device_writer.hpp>
#include <camaudit/identify/identifier.hpp>
#include <camaudit/identify/observation_reader.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>

namespace camaudit::identify {
namespace {

TEST(ObservationLine, ReadsTextAndBinaryPayloads) {
  Observation obs;
  std::string error;
  ASSERT_TRUE(parse_observation_line(
      R"({"ip":"127.0.0.9","port":80,"transport":"tcp","protocol":"http","path":"/","data":"HTTP/1.1 200 OK\r\n\r\n"})", 3, obs, error))
      << error;
  EXPECT_EQ(obs.index, 2u);
  EXPECT_EQ(obs.device, "127.0.0.9");
  EXPECT_EQ(obs.port, 80);
  EXPECT_EQ(obs.payload, "HTTP/1.1 200 OK\r\n\r\n");
  ASSERT_TRUE(parse_observation_line(R"({"ip":"127.0.0.9","protocol":"dhip","data_b64":"IAAAAERISVA="})", 1, obs, error));
  EXPECT_EQ(obs.payload, std::string("\x20\x00\x00\x00" "DHIP", 8));
  ASSERT_TRUE(parse_observation_line(R"({"device":"asset-17","protocol":"register","make":"Hikvision","model":"DS-2CD2143G2-I"})", 1, obs, error));
  EXPECT_EQ(obs.device, "asset-17");
  EXPECT_EQ(obs.make, "Hikvision");
}

TEST(ObservationLine, RejectsMalformedLinesWithAReason) {
  Observation obs;
  std::string error;
  struct Case {
    const char* line;
    const char* reason;
  };
  for (Case c : {Case{R"({"ip":"127.0.0.1","protocol":"http")", "invalid JSON"},
                 Case{R"({"ip":"127.0.0.1"})", "missing \"protocol\""},
                 Case{R"({"protocol":"http"})", "missing \"ip\""},
                 Case{R"({"ip":"127.0.0.1","protocol":"http","port":70000})", "port must be"},
                 Case{R"({"ip":"127.0.0.1","protocol":"http","data_b64":"!!"})", "not valid base64"},
                 Case{R"({"ip":"127.0.0.1","protocol":"http","data":"a","data_b64":"YQ=="})", "either data or data_b64"},
                 Case{R"({"ip":1,"protocol":"http"})", "must be a string"},
                 Case{R"([1,2])", "expected a JSON object"},
                 Case{R"({"ip":"127.0.0.1","protocol":"http"} x)", "invalid JSON"}}) {
    error.clear();
    EXPECT_FALSE(parse_observation_line(c.line, 1, obs, error)) << c.line;
    EXPECT_NE(error.find(c.reason), std::string::npos) << c.line << " -> " << error;
  }
}

TEST(ObservationReader, StreamsGoodLinesAndNamesBadOnes) {
  std::FILE* f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  std::string text =
      "{\"ip\":\"127.0.0.1\",\"protocol\":\"http\",\"data\":\"x\"}\n"
      "\n"
      "not json\r\n"
      "{\"ip\":\"127.0.0.2\",\"protocol\":\"rtsp\"}";  // no final newline
  std::fwrite(text.data(), 1, text.size(), f);
  std::rewind(f);
  ObservationReader reader(f);
  std::vector<Observation> got;
  std::vector<ReadError> errors;
  ASSERT_TRUE(reader.read([&](Observation&& o) { got.push_back(std::move(o)); },
                          [&](const ReadError& e) { errors.push_back(e); }));
  std::fclose(f);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[1].ip, "127.0.0.2");
  EXPECT_EQ(got[1].index, 3u);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].line, 3u);
}

Claim claim(Attribute a, std::string value, double certainty, const char* rule) {
  return Claim{a, std::move(value), certainty, Provenance{0, rule, "f.toml:1", "k", "v"}};
}

TEST(Rank, CombinesDistinctRulesButNotRepeatsOfOneRule) {
  std::vector<Claim> claims = {
      claim(Attribute::manufacturer, "Dahua", 0.6, "a"),
      claim(Attribute::manufacturer, "Dahua", 0.6, "a"),  // same rule again: no stacking
      claim(Attribute::manufacturer, "Dahua", 0.5, "b"),
      claim(Attribute::manufacturer, "Hikvision", 0.7, "c"),
      claim(Attribute::model, "ipc-hdw1431t1-s4", 0.5, "d"),
      claim(Attribute::model, "IPC-HDW1431T1-S4", 0.9, "e"),
  };
  auto ranked = rank(claims);
  const auto& makers = ranked.at(Attribute::manufacturer);
  ASSERT_EQ(makers.size(), 2u);
  EXPECT_EQ(makers[0].value, "Dahua");
  EXPECT_DOUBLE_EQ(makers[0].certainty, 0.8);  // 1 - 0.4 * 0.5
  EXPECT_EQ(makers[0].claims.size(), 3u);
  EXPECT_EQ(makers[1].value, "Hikvision");
  const auto& models = ranked.at(Attribute::model);
  ASSERT_EQ(models.size(), 1u) << "model spellings that differ only in case are one value";
  EXPECT_EQ(models[0].value, "IPC-HDW1431T1-S4");
}

TEST(DeviceWriter, KeepsConflictsAndMakesHostileTextSafe) {
  Device d;
  d.key = d.ip = "127.0.0.5";
  d.claims = {claim(Attribute::manufacturer, "Dahua", 0.9, "a"), claim(Attribute::manufacturer, "Hikvision", 0.4, "b"),
              claim(Attribute::model, "<script>\xff", 0.5, "c")};
  d.ranked = rank(d.claims);
  auto j = nlohmann::json::parse(device_to_json_line(d));
  EXPECT_EQ(j["manufacturer"], "Dahua");
  EXPECT_EQ(j["brand"], nullptr);
  EXPECT_EQ(j["model"], "<script>\xEF\xBF\xBD");
  ASSERT_EQ(j["conflicts"].size(), 1u);
  EXPECT_EQ(j["conflicts"][0]["value"], "Hikvision");
  EXPECT_EQ(j["conflicts"][0]["rules"][0], "b");
  EXPECT_EQ(j["evidence"].size(), 3u);
}

}  // namespace
}  // namespace camaudit::identify

TEST(ObservationWriter, RoundTripsTextAndBinaryPayloads) {
  for (std::string payload : {std::string("HTTP/1.1 200 OK\r\nServer: \"x\"\r\n\r\n"), std::string("\x20\0\0\0DHIP\xff", 9)}) {
    camaudit::Observation o;
    o.ip = "127.0.0.9";
    o.device = "127.0.0.9";
    o.port = 37810;
    o.transport = "udp";
    o.protocol = "dhip";
    o.source = "scan:dhip";
    o.payload = payload;
    std::string line = camaudit::identify::observation_to_json_line(o);
    camaudit::Observation back;
    std::string error;
    ASSERT_TRUE(camaudit::identify::parse_observation_line(line, 1, back, error)) << error << "\n" << line;
    EXPECT_EQ(back.payload, payload);
    EXPECT_EQ(back.ip, o.ip);
    EXPECT_EQ(back.device, o.device);
    EXPECT_EQ(back.port, o.port);
    EXPECT_EQ(back.protocol, o.protocol);
    EXPECT_EQ(back.source, o.source);
    EXPECT_EQ(line.find("data_b64") != std::string::npos, payload.find('\0') != std::string::npos);
  }
}

TEST(DeviceCsv, QuotesAndDefusesFormulas) {
  camaudit::identify::Device d;
  d.key = d.ip = "127.0.0.7";
  d.ranked[camaudit::Attribute::model].push_back({"=HYPERLINK(\"http://x\",\"y\")", 0.9, {}});
  d.ranked[camaudit::Attribute::firmware].push_back({"V5.5.0, build 170725", 0.9, {}});
  std::string row = camaudit::identify::device_to_csv_row(d);
  EXPECT_NE(row.find("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""), std::string::npos) << row;
  EXPECT_NE(row.find("\"V5.5.0, build 170725\""), std::string::npos) << row;
  std::string header = camaudit::identify::device_csv_header();
  EXPECT_EQ(std::count(header.begin(), header.end(), ','),
            std::count(row.begin(), row.end(), ',') - 2);  // 2 commas inside quoted cells
}
