// SPDX-License-Identifier: Apache-2.0
#include <camaudit/discover/upnp_fetch.hpp>

#include <camaudit/util/text.hpp>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>

namespace camaudit::discover {

std::optional<HttpLocation> location_on_replier(std::string_view url, std::string_view replier_ip) {
  url = util::trim(url);
  constexpr std::string_view kScheme = "http://";
  if (!util::istarts_with(url, kScheme)) return std::nullopt;
  url.remove_prefix(kScheme.size());
  const std::size_t slash = url.find('/');
  std::string_view authority = url.substr(0, slash);
  HttpLocation out;
  out.path = slash == std::string_view::npos ? "/" : std::string(url.substr(slash));
  if (authority.find('@') != std::string_view::npos) return std::nullopt;  // no userinfo
  if (const std::size_t colon = authority.find(':'); colon != std::string_view::npos) {
    std::string_view port = authority.substr(colon + 1);
    unsigned value = 0;
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc() || end != port.data() + port.size() || value == 0 || value > 65535) return std::nullopt;
    out.port = static_cast<std::uint16_t>(value);
    authority = authority.substr(0, colon);
  }
  in_addr parsed{};
  if (authority.empty() || ::inet_pton(AF_INET, std::string(authority).c_str(), &parsed) != 1) return std::nullopt;
  if (authority != replier_ip) return std::nullopt;
  // The path goes on the request line: no spaces or control bytes may smuggle a second line.
  for (unsigned char c : out.path)
    if (c <= 0x20 || c == 0x7f) return std::nullopt;
  out.host = std::string(authority);
  return out;
}

namespace {
// Milliseconds left until `deadline`, at least 0.
int remaining(std::chrono::steady_clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
  return left.count() > 0 ? static_cast<int>(left.count()) : 0;
}

class Fd {
 public:
  explicit Fd(int fd) : m_fd(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (m_fd >= 0) ::close(m_fd);
  }
  int get() const { return m_fd; }

 private:
  int m_fd;
};
}  // namespace

std::optional<std::string> http_get(const HttpLocation& location, const std::string& interface_name,
                                    std::size_t max_bytes, std::chrono::milliseconds timeout, std::string& error) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  Fd fd(::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (fd.get() < 0) {
    error = std::string("socket: ") + std::strerror(errno);
    return std::nullopt;
  }
  if (!interface_name.empty() && ::setsockopt(fd.get(), SOL_SOCKET, SO_BINDTODEVICE, interface_name.c_str(),
                                              static_cast<socklen_t>(interface_name.size())) != 0) {
    error = "cannot bind to " + interface_name + ": " + std::strerror(errno);
    return std::nullopt;
  }
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(location.port);
  ::inet_pton(AF_INET, location.host.c_str(), &to.sin_addr);
  if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&to), sizeof to) != 0 && errno != EINPROGRESS) {
    error = std::string("connect: ") + std::strerror(errno);
    return std::nullopt;
  }
  pollfd p{fd.get(), POLLOUT, 0};
  if (::poll(&p, 1, remaining(deadline)) <= 0) {
    error = "connect timed out";
    return std::nullopt;
  }
  int so_error = 0;
  socklen_t length = sizeof so_error;
  ::getsockopt(fd.get(), SOL_SOCKET, SO_ERROR, &so_error, &length);
  if (so_error != 0) {
    error = std::string("connect: ") + std::strerror(so_error);
    return std::nullopt;
  }
  const std::string host = location.port == 80 ? location.host : location.host + ":" + std::to_string(location.port);
  const std::string request = "GET " + location.path + " HTTP/1.1\r\nHost: " + host +
                              "\r\nUser-Agent: camaudit/" CAMAUDIT_VERSION "\r\nAccept: */*\r\nConnection: close\r\n\r\n";
  std::size_t sent = 0;
  while (sent < request.size()) {
    p = {fd.get(), POLLOUT, 0};
    if (::poll(&p, 1, remaining(deadline)) <= 0) {
      error = "send timed out";
      return std::nullopt;
    }
    const ssize_t n = ::send(fd.get(), request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno != EAGAIN) {
      error = std::string("send: ") + std::strerror(errno);
      return std::nullopt;
    }
    if (n > 0) sent += static_cast<std::size_t>(n);
  }
  // Read until the device closes (Connection: close), the cap, or the deadline; what came
  // by then is the observation (a parser records a cut-off body as such).
  std::string response;
  char buffer[16384];
  while (response.size() < max_bytes) {
    p = {fd.get(), POLLIN, 0};
    if (::poll(&p, 1, remaining(deadline)) <= 0) break;
    const ssize_t n = ::recv(fd.get(), buffer, std::min(sizeof buffer, max_bytes - response.size()), 0);
    if (n < 0 && errno == EAGAIN) continue;
    if (n <= 0) break;
    response.append(buffer, static_cast<std::size_t>(n));
  }
  if (response.empty()) {
    error = "no response";
    return std::nullopt;
  }
  return response;
}

}  // namespace camaudit::discover
