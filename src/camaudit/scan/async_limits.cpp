// SPDX-License-Identifier: Apache-2.0
#include <camaudit/scan/async_limits.hpp>

#include <asio/experimental/as_tuple.hpp>
#include <asio/use_awaitable.hpp>

namespace camaudit::scan {

namespace {
constexpr auto kNoThrow = asio::experimental::as_tuple(asio::use_awaitable);
// A timer that never fires by itself: waiting on it ends only when it is cancelled.
asio::awaitable<void> park(asio::steady_timer& timer) {
  timer.expires_at(asio::steady_timer::time_point::max());
  co_await timer.async_wait(kNoThrow);
}
}  // namespace

asio::awaitable<void> AsyncSemaphore::acquire() {
  while (m_available == 0) {
    asio::steady_timer timer(m_executor);
    m_waiters.push_back(&timer);
    co_await park(timer);
  }
  --m_available;
}

void AsyncSemaphore::release() {
  ++m_available;
  if (!m_waiters.empty()) {
    asio::steady_timer* next = m_waiters.front();
    m_waiters.pop_front();
    next->cancel();  // it re-checks m_available when it resumes
  }
}

RateLimiter::RateLimiter(asio::any_io_executor executor, double per_second)
    : m_executor(executor), m_unlimited(per_second <= 0) {
  if (!m_unlimited)
    m_interval = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
        std::chrono::duration<double>(1.0 / per_second));
}

asio::awaitable<void> RateLimiter::acquire() {
  if (m_unlimited) co_return;
  auto now = std::chrono::steady_clock::now();
  constexpr auto kBurst = std::chrono::milliseconds(20);
  if (m_next < now - kBurst) m_next = now - kBurst;
  auto slot = m_next;
  m_next += m_interval;
  if (slot > now) {
    asio::steady_timer timer(m_executor, slot);
    co_await timer.async_wait(kNoThrow);
  }
}

void WaitGroup::done() {
  if (--m_running == 0 && m_waiter) m_waiter->cancel();
}

asio::awaitable<void> WaitGroup::wait() {
  while (m_running > 0) {
    asio::steady_timer timer(m_executor);
    m_waiter = &timer;
    co_await park(timer);
    m_waiter = nullptr;
  }
}

}  // namespace camaudit::scan
