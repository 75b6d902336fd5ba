// SPDX-License-Identifier: Apache-2.0
// Small coroutine primitives for a single-threaded asio engine: a counting semaphore
// (connection caps), a token-spacing rate limiter (new connections per second) and a
// wait group (run several probes of one host side by side and wait for all).
// Single-threaded by design: the scan runs on one io_context, so none of these lock.
#pragma once

#include <asio/any_io_executor.hpp>
#include <asio/awaitable.hpp>
#include <asio/co_spawn.hpp>
#include <asio/steady_timer.hpp>
#include <asio/this_coro.hpp>

#include <chrono>
#include <cstddef>
#include <deque>

namespace camaudit::scan {

class AsyncSemaphore {
 public:
  AsyncSemaphore(asio::any_io_executor executor, std::size_t count) : m_executor(executor), m_available(count) {}
  asio::awaitable<void> acquire();
  // Takes a slot without suspending when one is free and nobody queues for it: the hot
  // path of a sweep pays no coroutine frame. `acquire()` is the slow path.
  bool try_acquire() {
    if (m_available == 0 || !m_waiters.empty()) return false;
    --m_available;
    return true;
  }
  void release();
  std::size_t available() const { return m_available; }
  bool contended() const { return !m_waiters.empty(); }

 private:
  asio::any_io_executor m_executor;
  std::size_t m_available;
  std::deque<asio::steady_timer*> m_waiters;
};

// Spaces acquisitions 1/rate apart; no credit accumulates beyond a short burst, so a
// pause (all connections busy) is not followed by a flood. rate <= 0: unlimited.
class RateLimiter {
 public:
  RateLimiter(asio::any_io_executor executor, double per_second);
  asio::awaitable<void> acquire();
  bool unlimited() const { return m_unlimited; }

 private:
  asio::any_io_executor m_executor;
  std::chrono::steady_clock::duration m_interval{};
  std::chrono::steady_clock::time_point m_next{};
  bool m_unlimited;
};

// Counts running tasks; wait() returns once all that were added are done.
// (for_each_concurrently below runs a task per item under one.)
class WaitGroup {
 public:
  explicit WaitGroup(asio::any_io_executor executor) : m_executor(executor) {}
  void add() { ++m_running; }
  void done();
  asio::awaitable<void> wait();

 private:
  asio::any_io_executor m_executor;
  std::size_t m_running = 0;
  asio::steady_timer* m_waiter = nullptr;
};

// Runs `task(item)` for every item side by side and waits for all.
template <class Items, class Task>
asio::awaitable<void> for_each_concurrently(const Items& items, Task task) {
  auto executor = co_await asio::this_coro::executor;
  WaitGroup group(executor);
  for (const auto& item : items) {
    group.add();
    asio::co_spawn(executor, task(item), [&](std::exception_ptr) { group.done(); });
  }
  co_await group.wait();
}

}  // namespace camaudit::scan
