// SPDX-License-Identifier: Apache-2.0
// A Session that answers from a recorded transcript instead of the network, so probe
// logic (which probe runs, what it sends, what it records) is tested byte for byte
// without sockets. Every request a probe sends is kept for assertions.
#pragma once

#include <camaudit/scan/session.hpp>

#include <vector>

namespace camaudit::scan {

struct RecordedExchange {
  std::uint16_t port = 0;
  Transport transport = Transport::tcp;
  std::string request_prefix;  // matches a request that starts with this ("" matches any)
  std::string reply;
  std::string certificate_der;  // TLS only
};

class ReplaySession final : public Session {
 public:
  ReplaySession(IpAddress address, std::vector<RecordedExchange> transcript)
      : m_address(address), m_transcript(std::move(transcript)) {}
  const IpAddress& address() const override { return m_address; }
  // Open: ports that appear in the transcript; everything else is refused.
  asio::awaitable<Reply> connect(std::uint16_t port) override;
  // The first exchange for (port, transport) whose prefix the request starts with.
  asio::awaitable<Reply> exchange(std::uint16_t port, Transport transport, std::string_view request,
                                  Framing framing) override;
  // Datagrams are recorded with Transport::tcp and the port; the same matching applies.
  asio::awaitable<Reply> datagram(std::uint16_t port, std::string_view payload) override;

  struct Sent {
    std::uint16_t port;
    Transport transport;
    std::string request;
  };
  const std::vector<Sent>& sent() const { return m_sent; }

 private:
  IpAddress m_address;
  std::vector<RecordedExchange> m_transcript;
  std::vector<Sent> m_sent;
};

}  // namespace camaudit::scan
