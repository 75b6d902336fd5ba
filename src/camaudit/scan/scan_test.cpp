// SPDX-License-Identifier: Apache-2.0
#include <camaudit/scan/credentials.hpp>
#include <camaudit/scan/http_text.hpp>
#include <camaudit/scan/net_session.hpp>
#include <camaudit/scan/probes/http_request.hpp>
#include <camaudit/scan/probes/registry.hpp>
#include <camaudit/scan/replay_session.hpp>
#include <camaudit/scan/scanner.hpp>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/use_awaitable.hpp>

#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>

namespace camaudit::scan {
namespace {

IpAddress loopback(std::uint32_t last = 1) { return IpAddress::v4((127u << 24) | last); }

// Runs one coroutine to completion on a fresh io_context.
template <class Awaitable>
void run_to_end(asio::io_context& io, Awaitable a) {
  bool done = false;
  asio::co_spawn(io, std::move(a), [&](std::exception_ptr e) {
    done = true;
    if (e) std::rethrow_exception(e);
  });
  io.run();
  ASSERT_TRUE(done);
}

TEST(HttpMessage, CompleteWhenLengthOrChunksOrRtspHeadersEnd) {
  EXPECT_FALSE(http_message_complete("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n"));
  EXPECT_FALSE(http_message_complete("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nabc"));
  EXPECT_TRUE(http_message_complete("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nabcde"));
  EXPECT_TRUE(http_message_complete("HTTP/1.1 200 OK\r\ncontent-length:0\r\n\r\n"));
  EXPECT_FALSE(http_message_complete("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n"));
  EXPECT_TRUE(http_message_complete("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"));
  EXPECT_FALSE(http_message_complete("HTTP/1.0 200 OK\r\nServer: x\r\n\r\n<html>"));  // read to close
  EXPECT_TRUE(http_message_complete("RTSP/1.0 200 OK\r\nCSeq: 1\r\n\r\n"));
  EXPECT_TRUE(http_message_complete("HTTP/1.1 304 Not Modified\r\n\r\n"));
  EXPECT_TRUE(http_message_complete("HTTP/1.1 200 OK\nContent-Length: 2\n\nok"));
}

TEST(HttpRequest, DigestAnswerMatchesRfc2617Example) {
  // RFC 2617 §3.5.
  auto auth = authorization(
      R"(Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41")",
      "GET", "/dir/index.html", "Mufasa", "Circle Of Life", "0a4f113b");
  ASSERT_TRUE(auth);
  EXPECT_NE(auth->find("response=\"6629fae49393a05397450978507c4ef1\""), std::string::npos) << *auth;
  EXPECT_NE(auth->find("opaque=\"5ccc069c403ebaf9f0171e9517f40e41\""), std::string::npos);
  EXPECT_EQ(authorization("Basic realm=\"x\"", "GET", "/", "Aladdin", "open sesame"), "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
  EXPECT_FALSE(authorization("Bearer realm=\"x\"", "GET", "/", "a", "b"));
}

TEST(HttpRequest, PrefersDigestAmongSeveralChallenges) {
  std::string reply =
      "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"a\"\r\nWWW-Authenticate: Digest realm=\"b\", nonce=\"n\"\r\n\r\n";
  EXPECT_EQ(best_challenge(reply), "Digest realm=\"b\", nonce=\"n\"");
  EXPECT_EQ(status_code(reply), 401);
  EXPECT_EQ(status_code("SSH-2.0-x"), 0);
}

TEST(Probes, EveryProbeDeclaresItsSafetyAndOnlyInventoryIsAuthenticated) {
  ASSERT_GE(probes::all().size(), 10u);
  for (const Probe* p : probes::all()) {
    EXPECT_FALSE(p->name().empty());
    EXPECT_FALSE(p->description().empty());
    EXPECT_EQ(p->safety() == Safety::authenticated, p->stage() == Stage::inventory) << p->name();
    EXPECT_EQ(probes::find(p->name()), p) << "probe names are unique";
  }
}

// A Hikvision camera as camfarm's hikvision-ipc-v5 profile answers (headers from
// ../shared/corpus/hikvision_http_*.txt), replayed.
std::vector<RecordedExchange> hikvision_transcript() {
  return {
      {80, Transport::tcp, "GET / ", "HTTP/1.1 302 Found\r\nLocation: /doc/page/login.asp?_1\r\nServer: App-webs/\r\nContent-Length: 0\r\n\r\n", ""},
      {80, Transport::tcp, "GET /doc/page/login.asp", "HTTP/1.1 200 OK\r\nServer: App-webs/\r\nContent-Length: 6\r\n\r\n<html>", ""},
      {80, Transport::tcp, "GET /ISAPI/System/deviceInfo", "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Digest qop=\"auth\", realm=\"IP Camera(C6289)\", nonce=\"4e5468694f7a41334e7a4d364e4449344e6a4d354d773d3d\", stale=\"FALSE\"\r\nContent-Length: 0\r\n\r\n", ""},
      {80, Transport::tcp, "POST /onvif/device_service", "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n", ""},
      {554, Transport::tcp, "OPTIONS ", "RTSP/1.0 200 OK\r\nCSeq: 1\r\nPublic: OPTIONS, DESCRIBE\r\n\r\n", ""},
      {554, Transport::tcp, "DESCRIBE ", "RTSP/1.0 401 Unauthorized\r\nCSeq: 2\r\nWWW-Authenticate: Basic realm=\"/\"\r\n\r\n", ""},
      {8000, Transport::tcp, "", std::string("\0\0\0\x10\0\0\0\x1e\0\0\0\x1e\0\0\0\0", 16), ""},
  };
}

ScanOptions options_for(std::vector<std::uint16_t> ports) {
  ScanOptions o;
  o.ports = std::move(ports);
  o.suggest = [](const HostScan& host) {
    std::set<std::string> makers;
    for (const Observation& obs : host.observations)
      if (obs.payload.find("App-webs") != std::string::npos) makers.insert("Hikvision");
    return makers;
  };
  return o;
}

TEST(ProbeHost, HikvisionStagesRecordEveryAnswerAndFollowTheRedirect) {
  asio::io_context io;
  ReplaySession session(loopback(5), hikvision_transcript());
  HostScan host(loopback(5));
  ScanOptions o = options_for({80, 443, 554, 8000, 37777});
  run_to_end(io, probe_host(session, host, o));
  EXPECT_EQ(host.open_ports, (std::vector<std::uint16_t>{80, 554, 8000}));
  std::vector<std::string> seen;
  for (const Observation& obs : host.observations) seen.push_back(obs.protocol + " " + obs.path + " " + obs.source);
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(seen, (std::vector<std::string>{
                      "banner  scan:banner",
                      "http / scan:http",
                      "http /ISAPI/System/deviceInfo scan:hikvision-web",
                      "http /doc/page/login.asp?_1 scan:http",
                      "onvif /onvif/device_service scan:onvif",
                      "onvif /onvif/device_service scan:onvif",
                      "onvif /onvif/device_service scan:onvif",
                      "rtsp / scan:rtsp",
                      "rtsp / scan:rtsp",
                  }));
  for (const auto& sent : session.sent()) {
    EXPECT_EQ(sent.request.find("Authorization:"), std::string::npos) << "no credentials were given";
    EXPECT_EQ(sent.request.find("RPC2_Login"), std::string::npos) << "not suggested Dahua";
  }
}

TEST(ProbeHost, InventoryAnswersTheChallengeOnceWithTheOperatorsAccount) {
  asio::io_context io;
  auto transcript = hikvision_transcript();
  // With a valid Authorization the device answers deviceInfo (first matching prefix wins).
  transcript.insert(transcript.begin(),
                    {80, Transport::tcp, "GET /ISAPI/System/deviceInfo HTTP/1.1\r\nHost: 127.0.0.5\r\nUser-Agent: " +
                                             std::string(probes::kUserAgent) + "\r\nAccept: */*\r\nAuthorization: Digest",
                     "HTTP/1.1 200 OK\r\nContent-Length: 13\r\n\r\n<DeviceInfo/>", ""});
  ReplaySession session(loopback(5), transcript);
  HostScan host(loopback(5));
  host.credential = Credential{"auditor", "s3cret"};
  run_to_end(io, probe_host(session, host, options_for({80})));
  auto isapi = std::find_if(host.observations.begin(), host.observations.end(),
                            [](const Observation& o) { return o.protocol == "isapi"; });
  ASSERT_NE(isapi, host.observations.end());
  EXPECT_EQ(isapi->source, "scan:hikvision-isapi");
  std::size_t with_auth = 0;
  for (const auto& sent : session.sent()) {
    with_auth += sent.request.find("Authorization: Digest username=\"auditor\"") != std::string::npos;
    EXPECT_EQ(sent.request.find("s3cret"), std::string::npos) << "the password never travels in clear with Digest";
  }
  EXPECT_EQ(with_auth, 1u);
}

TEST(NetSession, ExcludedAddressGetsNoPacket) {
  asio::io_context io;
  TargetSet targets;
  targets.add("127.0.0.0/30");
  targets.exclude("127.0.0.1");
  Scope scope(targets, false);
  Network network(io, ScanLimits{}, scope);
  NetSession session(network, loopback(1));
  Reply reply;
  run_to_end(io, [&]() -> asio::awaitable<void> { reply = co_await session.connect(80); }());
  EXPECT_EQ(reply.status, Reply::Status::out_of_scope);
  EXPECT_EQ(network.connections_opened, 0u);
}

TEST(NetSession, ClosedPortIsRefusedAndATarpitIsCutAtTheReadDeadline) {
  asio::io_context io;
  TargetSet targets;
  targets.add("127.0.0.1");
  Scope scope(targets, false);
  ScanLimits limits;
  limits.read_timeout = std::chrono::milliseconds(300);
  Network network(io, limits, scope);
  NetSession session(network, loopback(1));
  // A tarpit: accepts, reads nothing, says nothing.
  asio::ip::tcp::acceptor tarpit(io, {asio::ip::make_address("127.0.0.1"), 0});
  asio::ip::tcp::socket held(io);
  tarpit.async_accept(held, [](asio::error_code) {});
  std::uint16_t port = tarpit.local_endpoint().port();
  Reply closed, slow;
  auto started = std::chrono::steady_clock::now();
  run_to_end(io, [&]() -> asio::awaitable<void> {
    closed = co_await session.connect(1);
    slow = co_await session.exchange(port, Transport::tcp, "GET / HTTP/1.1\r\n\r\n", Framing::http);
  }());
  auto took = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(closed.status, Reply::Status::refused);
  EXPECT_EQ(slow.status, Reply::Status::ok);
  EXPECT_TRUE(slow.timed_out);
  EXPECT_LT(took, std::chrono::seconds(5)) << "bounded by the read deadline, not by the peer";
}

TEST(Credentials, RefusesAFileOthersCanReadAndMatchesRanges) {
  auto path = std::filesystem::temp_directory_path() / ("camaudit-cred-" + std::to_string(::getpid()) + ".toml");
  std::ofstream(path) << "[[credential]]\nrange = \"127.0.5.0/24\"\nusername = \"auditor\"\npassword = \"pw\"\n";
  ::chmod(path.c_str(), 0644);
  try {
    CredentialStore::load(path.string());
    ADD_FAILURE() << "a world-readable credentials file must be refused";
  } catch (const CredentialError& e) {
    EXPECT_NE(std::string(e.what()).find("chmod 600"), std::string::npos) << e.what();
    EXPECT_EQ(std::string(e.what()).find("pw\""), std::string::npos);
  }
  ::chmod(path.c_str(), 0600);
  CredentialStore store = CredentialStore::load(path.string());
  EXPECT_EQ(store.size(), 1u);
  EXPECT_EQ(store.for_address(IpAddress::v4((127u << 24) | (5u << 8) | 9))->username, "auditor");
  EXPECT_FALSE(store.for_address(loopback(9)));
  std::ofstream(path) << "[[credential]]\nrange = \"127.0.5.0/24\"\nusername = \"auditor\"\n";
  try {
    CredentialStore::load(path.string());
    ADD_FAILURE() << "a credential without a password must be refused";
  } catch (const CredentialError& e) {
    EXPECT_NE(std::string(e.what()).find(":1: [[credential]] needs a string `password`"), std::string::npos) << e.what();
  }
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace camaudit::scan
