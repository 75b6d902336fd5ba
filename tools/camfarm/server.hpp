// SPDX-License-Identifier: Apache-2.0
// The camfarm server: binds every live device's TCP and UDP ports on its loopback address
// and answers as the device's profile says. One io_context per thread, C++20 coroutines per
// connection, no thread per connection, so one process holds a /16 on two cores.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "estate.hpp"
#include "request_log.hpp"

namespace camfarm {

struct FarmStats {
  std::size_t tcp_listeners = 0;
  std::size_t udp_sockets = 0;
  std::size_t fd_limit = 0;
};

class Farm {
 public:
  Farm(std::vector<Device> devices, EstateSpec spec, RequestLog* log);
  ~Farm();
  Farm(const Farm&) = delete;
  Farm& operator=(const Farm&) = delete;

  // Raises RLIMIT_NOFILE to the hard limit and binds every socket. On failure returns a
  // one-line error (e.g. more sockets needed than the fd limit allows).
  std::optional<std::string> bind(unsigned threads);
  // Runs the io_contexts on background threads; returns at once.
  void start();
  // Stops and joins; idempotent.
  void stop();

  const FarmStats& stats() const noexcept { return m_stats; }
  const std::vector<Device>& devices() const noexcept { return m_devices; }

 // Implementation state, public only so the coroutines in server.cpp can name it.
  struct Impl;

 private:
  std::vector<Device> m_devices;
  EstateSpec m_spec;
  RequestLog* m_log;
  FarmStats m_stats;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace camfarm
