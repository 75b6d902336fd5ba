// SPDX-License-Identifier: Apache-2.0
#include <camaudit/protocol/http.hpp>
#include <camaudit/protocol/testing/corpus.hpp>
#include <camaudit/protocol/testing/fields.hpp>

#include <camaudit/util/codec.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace camaudit::protocol {
namespace {

using ::testing::Contains;
using ::testing::Not;
using testing::corpus_lines;
using testing::corpus_text;
using testing::field_value;
using testing::field_values;
using testing::make_observation;
using testing::parse_observation;
using testing::unescape_c;

// Every response answers a request path; "/" unless the test says otherwise.
ParseResult parse(std::string payload, std::string path = "/") {
  Observation obs = make_observation("http", std::move(payload));
  obs.path = std::move(path);
  return parse_observation(obs);
}

// hikvision_http_1.txt: the ISAPI guide's 401 (lines 4-11 after the source line),
// with the PDF-conversion "## " artefact on the Server line removed.
std::string hikvision_401() {
  std::string text = corpus_lines("hikvision_http_1.txt", 4, 11, "\r\n");
  const auto artefact = text.find("## Server:");
  text.replace(artefact, 3, "");
  return text + "\r\n";
}

TEST(Http, HikvisionIsapiDigestChallenge) {
  const auto r = parse(hikvision_401(), "/ISAPI/Event/notification/alertStream");
  // The guide printed the headers only: the 178-byte body announced is missing.
  ASSERT_TRUE(r.error);
  EXPECT_EQ(*r.error, "HTTP: truncated body: 0 of 178 bytes");
  EXPECT_EQ(field_value(r, "http.status"), "401");
  EXPECT_EQ(field_value(r, "http.status_line"), "HTTP/1.1 401 Unauthorized");
  EXPECT_EQ(field_value(r, "http.server"), "");
  EXPECT_EQ(field_value(r, "http.auth_scheme"), "Digest");
  EXPECT_EQ(field_value(r, "http.realm"), "IP Camera(C2183)");
  EXPECT_EQ(field_value(r, "http.digest_nonce"), "4e5468694e7a42694e7a4d364f4449354d7a6b354d54513d");
  EXPECT_EQ(field_value(r, "http.digest_nonce_decoded"), "58b70b73:82939914");
  EXPECT_EQ(field_value(r, "http.header_names"),
            "Date,Server,Content-Length,Content-Type,Connection,Keep-Alive,WWW-Authenticate");
  EXPECT_EQ(field_value(r, "http.www_authenticate"),
            "Digest qop=\"auth\", realm=\"IP Camera(C2183)\", "
            "nonce=\"4e5468694e7a42694e7a4d364f4449354d7a6b354d54513d\", stale=\"FALSE\"");
  EXPECT_EQ(field_value(r, "http.path"), "/ISAPI/Event/notification/alertStream");
  EXPECT_THAT(field_values(r, "http.header"), Contains("Keep-Alive: timeout=10, max=99"));
  EXPECT_TRUE(field_value(r, "http.response").starts_with("HTTP/1.1 401 Unauthorized\r\nDate: Sun, 01 Apr 2018"));
}

TEST(Http, SecondHikvisionNonceDecodes) {
  // hikvision_rtsp_3.txt line 4: the same layered nonce on an IP Camera(76475) realm.
  std::string line = corpus_lines("hikvision_rtsp_3.txt", 4, 4, "");
  const auto r = parse("HTTP/1.1 401 Unauthorized\r\n" + line + "\r\n\r\n");
  EXPECT_EQ(field_values(r, "http.auth_scheme"), (std::vector<std::string>{"Digest", "Basic"}));
  EXPECT_EQ(field_values(r, "http.realm"), (std::vector<std::string>{"IP Camera(76475)", "IP Camera(76475)"}));
  EXPECT_EQ(field_value(r, "http.digest_nonce_decoded"), "4221dbc:def9a062");
}

TEST(Http, PlainHexNonceIsNotDecoded) {
  const auto r = parse("HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Digest realm=\"Login to 4M0747EPAA1D284\", "
                       "nonce=\"745449738fdf77164f570c37c9186b52\"\r\n\r\n");
  EXPECT_EQ(field_value(r, "http.realm"), "Login to 4M0747EPAA1D284");
  EXPECT_EQ(field_value(r, "http.digest_nonce"), "745449738fdf77164f570c37c9186b52");
  EXPECT_TRUE(field_values(r, "http.digest_nonce_decoded").empty());
}

TEST(Http, BoschUnquotedParametersWithoutSpaces) {
  // bosch_banners_1.txt line 1.
  const std::string line = corpus_lines("bosch_banners_1.txt", 1, 1, "");
  const auto r = parse("HTTP/1.1 401 Unauthorized\r\n" + line + "\r\nContent-Length: 0\r\n\r\n");
  EXPECT_EQ(field_value(r, "http.realm"), "Use 'live' as User Name");
  EXPECT_EQ(field_value(r, "http.digest_nonce"), "18e62d241a5358a9650640fa72c1773c");
  EXPECT_EQ(field_values(r, "http.auth_scheme").size(), 1u);
}

TEST(Http, HikvisionAppWebsFromNmapRule) {
  // hikvision_http_2.txt line 3 (nmap 9679): the bytes that rule was written from.
  const auto r = parse("HTTP/1.0 200 OK\r\nDate: Thu, 01 Jan 1970 00:00:00 GMT\r\nServer: App-webs/\r\n"
                       "Content-Length: 0\r\n\r\n");
  EXPECT_EQ(field_value(r, "http.server"), "App-webs/");
  EXPECT_EQ(field_value(r, "http.header_names"), "Date,Server,Content-Length");
}

TEST(Http, HikvisionDvrRedirect) {
  // hikvision_http_2.txt nmap 9811: HTTP/1.0 302 Redirect with Location, no body.
  const auto r = parse("HTTP/1.0 302 Redirect\r\nServer: Hikvision-Webs\r\nDate: Thu Jan  1 00:00:00 1970\r\n"
                       "Pragma: no-cache\r\nCache-Control: no-cache\r\nContent-Type: text/html\r\n"
                       "Location: http://192.0.0.64:80/index.asp\r\n\r\n");
  EXPECT_FALSE(r.error);
  EXPECT_EQ(field_value(r, "http.status"), "302");
  EXPECT_EQ(field_value(r, "http.location"), "http://192.0.0.64:80/index.asp");
  EXPECT_EQ(field_value(r, "http.server"), "Hikvision-Webs");
  EXPECT_EQ(field_value(r, "http.content_type"), "text/html");
}

TEST(Http, DahuaUpperCaseHeadersBomAndEmptyTitle) {
  // dahua_http_1.txt line 1 (nmap 10322, Amcrest/Dahua): upper-case names kept as sent.
  std::string rule = corpus_lines("dahua_http_1.txt", 1, 1, "");
  rule = rule.substr(rule.find("HTTP/1.1"));
  // Fill the rule's wildcards with concrete values, then turn its \r\n into bytes.
  auto fill = [&](std::string_view from, std::string_view to) { rule.replace(rule.find(from), from.size(), to); };
  fill("Date: .* GMT", "Date: Sat, 02 Jan 2021 10:00:00 GMT");
  fill("Last-Modified: .* GMT", "Last-Modified: Fri, 01 Jan 2021 10:00:00 GMT");
  fill("Etag: \"\\d+:[a-f\\d]+\"", "Etag: \"1722917735:2002\"");
  fill("CONTENT-LENGTH: \\d+", "CONTENT-LENGTH: 70");  // the 52 bytes of the rule plus the 18 added below
  std::string wire = unescape_c(rule);
  wire += "\r\n</head>\r\n</html>";  // the rule stops at <title></title>
  const auto r = parse(wire);
  EXPECT_FALSE(r.error) << *r.error;
  EXPECT_EQ(field_value(r, "http.header_names"), "CONNECTION,Date,Last-Modified,Etag,CONTENT-LENGTH,CACHE-CONTROL,CONTENT-TYPE");
  EXPECT_EQ(field_value(r, "http.etag"), "\"1722917735:2002\"");
  EXPECT_EQ(field_value(r, "http.content_type"), "text/html");
  EXPECT_EQ(field_value(r, "http.title"), "");
  EXPECT_THAT(field_values(r, "http.header"), Contains("CACHE-CONTROL: max-age=0"));
  EXPECT_TRUE(field_values(r, "http.server").empty());
}

TEST(Http, TitleEntitiesAndWhitespace) {
  EXPECT_EQ(html_title("<html><TITLE lang=en>\r\n  Web Viewer for Samsung &amp; DVR&#33; &#x41;\n</TITLE>"),
            "Web Viewer for Samsung & DVR! A");
  EXPECT_EQ(html_title("<titlebar>x</titlebar><title>AXIS</title>"), "AXIS");
  EXPECT_EQ(html_title("<title>NETSurveillance WEB"), "NETSurveillance WEB");  // truncated page
  EXPECT_FALSE(html_title("<html><body>no title</body></html>"));
}

TEST(Http, ChunkedBodyIsDecoded) {
  const auto r = parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: text/html\r\n\r\n"
                       "7\r\n<title>\r\n4;ext=1\r\nAXIS\r\n8\r\n</title>\r\n0\r\n\r\n");
  EXPECT_FALSE(r.error) << *r.error;
  EXPECT_EQ(field_value(r, "http.body"), "<title>AXIS</title>");
  EXPECT_EQ(field_value(r, "http.title"), "AXIS");
  EXPECT_EQ(field_value(r, "http.body_md5"), util::md5_hex("<title>AXIS</title>"));
}

TEST(Http, BareLfFoldedAndDuplicatedHeaders) {
  const auto r = parse("HTTP/1.1 200 OK\nServer: first\nX-Long: part one\n\tpart two\nSet-Cookie: a=1\n"
                       "Set-Cookie: _goaheadwebSessionId=x\n\nbody");
  EXPECT_FALSE(r.error);
  EXPECT_EQ(field_value(r, "http.server"), "first");
  EXPECT_THAT(field_values(r, "http.header"), Contains("X-Long: part one part two"));
  EXPECT_EQ(field_values(r, "http.set_cookie"), (std::vector<std::string>{"a=1", "_goaheadwebSessionId=x"}));
  EXPECT_EQ(field_value(r, "http.body"), "body");
}

TEST(Http, FaviconHashesOnlyForFavicons) {
  const std::string icon("\x00\x00\x01\x00\x01\x00\x10\x10", 8);
  const std::string wire = "HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\n" + icon;
  const auto r = parse(wire, "/favicon.ico");
  EXPECT_EQ(field_value(r, "http.favicon_md5"), util::md5_hex(icon));
  EXPECT_EQ(field_value(r, "http.favicon_mmh3"), std::to_string(util::shodan_favicon_hash(icon)));
  EXPECT_TRUE(field_values(parse(wire, "/index.html"), "http.favicon_md5").empty());
  const auto png = parse("HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\nPNG", "/logo");
  EXPECT_EQ(field_value(png, "http.favicon_md5"), util::md5_hex("PNG"));
}

TEST(Http, TruncatedResponseKeepsWhatArrived) {
  const std::string full = hikvision_401();
  const auto r = parse(full.substr(0, full.find("Content-Type")));
  ASSERT_TRUE(r.error);
  EXPECT_THAT(*r.error, ::testing::HasSubstr("truncated"));
  EXPECT_EQ(field_value(r, "http.status"), "401");
  EXPECT_THAT(field_values(r, "http.header"), Contains("Content-Length: 178"));

  const auto body = parse("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n<title>Hanwha Techwin</ti");
  ASSERT_TRUE(body.error);
  EXPECT_THAT(*body.error, ::testing::HasSubstr("25 of 100"));
  EXPECT_EQ(field_value(body, "http.title"), "Hanwha Techwin");
}

TEST(Http, GarbageIsAnErrorNotAField) {
  for (std::string garbage : {std::string("\x16\x03\x01\x02\x00", 5), std::string("SSH-2.0-dropbear\r\n"),
                              std::string("HTTP/1.1 OK\r\n\r\n"), std::string("HTTPS/1.1 200 OK\r\n\r\n")}) {
    const auto r = parse(garbage);
    ASSERT_TRUE(r.error) << garbage;
    EXPECT_THAT(field_values(r, "http.status"), ::testing::IsEmpty());
  }
}

TEST(Http, EmptyInput) {
  const auto r = parse("");
  ASSERT_TRUE(r.error);
  EXPECT_EQ(*r.error, "HTTP: empty message: no start line");
}

TEST(Http, OversizedInputsAreBounded) {
  const auto big = parse("HTTP/1.1 200 OK\r\n\r\n" + std::string(2 * 1024 * 1024, 'A'));
  EXPECT_EQ(field_value(big, "http.body").size(), kMaxFieldBytes);
  EXPECT_EQ(field_value(big, "http.body_md5"), util::md5_hex(std::string(kMaxBodyBytes, 'A')));
  for (const Field& f : big.fields) EXPECT_LE(f.value.size(), kMaxFieldBytes);

  std::string many = "HTTP/1.1 200 OK\r\n";
  for (int i = 0; i < 100000; ++i) many += "X-H: v\r\n";
  const auto r = parse(many + "\r\n");
  ASSERT_TRUE(r.error);
  EXPECT_THAT(*r.error, ::testing::HasSubstr("99000 ignored"));
  EXPECT_EQ(field_values(r, "http.header").size(), kMaxHeaders);

  const auto no_newline = parse("HTTP/1.1 200 " + std::string(2 * 1024 * 1024, 'B'));
  for (const Field& f : no_newline.fields) EXPECT_LE(f.value.size(), kMaxFieldBytes);
}

TEST(Http, ParserKeysCoverEveryEmittedField) {
  const auto r = parse(hikvision_401() + "<title>x</title>", "/favicon.ico");
  for (const Field& f : r.fields)
    EXPECT_THAT(kHttpParser.keys, Contains(f.key)) << f.key;
  EXPECT_THAT(kHttpParser.keys, Not(Contains("http.nonsense")));
}

}  // namespace
}  // namespace camaudit::protocol
