// SPDX-License-Identifier: Apache-2.0
// The only way a probe reaches a device. Probes never open sockets: they ask their
// Session for one exchange (connect, send a request, read the answer, close) and get
// the bytes back. The real session (net_session.hpp) enforces what every exchange must
// respect — the target is in scope, the connection rate, the global and per-host
// connection caps, the connect and read deadlines, the byte cap — so no probe can
// forget it; the replay session (replay_session.hpp) answers from recorded
// transcripts, so probe logic is tested without a network.
#pragma once

#include <camaudit/scan/targets.hpp>

#include <asio/awaitable.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace camaudit::scan {

enum class Transport { tcp, tls };

// When an exchange has read enough. Every read also stops at the byte cap, at the
// deadline, and when the peer closes.
enum class Framing {
  close,        // read until the peer closes (or a cap)
  http,         // one HTTP/RTSP message: headers, then Content-Length bytes or chunks
  first_bytes,  // whatever arrives first (binary banners and challenge replies)
};

struct Reply {
  enum class Status {
    ok,            // connected; `bytes` holds what was read (may be empty: silent service)
    refused,       // RST: the port is closed
    timeout,       // no connection (or TLS handshake) within the connect timeout
    failed,        // reset, unreachable, TLS failure...: `error` says which
    out_of_scope,  // the session refused: address excluded or not a target
  };
  Status status = Status::failed;
  std::string bytes;
  std::string peer_certificate_der;  // TLS: the leaf certificate, DER
  bool truncated = false;            // stopped at the byte cap
  bool timed_out = false;            // connected, but the answer was cut by the read deadline
  std::string error;

  bool connected() const { return status == Status::ok; }
};

std::string_view to_string(Reply::Status status);

class Session {
 public:
  virtual ~Session() = default;
  virtual const IpAddress& address() const = 0;
  // Is `port` open? One connect, closed at once (a timeout is retried --retries times).
  virtual asio::awaitable<Reply> connect(std::uint16_t port) = 0;
  // Which of `ports` are open: connect() to each, side by side. A session may do the
  // same work more cheaply (a sweep is mostly this call on hosts where nothing answers).
  virtual asio::awaitable<std::vector<std::uint16_t>> open_ports(const std::vector<std::uint16_t>& ports);
  // Connects to `port` (TLS: and handshakes), sends `request` (empty: only listen, for
  // services that speak first), reads one answer as `framing` says, and closes.
  virtual asio::awaitable<Reply> exchange(std::uint16_t port, Transport transport, std::string_view request,
                                          Framing framing) = 0;
  // Sends one UDP datagram to `port` and returns the first datagram that comes back from
  // this address (discovery-style questions asked unicast: SADP inquiry, DHIP search).
  virtual asio::awaitable<Reply> datagram(std::uint16_t port, std::string_view payload) = 0;
};

}  // namespace camaudit::scan
