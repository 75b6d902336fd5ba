// SPDX-License-Identifier: Apache-2.0
// Test harness shared by the camfarm tests that drive the real binary: run a shell
// command and capture its output, start camfarm as a child process and wait for its
// "ready" line, kill it when the test ends (also on failure, RAII), exchange one UDP
// datagram with a loopback address, and frame a DHIP probe. Every wait is bounded.
#pragma once

#include <arpa/inet.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

namespace camfarm::testing {

// Runs `command` through the shell; returns what it wrote to stdout and stderr.
inline std::string run(const std::string& command) {
  std::string output;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return output;
  std::array<char, 4096> buffer{};
  std::size_t n;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) output.append(buffer.data(), n);
  ::pclose(pipe);
  return output;
}

// True when `tool` is on PATH.
inline bool have(const char* tool) { return run(std::string("command -v ") + tool).find(tool) != std::string::npos; }

// A child process (camfarm, possibly behind `ip netns exec`) whose stdout is read until it
// prints "ready". stop() and the destructor kill it with SIGKILL and reap it.
class Subprocess {
 public:
  Subprocess() = default;
  Subprocess(const Subprocess&) = delete;
  Subprocess& operator=(const Subprocess&) = delete;
  ~Subprocess() { stop(); }

  // Starts `args` (args[0] an absolute path) and waits at most `ready_within` for "ready"
  // on its stdout. Returns whether it came; output() holds what was read meanwhile.
  bool start(std::vector<std::string> args, std::chrono::seconds ready_within = std::chrono::seconds(10)) {
    stop();
    int out[2];
    if (::pipe(out) != 0) return false;
    m_pid = ::fork();
    if (m_pid == 0) {
      ::dup2(out[1], 1);
      ::close(out[0]);
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    ::close(out[1]);
    m_output.clear();
    auto until = std::chrono::steady_clock::now() + ready_within;
    while (std::chrono::steady_clock::now() < until && !ready()) {
      pollfd p{out[0], POLLIN, 0};
      if (::poll(&p, 1, 200) > 0) {
        char buffer[256];
        auto n = ::read(out[0], buffer, sizeof buffer);
        if (n <= 0) break;
        m_output.append(buffer, static_cast<std::size_t>(n));
      }
    }
    ::close(out[0]);
    return ready();
  }

  void stop() {
    if (m_pid > 0) {
      ::kill(m_pid, SIGKILL);
      ::waitpid(m_pid, nullptr, 0);
    }
    m_pid = -1;
  }

  bool ready() const { return m_output.find("ready") != std::string::npos; }
  const std::string& output() const { return m_output; }

 private:
  pid_t m_pid = -1;
  std::string m_output;
};

// Sends one datagram to `ip`:`port` (loopback only) from an ephemeral loopback port and
// returns the first reply, or "" when none came within `wait`.
inline std::string udp_exchange(const std::string& ip, std::uint16_t port, const std::string& payload,
                                std::chrono::milliseconds wait) {
  EXPECT_EQ(ip.rfind("127.", 0), 0u) << "tests only ever talk to loopback";
  int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in local{};
  local.sin_family = AF_INET;
  local.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof local);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(port);
  ::inet_pton(AF_INET, ip.c_str(), &to.sin_addr);
  std::string reply;
  if (ip.rfind("127.", 0) == 0)
    ::sendto(fd, payload.data(), payload.size(), 0, reinterpret_cast<sockaddr*>(&to), sizeof to);
  pollfd p{fd, POLLIN, 0};
  if (::poll(&p, 1, static_cast<int>(wait.count())) > 0) {
    char buffer[65536];
    auto n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n > 0) reply.assign(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return reply;
}

// research/protocols.md §2.2: a DHIP datagram is a 32-byte header (magic 0x20, "DHIP",
// the JSON length at offsets 16 and 24) followed by the JSON request.
inline std::string dhip_frame(const std::string& json) {
  std::string header(32, '\0');
  header[0] = 0x20;
  header.replace(4, 4, "DHIP");
  header[16] = static_cast<char>(json.size());
  header[24] = static_cast<char>(json.size());
  return header + json;
}

}  // namespace camfarm::testing
