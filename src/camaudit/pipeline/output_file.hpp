// SPDX-License-Identifier: Apache-2.0
// One output file of a pipeline ("-" is stdout), written so that no reader ever sees a
// torn record: lines are collected in memory and written whole, with write(2), only
// when the pipeline checkpoints (sink.hpp), so the JSON Lines, the CSV and the
// observations always end at the same host. size() is what the resume file records; a
// resumed scan truncates the file back to it (what came after the last checkpoint — a
// torn line after kill -9, or hosts the resumed scan redoes — is dropped), and refuses a
// file shorter than that (it was replaced or damaged).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace camaudit::pipeline {

class OutputFile {
 public:
  OutputFile() = default;
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;
  ~OutputFile();

  // Opens `path` fresh (truncated), or, with `resume_size`, for appending after cutting
  // it back to that size. Returns an error message, empty on success.
  std::string open(const std::string& path, std::optional<std::uint64_t> resume_size = std::nullopt);
  bool is_open() const { return m_fd >= 0; }
  const std::string& path() const { return m_path; }
  // Bytes in the file (after flush()); a resumed file starts at its resume size.
  std::uint64_t size() const { return m_size; }

  void line(std::string_view text);  // queued until flush()
  // Writes every queued line; returns an error message, empty on success.
  std::string flush();

 private:
  std::string m_path;
  int m_fd = -1;
  bool m_owned = false;
  std::uint64_t m_size = 0;
  std::string m_pending;
};

}  // namespace camaudit::pipeline
