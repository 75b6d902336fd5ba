// SPDX-License-Identifier: Apache-2.0
#include <camaudit/scan/http_text.hpp>

#include <camaudit/util/codec.hpp>
#include <camaudit/util/text.hpp>

#include <fmt/format.h>

#include <charconv>
#include <random>

namespace camaudit::scan {

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

bool http_connection_reusable(std::string_view reply) {
  if (!reply.starts_with("HTTP/1.1 ") && !reply.starts_with("RTSP/1.0 ")) return false;
  auto end = reply.find("\r\n\r\n");
  if (end == std::string_view::npos) return false;
  std::string_view body = reply.substr(end + 4);
  if (util::ifind(header(reply, "Connection"), "close") != std::string_view::npos) return false;
  if (!header(reply, "Transfer-Encoding").empty()) return false;
  std::string length_text = header(reply, "Content-Length");
  if (length_text.empty()) {
    int status = status_code(reply);
    bool bodiless = reply.starts_with("RTSP/") || status == 204 || status == 304 || (status >= 100 && status < 200);
    return bodiless && body.empty();
  }
  std::size_t length = 0;
  auto [p, ec] = std::from_chars(length_text.data(), length_text.data() + length_text.size(), length);
  return ec == std::errc() && p == length_text.data() + length_text.size() && body.size() == length;
}

int status_code(std::string_view reply) {
  if (!reply.starts_with("HTTP/") && !reply.starts_with("RTSP/")) return 0;
  auto space = reply.find(' ');
  if (space == std::string_view::npos || reply.size() < space + 4) return 0;
  int code = 0;
  for (char c : reply.substr(space + 1, 3)) {
    if (c < '0' || c > '9') return 0;
    code = code * 10 + (c - '0');
  }
  return code;
}

std::string header(std::string_view reply, std::string_view name) {
  auto end = reply.find("\r\n\r\n");
  std::string_view head = reply.substr(0, end);
  for (std::string_view line : util::split(head, '\n')) {
    auto colon = line.find(':');
    if (colon != std::string_view::npos && util::iequals(util::trim(line.substr(0, colon)), name))
      return std::string(util::trim(line.substr(colon + 1)));
  }
  return {};
}


std::string best_challenge(std::string_view reply) {
  std::string basic;
  std::string_view head = reply.substr(0, reply.find("\r\n\r\n"));
  for (std::string_view line : util::split(head, '\n')) {
    auto colon = line.find(':');
    if (colon == std::string_view::npos || !util::iequals(util::trim(line.substr(0, colon)), "WWW-Authenticate")) continue;
    std::string_view value = util::trim(line.substr(colon + 1));
    if (util::istarts_with(value, "Digest")) return std::string(value);
    if (basic.empty()) basic = value;
  }
  return basic;
}

std::optional<std::string> authorization(std::string_view challenge, std::string_view method, std::string_view uri,
                                         std::string_view username, std::string_view password, std::string cnonce) {
  challenge = util::trim(challenge);
  if (util::istarts_with(challenge, "Basic"))
    return "Basic " + util::base64_encode(std::string(username) + ":" + std::string(password));
  if (!util::istarts_with(challenge, "Digest ")) return std::nullopt;
  auto p = util::parse_auth_params(challenge.substr(7));
  if (!p.count("nonce") || (p.count("algorithm") && !util::iequals(p["algorithm"], "MD5"))) return std::nullopt;
  std::string ha1 = util::md5_hex(fmt::format("{}:{}:{}", username, p["realm"], password));
  std::string ha2 = util::md5_hex(fmt::format("{}:{}", method, uri));
  std::string value = fmt::format("Digest username=\"{}\", realm=\"{}\", nonce=\"{}\", uri=\"{}\"", username,
                                  p["realm"], p["nonce"], uri);
  if (p.count("qop") && util::ifind(p["qop"], "auth") != std::string_view::npos) {
    if (cnonce.empty()) {
      std::random_device random;
      cnonce = fmt::format("{:08x}{:08x}", random(), random());
    }
    std::string nc = "00000001";
    std::string response = util::md5_hex(fmt::format("{}:{}:{}:{}:auth:{}", ha1, p["nonce"], nc, cnonce, ha2));
    value += fmt::format(", qop=auth, nc={}, cnonce=\"{}\", response=\"{}\"", nc, cnonce, response);
  } else {
    value += fmt::format(", response=\"{}\"", util::md5_hex(fmt::format("{}:{}:{}", ha1, p["nonce"], ha2)));
  }
  if (p.count("opaque")) value += fmt::format(", opaque=\"{}\"", p["opaque"]);
  return value;
}

}  // namespace camaudit::scan
