// SPDX-License-Identifier: Apache-2.0
// When the answers suggest Dahua: the first step of the web login, with an empty
// password (research/protocols.md §5.3, ../shared/corpus/dahua_rpc2login_1.txt). The
// device answers with its challenge — realm "Login to <serial>" and its MAC — and the
// probe stops there: it never sends the second step or any password.
#include <camaudit/scan/probes/basic_probe.hpp>
#include <camaudit/scan/probes/http_request.hpp>

namespace camaudit::scan::probes {

namespace {
constexpr std::string_view kFirstStep =
    R"({"method":"global.login","params":{"userName":"admin","password":"","clientType":"Web3.0","loginType":"Direct"},"id":1})";

class DahuaRpc2Login final : public BasicProbe {
 public:
  DahuaRpc2Login()
      : BasicProbe("dahua-rpc2", Stage::follow_up, Safety::read_only,
                   "Dahua /RPC2_Login first step (challenge only, empty password)") {}
  bool wants(const HostScan& host, std::uint16_t port) const override {
    return host.suggests("Dahua") && port == first_web_port(host);
  }
  asio::awaitable<void> run(Session& session, HostScan& host, std::uint16_t port) const override {
    Reply reply = co_await web_exchange(session, host, port, "POST", "/RPC2_Login", "application/json", kFirstStep);
    if (status_code(reply.bytes) == 200) host.record(name(), port, "rpc2", "/RPC2_Login", std::move(reply.bytes));
  }
};
}  // namespace

const Probe& dahua_rpc2_login() {
  static const DahuaRpc2Login probe;
  return probe;
}

}  // namespace camaudit::scan::probes
