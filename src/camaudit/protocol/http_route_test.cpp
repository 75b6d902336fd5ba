// SPDX-License-Identifier: Apache-2.0
// One identification whatever the source: every real vendor answer in the corpus
// sample (samples/corpus.jsonl, cut from ../shared/corpus/), relabelled as plain
// "http", gives every field its own parser gives, whether the path says where it came
// from or only the body's markers do.
#include <camaudit/source_paths.hpp>
#include <camaudit/protocol/http_route.hpp>
#include <camaudit/protocol/testing/fields.hpp>
#include <camaudit/util/codec.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <set>

namespace camaudit::protocol {
namespace {

const std::set<std::string> kRouted = {"isapi", "magicbox", "rpc2", "vapix", "sunapi", "lapi", "reolink", "onvif"};

std::vector<Observation> corpus_vendor_answers() {
  const auto path = std::filesystem::path(CAMAUDIT_SOURCE_KB_DIR).parent_path() / "samples" / "corpus.jsonl";
  std::ifstream in(path);
  std::vector<Observation> out;
  for (std::string line; std::getline(in, line);) {
    const auto j = nlohmann::json::parse(line);
    if (!kRouted.contains(j.value("protocol", ""))) continue;
    Observation o;
    o.protocol = j["protocol"];
    o.path = j.value("path", "");
    o.device = j.value("device", "");
    o.payload = j.contains("data_b64") ? util::base64_decode(j["data_b64"].get<std::string>()).value_or("")
                                       : j.value("data", "");
    out.push_back(std::move(o));
  }
  return out;
}

std::multiset<std::pair<std::string, std::string>> field_set(const ParseResult& r) {
  std::multiset<std::pair<std::string, std::string>> out;
  for (const Field& f : r.fields) out.emplace(f.key, f.value);
  return out;
}

void expect_superset(const ParseResult& general, const ParseResult& vendor, const std::string& what) {
  const auto have = field_set(general);
  for (const auto& f : field_set(vendor)) EXPECT_TRUE(have.contains(f)) << what << ": lacks " << f.first << "=" << f.second;
}

TEST(HttpRoute, CorpusAnswersLabelledHttpGiveTheVendorFields) {
  const std::vector<Observation> answers = corpus_vendor_answers();
  std::set<std::string> protocols;
  for (const Observation& vendor_obs : answers) {
    const ParseResult vendor = find_parser(vendor_obs.protocol)->parse(vendor_obs);
    if (vendor.fields.empty()) continue;  // e.g. a SOAP fault: nothing to route
    protocols.insert(vendor_obs.protocol);
    Observation http = vendor_obs;
    http.protocol = "http";
    const ParseResult by_path = find_parser("http")->parse(http);
    expect_superset(by_path, vendor, vendor_obs.device + " by path " + vendor_obs.path);
    // A bare body read by its vendor parser is no HTTP error; a real head keeps its own
    // verdict (onvif_soap-fault_1 is a genuinely truncated 401).
    if (!vendor_obs.payload.starts_with("HTTP/")) {
      EXPECT_FALSE(by_path.error) << vendor_obs.device << ": " << *by_path.error;
    }
  }
  // Every routed protocol has a real answer in the sample, so none is tested by luck.
  EXPECT_EQ(protocols, kRouted);
}

TEST(HttpRoute, BodyMarkersWithoutAPath) {
  std::size_t routed = 0;
  for (const Observation& vendor_obs : corpus_vendor_answers()) {
    // One-line answers ("type=IPC-HDW5831R-ZE") carry no marker: only their path routes them.
    const Parser* route = route_http("", vendor_obs.payload);
    if (route == nullptr) continue;
    EXPECT_EQ(route->protocol, vendor_obs.protocol) << vendor_obs.device << " " << vendor_obs.path;
    ++routed;
  }
  EXPECT_GE(routed, 10u);
}

TEST(HttpRoute, IsapiDeviceInfoLabelledHttpWithAResponseHead) {
  Observation o = testing::make_observation(
      "http",
      "HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\n\r\n"
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><DeviceInfo xmlns=\"http://www.hikvision.com/ver20/XMLSchema\">"
      "<model>DS-2CD2042WD-I</model><serialNumber>DS-2CD2042WD-I20160315AAWR1</serialNumber></DeviceInfo>");
  const ParseResult r = testing::parse_observation(o);
  EXPECT_FALSE(r.error);
  EXPECT_THAT(r.fields, ::testing::Contains(Field{"http.status", "200"}));
  bool model = false;
  for (const Field& f : r.fields) model |= f.key.starts_with("isapi.") && f.value == "DS-2CD2042WD-I";
  EXPECT_TRUE(model);
}

TEST(HttpRoute, PlainPagesAreNotRouted) {
  EXPECT_EQ(route_http("/", "HTTP/1.1 200 OK\r\n\r\n<html><title>Login</title></html>"), nullptr);
  EXPECT_EQ(route_http("/index.html", "model=1"), nullptr);
  EXPECT_EQ(route_http("/ISAPI/System/deviceInfo", "")->protocol, "isapi");
  EXPECT_EQ(route_http("/cgi-bin/magicBox.cgi?action=getSystemInfo", "")->protocol, "magicbox");
}

}  // namespace
}  // namespace camaudit::protocol
