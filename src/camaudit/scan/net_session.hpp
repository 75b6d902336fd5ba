// SPDX-License-Identifier: Apache-2.0
// The real Session: asio sockets on one io_context. Everything a scan promises about
// its traffic is enforced here, once, for every probe:
//   - scope: an address that is excluded, or public without --allow-public, gets no packet;
//   - rate: new connections are spaced by the shared RateLimiter (--rate);
//   - caps: connections open at once, overall (--concurrency) and per host (--host-connections);
//   - deadlines: connect (and TLS handshake), read, and the wait for a banner that may
//     never come (--connect-timeout, --read-timeout, --banner-timeout);
//     a connect that times out is retried (--retries), nothing else is;
//   - bytes: no answer is read past --max-response-bytes;
//   - a port whose answer was cut by the read deadline is not asked again.
// Connections are reused, never multiplied: the connection that found a port open is
// kept for the first exchange on that port, and an HTTP/1.1 or RTSP answer that leaves
// the connection usable (http_connection_reusable) keeps it for the next exchange on
// the same port. A kept connection still holds its connection slots, is given up the
// moment anyone waits for a slot, and a kept connection the device closed meanwhile is
// replaced by a new one.
#pragma once

#include <camaudit/scan/async_limits.hpp>
#include <camaudit/scan/session.hpp>

#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/ssl/context.hpp>
#include <asio/steady_timer.hpp>

#include <chrono>
#include <deque>
#include <memory>
#include <optional>
#include <set>
#include <utility>
#include <vector>

namespace camaudit::scan {

struct ScanLimits {
  double rate = 1000;               // new connections per second; 0: unlimited
  std::size_t concurrency = 1000;   // connections open at once (and hosts in flight)
  std::size_t host_connections = 4;
  std::chrono::milliseconds connect_timeout{1500};
  std::chrono::milliseconds read_timeout{4000};
  std::chrono::milliseconds banner_timeout{1500};  // listening for a service that speaks first
  std::size_t max_response_bytes = 256 * 1024;
  int retries = 1;  // extra connect attempts after a timeout (never after a refusal)
};

// Decides whether an address may receive packets at all.
class Scope {
 public:
  Scope(const TargetSet& targets, bool allow_public) : m_targets(targets), m_allow_public(allow_public) {}
  bool allows(const IpAddress& address) const {
    return !m_targets.excluded(address) && (m_allow_public || public_reason(address).empty());
  }

 private:
  const TargetSet& m_targets;
  bool m_allow_public;
};

// The deadlines of connects in flight. Every connect of a scan has the same timeout, so
// deadlines come in increasing order: one FIFO and one timer serve them all, instead of
// a timer (a timer-queue insert and a cancel) per connect. A socket still watched at its
// deadline is closed, which ends its pending connect.
class ConnectDeadlines {
 public:
  struct Ticket {
    std::size_t slot = 0;
    std::uint64_t generation = 0;
  };
  ConnectDeadlines(asio::any_io_executor executor, std::chrono::milliseconds timeout)
      : m_timer(executor), m_timeout(timeout) {}
  ~ConnectDeadlines();
  ConnectDeadlines(const ConnectDeadlines&) = delete;
  ConnectDeadlines& operator=(const ConnectDeadlines&) = delete;
  // `socket` and `timed_out` must stay valid until unwatch(), or until the connect's
  // completion after the deadline closed the socket.
  Ticket watch(asio::ip::tcp::socket& socket, bool& timed_out);
  void unwatch(Ticket ticket);

 private:
  struct Watch {
    asio::ip::tcp::socket* socket = nullptr;
    bool* timed_out = nullptr;
    std::uint64_t generation = 0;  // 0: free
  };
  struct Entry {
    Ticket ticket;
    std::chrono::steady_clock::time_point deadline;
  };
  bool live(const Ticket& t) const { return m_watches[t.slot].generation == t.generation; }
  void release(std::size_t slot);
  void drop_finished_front();
  void arm();
  void expire();

  asio::steady_timer m_timer;
  std::chrono::milliseconds m_timeout;
  std::vector<Watch> m_watches;
  std::vector<std::size_t> m_free;
  std::deque<Entry> m_fifo;
  std::uint64_t m_generation = 0;
  bool m_armed = false;
  std::shared_ptr<bool> m_alive = std::make_shared<bool>(true);  // the timer handler may outlive us
};

// What every session of one scan shares.
class Network {
 public:
  Network(asio::io_context& io, const ScanLimits& limits, const Scope& scope);
  asio::io_context& io() { return m_io; }
  const ScanLimits& limits() const { return m_limits; }
  const Scope& scope() const { return m_scope; }
  asio::ssl::context& tls() { return m_tls; }
  RateLimiter& rate() { return m_rate; }
  AsyncSemaphore& connections() { return m_connections; }
  ConnectDeadlines& connect_deadlines() { return m_connect_deadlines; }
  std::uint64_t connections_opened = 0;
  std::uint64_t connections_reused = 0;  // exchanges that needed no new connection

 private:
  asio::io_context& m_io;
  ScanLimits m_limits;
  const Scope& m_scope;
  asio::ssl::context m_tls;
  RateLimiter m_rate;
  AsyncSemaphore m_connections;
  ConnectDeadlines m_connect_deadlines;
};

// Holds a slot of a semaphore for as long as it lives.
class Slot {
 public:
  explicit Slot(AsyncSemaphore& s) : m_s(&s) {}
  Slot(Slot&& o) noexcept : m_s(std::exchange(o.m_s, nullptr)) {}
  Slot(const Slot&) = delete;
  Slot& operator=(const Slot&) = delete;
  Slot& operator=(Slot&& o) noexcept {
    if (this != &o) {
      if (m_s) m_s->release();
      m_s = std::exchange(o.m_s, nullptr);
    }
    return *this;
  }
  ~Slot() {
    if (m_s) m_s->release();
  }

 private:
  AsyncSemaphore* m_s;
};

class NetSession final : public Session {
 public:
  NetSession(Network& network, IpAddress address);
  const IpAddress& address() const override { return m_address; }
  asio::awaitable<Reply> connect(std::uint16_t port) override;
  // The sweep's hot path: every port's connect driven from this one coroutine by
  // completion handlers (no coroutine per port), within the same slots, rate, deadline
  // and retries as connect().
  asio::awaitable<std::vector<std::uint16_t>> open_ports(const std::vector<std::uint16_t>& ports) override;
  asio::awaitable<Reply> exchange(std::uint16_t port, Transport transport, std::string_view request,
                                  Framing framing) override;
  asio::awaitable<Reply> datagram(std::uint16_t port, std::string_view payload) override;

 private:
  // An open connection and the slots it holds (per host first, then overall).
  struct Connection {
    std::uint16_t port = 0;
    asio::ip::tcp::socket socket;
    Slot host_slot;
    Slot slot;
    bool fresh = true;  // nothing sent yet: found open by connect()
  };

  // Sets `reply` and returns true when no packet may go to this address.
  bool refused_by_scope(Reply& reply) const;
  // A new connection within every limit (slots, rate, deadline, retries); `reply` says how it went.
  asio::awaitable<std::optional<Connection>> open(std::uint16_t port, Reply& reply);
  // One request and its answer over `connection` (TLS: after the handshake); returns
  // the connection when it may carry the next request.
  asio::awaitable<std::optional<Connection>> converse(Connection connection, Transport transport,
                                                      std::string_view request, Framing framing, Reply& reply);
  std::optional<Connection> take_kept(std::uint16_t port);
  void keep(Connection connection);

  Network& m_network;
  IpAddress m_address;
  AsyncSemaphore m_host_connections;
  // Ports whose answer was cut by the read deadline: a tarpit or a slowloris gets no
  // further exchange, so one hostile port costs one deadline, not one per probe.
  std::set<std::uint16_t> m_stalled;
  // Connections kept for the next exchange on their port. Declared last: they hold
  // slots of m_host_connections and give them back when destroyed.
  std::vector<Connection> m_kept;
};

}  // namespace camaudit::scan
