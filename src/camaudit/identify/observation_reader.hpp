// SPDX-License-Identifier: Apache-2.0
// Reads observations as JSON Lines (the input of `camaudit identify`), streaming:
// memory is bounded by the line-length cap, not the file. A bad line yields a clear
// error naming the line and is skipped; reading goes on.
//
// One observation per line:
//   {"ip":"127.1.0.5","port":80,"transport":"tcp","protocol":"http","path":"/",
//    "data":"HTTP/1.1 200 OK\r\n..."}          (text payload)
//   {"ip":"...","protocol":"dhip","data_b64":"IAAAAERISVA..."}   (binary payload)
//   {"device":"asset-17","protocol":"register","make":"Hikvision","model":"DS-2CD2143G2-I"}
//
// Validation policy (README "Input checks"), the same for every caller:
//   rejected (the line is skipped, counted by reason, and the run ends with status 1):
//     - not JSON, not an object, a field of the wrong type, bad base64, port > 65535;
//     - "protocol" missing or not one camaudit has a parser for;
//     - neither "ip" nor "device"; an "ip" that is not an IPv4 or IPv6 address
//       (an IPv6 zone, "fe80::1%eth0", is allowed);
//     - a line longer than ReaderOptions::max_line_bytes (default 16 MiB): reported
//       once with its number and skipped without being buffered whole;
//     - a line holding a NUL byte (JSON text never does: a binary file). An over-long
//       line that holds one ends reading (/dev/zero, a disk image), see ReadStats::stopped;
//     - a line that is a camaudit *device* (identify/scan output fed back by mistake),
//       reported once for the whole input.
//   accepted with a warning (counted):
//     - bytes that are not UTF-8 inside strings: the observation is kept with the
//       bytes exactly as given (payloads are bytes; parsers cope), and the warning says so.
//   accepted silently: a UTF-8 byte-order mark before the first line, blank lines,
//     CRLF line ends, unknown fields (forward compatible).
// Only the first ReaderOptions::max_reported problems reach on_error; the rest are
// counted (ReadStats::unreported), so a binary file cannot flood a terminal.
#pragma once

#include <camaudit/core/observation.hpp>

#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <string>

namespace camaudit::identify {

// Rejection and warning reasons, as counted in ReadStats and shown in its summary.
namespace reason {
inline constexpr const char* kInvalidJson = "invalid JSON";
inline constexpr const char* kBadField = "bad field";
inline constexpr const char* kMissingProtocol = "missing protocol";
inline constexpr const char* kUnknownProtocol = "unknown protocol";
inline constexpr const char* kBadAddress = "missing or invalid ip";
inline constexpr const char* kTooLong = "line too long";
inline constexpr const char* kBinary = "binary data (NUL byte)";
inline constexpr const char* kDeviceOutput = "camaudit devices output, not observations";
inline constexpr const char* kNotUtf8 = "not UTF-8 (kept as bytes)";
}  // namespace reason

struct ReadError {
  std::size_t line;      // 1-based
  std::string message;   // what is wrong, for a person
  std::string reason;    // one of reason::k*: what ReadStats counts
  bool warning = false;  // true: the observation was kept anyway
};

struct ReaderOptions {
  static constexpr std::size_t kDefaultMaxLineBytes = 16u << 20;  // 16 MiB
  std::size_t max_line_bytes = kDefaultMaxLineBytes;
  std::size_t max_reported = 20;  // problems passed to on_error; the rest only counted
  std::size_t chunk_bytes = 4u << 20;  // bytes per read; tests and fuzzing use tiny ones
};

// What one read saw. Filled as reading goes; complete when read() returns.
struct ReadStats {
  std::size_t lines = 0;     // lines read, blank ones included
  std::size_t accepted = 0;  // observations passed on (with or without a warning)
  std::size_t rejected = 0;
  std::size_t warnings = 0;
  std::map<std::string, std::size_t> rejected_by_reason;
  std::map<std::string, std::size_t> warnings_by_reason;
  std::size_t unreported = 0;  // problems not passed to on_error (over max_reported)
  std::string stopped;         // why reading ended before the end of the input, if it did

  // One line for a person: "1200 lines read, 1190 accepted, 10 rejected (8 invalid JSON,
  // 2 unknown protocol), 3 warnings (3 not UTF-8 (kept as bytes))".
  std::string summary() const;
};

class ObservationReader {
 public:
  explicit ObservationReader(std::FILE* in, ReaderOptions options = {});
  ~ObservationReader();
  ObservationReader(const ObservationReader&) = delete;
  ObservationReader& operator=(const ObservationReader&) = delete;

  // Calls on_observation for each accepted line and on_error for the first
  // max_reported problems (rejections and warnings). Returns false when the stream
  // itself failed (I/O error).
  bool read(const std::function<void(Observation&&)>& on_observation,
            const std::function<void(const ReadError&)>& on_error);
  const ReadStats& stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

// Parses and validates one JSON line (exposed for tests and fuzzing). `line_number` is
// 1-based. On failure returns false with `error` set (message, reason); on success
// `warning` may be set (its reason non-empty) for an observation kept with a warning.
bool parse_observation_line(std::string_view line, std::size_t line_number, Observation& out, ReadError& error,
                            ReadError& warning);
// The same, for callers that only want the message of a rejection.
bool parse_observation_line(std::string_view line, std::size_t line_number, Observation& out, std::string& error);

}  // namespace camaudit::identify
