// SPDX-License-Identifier: Apache-2.0
#include <camaudit/scan/net_session.hpp>

#include <camaudit/scan/http_text.hpp>

#include <asio/connect.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <asio/experimental/awaitable_operators.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/ip/udp.hpp>
#include <asio/ssl/stream.hpp>
#include <asio/steady_timer.hpp>
#include <asio/use_awaitable.hpp>
#include <asio/write.hpp>

#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>
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

// Whether the peer still holds the connection open: a closed one reads as end of stream
// (or an error) at once; an open, quiet one would block. Bytes waiting that nobody asked
// for also make it unfit for the next request.
bool still_open(tcp::socket& socket) {
  char byte;
  ssize_t n = ::recv(socket.native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

Reply::Status status_of(const asio::error_code& ec) {
  if (ec == asio::error::connection_refused) return Reply::Status::refused;
  if (ec == asio::error::timed_out) return Reply::Status::timeout;
  return Reply::Status::failed;
}

// Reads into reply.bytes until framing is satisfied, the peer closes, the cap or the deadline.
// `peer_closed`: the read ended at end of stream or an error (the connection is spent).
template <class Stream>
asio::awaitable<void> read_answer(Stream& stream, Framing framing, std::size_t cap, Clock::time_point deadline,
                                  Reply& reply, bool& peer_closed) {
  peer_closed = false;
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
    if (ec) {
      peer_closed = true;
      co_return;  // closed (eof, reset): what came is the answer
    }
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

ConnectDeadlines::~ConnectDeadlines() { *m_alive = false; }

ConnectDeadlines::Ticket ConnectDeadlines::watch(tcp::socket& socket, bool& timed_out) {
  std::size_t slot;
  if (!m_free.empty()) {
    slot = m_free.back();
    m_free.pop_back();
  } else {
    slot = m_watches.size();
    m_watches.emplace_back();
  }
  Ticket ticket{slot, ++m_generation};
  m_watches[slot] = Watch{&socket, &timed_out, ticket.generation};
  m_fifo.push_back(Entry{ticket, Clock::now() + m_timeout});
  arm();
  return ticket;
}

void ConnectDeadlines::unwatch(Ticket ticket) {
  if (live(ticket)) release(ticket.slot);
  drop_finished_front();
}

void ConnectDeadlines::release(std::size_t slot) {
  m_watches[slot] = Watch{};
  m_free.push_back(slot);
}

// Most connects finish long before their deadline: their entries leave the front as soon
// as they get there, so the FIFO holds about the connects in flight.
void ConnectDeadlines::drop_finished_front() {
  while (!m_fifo.empty() && !live(m_fifo.front().ticket)) m_fifo.pop_front();
}

void ConnectDeadlines::arm() {
  if (m_armed || m_fifo.empty()) return;
  m_armed = true;
  m_timer.expires_at(m_fifo.front().deadline);
  m_timer.async_wait([this, alive = m_alive](const asio::error_code& ec) {
    if (!*alive) return;
    m_armed = false;
    if (!ec) expire();
    arm();
  });
}

void ConnectDeadlines::expire() {
  auto now = Clock::now();
  while (!m_fifo.empty() && m_fifo.front().deadline <= now) {
    Ticket ticket = m_fifo.front().ticket;
    m_fifo.pop_front();
    if (!live(ticket)) continue;
    Watch watch = m_watches[ticket.slot];
    release(ticket.slot);  // the connect's completion finds its ticket gone
    *watch.timed_out = true;
    asio::error_code ignored;
    watch.socket->close(ignored);  // ends the pending connect (operation_aborted)
  }
  drop_finished_front();
}

Network::Network(asio::io_context& io, const ScanLimits& limits, const Scope& scope)
    : m_io(io),
      m_limits(limits),
      m_scope(scope),
      m_tls(asio::ssl::context::tls_client),
      m_rate(io.get_executor(), limits.rate),
      m_connections(io.get_executor(), limits.concurrency),
      m_connect_deadlines(io.get_executor(), limits.connect_timeout) {
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
  Reply reply;
  if (refused_by_scope(reply)) co_return reply;
  std::optional<Connection> connection = co_await open(port, reply);
  if (connection) keep(std::move(*connection));  // the first exchange on this port needs no connect of its own
  co_return reply;
}

asio::awaitable<std::vector<std::uint16_t>> NetSession::open_ports(const std::vector<std::uint16_t>& ports) {
  Reply refused;
  if (refused_by_scope(refused)) co_return std::vector<std::uint16_t>{};
  AsyncSemaphore& connections = m_network.connections();
  // One connect per port, each holding its slots while it is in flight, all driven from
  // this coroutine by completion handlers (they refer to this frame, which outlives them).
  // A connect that failed gives its slots back at once; an open one keeps them for the
  // first exchange, unless anyone is waiting for a slot.
  struct Attempt {
    std::uint16_t port;
    tcp::socket socket;
    std::optional<Slot> host_slot, slot;
    ConnectDeadlines::Ticket ticket{};
    bool timed_out = false;
    int retries_left = 0;
    bool open = false;
  };
  auto executor = co_await asio::this_coro::executor;
  std::vector<Attempt> attempts;
  attempts.reserve(ports.size());
  for (std::uint16_t port : ports) attempts.push_back(Attempt{port, tcp::socket(executor), {}, {}});
  for (Attempt& a : attempts) a.retries_left = m_network.limits().retries;
  auto give_up_slots = [&](Attempt& a) {
    asio::error_code ignored;
    a.socket.close(ignored);
    a.slot.reset();
    a.host_slot.reset();
  };
  std::size_t pending = 0;
  asio::steady_timer all_done(executor, asio::steady_timer::time_point::max());
  ConnectDeadlines& deadlines = m_network.connect_deadlines();
  auto start = [&](Attempt& a) {
    ++pending;
    ++m_network.connections_opened;
    a.socket = tcp::socket(executor);
    a.timed_out = false;
    a.ticket = deadlines.watch(a.socket, a.timed_out);
    a.socket.async_connect(endpoint_of(m_address, a.port), [&, attempt = &a](const asio::error_code& ec) {
      deadlines.unwatch(attempt->ticket);
      attempt->open = !ec && !attempt->timed_out;
      // Only an open socket may hold slots past its connect (a timed-out one takes them
      // again for its retry: this coroutine may be waiting for one of them meanwhile).
      if (!attempt->open || connections.contended() || m_host_connections.contended()) give_up_slots(*attempt);
      if (--pending == 0) all_done.cancel();
    });
  };
  // Takes a slot of `semaphore`; before waiting for one, gives up every slot that is only
  // held by an idle connection (kept, or found open here), so nobody waits on idleness.
  auto take_slot = [&](AsyncSemaphore& semaphore) -> asio::awaitable<void> {
    if (semaphore.try_acquire()) co_return;
    m_kept.clear();
    for (Attempt& other : attempts)
      if (other.open) give_up_slots(other);
    co_await semaphore.acquire();
  };
  std::vector<Attempt*> to_start;
  for (Attempt& a : attempts) to_start.push_back(&a);
  while (!to_start.empty()) {
    for (Attempt* a : to_start) {
      if (!a->host_slot) {
        co_await take_slot(m_host_connections);
        a->host_slot.emplace(m_host_connections);
        co_await take_slot(connections);
        a->slot.emplace(connections);
      }
      if (!m_network.rate().unlimited()) co_await m_network.rate().acquire();
      start(*a);
    }
    to_start.clear();
    while (pending > 0) co_await all_done.async_wait(kNoThrow);
    for (Attempt& a : attempts) {
      if (!a.open && a.timed_out && a.retries_left > 0) {  // only timeouts are retried
        --a.retries_left;
        to_start.push_back(&a);
      }
    }
  }

  std::vector<std::uint16_t> open;
  for (Attempt& a : attempts) {
    if (!a.open) continue;
    open.push_back(a.port);
    if (a.slot && a.host_slot) keep(Connection{a.port, std::move(a.socket), std::move(*a.host_slot), std::move(*a.slot), true});
  }
  co_return open;
}

std::optional<NetSession::Connection> NetSession::take_kept(std::uint16_t port) {
  for (auto it = m_kept.begin(); it != m_kept.end(); ++it) {
    if (it->port != port) continue;
    Connection connection = std::move(*it);
    m_kept.erase(it);
    return connection;
  }
  return std::nullopt;
}

void NetSession::keep(Connection connection) {
  // A kept connection holds its slots: when anyone waits for one, it is closed at once,
  // so an idle connection never stands in the way of one that would be used.
  if (m_network.connections().contended() || m_host_connections.contended()) return;
  take_kept(connection.port);  // one per port: the newer replaces the older
  m_kept.push_back(std::move(connection));
}

asio::awaitable<std::optional<NetSession::Connection>> NetSession::open(std::uint16_t port, Reply& reply) {
  const ScanLimits& limits = m_network.limits();
  auto executor = co_await asio::this_coro::executor;
  // This host's kept connections give their slots up before this one waits for a slot.
  if (m_host_connections.available() == 0) m_kept.clear();
  if (!m_host_connections.try_acquire()) co_await m_host_connections.acquire();
  Slot host_slot(m_host_connections);
  AsyncSemaphore& connections = m_network.connections();
  if (connections.available() == 0) m_kept.clear();
  if (!connections.try_acquire()) co_await connections.acquire();
  Slot slot(connections);

  tcp::endpoint to = endpoint_of(m_address, port);
  for (int attempt = 0; attempt <= limits.retries; ++attempt) {
    if (!m_network.rate().unlimited()) co_await m_network.rate().acquire();
    ++m_network.connections_opened;
    tcp::socket socket(executor);
    bool timed_out = false;
    ConnectDeadlines::Ticket ticket = m_network.connect_deadlines().watch(socket, timed_out);
    auto [ec] = co_await socket.async_connect(to, kNoThrow);
    m_network.connect_deadlines().unwatch(ticket);
    if (timed_out) {
      reply.status = Reply::Status::timeout;
      reply.error = "connect timed out";
      continue;  // only timeouts are retried
    }
    if (ec) {
      reply.status = status_of(ec);
      reply.error = ec.message();
      co_return std::nullopt;
    }
    reply.status = Reply::Status::ok;
    reply.error.clear();
    co_return Connection{port, std::move(socket), std::move(host_slot), std::move(slot), true};
  }
  co_return std::nullopt;
}

asio::awaitable<Reply> NetSession::exchange(std::uint16_t port, Transport transport, std::string_view request,
                                            Framing framing) {
  Reply reply;
  if (refused_by_scope(reply)) co_return reply;
  if (m_stalled.count(port)) {
    reply.status = Reply::Status::failed;
    reply.error = "the port stalled an earlier answer";
    co_return reply;
  }
  std::optional<Connection> kept = take_kept(port);
  // A kept connection (from the sweep, or kept alive after an answer) may have idled
  // until the device closed it — at a slow --rate it waits long for its turn. One that is
  // closed already is replaced at once.
  if (kept && !still_open(kept->socket)) kept.reset();
  if (kept) {
    reply.status = Reply::Status::ok;
    std::optional<Connection> after = co_await converse(std::move(*kept), transport, request, framing, reply);
    // A kept connection the device closed meanwhile (between the check and the request)
    // answers nothing at all: ask again on a new one. Anything else (an answer, a
    // deadline) is the answer.
    bool spent = reply.bytes.empty() && !reply.timed_out && reply.peer_certificate_der.empty();
    if (!spent) {
      ++m_network.connections_reused;
      if (after) keep(std::move(*after));
      co_return reply;
    }
    reply = Reply{};
  }
  std::optional<Connection> connection = co_await open(port, reply);
  if (!connection) co_return reply;
  std::optional<Connection> after = co_await converse(std::move(*connection), transport, request, framing, reply);
  if (after) keep(std::move(*after));
  co_return reply;
}

asio::awaitable<std::optional<NetSession::Connection>> NetSession::converse(Connection connection, Transport transport,
                                                                            std::string_view request, Framing framing,
                                                                            Reply& reply) {
  const ScanLimits& limits = m_network.limits();
  auto executor = co_await asio::this_coro::executor;
  std::uint16_t port = connection.port;
  connection.fresh = false;
  asio::error_code ignored;
  connection.socket.set_option(tcp::no_delay(true), ignored);
  bool listen_only = request.empty() && framing == Framing::first_bytes;
  auto deadline = Clock::now() + (listen_only ? limits.banner_timeout : limits.read_timeout);
  asio::steady_timer timer(executor, deadline);
  bool peer_closed = false;
  if (transport == Transport::tcp) {
    if (!request.empty()) {
      auto sent = co_await (asio::async_write(connection.socket, asio::buffer(request), kNoThrow) ||
                            timer.async_wait(kNoThrow));
      if (sent.index() == 1 || std::get<0>(std::get<0>(sent))) {
        reply.status = Reply::Status::failed;
        reply.error = sent.index() == 1 ? "write timed out" : std::get<0>(std::get<0>(sent)).message();
        co_return std::nullopt;
      }
    }
    co_await read_answer(connection.socket, framing, limits.max_response_bytes, deadline, reply, peer_closed);
    if (reply.timed_out && !listen_only) m_stalled.insert(port);
    bool reusable = framing == Framing::http && !request.empty() && !peer_closed && !reply.timed_out &&
                    !reply.truncated && http_connection_reusable(reply.bytes);
    if (reusable) co_return std::move(connection);
    connection.socket.close(ignored);
    co_return std::nullopt;
  }

  asio::ssl::stream<tcp::socket&> tls(connection.socket, m_network.tls());
  timer.expires_after(limits.connect_timeout);
  auto shaken = co_await (tls.async_handshake(asio::ssl::stream_base::client, kNoThrow) || timer.async_wait(kNoThrow));
  if (shaken.index() == 1 || std::get<0>(std::get<0>(shaken))) {
    reply.status = shaken.index() == 1 ? Reply::Status::timeout : Reply::Status::failed;
    reply.error = shaken.index() == 1 ? "TLS handshake timed out"
                                      : "TLS handshake failed: " + std::get<0>(std::get<0>(shaken)).message();
    co_return std::nullopt;
  }
  reply.peer_certificate_der = leaf_certificate_der(tls.native_handle());
  timer.expires_at(deadline);
  if (!request.empty()) {
    auto sent = co_await (asio::async_write(tls, asio::buffer(request), kNoThrow) || timer.async_wait(kNoThrow));
    if (sent.index() == 1 || std::get<0>(std::get<0>(sent))) co_return std::nullopt;  // the certificate is still an answer
  }
  co_await read_answer(tls, framing, limits.max_response_bytes, deadline, reply, peer_closed);
  if (reply.timed_out) m_stalled.insert(port);
  connection.socket.close(ignored);  // TLS connections are not kept
  co_return std::nullopt;
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
  // An unconnected UDP socket is not told of the ICMP "port unreachable" a closed port
  // answers with unless it asks (IP_RECVERR): then the receive fails with
  // connection_refused at once instead of waiting the whole --banner-timeout.
  if (peer.address().is_v6())
    socket.set_option(asio::detail::socket_option::boolean<IPPROTO_IPV6, IPV6_RECVERR>(true), ec);
  else
    socket.set_option(asio::detail::socket_option::boolean<IPPROTO_IP, IP_RECVERR>(true), ec);
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
