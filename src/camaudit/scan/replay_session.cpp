// SPDX-License-Identifier: Apache-2.0
#include <camaudit/scan/replay_session.hpp>

#include <algorithm>

namespace camaudit::scan {

asio::awaitable<Reply> ReplaySession::connect(std::uint16_t port) {
  Reply reply;
  bool open = std::any_of(m_transcript.begin(), m_transcript.end(), [&](const auto& e) { return e.port == port; });
  reply.status = open ? Reply::Status::ok : Reply::Status::refused;
  co_return reply;
}

asio::awaitable<Reply> ReplaySession::exchange(std::uint16_t port, Transport transport, std::string_view request,
                                               Framing) {
  m_sent.push_back({port, transport, std::string(request)});
  Reply reply;
  reply.status = Reply::Status::refused;
  for (const RecordedExchange& e : m_transcript) {
    if (e.port != port || e.transport != transport || !request.starts_with(e.request_prefix)) continue;
    reply.status = Reply::Status::ok;
    reply.bytes = e.reply;
    reply.peer_certificate_der = e.certificate_der;
    break;
  }
  // A port that is open but has no recorded answer for this request stays silent.
  if (reply.status == Reply::Status::refused &&
      std::any_of(m_transcript.begin(), m_transcript.end(), [&](const auto& e) { return e.port == port; }))
    reply.status = Reply::Status::ok;
  co_return reply;
}

asio::awaitable<Reply> ReplaySession::datagram(std::uint16_t port, std::string_view payload) {
  Reply reply = co_await exchange(port, Transport::tcp, payload, Framing::first_bytes);
  if (reply.bytes.empty()) reply.status = Reply::Status::timeout;  // UDP: silence is all one learns
  co_return reply;
}

}  // namespace camaudit::scan
