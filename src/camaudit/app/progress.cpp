// SPDX-License-Identifier: Apache-2.0
#include <camaudit/app/progress.hpp>

#include <fmt/format.h>
#include <sys/ioctl.h>
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

namespace {
std::size_t terminal_width() {
  winsize size{};
  if (::ioctl(STDERR_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
  return 100;
}

// Cuts `line` to `width` columns (ASCII but for the '·' and '×' signs, each one column wide).
std::string fit(const std::string& line, std::size_t width) {
  std::string out;
  std::size_t columns = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    auto c = static_cast<unsigned char>(line[i]);
    if ((c & 0xC0) != 0x80) {
      if (columns == width) break;
      ++columns;
    }
    out.push_back(line[i]);
  }
  return out;
}
}  // namespace

void ProgressLine::draw_scan(const scan::ScanStatus& s, std::size_t devices, std::size_t identified) {
  if (!m_enabled) return;
  double fraction = s.positions_total ? std::min(1.0, static_cast<double>(s.positions_done) / static_cast<double>(s.positions_total)) : 1.0;
  double rate = s.elapsed.count() > 0 ? static_cast<double>(s.positions_done) / s.elapsed.count() : 0;
  std::string eta = rate > 0 && s.positions_total > s.positions_done
                        ? format_duration(static_cast<double>(s.positions_total - s.positions_done) / rate)
                        : "-";
  std::string text = fmt::format("{:5.1f}% {}/{} addresses · {} started · {} up · {} devices · {} identified · "
                                 "{} connections · {:.0f}/s · ETA {}",
                                 fraction * 100, s.positions_done, s.positions_total, s.hosts_started, s.hosts_up,
                                 devices, identified, s.connections, rate, eta);
  std::size_t width = terminal_width();
  // The bar takes what the numbers leave, within 10..24 columns; none on a narrow terminal.
  std::size_t text_columns = 0;
  for (char c : text) text_columns += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  int bar = static_cast<int>(std::clamp<long>(static_cast<long>(width) - static_cast<long>(text_columns) - 4, 0, 24));
  if (bar < 10) bar = 0;
  std::string line = bar ? fmt::format("[{}{}] ", std::string(static_cast<std::size_t>(fraction * bar), '='),
                                       std::string(static_cast<std::size_t>(bar) - static_cast<std::size_t>(fraction * bar), ' '))
                         : "";
  line = fit(line + text, width - 1);
  std::fputs(("\r" + line + "\x1b[K").c_str(), stderr);
  std::fflush(stderr);
  m_drawn = true;
}

void ProgressLine::finish() {
  if (m_drawn) std::fputs("\n", stderr);
  m_drawn = false;
}

}  // namespace camaudit::app
