// SPDX-License-Identifier: Apache-2.0
// When the answers suggest Dahua: the first step of the web login, with an
// empty password (research/protocols.md §5.3,
// ../shared/corpus/dahua_rpc2login_1.txt). The device answers with its
// challenge — realm "Login to <serial>" and its MAC — and the probe stops
// there: it never sends the second step or any password.
#include <camaudit/scan/probes/vendor_web_probe.hpp>

namespace camaudit::scan::probes {

const Probe& dahua_rpc2_login() {
  static const VendorWebProbe probe(
      "dahua-rpc2", "Dahua /RPC2_Login first step (challenge only, empty password)", Stage::follow_up,
      Safety::read_only, "Dahua", "rpc2",
      {{"POST", "/RPC2_Login", "application/json",
        R"({"method":"global.login","params":{"userName":"admin","password":"","clientType":"Web3.0","loginType":"Direct"},"id":1})"}});
  return probe;
}

}  // namespace camaudit::scan::probes
