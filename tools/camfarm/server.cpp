// SPDX-License-Identifier: Apache-2.0
#include "server.hpp"

#include <sys/resource.h>

#include <asio.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <asio/ssl.hpp>
#include <chrono>
#include <ctime>
#include <mutex>
#include <random>
#include <thread>

#include "camaudit/util/codec.hpp"
#include "camaudit/util/text.hpp"
#include "tls.hpp"

namespace camfarm {

namespace {

using asio::ip::tcp;
using asio::ip::udp;
using namespace std::chrono_literals;
constexpr auto kUseTuple = asio::experimental::as_tuple(asio::use_awaitable);
constexpr std::size_t kMaxRequestBytes = 64 * 1024;

// ------------------------------------------------------------------ request parsing

struct Request {
  std::string method;
  std::string target;
  std::string path;  // path+query, absolute-URI prefix removed
  std::string body;
  std::string raw;
  std::string cseq;
  std::string authorization;
  bool wants_close = false;
};

// Parses request line and headers of an HTTP or RTSP request (head ends with CRLFCRLF).
Request parse_head(std::string_view head) {
  Request request;
  auto lines = camaudit::util::split(head, '\n');
  if (!lines.empty()) {
    auto first = camaudit::util::trim(lines[0]);
    auto parts = camaudit::util::split(first, ' ');
    if (!parts.empty()) request.method = std::string(parts[0]);
    if (parts.size() > 1) request.target = std::string(parts[1]);
  }
  for (std::size_t i = 1; i < lines.size(); ++i) {
    auto line = camaudit::util::trim(lines[i]);
    auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    auto name = camaudit::util::trim(line.substr(0, colon));
    auto value = camaudit::util::trim(line.substr(colon + 1));
    if (camaudit::util::iequals(name, "CSeq")) request.cseq = std::string(value);
    if (camaudit::util::iequals(name, "Authorization")) request.authorization = std::string(value);
    if (camaudit::util::iequals(name, "Connection") && camaudit::util::iequals(value, "close")) {
      request.wants_close = true;
    }
  }
  // "rtsp://host:port/path" or "http://host/path" -> "/path"; empty path -> "/".
  std::string_view target = request.target;
  auto scheme = target.find("://");
  if (scheme != std::string_view::npos) {
    auto slash = target.find('/', scheme + 3);
    target = slash == std::string_view::npos ? std::string_view("/") : target.substr(slash);
  }
  request.path = target.empty() ? std::string("/") : std::string(target);
  return request;
}

std::optional<std::size_t> content_length_of(std::string_view head) {
  for (auto line : camaudit::util::split(head, '\n')) {
    auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    if (camaudit::util::iequals(camaudit::util::trim(line.substr(0, colon)), "Content-Length")) {
      auto value = camaudit::util::trim(line.substr(colon + 1));
      std::size_t n = 0;
      for (char c : value) {
        if (c < '0' || c > '9') return std::nullopt;
        n = n * 10 + static_cast<std::size_t>(c - '0');
        if (n > kMaxRequestBytes) return n;
      }
      return n;
    }
  }
  return std::size_t{0};
}

// ------------------------------------------------------------------ credentials

bool credentials_valid(const Request& request, const std::optional<Credentials>& credentials) {
  if (!credentials || request.authorization.empty()) return false;
  std::string_view auth = request.authorization;
  if (camaudit::util::istarts_with(auth, "Basic ")) {
    auto decoded = camaudit::util::base64_decode(camaudit::util::trim(auth.substr(6)));
    return decoded && *decoded == credentials->username + ":" + credentials->password;
  }
  if (camaudit::util::istarts_with(auth, "Digest ")) {
    auto p = camaudit::util::parse_auth_params(auth.substr(7));
    if (p["username"] != credentials->username) return false;
    using camaudit::util::md5_hex;
    auto ha1 = md5_hex(credentials->username + ":" + p["realm"] + ":" + credentials->password);
    auto ha2 = md5_hex(request.method + ":" + p["uri"]);
    std::string expected = p.count("qop")
        ? md5_hex(ha1 + ":" + p["nonce"] + ":" + p["nc"] + ":" + p["cnonce"] + ":" + p["qop"] + ":" + ha2)
        : md5_hex(ha1 + ":" + p["nonce"] + ":" + ha2);
    return camaudit::util::iequals(expected, p["response"]);
  }
  return false;
}

// ------------------------------------------------------------------ matching and building

bool route_matches(const Route& route, const Request& request, std::string_view bytes,
                   std::smatch* captures, std::string& capture_source) {
  if (route.method && *route.method != request.method) return false;
  if (route.path && *route.path != request.path) return false;
  if (route.path_prefix && request.path.rfind(*route.path_prefix, 0) != 0) return false;
  if (route.body_contains && bytes.find(*route.body_contains) == std::string_view::npos) return false;
  if (!route.prefix_bytes.empty() && bytes.substr(0, route.prefix_bytes.size()) != route.prefix_bytes) return false;
  if (bytes.size() < route.min_length) return false;
  if (route.body_regex) {
    capture_source.assign(bytes);
    if (!std::regex_search(capture_source, *captures, *route.body_regex)) return false;
  }
  return true;
}

std::string date_http(std::time_t now) {
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buffer[64];
  return std::string(buffer, std::strftime(buffer, sizeof buffer, "%a, %d %b %Y %H:%M:%S GMT", &tm));
}

// C asctime layout without the newline: "Sat Apr 11 14:31:37 2015" (older GoAhead "Webs"
// servers on Hikvision DVRs and cameras, nmap-service-probes 9946 / 10168).
std::string date_asctime(std::time_t now) {
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buffer[64];
  return std::string(buffer, std::strftime(buffer, sizeof buffer, "%a %b %d %H:%M:%S %Y", &tm));
}

std::string date_hik_rtsp(std::time_t now) {
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buffer[64];
  return std::string(buffer, std::strftime(buffer, sizeof buffer, " %a, %b %d %Y %H:%M:%S GMT", &tm));
}

thread_local std::mt19937_64 t_request_rng{std::random_device{}()};

struct Built {
  std::string head;  // status line + headers + blank line; empty for binary replies
  std::string body;
  bool close = false;
  Behaviour behaviour = Behaviour::kNormal;
};

void put_u32(std::string& out, std::size_t offset, std::uint32_t value) {
  for (int i = 0; i < 4; ++i) out[offset + static_cast<std::size_t>(i)] = static_cast<char>((value >> (8 * i)) & 255);
}

std::string frame(Framing framing, std::string body) {
  if (framing == Framing::kDhip) {
    std::string header(32, '\0');
    header[0] = 0x20;
    header.replace(4, 4, "DHIP");
    put_u32(header, 16, static_cast<std::uint32_t>(body.size()));
    put_u32(header, 24, static_cast<std::uint32_t>(body.size()));
    return header + body;
  }
  if (framing == Framing::kDvrip) {
    std::string header(32, '\0');
    header[0] = static_cast<char>(0xb0);
    header[1] = 0x01;
    put_u32(header, 4, static_cast<std::uint32_t>(body.size()));
    return header + body;
  }
  return body;
}

struct ResponseContext {
  const Device& device;
  std::uint16_t port;
  std::string client_ip;
  std::uint16_t client_port;
  const Request& request;
  const std::smatch* captures;
};

Built build(const Response& response, const ResponseContext& ctx, Behaviour port_behaviour,
            const std::optional<Credentials>& credentials) {
  const Response* chosen = &response;
  if (response.authorized && credentials_valid(ctx.request, credentials)) chosen = response.authorized.get();
  Built built;
  built.behaviour = chosen->behaviour.value_or(port_behaviour);
  built.close = chosen->close || ctx.request.wants_close ||
                built.behaviour == Behaviour::kWrongContentLength;
  std::time_t now = std::time(nullptr);
  std::map<std::string, std::string, std::less<>> request_scope;
  std::string content_length;
  VariableLookup lookup;
  lookup = [&](std::string_view name) -> std::optional<std::string> {
    if (auto* v = ctx.device.var(name)) return *v;
    if (name.size() == 2 && name[0] == 'm' && name[1] >= '1' && name[1] <= '9') {
      auto index = static_cast<std::size_t>(name[1] - '0');
      if (ctx.captures && index < ctx.captures->size()) return (*ctx.captures)[index].str();
      return std::string();
    }
    if (name == "ip") return ctx.device.ip;
    if (name == "port") return std::to_string(ctx.port);
    if (name == "gateway") return ctx.device.gateway;
    if (name == "client_ip") return ctx.client_ip;
    if (name == "client_port") return std::to_string(ctx.client_port);
    if (name == "content_length") return content_length;
    if (name == "cseq") return ctx.request.cseq;
    if (name == "uri") return ctx.request.target;
    if (name == "date_http") return date_http(now);
    if (name == "date_hik_rtsp") return date_hik_rtsp(now);
    if (name == "date_asctime") return date_asctime(now);
    if (name == "date_unix") return std::to_string(now);
    if (name == "date_unix_us") {
      return std::to_string(std::chrono::duration_cast<std::chrono::microseconds>(
                                std::chrono::system_clock::now().time_since_epoch()).count());
    }
    if (name.rfind("utc_", 0) == 0) {
      std::tm tm{};
      gmtime_r(&now, &tm);
      if (name == "utc_year") return std::to_string(tm.tm_year + 1900);
      if (name == "utc_month") return std::to_string(tm.tm_mon + 1);
      if (name == "utc_day") return std::to_string(tm.tm_mday);
      if (name == "utc_hour") return std::to_string(tm.tm_hour);
      if (name == "utc_minute") return std::to_string(tm.tm_min);
      if (name == "utc_second") return std::to_string(tm.tm_sec);
    }
    if (auto it = request_scope.find(name); it != request_scope.end()) return it->second;
    for (const auto& generator : ctx.device.profile->generators) {
      if (generator.per_request && generator.name == name) {
        Rng rng(t_request_rng());
        auto value = generate_value(generator, rng, lookup);
        request_scope.emplace(std::string(name), value);
        return value;
      }
    }
    return std::nullopt;
  };
  built.body = frame(chosen->framing, chosen->body.expand(lookup));
  std::size_t length = built.body.size();
  if (built.behaviour == Behaviour::kWrongContentLength) length += 1000;
  content_length = std::to_string(length);
  if (chosen->status) {
    built.head = chosen->status->expand(lookup) + "\r\n";
    for (const auto& header : chosen->headers) built.head += header.expand(lookup) + "\r\n";
    if (built.behaviour == Behaviour::kHugeHeaders) {
      // 1 MiB of padding headers, as a broken or hostile device might send.
      std::string pad(1000, 'x');
      for (int i = 0; built.head.size() < (1u << 20); ++i) built.head += "X-Pad-" + std::to_string(i) + ": " + pad + "\r\n";
    }
    built.head += "\r\n";
  }
  return built;
}

// ------------------------------------------------------------------ services

struct TcpService {
  const Device* device = nullptr;
  const TcpPort* port = nullptr;
  std::once_flag tls_once;
  std::shared_ptr<asio::ssl::context> tls;
};

struct UdpService {
  const Device* device = nullptr;
  const UdpPort* port = nullptr;
};

}  // namespace

struct Farm::Impl {
  std::vector<std::unique_ptr<asio::io_context>> contexts;
  std::vector<std::thread> threads;
  std::vector<std::unique_ptr<TcpService>> tcp_services;
  std::vector<std::unique_ptr<UdpService>> udp_services;
  const EstateSpec* spec = nullptr;
  RequestLog* log = nullptr;
  bool private_namespace = false;
  bool started = false;

  std::chrono::seconds hostile_timeout() const { return std::chrono::seconds(spec->hostile_timeout_seconds); }
  std::chrono::steady_clock::duration idle_timeout() const {
    return std::chrono::duration_cast<std::chrono::steady_clock::duration>(
        std::chrono::duration<double>(spec->idle_timeout_seconds));
  }

  void log_request(const Device& device, std::uint16_t port, std::string_view transport,
                   std::string_view protocol, const std::string& client, const Request* request,
                   std::string_view raw) {
    if (!log) return;
    RequestRecord record;
    record.device_ip = device.ip;
    record.port = port;
    record.transport = std::string(transport);
    record.protocol = std::string(protocol);
    record.client = client;
    if (request) {
      record.method = request->method;
      record.target = request->target;
      record.authorization = request->authorization;
    }
    record.raw = std::string(raw.substr(0, kMaxLoggedBytes));
    record.credentials_configured = spec->credentials.has_value();
    log->write(record);
  }
};

namespace {

// A connection: the stream, a watchdog deadline, and the loop for the port's protocol.
template <typename Stream>
class Session : public std::enable_shared_from_this<Session<Stream>> {
 public:
  Session(Stream stream, TcpService& service, Farm::Impl& farm)
      : m_stream(std::move(stream)), m_service(service), m_farm(farm),
        m_timer(m_stream.get_executor()) {}

  asio::awaitable<void> run() {
    auto self = this->shared_from_this();
    std::error_code ec;
    auto peer = m_stream.lowest_layer().remote_endpoint(ec);
    m_client_ip = ec ? std::string("?") : peer.address().to_string();
    m_client_port = ec ? 0 : peer.port();
    m_expiry = std::chrono::steady_clock::now() + m_farm.idle_timeout();
    asio::co_spawn(m_stream.get_executor(), watchdog(self), asio::detached);
    try {
      co_await serve();
    } catch (const std::exception&) {
      // Peer errors end the connection; nothing to report.
    }
    close();
  }

 private:
  asio::awaitable<void> watchdog([[maybe_unused]] std::shared_ptr<Session> self) {  // self: keeps the session alive
    while (!m_closed) {
      m_timer.expires_at(m_expiry);
      co_await m_timer.async_wait(kUseTuple);
      if (m_closed) co_return;
      if (std::chrono::steady_clock::now() >= m_expiry) {
        close();
        co_return;
      }
    }
  }

  void close() {
    if (m_closed) return;
    m_closed = true;
    std::error_code ec;
    m_stream.lowest_layer().close(ec);
    m_timer.cancel();
  }

  // Moves the deadline; the cancel wakes the watchdog so a shorter deadline takes effect.
  void extend(std::chrono::steady_clock::duration d) {
    m_expiry = std::chrono::steady_clock::now() + d;
    m_timer.cancel();
  }

  std::string client() const { return m_client_ip + ":" + std::to_string(m_client_port); }

  asio::awaitable<void> serve();
  asio::awaitable<void> serve_text();
  asio::awaitable<void> serve_binary();
  asio::awaitable<bool> send(Built built);

  Stream m_stream;
  TcpService& m_service;
  Farm::Impl& m_farm;
  asio::steady_timer m_timer;
  std::chrono::steady_clock::time_point m_expiry;
  std::string m_client_ip;
  std::uint16_t m_client_port = 0;
  bool m_closed = false;
};

template <typename Stream>
asio::awaitable<void> Session<Stream>::serve() {
  const TcpPort& port = *m_service.port;
  if constexpr (!std::is_same_v<Stream, tcp::socket>) {
    auto [ec] = co_await m_stream.async_handshake(asio::ssl::stream_base::server, kUseTuple);
    if (ec) co_return;
  }
  if (port.behaviour == Behaviour::kTarpit) {
    // Accept, read and log, never answer; the watchdog closes at the hostile timeout.
    extend(m_farm.hostile_timeout());
    std::string buffer(4096, '\0');
    bool logged = false;
    for (;;) {
      auto [ec, n] = co_await m_stream.async_read_some(asio::buffer(buffer), kUseTuple);
      if (ec) co_return;
      if (!logged) {
        m_farm.log_request(*m_service.device, port.port, "tcp", protocol_name(port.protocol), client(), nullptr,
                           std::string_view(buffer).substr(0, n));
        logged = true;
      }
    }
  }
  if (port.protocol == PortProtocol::kBanner) {
    Request none;
    ResponseContext ctx{*m_service.device, port.port, m_client_ip, m_client_port, none, nullptr};
    Response banner;
    banner.body = port.banner;
    if (!co_await send(build(banner, ctx, port.behaviour, m_farm.spec->credentials))) co_return;
  }
  if (port.protocol == PortProtocol::kBanner || port.protocol == PortProtocol::kBinary) {
    co_await serve_binary();
  } else {
    co_await serve_text();
  }
}

template <typename Stream>
asio::awaitable<void> Session<Stream>::serve_text() {
  const TcpPort& port = *m_service.port;
  std::string buffer;
  for (;;) {
    extend(m_farm.idle_timeout());
    auto [ec, head_size] = co_await asio::async_read_until(
        m_stream, asio::dynamic_buffer(buffer, kMaxRequestBytes), "\r\n\r\n", kUseTuple);
    if (ec) co_return;
    std::string_view head(buffer.data(), head_size);
    auto length = content_length_of(head);
    if (!length || *length > kMaxRequestBytes) co_return;
    if (buffer.size() < head_size + *length) {
      auto need = head_size + *length - buffer.size();
      auto [ec2, got] = co_await asio::async_read(
          m_stream, asio::dynamic_buffer(buffer, 2 * kMaxRequestBytes), asio::transfer_exactly(need), kUseTuple);
      if (ec2) co_return;
    }
    Request request = parse_head(std::string_view(buffer.data(), head_size));
    request.body = buffer.substr(head_size, *length);
    request.raw = buffer.substr(0, head_size + *length);
    buffer.erase(0, head_size + *length);
    m_farm.log_request(*m_service.device, port.port, "tcp", protocol_name(port.protocol), client(), &request,
                       request.raw);

    const Response* response = nullptr;
    std::smatch captures;
    std::string capture_source;
    for (const auto& route : port.routes) {
      if (route_matches(route, request, request.body, &captures, capture_source)) {
        response = &route.response;
        break;
      }
    }
    if (!response && port.fallback) response = &*port.fallback;
    if (!response) continue;  // the device ignores it; the idle timeout ends the connection
    ResponseContext ctx{*m_service.device, port.port, m_client_ip, m_client_port, request, &captures};
    Built built = build(*response, ctx, port.behaviour, m_farm.spec->credentials);
    if (!co_await send(std::move(built))) co_return;
  }
}

template <typename Stream>
asio::awaitable<void> Session<Stream>::serve_binary() {
  const TcpPort& port = *m_service.port;
  std::string buffer(kMaxRequestBytes, '\0');
  for (;;) {
    extend(m_farm.idle_timeout());
    auto [ec, n] = co_await m_stream.async_read_some(asio::buffer(buffer), kUseTuple);
    if (ec) co_return;
    std::string_view bytes(buffer.data(), n);
    Request request;
    request.raw = std::string(bytes);
    m_farm.log_request(*m_service.device, port.port, "tcp", protocol_name(port.protocol), client(), nullptr, bytes);
    std::smatch captures;
    std::string capture_source;
    const Response* response = nullptr;
    for (const auto& route : port.routes) {
      if (route_matches(route, request, bytes, &captures, capture_source)) {
        response = &route.response;
        break;
      }
    }
    if (!response && port.fallback) response = &*port.fallback;
    if (!response) continue;
    ResponseContext ctx{*m_service.device, port.port, m_client_ip, m_client_port, request, &captures};
    if (!co_await send(build(*response, ctx, port.behaviour, m_farm.spec->credentials))) co_return;
  }
}

// Writes a response with its behaviour; false when the connection must end.
template <typename Stream>
asio::awaitable<bool> Session<Stream>::send(Built built) {
  auto executor = m_stream.get_executor();
  asio::steady_timer pause(executor);
  auto deadline = std::chrono::steady_clock::now() + m_farm.hostile_timeout();
  std::string all = built.head + built.body;
  switch (built.behaviour) {
    case Behaviour::kNormal:
    case Behaviour::kHugeHeaders:
    case Behaviour::kWrongContentLength: {
      extend(std::max<std::chrono::steady_clock::duration>(m_farm.idle_timeout(), m_farm.hostile_timeout()));
      auto [ec, n] = co_await asio::async_write(m_stream, asio::buffer(all), kUseTuple);
      co_return !ec && !built.close;
    }
    case Behaviour::kTarpit: {
      extend(m_farm.hostile_timeout());
      pause.expires_at(deadline);
      co_await pause.async_wait(kUseTuple);
      co_return false;
    }
    case Behaviour::kSlowloris: {
      extend(m_farm.hostile_timeout());
      for (std::size_t i = 0; i < all.size() && std::chrono::steady_clock::now() < deadline; ++i) {
        auto [ec, n] = co_await asio::async_write(m_stream, asio::buffer(&all[i], 1), kUseTuple);
        if (ec) co_return false;
        pause.expires_after(1s);
        co_await pause.async_wait(kUseTuple);
      }
      co_return false;
    }
    case Behaviour::kEndlessBody: {
      extend(m_farm.hostile_timeout());
      auto [ec, n] = co_await asio::async_write(m_stream, asio::buffer(built.head), kUseTuple);
      if (ec) co_return false;
      std::string chunk = built.body.empty() ? std::string(16384, 'A') : built.body;
      while (std::chrono::steady_clock::now() < deadline) {
        auto [ec2, n2] = co_await asio::async_write(m_stream, asio::buffer(chunk), kUseTuple);
        if (ec2) co_return false;
        pause.expires_after(5ms);  // bounded CPU: ~3 MB/s per hostile connection at most
        co_await pause.async_wait(kUseTuple);
      }
      co_return false;
    }
    case Behaviour::kResetMidResponse: {
      co_await asio::async_write(m_stream, asio::buffer(all.data(), all.size() / 2), kUseTuple);
      std::error_code ignored;
      m_stream.lowest_layer().set_option(asio::socket_base::linger(true, 0), ignored);
      close();  // with linger 0 the kernel sends RST
      co_return false;
    }
  }
  co_return false;
}

asio::awaitable<void> accept_loop(tcp::acceptor acceptor, TcpService& service, Farm::Impl& farm) {
  auto executor = co_await asio::this_coro::executor;
  for (;;) {
    auto [ec, socket] = co_await acceptor.async_accept(kUseTuple);
    if (ec == asio::error::operation_aborted) co_return;
    if (ec) {
      // Out of fds or similar: back off instead of spinning.
      asio::steady_timer pause(executor, 50ms);
      co_await pause.async_wait(kUseTuple);
      continue;
    }
    socket.set_option(tcp::no_delay(true), ec);
    if (service.port->protocol == PortProtocol::kHttps) {
      std::call_once(service.tls_once, [&] {
        auto lookup = [&](std::string_view n) -> std::optional<std::string> {
          if (n == "ip") return service.device->ip;
          if (n == "gateway") return service.device->gateway;
          if (auto* v = service.device->var(n)) return *v;
          return std::string();
        };
        std::string error;
        service.tls = make_tls_context(service.port->tls_subject.expand(lookup),
                                       service.port->tls_issuer.expand(lookup), service.port->tls_days, &error);
      });
      if (!service.tls) continue;
      auto session = std::make_shared<Session<asio::ssl::stream<tcp::socket>>>(
          asio::ssl::stream<tcp::socket>(std::move(socket), *service.tls), service, farm);
      asio::co_spawn(executor, session->run(), asio::detached);
    } else {
      auto session = std::make_shared<Session<tcp::socket>>(std::move(socket), service, farm);
      asio::co_spawn(executor, session->run(), asio::detached);
    }
  }
}

bool loopback(const asio::ip::address& address) {
  return address.is_v4() && (address.to_v4().to_uint() >> 24) == 127;
}

asio::awaitable<void> udp_loop(udp::socket socket, UdpService& service, Farm::Impl& farm) {
  std::string buffer(65536, '\0');
  for (;;) {
    udp::endpoint sender;
    auto [ec, n] = co_await socket.async_receive_from(asio::buffer(buffer), sender, kUseTuple);
    if (ec == asio::error::operation_aborted) co_return;
    if (ec) continue;
    // Network safety: outside a private namespace only loopback queriers get an answer.
    if (!farm.private_namespace && !loopback(sender.address())) continue;
    std::string_view bytes(buffer.data(), n);
    std::string client = sender.address().to_string() + ":" + std::to_string(sender.port());
    farm.log_request(*service.device, service.port->port, "udp", service.port->kind, client, nullptr, bytes);
    Request request;
    request.raw = std::string(bytes);
    std::smatch captures;
    std::string capture_source;
    for (const auto& route : service.port->routes) {
      if (!route_matches(route, request, bytes, &captures, capture_source)) continue;
      ResponseContext ctx{*service.device, service.port->port, sender.address().to_string(), sender.port(),
                          request, &captures};
      Built built = build(route.response, ctx, Behaviour::kNormal, farm.spec->credentials);
      std::string datagram = built.head + built.body;
      co_await socket.async_send_to(asio::buffer(datagram), sender, kUseTuple);
      break;
    }
  }
}

// The group a discovery port listens on, as real devices do (research/protocols.md §0):
// SADP, WS-Discovery and SSDP share 239.255.255.250; DHIP uses 239.255.255.251 and
// 255.255.255.255; Dahua's legacy discovery on 5050 is broadcast only (no group).
struct LanGroup {
  std::uint16_t port;
  const char* group;  // nullptr: broadcast only
};
constexpr LanGroup kLanGroups[] = {
    {37020, "239.255.255.250"}, {3702, "239.255.255.250"}, {1900, "239.255.255.250"},
    {37810, "239.255.255.251"}, {5050, nullptr},
};

}  // namespace

// Inside a private network namespace: a second socket per discovery port bound to
// 0.0.0.0:<port> that joins the port's group on the device's interface, so multicast and
// broadcast queries reach the device; it answers unicast to the querier like the device socket.
static std::optional<std::string> bind_lan_listener(Farm::Impl& farm, asio::io_context& context, const Device& device,
                                             const UdpPort& port) {
  const LanGroup* lan = nullptr;
  for (const auto& candidate : kLanGroups) {
    if (candidate.port == port.port) lan = &candidate;
  }
  if (!lan) return std::nullopt;
  udp::socket socket(context);
  std::error_code ec;
  udp::endpoint any(asio::ip::address_v4::any(), port.port);
  socket.open(any.protocol(), ec);
  if (!ec) socket.set_option(udp::socket::reuse_address(true), ec);
  if (!ec) socket.bind(any, ec);
  if (!ec && lan->group) {
    socket.set_option(asio::ip::multicast::join_group(asio::ip::make_address_v4(lan->group),
                                                      asio::ip::make_address_v4(device.address)), ec);
  }
  if (ec) {
    return "cannot listen for LAN discovery on " + device.ip + " port " + std::to_string(port.port) + ": " +
           ec.message();
  }
  auto service = std::make_unique<UdpService>();
  service->device = &device;
  service->port = &port;
  asio::co_spawn(context, udp_loop(std::move(socket), *service, farm), asio::detached);
  farm.udp_services.push_back(std::move(service));
  return std::nullopt;
}

namespace {

std::size_t raise_fd_limit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return 1024;
  limit.rlim_cur = limit.rlim_max;
  ::setrlimit(RLIMIT_NOFILE, &limit);
  ::getrlimit(RLIMIT_NOFILE, &limit);
  return static_cast<std::size_t>(limit.rlim_cur);
}

}  // namespace

Farm::Farm(std::vector<Device> devices, EstateSpec spec, RequestLog* log)
    : m_devices(std::move(devices)), m_spec(std::move(spec)), m_log(log), m_impl(std::make_unique<Impl>()) {
  m_impl->spec = &m_spec;
  m_impl->log = m_log;
  m_impl->private_namespace = in_private_network_namespace();
}

Farm::~Farm() { stop(); }

std::optional<std::string> Farm::bind(unsigned threads) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  std::size_t needed = 0;
  for (const auto& device : m_devices) needed += device.profile->tcp.size() + device.profile->udp.size();
  m_stats.fd_limit = raise_fd_limit();
  // Keep room for connections, the log and the runtime.
  constexpr std::size_t kReserve = 512;
  if (needed + kReserve > m_stats.fd_limit) {
    return "the estate needs " + std::to_string(needed) + " sockets but the fd limit is " +
           std::to_string(m_stats.fd_limit) + " (hard limit, " + std::to_string(kReserve) +
           " kept for connections): use a smaller range or live_fraction, or raise `ulimit -Hn`";
  }
  // Multicast/broadcast discovery only where nothing can leave: a private network namespace.
  bool lan_discovery = m_spec.multicast && m_impl->private_namespace;
  for (unsigned i = 0; i < threads; ++i) m_impl->contexts.push_back(std::make_unique<asio::io_context>(1));
  std::size_t next = 0;
  for (const auto& device : m_devices) {
    auto address = asio::ip::make_address_v4(device.address);
    for (const auto& port : device.profile->tcp) {
      auto& context = *m_impl->contexts[next++ % threads];
      tcp::acceptor acceptor(context);
      std::error_code ec;
      tcp::endpoint endpoint(address, port.port);
      acceptor.open(endpoint.protocol(), ec);
      if (!ec) acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
      if (!ec) acceptor.bind(endpoint, ec);
      if (!ec) acceptor.listen(256, ec);
      if (ec) return "cannot listen on " + device.ip + ":" + std::to_string(port.port) + ": " + ec.message();
      auto service = std::make_unique<TcpService>();
      service->device = &device;
      service->port = &port;
      asio::co_spawn(context, accept_loop(std::move(acceptor), *service, *m_impl), asio::detached);
      m_impl->tcp_services.push_back(std::move(service));
      ++m_stats.tcp_listeners;
    }
    for (const auto& port : device.profile->udp) {
      auto& context = *m_impl->contexts[next++ % threads];
      udp::socket socket(context);
      std::error_code ec;
      udp::endpoint endpoint(address, port.port);
      socket.open(endpoint.protocol(), ec);
      // The LAN listener below shares the port, so both sockets need SO_REUSEADDR.
      if (!ec && lan_discovery) socket.set_option(udp::socket::reuse_address(true), ec);
      if (!ec) socket.bind(endpoint, ec);
      if (ec) return "cannot bind udp " + device.ip + ":" + std::to_string(port.port) + ": " + ec.message();
      auto service = std::make_unique<UdpService>();
      service->device = &device;
      service->port = &port;
      asio::co_spawn(context, udp_loop(std::move(socket), *service, *m_impl), asio::detached);
      m_impl->udp_services.push_back(std::move(service));
      ++m_stats.udp_sockets;
      if (lan_discovery) {
        if (auto error = bind_lan_listener(*m_impl, context, device, port)) return error;
        ++m_stats.udp_sockets;
      }
    }
  }
  return std::nullopt;
}

void Farm::start() {
  if (m_impl->started) return;
  m_impl->started = true;
  for (auto& context : m_impl->contexts) {
    m_impl->threads.emplace_back([ctx = context.get()] { ctx->run(); });
  }
}

void Farm::stop() {
  if (!m_impl) return;
  for (auto& context : m_impl->contexts) context->stop();
  for (auto& thread : m_impl->threads) {
    if (thread.joinable()) thread.join();
  }
  m_impl->threads.clear();
  // Destroying the contexts destroys pending coroutines and closes their sockets.
  m_impl->contexts.clear();
}

}  // namespace camfarm
