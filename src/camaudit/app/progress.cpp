// SPDX-License-Identifier: Apache-2.0
#include <camaudit/app/progress.hpp>

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>

namespace camaudit::app {

ProgressLine::ProgressLine(Mode mode)
    : m_enabled(mode == Mode::always || (mode == Mode::automatic && ::isatty(STDERR_FILENO))) {}

std::string format_duration(double seconds) {
  auto s = static_cast<long long>(std::max(0.0, seconds));
  return s >= 3600 ? fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60) : fmt::format("{}:{:02}", s / 60, s % 60);
}

void ProgressLine::draw(std::uint64_t done, std::uint64_t total, std::chrono::duration<double> elapsed,
                        const std::string& unit, const std::string& extra) {
  if (!m_enabled) return;
  double fraction = total ? std::min(1.0, static_cast<double>(done) / static_cast<double>(total)) : 1.0;
  constexpr int kWidth = 24;
  int filled = static_cast<int>(fraction * kWidth);
  double rate = elapsed.count() > 0 ? static_cast<double>(done) / elapsed.count() : 0;
  std::string eta = rate > 0 && total > done ? format_duration(static_cast<double>(total - done) / rate) : "-";
  std::string line = fmt::format("\r[{}{}] {:5.1f}% {}/{} {} · {:.0f}/s · ETA {} · {}\x1b[K", std::string(filled, '='),
                                 std::string(kWidth - filled, ' '), fraction * 100, done, total, unit, rate, eta, extra);
  std::fputs(line.c_str(), stderr);
  std::fflush(stderr);
  m_drawn = true;
}

void ProgressLine::finish() {
  if (m_drawn) std::fputs("\n", stderr);
  m_drawn = false;
}

}  // namespace camaudit::app
