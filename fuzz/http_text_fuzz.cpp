// SPDX-License-Identifier: Apache-2.0
// The scanner's own reading of device answers (scan/http_text.hpp): message framing,
// status, headers, the challenge and the answer to it, on arbitrary bytes.
#include <camaudit/scan/http_text.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view reply(reinterpret_cast<const char*>(data), size);
  (void)camaudit::scan::http_message_complete(reply);
  int status = camaudit::scan::status_code(reply);
  if (status < 0 || status > 999) __builtin_trap();
  (void)camaudit::scan::header(reply, "Location");
  std::string challenge = camaudit::scan::best_challenge(reply);
  for (std::string_view c : {std::string_view(challenge), reply})
    if (auto auth = camaudit::scan::authorization(c, "GET", "/ISAPI/System/deviceInfo", "auditor", "pw", "0a4f113b"))
      if (auth->empty()) __builtin_trap();
  return 0;
}
