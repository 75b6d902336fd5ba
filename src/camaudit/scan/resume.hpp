// SPDX-License-Identifier: Apache-2.0
// The resume file of `camaudit scan --resume FILE`: what was asked (targets, exclusions,
// ports, seed, shard) and how far the scan got (scanner.hpp's Checkpoint). It is
// rewritten atomically (write, then rename) at every checkpoint, so an interrupted scan
// — Ctrl-C, a crash, a reboot — continues where the last checkpoint left it. A resume
// file that does not match the command line is refused rather than silently mixed.
#pragma once

#include <camaudit/scan/scanner.hpp>

#include <nlohmann/json.hpp>

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace camaudit::scan {

struct ResumeState {
  std::vector<std::string> targets;
  std::vector<std::string> exclusions;
  std::vector<std::uint16_t> ports;
  std::uint64_t seed = 0;
  Shard shard;
  Checkpoint checkpoint;
  bool complete = false;
  // What the command keeps beside the checkpoint, written in the same atomic rename:
  // the size of each output at the checkpoint, the counts so far, when the audit began.
  nlohmann::json extra = nlohmann::json::object();
};

struct ResumeError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Nothing when the file does not exist; throws ResumeError when it is unreadable.
// The file is flushed to disk (fsync) before the rename, so a crash leaves the old one or the new one.
std::optional<ResumeState> read_resume(const std::string& path);
void write_resume(const std::string& path, const ResumeState& state);  // throws ResumeError
// Empty when `saved` describes the same scan as `wanted`, else what differs.
std::string resume_mismatch(const ResumeState& saved, const ResumeState& wanted);

}  // namespace camaudit::scan
