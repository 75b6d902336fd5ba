// SPDX-License-Identifier: Apache-2.0
#include <camaudit/scan/session.hpp>

#include <camaudit/util/text.hpp>

#include <charconv>

namespace camaudit::scan {

std::string_view to_string(Reply::Status status) {
  switch (status) {
    case Reply::Status::ok: return "ok";
    case Reply::Status::refused: return "refused";
    case Reply::Status::timeout: return "timeout";
    case Reply::Status::failed: return "failed";
    case Reply::Status::out_of_scope: return "out_of_scope";
  }
  return "?";
}

bool http_message_complete(std::string_view bytes) {
  auto end = bytes.find("\r\n\r\n");
  std::size_t separator = 4;
  if (end == std::string_view::npos) {
    end = bytes.find("\n\n");  // some embedded servers end header lines with a bare LF
    separator = 2;
  }
  if (end == std::string_view::npos) return false;
  std::string_view headers = bytes.substr(0, end);
  std::string_view body = bytes.substr(end + separator);
  // The status line decides messages that never carry a body.
  auto first_space = headers.find(' ');
  if (first_space != std::string_view::npos) {
    std::string_view code = headers.substr(first_space + 1, 3);
    if (code == "204" || code == "304" || code.starts_with('1')) return true;
  }
  bool chunked = false;
  std::optional<std::size_t> length;
  for (std::string_view line : util::split(headers, '\n')) {
    line = util::trim(line);
    auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string_view name = util::trim(line.substr(0, colon));
    std::string_view value = util::trim(line.substr(colon + 1));
    if (util::iequals(name, "Content-Length")) {
      std::size_t n = 0;
      auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
      if (ec == std::errc()) length = n;
    } else if (util::iequals(name, "Transfer-Encoding") && util::ifind(value, "chunked") != std::string_view::npos) {
      chunked = true;
    }
  }
  if (chunked) return body.find("0\r\n\r\n") != std::string_view::npos && (body.starts_with("0\r\n") || body.find("\r\n0\r\n\r\n") != std::string_view::npos);
  if (length) return body.size() >= *length;
  // No length: an RTSP reply without a body ends at the blank line; HTTP reads to close.
  return headers.starts_with("RTSP/");
}

}  // namespace camaudit::scan
