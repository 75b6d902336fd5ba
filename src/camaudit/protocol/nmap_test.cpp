// SPDX-License-Identifier: Apache-2.0
// The nmap parser: -sV guesses become nmap.* fields, script outputs the http.* fields
// the HTTP rules already match. Script texts are as nmap 7.93 prints them.
#include <camaudit/protocol/nmap.hpp>
#include <camaudit/protocol/testing/fields.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace camaudit::protocol {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::make_observation;
using testing::parse_observation;

ParseResult parse(std::string payload) { return parse_observation(make_observation("nmap", std::move(payload))); }

TEST(Nmap, ServiceGuessAndScripts) {
  const auto r = parse(R"({"service":{"name":"http","product":"Hikvision IP camera httpd","version":"",
    "cpe":["cpe:/h:Hikvision:ds-2cd2042wd"]},"mac_vendor":"Hangzhou Hikvision Digital Technology",
    "scripts":{"http-title":"Site doesn't have a title (text/html).","http-server-header":"App-webs/",
    "http-headers":"\n  Server: App-webs/\n  WWW-Authenticate: Digest realm=\"IP Camera(C2345)\", nonce=\"abc\"\n  \n  (Request type: GET)\n",
    "http-favicon":"Unknown favicon MD5: 89A932D3B4D5F7B5C5B0A84B9EE5AD6B"}})");
  EXPECT_FALSE(r.error);
  EXPECT_THAT(r.fields, Contains(Field{"nmap.product", "Hikvision IP camera httpd"}));
  EXPECT_THAT(r.fields, Contains(Field{"nmap.cpe", "cpe:/h:hikvision:ds-2cd2042wd"}));
  EXPECT_THAT(r.fields, Contains(Field{"nmap.mac_vendor", "Hangzhou Hikvision Digital Technology"}));
  EXPECT_THAT(r.fields, Contains(Field{"http.server", "App-webs/"}));
  EXPECT_THAT(r.fields, Contains(Field{"http.header", "Server: App-webs/"}));
  EXPECT_THAT(r.fields, Contains(Field{"http.realm", "IP Camera(C2345)"}));
  EXPECT_THAT(r.fields, Contains(Field{"http.favicon_md5", "89a932d3b4d5f7b5c5b0a84b9ee5ad6b"}));
  for (const Field& f : r.fields) EXPECT_NE(f.key, "http.title") << f.value;  // "no title" is not a title
  EXPECT_THAT(r.fields, Not(Contains(Field{"nmap.version", ""})));
}

TEST(Nmap, TitleAuthRtspAndKnownFavicon) {
  const auto r = parse(R"({"scripts":{"http-title":"WEB SERVICE","http-auth":"HTTP/1.1 401 Unauthorized\r\n  Basic realm=NVR\n",
    "http-favicon":"Axis camera","rtsp-methods":"OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN"}})");
  EXPECT_THAT(r.fields, Contains(Field{"http.title", "WEB SERVICE"}));
  EXPECT_THAT(r.fields, Contains(Field{"http.realm", "NVR"}));
  EXPECT_THAT(r.fields, Contains(Field{"nmap.favicon", "Axis camera"}));
  EXPECT_THAT(r.fields, Contains(Field{"nmap.rtsp_methods", "OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN"}));
}

TEST(Nmap, NotJsonIsAnError) {
  EXPECT_THAT(*parse("<port/>").error, HasSubstr("nmap"));
  EXPECT_THAT(*parse("[1,2]").error, HasSubstr("not a JSON object"));
}

}  // namespace
}  // namespace camaudit::protocol
