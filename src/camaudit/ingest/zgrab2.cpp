// SPDX-License-Identifier: Apache-2.0
#include <camaudit/ingest/zgrab2.hpp>

#include <camaudit/util/codec.hpp>

#include <nlohmann/json.hpp>

#include <cctype>
#include <cstring>

namespace camaudit::ingest {

namespace {

using nlohmann::json;

// The value at a path of object keys, or nullptr when any step is missing or not an object.
const json* at(const json& j, std::initializer_list<const char*> path) {
  const json* p = &j;
  for (const char* key : path) {
    if (!p->is_object()) return nullptr;
    auto it = p->find(key);
    if (it == p->end()) return nullptr;
    p = &*it;
  }
  return p;
}

std::string text_at(const json& j, std::initializer_list<const char*> path) {
  const json* p = at(j, path);
  return p && p->is_string() ? p->get<std::string>() : std::string();
}

// zgrab2 writes header names lower-cased with '_' for '-' ("content_type"): back to the
// wire's form ("Content-Type"). Header parsing is case-insensitive; this is for people.
std::string header_name(std::string_view key) {
  std::string out(key);
  bool start = true;
  for (char& c : out) {
    if (c == '_') c = '-';
    c = static_cast<char>(start ? std::toupper(static_cast<unsigned char>(c)) : c);
    start = c == '-';
  }
  return out;
}

void append_header(std::string& out, std::string_view key, const json& given) {
  const json values = given.is_string() ? json::array({given}) : given;
  if (!values.is_array()) return;
  for (const json& v : values)
    if (v.is_string()) out += header_name(key) + ": " + v.get<std::string>() + "\r\n";
}

// A zgrab2 http.Response as the text a device sent (status line, headers, blank line, body).
std::string http_text(const json& response) {
  std::string version = text_at(response, {"protocol", "name"});
  std::string out = (version.empty() ? "HTTP/1.1" : version) + " " + text_at(response, {"status_line"}) + "\r\n";
  if (const json* headers = at(response, {"headers"}); headers && headers->is_object())
    for (const auto& [key, values] : headers->items()) {
      if (key != "unknown") {
        append_header(out, key, values);
        continue;
      }
      if (!values.is_array()) continue;
      for (const json& h : values)
        if (h.is_object() && h.contains("key") && h["key"].is_string()) append_header(out, h["key"].get<std::string>(), h.value("value", json()));
    }
  return out + "\r\n" + text_at(response, {"body"});
}

// "host:port" or "[v6]:port" of a request URL; the scheme's port when none is given.
std::uint16_t url_port(const json& response, bool& assumed) {
  const std::string host = text_at(response, {"request", "url", "host"});
  const auto colon = host.rfind(':');
  if (colon != std::string::npos && host.find(']', colon) == std::string::npos) {
    unsigned long port = std::strtoul(host.c_str() + colon + 1, nullptr, 10);
    if (port > 0 && port < 65536) return static_cast<std::uint16_t>(port);
  }
  assumed = true;
  return text_at(response, {"request", "url", "scheme"}) == "https" ? 443 : 80;
}

std::optional<std::string> certificate_der(const json& handshake_log) {
  const std::string raw = text_at(handshake_log, {"server_certificates", "certificate", "raw"});
  if (raw.empty()) return std::nullopt;
  return util::base64_decode(raw);
}

struct Target {
  std::string ip, name;
  std::size_t line = 0;
  const ObservationSink* sink = nullptr;
  ImportReport* report = nullptr;

  void emit(std::string protocol, std::uint16_t port, std::string payload, std::string path = {}) const {
    Observation o;
    o.ip = ip;
    o.port = port;
    o.transport = "tcp";
    o.protocol = std::move(protocol);
    o.path = std::move(path);
    o.payload = std::move(payload);
    o.source = "import zgrab2 " + name;
    (*sink)(std::move(o));
    ++report->observations;
  }
  void count(const std::string& what) const { ++report->counts[what]; }
};

void import_http_response(const Target& t, const json& response) {
  if (!response.is_object() || !response.contains("status_line")) return;
  bool assumed = false;
  const std::uint16_t port = url_port(response, assumed);
  if (assumed) t.count("http ports taken from the URL scheme");
  std::string path = text_at(response, {"request", "url", "path"});
  t.emit("http", port, http_text(response), path.empty() ? "/" : path);
  if (const json* log = at(response, {"request", "tls_log", "handshake_log"}))
    if (auto der = certificate_der(*log)) t.emit("tls", port, std::move(*der));
}

// One module's answer (data.SCAN); which kind it is comes from its "protocol".
void import_scan(const Target& t, const std::string& scan, const json& answer) {
  const std::string protocol = answer.is_object() ? answer.value("protocol", scan) : scan;
  const json* result = at(answer, {"result"});
  if (!result || !result->is_object()) {
    t.count(protocol + " without a result (" + (answer.is_object() ? answer.value("status", "no status") : "not an object") + ")");
    return;
  }
  if (protocol == "http") {
    if (const json* chain = at(*result, {"redirect_response_chain"}); chain && chain->is_array())
      for (const json& r : *chain) import_http_response(t, r);
    if (const json* response = at(*result, {"response"})) import_http_response(t, *response);
  } else if (protocol == "tls") {
    if (const json* log = at(*result, {"handshake_log"}))
      if (auto der = certificate_der(*log)) {
        t.count("tls port assumed 443");
        t.emit("tls", 443, std::move(*der));
      }
  } else if (protocol == "banner" || protocol == "ftp" || protocol == "telnet") {
    const std::string banner = text_at(*result, {"banner"});
    if (banner.empty()) return;
    const std::uint16_t port = protocol == "ftp" ? 21 : protocol == "telnet" ? 23 : 0;
    t.count(protocol + (port ? " port assumed " + std::to_string(port) : " port unknown"));
    t.emit(protocol, port, banner);
  } else {
    t.count("module " + protocol + " not read");
  }
}

void import_line(std::string_view line, Target& t) {
  json j = json::parse(line, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return t.report->reject(t.line, "not a JSON object");
  t.ip = j.value("ip", "");
  if (t.ip.empty()) return t.report->reject(t.line, "no \"ip\" (zgrab2 writes one per target)");
  const json* data = at(j, {"data"});
  if (!data || !data->is_object()) return t.report->reject(t.line, "no \"data\" object of module results");
  for (const auto& [scan, answer] : data->items()) import_scan(t, scan, answer);
}

// Lines of at most kZgrab2MaxLine bytes; a longer one is rejected and skipped, not held.
template <class Visit>
void for_each_line(std::FILE* file, ImportReport& report, Visit visit) {
  std::string line;
  bool too_long = false;
  std::size_t number = 0;
  char buffer[1 << 16];
  auto finish = [&] {
    ++number;
    if (too_long) report.reject(number, "line longer than " + std::to_string(kZgrab2MaxLine) + " bytes");
    else if (line.find_first_not_of(" \t\r") != std::string::npos) visit(line, number);
    line.clear();
    too_long = false;
  };
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, file)) > 0;) {
    std::string_view chunk(buffer, n);
    for (std::size_t nl; (nl = chunk.find('\n')) != std::string_view::npos; chunk.remove_prefix(nl + 1)) {
      if (!too_long) line.append(chunk.substr(0, nl));
      too_long = too_long || line.size() > kZgrab2MaxLine;
      finish();
    }
    if (!too_long) line.append(chunk);
    if (line.size() > kZgrab2MaxLine) too_long = true, line.clear();
  }
  if (!line.empty() || too_long) finish();
  if (std::ferror(file)) report.error = std::string("read error: ") + std::strerror(errno);
}

ImportReport import_zgrab2(const ImportInput& in, const ImportOptions& options, const ObservationSink& sink) {
  (void)options;
  ImportReport report;
  report.unit = "line";
  report.tool = "zgrab2";
  Target t{{}, base_name(in.name), 0, &sink, &report};
  for_each_line(in.file, report, [&](std::string_view line, std::size_t number) {
    ++report.records;
    t.line = number;
    import_line(line, t);
  });
  if (report.records > 0 && report.rejected_count == report.records && !report.error)
    report.error = "no line is a zgrab2 result (an object with \"ip\" and \"data\"): is this zgrab2 JSON output?";
  return report;
}

}  // namespace

const Importer kZgrab2Importer{"zgrab2",
                               "ZGrab2 JSON Lines: http (responses, redirects, https certificates), tls, banner, ftp, "
                               "telnet module results",
                               import_zgrab2};

}  // namespace camaudit::ingest
