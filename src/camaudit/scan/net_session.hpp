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
#pragma once

#include <camaudit/scan/async_limits.hpp>
#include <camaudit/scan/session.hpp>

#include <asio/io_context.hpp>
#include <asio/ssl/context.hpp>

#include <chrono>
#include <memory>
#include <set>

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
  std::uint64_t connections_opened = 0;

 private:
  asio::io_context& m_io;
  ScanLimits m_limits;
  const Scope& m_scope;
  asio::ssl::context m_tls;
  RateLimiter m_rate;
  AsyncSemaphore m_connections;
};

class NetSession final : public Session {
 public:
  NetSession(Network& network, IpAddress address);
  const IpAddress& address() const override { return m_address; }
  asio::awaitable<Reply> connect(std::uint16_t port) override;
  asio::awaitable<Reply> exchange(std::uint16_t port, Transport transport, std::string_view request,
                                  Framing framing) override;
  asio::awaitable<Reply> datagram(std::uint16_t port, std::string_view payload) override;

 private:
  // Sets `reply` and returns true when no packet may go to this address.
  bool refused_by_scope(Reply& reply) const;

  Network& m_network;
  IpAddress m_address;
  AsyncSemaphore m_host_connections;
  // Ports whose answer was cut by the read deadline: a tarpit or a slowloris gets no
  // further exchange, so one hostile port costs one deadline, not one per probe.
  std::set<std::uint16_t> m_stalled;
};

}  // namespace camaudit::scan
