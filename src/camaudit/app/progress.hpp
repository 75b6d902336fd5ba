// SPDX-License-Identifier: Apache-2.0
// The progress line long commands draw on stderr: done/total, rate, ETA and what was
// found so far. Drawn only when stderr is a terminal (or when forced), so logs and
// pipes stay clean; redrawn in place at most a few times a second.
#pragma once

#include <camaudit/scan/scanner.hpp>

#include <chrono>
#include <cstdint>
#include <string>

namespace camaudit::app {

class ProgressLine {
 public:
  enum class Mode { automatic, always, never };
  explicit ProgressLine(Mode mode);
  bool enabled() const { return m_enabled; }
  // `unit` names what `done` counts ("hosts"); `extra` is appended ("42 devices").
  void draw(std::uint64_t done, std::uint64_t total, std::chrono::duration<double> elapsed, const std::string& unit,
            const std::string& extra);
  // The scan's line: addresses finished of the real total, hosts started (moves at any
  // rate, before the first host finishes), hosts up, devices and identified devices,
  // connections; cut to the terminal's width.
  void draw_scan(const scan::ScanStatus& status, std::size_t devices, std::size_t identified);
  void finish();  // ends the line so later output starts clean

 private:
  bool m_enabled;
  bool m_drawn = false;
};

// "1:02:03" / "4:05".
std::string format_duration(double seconds);

}  // namespace camaudit::app
