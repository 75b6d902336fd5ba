// SPDX-License-Identifier: Apache-2.0
// The ZGrab2 importer on lines shaped as zgrab2 writes them (zmap/zgrab2 schemas/http.py,
// zcrypto's handshake_log): an HTTP response with known and unknown headers after a
// redirect, an https server certificate, tls/banner/ftp modules, and broken lines.
#include <camaudit/ingest/zgrab2.hpp>

#include <camaudit/util/codec.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>

namespace camaudit::ingest {
namespace {

using ::testing::HasSubstr;
using nlohmann::json;

struct Imported {
  ImportReport report;
  std::vector<Observation> observations;
};

Imported import_text(const std::string& text) {
  Imported out;
  std::FILE* f = fmemopen(const_cast<char*>(text.data()), text.size(), "rb");
  out.report = kZgrab2Importer.run({"dir/sweep.json", f}, {}, [&](Observation&& o) { out.observations.push_back(o); });
  std::fclose(f);
  return out;
}

// A DER certificate's bytes stand in for one here: the importer carries them, it does not parse them.
const std::string kDer = std::string("\x30\x82\x01\x0a\x02\x01\x05", 7) + "HIKVISION DVRNVR";

json http_response(const std::string& url_host, const std::string& scheme, const std::string& path, int code,
                   const std::string& status, json headers, const std::string& body) {
  json request = {{"url", {{"scheme", scheme}, {"host", url_host}, {"path", path}}}, {"method", "GET"}};
  if (scheme == "https")
    request["tls_log"] = {{"handshake_log", {{"server_certificates", {{"certificate", {{"raw", util::base64_encode(kDer)}}}}}}}};
  return {{"status_line", status}, {"status_code", code}, {"protocol", {{"name", "HTTP/1.1"}, {"major", 1}, {"minor", 1}}},
          {"headers", headers}, {"body", body}, {"request", request}};
}

TEST(Zgrab2Import, HttpWithRedirectHttpsTlsAndBanners) {
  json redirect = http_response("127.0.0.10", "http", "/", 302, "302 Found", {{"location", {"/doc/page/login.asp"}}}, "");
  json page = http_response("127.0.0.10:8443", "https", "/doc/page/login.asp", 200, "200 OK",
                            {{"server", {"App-webs/"}}, {"content_type", {"text/html"}},
                             {"unknown", {{{"key", "x_frame_options_legacy"}, {"value", {"SAMEORIGIN"}}}}}},
                            "<title>Login</title>");
  json line1 = {{"ip", "127.0.0.10"},
                {"data",
                 {{"http", {{"status", "success"}, {"protocol", "http"}, {"result", {{"response", page}, {"redirect_response_chain", {redirect}}}}}},
                  {"tls", {{"status", "success"}, {"protocol", "tls"},
                           {"result", {{"handshake_log", {{"server_certificates", {{"certificate", {{"raw", util::base64_encode(kDer)}}}}}}}}}}},
                  {"banner8000", {{"status", "success"}, {"protocol", "banner"}, {"result", {{"banner", std::string("\x10\x00\x00\x00", 4)}}}}},
                  {"ftp", {{"status", "success"}, {"protocol", "ftp"}, {"result", {{"banner", "220 DVR FTP server ready"}}}}},
                  {"telnet", {{"status", "connection-timeout"}, {"protocol", "telnet"}, {"error", "timeout"}}}}}};
  Imported r = import_text(line1.dump() + "\n");
  EXPECT_FALSE(r.report.error) << *r.report.error;
  EXPECT_EQ(r.report.records, 1u);
  EXPECT_EQ(r.report.rejected_count, 0u);
  ASSERT_EQ(r.observations.size(), 6u);  // redirect, page, its certificate, tls, banner, ftp
  auto find = [&](const std::string& protocol, std::uint16_t port) -> const Observation& {
    for (const Observation& o : r.observations)
      if (o.protocol == protocol && o.port == port) return o;
    ADD_FAILURE() << "no " << protocol << " observation at port " << port;
    return r.observations.front();
  };
  const Observation& first = find("http", 80);  // no port in the URL: the scheme's
  EXPECT_THAT(first.payload, HasSubstr("HTTP/1.1 302 Found\r\nLocation: /doc/page/login.asp\r\n\r\n"));
  const Observation& login = find("http", 8443);
  EXPECT_EQ(login.path, "/doc/page/login.asp");
  EXPECT_EQ(login.source, "import zgrab2 sweep.json");
  EXPECT_THAT(login.payload, HasSubstr("HTTP/1.1 200 OK\r\n"));
  EXPECT_THAT(login.payload, HasSubstr("Server: App-webs/\r\n"));
  EXPECT_THAT(login.payload, HasSubstr("Content-Type: text/html\r\n"));
  EXPECT_THAT(login.payload, HasSubstr("X-Frame-Options-Legacy: SAMEORIGIN\r\n"));
  EXPECT_THAT(login.payload, ::testing::EndsWith("\r\n\r\n<title>Login</title>"));
  EXPECT_EQ(find("tls", 8443).payload, kDer) << "the https request's certificate, at its port";
  EXPECT_EQ(find("tls", 443).payload, kDer);
  EXPECT_EQ(find("banner", 0).payload, std::string("\x10\x00\x00\x00", 4)) << "zgrab2 does not say which port";
  EXPECT_EQ(find("ftp", 21).payload, "220 DVR FTP server ready");
  EXPECT_EQ(r.report.counts.at("telnet without a result (connection-timeout)"), 1u);
  EXPECT_EQ(r.report.counts.at("tls port assumed 443"), 1u);
}

TEST(Zgrab2Import, BrokenLinesAreRejectedAndTheRestRead) {
  const std::string good = R"({"ip":"127.0.0.11","data":{"ftp":{"status":"success","protocol":"ftp","result":{"banner":"220 x"}}}})";
  Imported r = import_text("{not json\n" + good + "\n[1,2]\n{\"ip\":\"127.0.0.12\"}\n\n" + good.substr(0, 30));
  EXPECT_EQ(r.report.records, 5u);
  EXPECT_EQ(r.report.rejected_count, 4u);
  EXPECT_EQ(r.observations.size(), 1u);
  ASSERT_GE(r.report.rejected.size(), 3u);
  EXPECT_EQ(r.report.rejected[0].where, 1u);
  EXPECT_THAT(r.report.rejected[2].reason, HasSubstr("no \"data\""));
}

TEST(Zgrab2Import, NotZgrab2IsAClearErrorAndALongLineIsSkipped) {
  Imported csv = import_text("ip,make\n127.0.0.1,Hikvision\n");
  ASSERT_TRUE(csv.report.error);
  EXPECT_THAT(*csv.report.error, HasSubstr("zgrab2 JSON output"));
  const std::string good = R"({"ip":"127.0.0.11","data":{"ftp":{"protocol":"ftp","result":{"banner":"220 x"}}}})";
  std::string huge = "{\"ip\":\"127.0.0.9\",\"pad\":\"" + std::string(kZgrab2MaxLine + 10, 'a') + "\"}";
  Imported r = import_text(huge + "\n" + good + "\n");
  EXPECT_EQ(r.report.rejected_count, 1u);
  EXPECT_THAT(r.report.rejected[0].reason, HasSubstr("longer than"));
  EXPECT_EQ(r.observations.size(), 1u);
}

}  // namespace
}  // namespace camaudit::ingest
