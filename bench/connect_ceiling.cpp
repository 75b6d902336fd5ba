// SPDX-License-Identifier: Apache-2.0
// The raw non-blocking-connect ceiling: the fastest any TCP scanner can sweep a range on
// this machine, because it does nothing but connect and close. bench/scan_bench.sh runs it
// on the same camfarm estate as `camaudit scan` and nmap, so "camaudit time / ceiling
// time" measures what identification costs on top of the bare connects.
//
//   connect_ceiling CIDR PORTS [CONCURRENCY] [TIMEOUT_MS] [SEED]
//   connect_ceiling 127.64.0.0/16 80,554,8000 2000 1000
//
// One thread, non-blocking sockets, one epoll set. Every address x port of the range is
// visited once, in the same ZMap cyclic-group permutation `camaudit scan` uses
// (scan::Permutation) over the (address, port) pairs, with at most CONCURRENCY connects in
// flight. Each connect ends open (SO_ERROR 0), closed (ECONNREFUSED), timeout (no answer
// within TIMEOUT_MS) or error (anything else, e.g. EADDRNOTAVAIL when ephemeral ports run
// out); the socket is closed the moment the outcome is known (a plain close, as a scanner
// that read nothing would). Prints one JSON line: counts, wall time, user/system CPU
// (getrusage) and peak RSS.
//
// Only 127.0.0.0/8 is accepted: this program exists to measure loopback estates and must
// never be pointed at a real network.
#include <camaudit/scan/permutation.hpp>
#include <camaudit/scan/ports.hpp>
#include <camaudit/scan/targets.hpp>

#include <arpa/inet.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <deque>
#include <exception>
#include <string>
#include <vector>

using namespace camaudit;
using Clock = std::chrono::steady_clock;

namespace {

constexpr std::uint32_t kLoopbackNet = 0x7f000000;  // 127.0.0.0/8
constexpr std::uint32_t kLoopbackMask = 0xff000000;

struct Counts {
  std::uint64_t attempts = 0, open = 0, closed = 0, timeout = 0, error = 0;
};

// One socket in flight. `deadline` is checked from a FIFO: every connect gets the same
// timeout, so deadlines are issued in increasing order and the oldest is always in front.
struct Pending {
  int fd = -1;
  std::uint64_t generation = 0;  // detects FIFO entries whose socket already finished
  Clock::time_point deadline;
};

class Ceiling {
 public:
  Ceiling(std::uint32_t first, std::uint64_t addresses, std::vector<std::uint16_t> ports,
          std::size_t concurrency, std::chrono::milliseconds timeout, std::uint64_t seed)
      : m_first(first),
        m_ports(std::move(ports)),
        m_concurrency(concurrency),
        m_timeout(timeout),
        m_order(addresses * m_ports.size(), seed) {}

  Counts run() {
    m_epoll = ::epoll_create1(EPOLL_CLOEXEC);
    if (m_epoll < 0) throw std::runtime_error(fmt::format("epoll_create1: {}", std::strerror(errno)));
    std::vector<epoll_event> events(1024);
    bool feeding = true;
    while (feeding || m_in_flight > 0) {
      while (feeding && m_in_flight < m_concurrency) feeding = start_next();
      int wait_ms = m_fifo.empty() ? -1 : milliseconds_until(m_fifo.front().deadline);
      int ready = ::epoll_wait(m_epoll, events.data(), static_cast<int>(events.size()), wait_ms);
      if (ready < 0 && errno != EINTR) throw std::runtime_error(fmt::format("epoll_wait: {}", std::strerror(errno)));
      for (int i = 0; i < ready; ++i) finish_ready(events[static_cast<std::size_t>(i)].data.fd);
      expire(Clock::now());
    }
    ::close(m_epoll);
    return m_counts;
  }

 private:
  static int milliseconds_until(Clock::time_point deadline) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    return left < 0 ? 0 : static_cast<int>(left) + 1;
  }

  // Starts the next connect of the permutation; false when every pair has been tried.
  bool start_next() {
    auto step = m_order.next();
    if (!step) return false;
    std::uint64_t address_index = step->index / m_ports.size();
    std::uint16_t port = m_ports[step->index % m_ports.size()];
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(port);
    to.sin_addr.s_addr = htonl(m_first + static_cast<std::uint32_t>(address_index));
    ++m_counts.attempts;

    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
      ++m_counts.error;
      return true;
    }
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&to), sizeof to) == 0) {
      ++m_counts.open;
      ::close(fd);
      return true;
    }
    if (errno != EINPROGRESS) {
      count_outcome(errno);
      ::close(fd);
      return true;
    }
    epoll_event interest{};
    interest.events = EPOLLOUT;
    interest.data.fd = fd;
    ::epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &interest);
    auto slot = static_cast<std::size_t>(fd);
    if (slot >= m_by_fd.size()) m_by_fd.resize(slot + 1);
    m_by_fd[slot] = Pending{fd, ++m_generation, Clock::now() + m_timeout};
    m_fifo.push_back(m_by_fd[slot]);
    ++m_in_flight;
    return true;
  }

  void count_outcome(int error) {
    if (error == 0) ++m_counts.open;
    else if (error == ECONNREFUSED) ++m_counts.closed;
    else if (error == ETIMEDOUT) ++m_counts.timeout;
    else ++m_counts.error;
  }

  void finish_ready(int fd) {
    int error = 0;
    socklen_t length = sizeof error;
    if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0) error = errno;
    count_outcome(error);
    release(fd);
  }

  void release(int fd) {
    // close() also removes the descriptor from the epoll set.
    ::close(fd);
    m_by_fd[static_cast<std::size_t>(fd)].generation = 0;
    --m_in_flight;
  }

  void expire(Clock::time_point now) {
    while (!m_fifo.empty() && m_fifo.front().deadline <= now) {
      Pending entry = m_fifo.front();
      m_fifo.pop_front();
      if (m_by_fd[static_cast<std::size_t>(entry.fd)].generation != entry.generation) continue;
      ++m_counts.timeout;
      release(entry.fd);
    }
    // Entries of sockets that already finished are dropped lazily; keep the FIFO from
    // growing without bound when nearly everything finishes long before its deadline.
    while (!m_fifo.empty() && m_by_fd[static_cast<std::size_t>(m_fifo.front().fd)].generation !=
                                  m_fifo.front().generation) {
      m_fifo.pop_front();
    }
  }

  std::uint32_t m_first;
  std::vector<std::uint16_t> m_ports;
  std::size_t m_concurrency;
  std::chrono::milliseconds m_timeout;
  scan::Permutation m_order;
  int m_epoll = -1;
  std::size_t m_in_flight = 0;
  std::uint64_t m_generation = 0;
  std::vector<Pending> m_by_fd;
  std::deque<Pending> m_fifo;
  Counts m_counts;
};

double seconds(const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; }

int usage(const std::string& why) {
  std::fprintf(stderr, "connect_ceiling: %s\nusage: connect_ceiling CIDR PORTS [CONCURRENCY] [TIMEOUT_MS] [SEED]\n",
               why.c_str());
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3 || argc > 6) return usage("wrong number of arguments");
  std::string range = argv[1];
  std::uint32_t first = 0;
  std::uint64_t addresses = 0;
  std::vector<std::uint16_t> ports;
  std::size_t concurrency = 2000;
  long timeout_ms = 1000;
  std::uint64_t seed = 1;
  try {
    auto block = scan::parse_target(range);
    if (!block || block->v6 || !block->octets[0].empty()) return usage("want an IPv4 CIDR, e.g. 127.64.0.0/16");
    first = block->first.v4_value();
    addresses = block->count;
    std::uint32_t last = first + static_cast<std::uint32_t>(addresses - 1);
    if ((first & kLoopbackMask) != kLoopbackNet || (last & kLoopbackMask) != kLoopbackNet) {
      return usage(range + " is not inside 127.0.0.0/8 (this benchmark only touches loopback)");
    }
    ports = scan::parse_ports(argv[2]);
    if (argc > 3) concurrency = std::stoul(argv[3]);
    if (argc > 4) timeout_ms = std::stol(argv[4]);
    if (argc > 5) seed = std::stoull(argv[5]);
  } catch (const std::exception& e) {
    return usage(e.what());
  }
  if (ports.empty() || concurrency == 0 || timeout_ms <= 0) return usage("need ports, concurrency > 0, timeout > 0");

  // Each connect needs a descriptor: lift the soft limit as far as the hard one allows.
  rlimit files{};
  if (::getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
    files.rlim_cur = files.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &files);
  }
  if (concurrency + 64 > files.rlim_cur) {
    return usage(fmt::format("concurrency {} needs more descriptors than the limit {}", concurrency, files.rlim_cur));
  }

  Counts counts;
  auto start = Clock::now();
  try {
    Ceiling ceiling(first, addresses, ports, concurrency, std::chrono::milliseconds(timeout_ms), seed);
    counts = ceiling.run();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "connect_ceiling: %s\n", e.what());
    return 1;
  }
  double wall = std::chrono::duration<double>(Clock::now() - start).count();
  rusage usage_self{};
  ::getrusage(RUSAGE_SELF, &usage_self);

  std::string port_list;
  for (auto port : ports) port_list += (port_list.empty() ? "" : ",") + std::to_string(port);
  fmt::print(
      "{{\"program\":\"connect_ceiling\",\"range\":\"{}\",\"addresses\":{},\"ports\":\"{}\",\"concurrency\":{},"
      "\"timeout_ms\":{},\"order\":\"zmap cyclic-group permutation over address x port\","
      "\"attempts\":{},\"open\":{},\"closed\":{},\"timeout\":{},\"error\":{},"
      "\"wall_seconds\":{:.3f},\"user_seconds\":{:.3f},\"sys_seconds\":{:.3f},\"peak_rss_kb\":{}}}\n",
      range, addresses, port_list, concurrency, timeout_ms, counts.attempts, counts.open, counts.closed,
      counts.timeout, counts.error, wall, seconds(usage_self.ru_utime), seconds(usage_self.ru_stime),
      usage_self.ru_maxrss);
  return 0;
}
