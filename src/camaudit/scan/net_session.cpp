// SPDX-License-Identifier: Apache-2.0
#include <camaudit/scan/net_session.hpp>

#include <camaudit/scan/http_text.hpp>

#include <asio/connect.hpp>
#include <asio/post.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <asio/experimental/awaitable_operators.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/ip/udp.hpp>
#include <asio/ssl/stream.hpp>
#include <asio/steady_timer.hpp>
#include <asio/use_awaitable.hpp>
#include <asio/write.hpp>

#include <openssl/ssl.h>
#include <openssl/x509.h>

namespace camaudit::scan {

namespace {
using namespace asio::experimental::awaitable_operators;
using asio::ip::tcp;
using Clock = std::chrono::steady_clock;
constexpr auto kNoThrow = asio::experimental::as_tuple(asio::use_awaitable);

tcp::endpoint endpoint_of(const IpAddress& a, std::uint16_t port) {
  if (!a.v6) return {asio::ip::address_v4(a.v4_value()), port};
  asio::ip::address_v6::bytes_type bytes;
  std::copy(a.bytes.begin(), a.bytes.end(), bytes.begin());
  return {asio::ip::address_v6(bytes), port};
}

// Holds a slot of a semaphore for as long as it lives.
class Slot {
 public:
  explicit Slot(AsyncSemaphore& s) : m_s(&s) {}
  Slot(Slot&& o) noexcept : m_s(std::exchange(o.m_s, nullptr)) {}
  Slot(const Slot&) = delete;
  Slot& operator=(const Slot&) = delete;
  Slot& operator=(Slot&&) = delete;
  ~Slot() {
    if (m_s) m_s->release();
  }

 private:
  AsyncSemaphore* m_s;
};

// Connects with a deadline. The hot path of a sweep (most connects are refused at once),
// so no parallel group per connection: a timer whose handler closes the socket if it
// fires first.
asio::awaitable<asio::error_code> connect_before(tcp::socket& socket, const tcp::endpoint& to,
                                                 std::chrono::milliseconds timeout, bool& timed_out) {
  auto executor = co_await asio::this_coro::executor;
  asio::steady_timer timer(executor, timeout);
  timed_out = false;
  timer.async_wait([&socket, &timed_out](const asio::error_code& ec) {
    if (ec) return;  // cancelled: the connect finished first
    timed_out = true;
    asio::error_code ignored;
    socket.close(ignored);
  });
  auto [ec] = co_await socket.async_connect(to, kNoThrow);
  if (timer.cancel() == 0 && !timed_out) {
    // The deadline fired in the same turn as the connect completed: its handler is queued
    // and refers to `socket` and `timed_out`; let it run before they go away.
    co_await asio::post(executor, asio::use_awaitable);
  }
  co_return ec;
}

Reply::Status status_of(const asio::error_code& ec) {
  if (ec == asio::error::connection_refused) return Reply::Status::refused;
  if (ec == asio::error::timed_out) return Reply::Status::timeout;
  return Reply::Status::failed;
}

// Reads into reply.bytes until framing is satisfied, the peer closes, the cap or the deadline.
template <class Stream>
asio::awaitable<void> read_answer(Stream& stream, Framing framing, std::size_t cap, Clock::time_point deadline,
                                  Reply& reply) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  char buffer[16 * 1024];
  while (reply.bytes.size() < cap) {
    timer.expires_at(deadline);
    std::size_t room = std::min(sizeof buffer, cap - reply.bytes.size());
    auto result = co_await (stream.async_read_some(asio::buffer(buffer, room), kNoThrow) ||
                            timer.async_wait(kNoThrow));
    if (result.index() == 1) {
      reply.timed_out = true;
      co_return;
    }
    auto [ec, n] = std::get<0>(result);
    reply.bytes.append(buffer, n);
    if (ec) co_return;  // closed (eof, reset): what came is the answer
    if (framing == Framing::first_bytes && !reply.bytes.empty()) co_return;
    if (framing == Framing::http && http_message_complete(reply.bytes)) co_return;
  }
  reply.truncated = true;
}

std::string leaf_certificate_der(SSL* ssl) {
  X509* cert = SSL_get1_peer_certificate(ssl);
  if (!cert) return {};
  std::string der;
  int length = i2d_X509(cert, nullptr);
  if (length > 0) {
    der.resize(static_cast<std::size_t>(length));
    auto* out = reinterpret_cast<unsigned char*>(der.data());
    i2d_X509(cert, &out);
  }
  X509_free(cert);
  return der;
}
}  // namespace

Network::Network(asio::io_context& io, const ScanLimits& limits, const Scope& scope)
    : m_io(io),
      m_limits(limits),
      m_scope(scope),
      m_tls(asio::ssl::context::tls_client),
      m_rate(io.get_executor(), limits.rate),
      m_connections(io.get_executor(), limits.concurrency) {
  // Cameras run old TLS stacks with self-signed certificates; the scan reads the
  // certificate, it does not trust it, so accept every protocol version and cipher.
  m_tls.set_verify_mode(asio::ssl::verify_none);
  SSL_CTX_set_security_level(m_tls.native_handle(), 0);
  SSL_CTX_set_min_proto_version(m_tls.native_handle(), TLS1_VERSION);
  SSL_CTX_set_cipher_list(m_tls.native_handle(), "ALL:@SECLEVEL=0");
}

NetSession::NetSession(Network& network, IpAddress address)
    : m_network(network), m_address(address), m_host_connections(network.io().get_executor(), network.limits().host_connections) {}

bool NetSession::refused_by_scope(Reply& reply) const {
  if (m_network.scope().allows(m_address)) return false;
  reply.status = Reply::Status::out_of_scope;
  reply.error = "address is excluded or public";
  return true;
}

asio::awaitable<Reply> NetSession::connect(std::uint16_t port) {
  co_return co_await exchange(port, Transport::tcp, {}, Framing::close);
}

asio::awaitable<Reply> NetSession::exchange(std::uint16_t port, Transport transport, std::string_view request,
                                            Framing framing) {
  Reply reply;
  if (refused_by_scope(reply)) co_return reply;
  const ScanLimits& limits = m_network.limits();
  bool connect_only = request.empty() && framing == Framing::close && transport == Transport::tcp;
  if (!connect_only && m_stalled.count(port)) {
    reply.status = Reply::Status::failed;
    reply.error = "the port stalled an earlier answer";
    co_return reply;
  }
  auto executor = co_await asio::this_coro::executor;
  co_await m_host_connections.acquire();
  Slot host_slot(m_host_connections);
  co_await m_network.connections().acquire();
  Slot slot(m_network.connections());

  tcp::socket socket(executor);
  for (int attempt = 0; attempt <= limits.retries; ++attempt) {
    co_await m_network.rate().acquire();
    ++m_network.connections_opened;
    socket = tcp::socket(executor);
    bool timed_out = false;
    asio::error_code ec = co_await connect_before(socket, endpoint_of(m_address, port), limits.connect_timeout, timed_out);
    if (timed_out) {
      reply.status = Reply::Status::timeout;
      reply.error = "connect timed out";
      continue;  // only timeouts are retried
    }
    if (ec) {
      reply.status = status_of(ec);
      reply.error = ec.message();
      co_return reply;
    }
    reply.status = Reply::Status::ok;
    reply.error.clear();
    break;
  }
  if (!reply.connected() || connect_only) co_return reply;

  asio::error_code ignored;
  socket.set_option(tcp::no_delay(true), ignored);
  bool listen_only = request.empty() && framing == Framing::first_bytes;
  auto deadline = Clock::now() + (listen_only ? limits.banner_timeout : limits.read_timeout);
  asio::steady_timer timer(executor, deadline);
  if (transport == Transport::tcp) {
    if (!request.empty()) {
      auto sent = co_await (asio::async_write(socket, asio::buffer(request), kNoThrow) || timer.async_wait(kNoThrow));
      if (sent.index() == 1 || std::get<0>(std::get<0>(sent))) {
        reply.status = Reply::Status::failed;
        reply.error = sent.index() == 1 ? "write timed out" : std::get<0>(std::get<0>(sent)).message();
        co_return reply;
      }
    }
    co_await read_answer(socket, framing, limits.max_response_bytes, deadline, reply);
    if (reply.timed_out && !listen_only) m_stalled.insert(port);
    socket.close(ignored);
    co_return reply;
  }

  asio::ssl::stream<tcp::socket> tls(std::move(socket), m_network.tls());
  timer.expires_after(limits.connect_timeout);
  auto shaken = co_await (tls.async_handshake(asio::ssl::stream_base::client, kNoThrow) || timer.async_wait(kNoThrow));
  if (shaken.index() == 1 || std::get<0>(std::get<0>(shaken))) {
    reply.status = shaken.index() == 1 ? Reply::Status::timeout : Reply::Status::failed;
    reply.error = shaken.index() == 1 ? "TLS handshake timed out" : "TLS handshake failed: " + std::get<0>(std::get<0>(shaken)).message();
    co_return reply;
  }
  reply.peer_certificate_der = leaf_certificate_der(tls.native_handle());
  timer.expires_at(deadline);
  if (!request.empty()) {
    auto sent = co_await (asio::async_write(tls, asio::buffer(request), kNoThrow) || timer.async_wait(kNoThrow));
    if (sent.index() == 1 || std::get<0>(std::get<0>(sent))) co_return reply;  // the certificate is still an answer
  }
  co_await read_answer(tls, framing, limits.max_response_bytes, deadline, reply);
  if (reply.timed_out) m_stalled.insert(port);
  tls.lowest_layer().close(ignored);
  co_return reply;
}

asio::awaitable<Reply> NetSession::datagram(std::uint16_t port, std::string_view payload) {
  Reply reply;
  if (refused_by_scope(reply)) co_return reply;
  const ScanLimits& limits = m_network.limits();
  auto executor = co_await asio::this_coro::executor;
  co_await m_network.connections().acquire();
  Slot slot(m_network.connections());
  asio::ip::udp::endpoint peer(endpoint_of(m_address, port).address(), port);
  asio::ip::udp::socket socket(executor);
  asio::error_code ec;
  socket.open(peer.protocol(), ec);
  if (ec) {
    reply.error = ec.message();
    co_return reply;
  }
  // One wait of --banner-timeout in all; with --retries the datagram is sent again
  // when each equal share of it passes in silence (UDP is lost, not refused).
  char buffer[64 * 1024];
  auto attempts = static_cast<std::size_t>(limits.retries) + 1;
  auto share = limits.banner_timeout / attempts;
  for (std::size_t attempt = 0; attempt < attempts; ++attempt) {
    co_await m_network.rate().acquire();
    ++m_network.connections_opened;
    socket.send_to(asio::buffer(payload), peer, 0, ec);
    if (ec) {
      reply.status = status_of(ec);
      reply.error = ec.message();
      co_return reply;
    }
    asio::steady_timer timer(executor, Clock::now() + share);
    for (;;) {
      asio::ip::udp::endpoint from;
      auto result = co_await (socket.async_receive_from(asio::buffer(buffer), from, kNoThrow) || timer.async_wait(kNoThrow));
      if (result.index() == 1) break;
      auto [error, n] = std::get<0>(result);
      if (error == asio::error::connection_refused) {  // ICMP port unreachable: closed
        reply.status = Reply::Status::refused;
        co_return reply;
      }
      if (error) break;
      if (from.address() != peer.address()) continue;  // only the asked host's answer counts
      reply.status = Reply::Status::ok;
      reply.bytes.assign(buffer, std::min(n, limits.max_response_bytes));
      co_return reply;
    }
  }
  reply.status = Reply::Status::timeout;
  reply.error = "no answer";
  co_return reply;
}

}  // namespace camaudit::scan
