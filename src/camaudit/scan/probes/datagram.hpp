// SPDX-License-Identifier: Apache-2.0
// The shape the unicast discovery probes share: one read-only discovery question, sent
// by UDP to the host itself, once per host and beside the per-port chains; its answer
// recorded under the protocol whose parser reads it. Asked when the host suggests the
// maker the protocol belongs to, or nothing identifies the host yet (an empty `maker`:
// every host).
#pragma once

#include <camaudit/scan/probes/basic_probe.hpp>

#include <functional>
#include <string>

namespace camaudit::scan::probes {

class DatagramProbe final : public BasicProbe {
 public:
  DatagramProbe(std::string_view name, std::string_view description, std::string_view maker, std::uint16_t port,
                std::string_view protocol, std::function<std::string()> question)
      : BasicProbe(name, Stage::follow_up, Safety::read_only, description),
        m_maker(maker),
        m_port(port),
        m_protocol(protocol),
        m_question(std::move(question)) {}
  bool per_host() const override { return true; }
  bool wants(const HostScan& host, std::uint16_t) const override {
    return m_maker.empty() || host.suggests(m_maker) || host.suggested.empty();
  }
  asio::awaitable<void> run(Session& session, HostScan& host, std::uint16_t) const override {
    Reply reply = co_await session.datagram(m_port, m_question());
    if (reply.connected() && !reply.bytes.empty())
      host.record(name(), m_port, m_protocol, "", std::move(reply.bytes), "udp");
  }

 private:
  std::string_view m_maker;
  std::uint16_t m_port;
  std::string_view m_protocol;
  std::function<std::string()> m_question;  // a fresh message per host (new Uuid/MessageID)
};

}  // namespace camaudit::scan::probes
