// SPDX-License-Identifier: Apache-2.0
#include "request_log.hpp"

#include <chrono>
#include <regex>

#include "camaudit/util/codec.hpp"
#include "camaudit/util/text.hpp"

namespace camfarm {

namespace {

using camaudit::util::ifind;
using camaudit::util::iequals;

std::string body_of(const std::string& raw) {
  auto end = raw.find("\r\n\r\n");
  return end == std::string::npos ? std::string() : raw.substr(end + 4);
}

// The first element inside a SOAP Body: the ONVIF operation name.
std::string soap_operation(const std::string& body) {
  static const std::regex kBody(R"(<(?:[\w-]+:)?Body[^>]*>\s*<(?:[\w-]+:)?([\w]+))");
  std::smatch m;
  if (std::regex_search(body, m, kBody)) return m[1];
  return {};
}

void check_http(const nlohmann::json& e, std::vector<std::string>& reasons) {
  std::string method = e.value("method", "");
  std::string target = e.value("target", "");
  std::string body = body_of(e.value("raw", ""));
  std::string decoded_target = camaudit::util::percent_decode(target);

  static const char* kExploitMarkers[] = {"../", "..\\", ";", "`", "$(", "%00"};
  for (const char* marker : kExploitMarkers) {
    if (decoded_target.find(marker) != std::string::npos || target.find(marker) != std::string::npos) {
      reasons.push_back(std::string("exploit marker '") + marker + "' in the request target");
      break;
    }
  }
  if (ifind(decoded_target, "/SDK/webLanguage") != std::string::npos) {
    reasons.push_back("Hikvision command-injection path /SDK/webLanguage (CVE-2021-36260)");
  }
  if (ifind(decoded_target, "/onvif-http/snapshot") != std::string::npos &&
      ifind(decoded_target, "auth=") != std::string::npos) {
    reasons.push_back("Hikvision auth bypass /onvif-http/snapshot?auth= (CVE-2017-7921)");
  }
  if (method == "PUT" || method == "DELETE" || method == "PATCH") {
    reasons.push_back("state-changing HTTP method " + method);
  }
  if (method == "POST") {
    auto path = decoded_target.substr(0, decoded_target.find('?'));
    if (path == "/onvif/device_service") {
      auto op = soap_operation(body);
      if (op != "GetSystemDateAndTime" && op != "GetDeviceInformation" && op != "GetCapabilities" &&
          op != "GetServices") {
        reasons.push_back("ONVIF operation '" + op + "' is not on the read-only list");
      }
    } else if (path == "/axis-cgi/basicdeviceinfo.cgi") {
      if (body.find("getAllUnrestrictedProperties") == std::string::npos) {
        reasons.push_back("VAPIX basicdeviceinfo call other than getAllUnrestrictedProperties");
      }
    } else if (path == "/RPC2_Login") {
      static const std::regex kPassword(R"re("password"\s*:\s*"([^"]*)")re");
      std::smatch m;
      bool empty_password = std::regex_search(body, m, kPassword) && m[1].length() == 0;
      bool second_step = body.find("authorityType") != std::string::npos ||
                         std::regex_search(body, std::regex(R"re("session"\s*:\s*"?[1-9a-f])re"));
      if (!empty_password || second_step) {
        reasons.push_back("Dahua RPC2_Login beyond the first (empty-password) challenge step");
      }
    } else {
      reasons.push_back("POST to " + path + " (not a read-only call)");
    }
  }
}

}  // namespace

nlohmann::json to_json(const RequestRecord& record) {
  using namespace std::chrono;
  nlohmann::json j;
  j["time"] = duration_cast<microseconds>(system_clock::now().time_since_epoch()).count() / 1e6;
  j["ip"] = record.device_ip;
  j["port"] = record.port;
  j["transport"] = record.transport;
  j["protocol"] = record.protocol;
  j["client"] = record.client;
  if (!record.method.empty()) j["method"] = camaudit::util::to_valid_utf8(record.method);
  if (!record.target.empty()) j["target"] = camaudit::util::to_valid_utf8(record.target);
  if (!record.authorization.empty()) j["authorization"] = camaudit::util::to_valid_utf8(record.authorization);
  auto raw = std::string_view(record.raw).substr(0, kMaxLoggedBytes);
  // Text protocols: the bytes as (repaired) UTF-8; all protocols: the first 64 bytes in hex.
  j["raw"] = camaudit::util::to_valid_utf8(raw);
  j["first_bytes_hex"] = camaudit::util::hex_encode(raw.substr(0, 64));
  j["credentials_configured"] = record.credentials_configured;
  return j;
}

bool RequestLog::open(const std::filesystem::path& file, std::string* error) {
  m_out.open(file, std::ios::out | std::ios::trunc);
  if (!m_out) {
    if (error) *error = "cannot write request log " + file.string();
    return false;
  }
  return true;
}

void RequestLog::write(const RequestRecord& record) {
  auto line = to_json(record).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::lock_guard lock(m_mutex);
  m_out << line << '\n';
  m_out.flush();
}

std::vector<std::string> forbidden_reasons(const nlohmann::json& e) {
  std::vector<std::string> reasons;
  std::string protocol = e.value("protocol", "");
  std::string raw = e.value("raw", "");
  if (e.contains("authorization") && !e.value("credentials_configured", false)) {
    reasons.push_back("Authorization header sent although no credentials were configured");
  }
  if (protocol == "http" || protocol == "https") {
    check_http(e, reasons);
  } else if (protocol == "rtsp") {
    std::string method = e.value("method", "");
    if (method == "ANNOUNCE" || method == "RECORD" || method == "SET_PARAMETER") {
      reasons.push_back("state-changing RTSP method " + method);
    }
  } else if (protocol == "sadp") {
    static const std::regex kTypes(R"(<Types>\s*([^<]*?)\s*</Types>)");
    std::smatch m;
    std::string type = std::regex_search(raw, m, kTypes) ? std::string(m[1]) : std::string();
    if (type != "inquiry" && type != "inquiry_v32") {
      reasons.push_back("SADP request type '" + type + "' (only inquiry / inquiry_v32 are read-only)");
    }
  } else if (protocol == "dhip") {
    static const std::regex kMethod(R"re("method"\s*:\s*"([^"]*)")re");
    std::smatch m;
    std::string method = std::regex_search(raw, m, kMethod) ? std::string(m[1]) : std::string();
    if (method != "DHDiscover.search") {
      reasons.push_back("DHIP method '" + method + "' (only DHDiscover.search is read-only)");
    }
  } else if (protocol == "binary" || protocol == "banner") {
    std::string hex = e.value("first_bytes_hex", "");
    // Dahua DVRIP: a0 01 asks for the realm (allowed); a0 00 / a0 05 send login details.
    if (e.value("port", 0) == 37777 && (hex.rfind("a000", 0) == 0 || hex.rfind("a005", 0) == 0)) {
      reasons.push_back("Dahua DVRIP login beyond the realm request");
    }
    if (raw.find("global.login") != std::string::npos &&
        raw.find("\"password\":\"\"") == std::string::npos) {
      reasons.push_back("Dahua JSON-RPC login with a password");
    }
  }
  return reasons;
}

std::optional<std::vector<Violation>> check_log(const std::filesystem::path& file, std::string* error) {
  std::ifstream in(file);
  if (!in) {
    if (error) *error = "cannot read " + file.string();
    return std::nullopt;
  }
  std::vector<Violation> violations;
  std::string line;
  std::size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (camaudit::util::trim(line).empty()) continue;
    auto entry = nlohmann::json::parse(line, nullptr, false);
    if (entry.is_discarded() || !entry.is_object()) {
      if (error) *error = file.string() + ":" + std::to_string(number) + ": not a JSON object";
      return std::nullopt;
    }
    for (auto& reason : forbidden_reasons(entry)) {
      Violation v;
      v.line = number;
      v.reason = std::move(reason);
      v.summary = entry.value("ip", "") + ":" + std::to_string(entry.value("port", 0)) + " " +
                  entry.value("protocol", "") + " " + entry.value("method", "") + " " +
                  entry.value("target", "");
      violations.push_back(std::move(v));
    }
  }
  return violations;
}

}  // namespace camfarm
