// SPDX-License-Identifier: Apache-2.0
// The request log: one JSON line per request a camfarm device receives, so tests can prove
// the auditor never sent anything forbidden, and the checker (`camfarm check-log`) that
// flags exploit paths, state-changing vendor commands and unrequested credentials.
#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace camfarm {

struct RequestRecord {
  std::string device_ip;
  std::uint16_t port = 0;
  std::string transport;  // tcp | udp
  std::string protocol;   // http, https, rtsp, binary, banner; sadp, dhip, wsd, ... for UDP
  std::string client;     // ip:port
  std::string method;     // HTTP/RTSP method; empty for binary/UDP
  std::string target;     // request target as sent
  std::string authorization;  // the Authorization header value, if any
  std::string raw;            // request bytes (headers + body), at most kMaxLoggedBytes
  bool credentials_configured = false;
};

inline constexpr std::size_t kMaxLoggedBytes = 8192;

nlohmann::json to_json(const RequestRecord& record);

// Thread-safe JSON Lines writer; each line is flushed so a test can read it at once.
class RequestLog {
 public:
  bool open(const std::filesystem::path& file, std::string* error);
  void write(const RequestRecord& record);

 private:
  std::mutex m_mutex;
  std::ofstream m_out;
};

// Reasons this logged request is forbidden for a read-only auditor (empty: allowed).
std::vector<std::string> forbidden_reasons(const nlohmann::json& entry);

struct Violation {
  std::size_t line = 0;
  std::string reason;
  std::string summary;  // device, port, method and target
};

// Checks a whole log; nullopt and *error when the file cannot be read or a line is not JSON.
std::optional<std::vector<Violation>> check_log(const std::filesystem::path& file, std::string* error);

}  // namespace camfarm
