// SPDX-License-Identifier: Apache-2.0
// Reads observations as JSON Lines (the input of `camaudit identify`), streaming:
// memory is bounded by the longest line, not the file. A malformed line yields a
// clear error naming the line and is skipped; reading goes on.
//
// One observation per line:
//   {"ip":"127.1.0.5","port":80,"transport":"tcp","protocol":"http","path":"/",
//    "data":"HTTP/1.1 200 OK\r\n..."}          (text payload)
//   {"ip":"...","protocol":"dhip","data_b64":"IAAAAERISVA..."}   (binary payload)
//   {"device":"asset-17","protocol":"register","make":"Hikvision","model":"DS-2CD2143G2-I"}
#pragma once

#include <camaudit/core/observation.hpp>

#include <cstdio>
#include <functional>
#include <memory>
#include <string>

namespace camaudit::identify {

struct ReadError {
  std::size_t line;  // 1-based
  std::string message;
};

class ObservationReader {
 public:
  explicit ObservationReader(std::FILE* in);
  ~ObservationReader();
  ObservationReader(const ObservationReader&) = delete;
  ObservationReader& operator=(const ObservationReader&) = delete;

  // Calls on_observation for each good line and on_error for each bad one.
  // Returns false when the stream itself failed (I/O error).
  bool read(const std::function<void(Observation&&)>& on_observation,
            const std::function<void(const ReadError&)>& on_error);

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

// Parses one JSON line (exposed for tests and fuzzing). `line_number` is 1-based.
bool parse_observation_line(std::string_view line, std::size_t line_number, Observation& out, std::string& error);

}  // namespace camaudit::identify
