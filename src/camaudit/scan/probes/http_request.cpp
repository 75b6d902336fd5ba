// SPDX-License-Identifier: Apache-2.0
#include <camaudit/scan/probes/http_request.hpp>

#include <camaudit/util/codec.hpp>
#include <camaudit/util/text.hpp>

#include <fmt/format.h>

#include <map>
#include <random>

namespace camaudit::scan::probes {

std::string http_request(std::string_view method, const HostScan& host, std::uint16_t port, std::string_view path,
                         std::string_view content_type, std::string_view body, std::string_view auth) {
  std::string host_header = host.address().v6 ? "[" + host.ip() + "]" : host.ip();
  if (port != 80 && port != 443) host_header += fmt::format(":{}", port);
  std::string request = fmt::format("{} {} HTTP/1.1\r\nHost: {}\r\nUser-Agent: {}\r\nAccept: */*\r\n", method, path,
                                    host_header, kUserAgent);
  if (!auth.empty()) request += fmt::format("Authorization: {}\r\n", auth);
  if (!content_type.empty() || !body.empty())
    request += fmt::format("Content-Type: {}\r\nContent-Length: {}\r\n", content_type, body.size());
  request += "Connection: close\r\n\r\n";
  request.append(body);
  return request;
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

namespace {
// key="value", key=value, ... as in a Digest challenge.
std::map<std::string, std::string> challenge_params(std::string_view text) {
  std::map<std::string, std::string> params;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == ',')) ++i;
    auto eq = text.find('=', i);
    if (eq == std::string_view::npos) break;
    std::string key = util::to_lower(util::trim(text.substr(i, eq - i)));
    i = eq + 1;
    std::string value;
    if (i < text.size() && text[i] == '"') {
      auto close = text.find('"', i + 1);
      if (close == std::string_view::npos) close = text.size();
      value = std::string(text.substr(i + 1, close - i - 1));
      i = close + 1;
    } else {
      auto comma = text.find(',', i);
      if (comma == std::string_view::npos) comma = text.size();
      value = std::string(util::trim(text.substr(i, comma - i)));
      i = comma;
    }
    params[key] = value;
  }
  return params;
}
}  // namespace

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
                                         const Credential& credential, std::string cnonce) {
  challenge = util::trim(challenge);
  if (util::istarts_with(challenge, "Basic"))
    return "Basic " + util::base64_encode(credential.username + ":" + credential.password);
  if (!util::istarts_with(challenge, "Digest ")) return std::nullopt;
  auto p = challenge_params(challenge.substr(7));
  if (!p.count("nonce") || (p.count("algorithm") && !util::iequals(p["algorithm"], "MD5"))) return std::nullopt;
  std::string ha1 = util::md5_hex(credential.username + ":" + p["realm"] + ":" + credential.password);
  std::string ha2 = util::md5_hex(fmt::format("{}:{}", method, uri));
  std::string value = fmt::format("Digest username=\"{}\", realm=\"{}\", nonce=\"{}\", uri=\"{}\"", credential.username,
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

asio::awaitable<Reply> web_exchange(Session& session, const HostScan& host, std::uint16_t port, std::string_view method,
                                    std::string_view path, std::string_view content_type, std::string_view body,
                                    bool with_credential) {
  Transport transport = transport_of(host, port);
  Reply reply = co_await session.exchange(port, transport, http_request(method, host, port, path, content_type, body),
                                          Framing::http);
  if (!with_credential || !host.credential || status_code(reply.bytes) != 401) co_return reply;
  auto auth = authorization(best_challenge(reply.bytes), method, path, *host.credential);
  if (!auth) co_return reply;
  co_return co_await session.exchange(port, transport, http_request(method, host, port, path, content_type, body, *auth),
                                      Framing::http);
}

}  // namespace camaudit::scan::probes
