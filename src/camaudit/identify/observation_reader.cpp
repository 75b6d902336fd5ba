// SPDX-License-Identifier: Apache-2.0
#include <camaudit/identify/observation_reader.hpp>

#include <camaudit/protocol/protocol.hpp>
#include <camaudit/util/codec.hpp>
#include <camaudit/util/printable.hpp>
#include <camaudit/util/text.hpp>

#include <arpa/inet.h>
#include <simdjson.h>

#include <algorithm>
#include <cstring>
#include <vector>

namespace camaudit::identify {

namespace {

// simdjson refuses a document that is not UTF-8, but a payload is bytes: a device may
// send Latin-1 or garbage. Such a line is parsed again with each stray byte b replaced by
// the private-use code point U+10FF00+b (valid UTF-8, never sent by a real device), and
// the strings it holds are mapped back to the original bytes.
constexpr unsigned kByteBase = 0x10FF00;

void append_code_point(std::string& out, unsigned cp) {
  out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
  out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
  out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
  out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
}

// Length of the valid UTF-8 sequence at s[i], or 0 when the byte there starts none.
std::size_t utf8_length(std::string_view s, std::size_t i) {
  auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return 1;
  std::string_view one = s.substr(i, (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1);
  if (one.size() < 2 || util::to_valid_utf8(one) != one) return 0;
  return one.size();
}

std::string protect_stray_bytes(std::string_view line) {
  std::string out;
  out.reserve(line.size() + 16);
  for (std::size_t i = 0; i < line.size();) {
    if (std::size_t n = utf8_length(line, i)) {
      out.append(line.substr(i, n));
      i += n;
    } else {
      append_code_point(out, kByteBase + static_cast<unsigned char>(line[i]));
      ++i;
    }
  }
  return out;
}

// The inverse, on one decoded string value.
void restore_stray_bytes(std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto u = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    if (u(i) == 0xF4 && i + 3 < s.size() && u(i + 1) == 0x8F && (u(i + 2) == 0xBE || u(i + 2) == 0xBF)) {
      unsigned cp = (0x4u << 18) | (0x0Fu << 12) | ((u(i + 2) & 0x3Fu) << 6) | (u(i + 3) & 0x3Fu);
      if (cp >= kByteBase + 0x80) {
        out.push_back(static_cast<char>(cp - kByteBase));
        i += 3;
        continue;
      }
    }
    out.push_back(s[i]);
  }
  s = std::move(out);
}

bool valid_ip(std::string_view ip) {
  std::string text(ip);
  unsigned char buffer[16];
  if (inet_pton(AF_INET, text.c_str(), buffer) == 1) return true;
  if (auto zone = text.find('%'); zone != std::string::npos && zone + 1 < text.size()) text.resize(zone);
  return inet_pton(AF_INET6, text.c_str(), buffer) == 1;
}

std::string unknown_protocol(std::string_view name) {
  std::string known;
  for (const protocol::Parser& p : protocol::parsers()) known += (known.empty() ? "" : ", ") + std::string(p.protocol);
  return "unknown protocol \"" + util::printable(name) + "\" (known: " + known + ")";
}

struct LineResult {
  ReadError& error;
  bool restore_bytes;  // the line was parsed through protect_stray_bytes
};

bool fail(ReadError& e, const char* why, std::string message) {
  e.reason = why;
  e.message = std::move(message);
  return false;
}

// The fields of an observation line; anything else is ignored (forward compatible).
bool fill(simdjson::dom::object object, std::size_t line_number, Observation& out, const LineResult& r) {
  out = Observation{};
  out.index = line_number - 1;
  bool has_data = false, has_b64 = false;
  for (auto [key, value] : object) {
    auto text = [&, k = key, v = value](std::string& target) -> bool {
      std::string_view s;
      if (v.get(s)) return fail(r.error, reason::kBadField, "field \"" + std::string(k) + "\" must be a string");
      target.assign(s);
      if (r.restore_bytes) restore_stray_bytes(target);
      return true;
    };
    if (key == "ip") { if (!text(out.ip)) return false; }
    else if (key == "device") { if (!text(out.device)) return false; }
    else if (key == "transport") { if (!text(out.transport)) return false; }
    else if (key == "protocol") { if (!text(out.protocol)) return false; }
    else if (key == "path") { if (!text(out.path)) return false; }
    else if (key == "source") { if (!text(out.source)) return false; }
    else if (key == "make") { if (!text(out.make)) return false; }
    else if (key == "model") { if (!text(out.model)) return false; }
    else if (key == "data") { has_data = true; if (!text(out.payload)) return false; }
    else if (key == "data_b64") {
      has_b64 = true;
      std::string encoded;
      if (!text(encoded)) return false;
      auto decoded = util::base64_decode(encoded);
      if (!decoded) return fail(r.error, reason::kBadField, "data_b64 is not valid base64");
      out.payload = std::move(*decoded);
    } else if (key == "port") {
      std::uint64_t port = 0;
      if (value.get(port) || port > 65535) return fail(r.error, reason::kBadField, "port must be an integer 0..65535");
      out.port = static_cast<std::uint16_t>(port);
    }
  }
  if (has_data && has_b64) return fail(r.error, reason::kBadField, "give either data or data_b64, not both");
  if (out.protocol.empty()) return fail(r.error, reason::kMissingProtocol, "missing \"protocol\"");
  if (protocol::find_parser(out.protocol) == nullptr) return fail(r.error, reason::kUnknownProtocol, unknown_protocol(out.protocol));
  if (out.ip.empty() && out.device.empty()) return fail(r.error, reason::kBadAddress, "missing \"ip\" (or \"device\")");
  if (!out.ip.empty() && !valid_ip(out.ip))
    return fail(r.error, reason::kBadAddress, "\"ip\" is not an IPv4 or IPv6 address: \"" + util::printable(out.ip) + "\"");
  if (out.device.empty()) out.device = out.ip;
  return true;
}

// Parses `length` bytes at `data`, which must be followed by SIMDJSON_PADDING
// readable bytes. The DOM parser picks the fastest kernel for this CPU at run time.
bool parse_padded(simdjson::dom::parser& parser, const char* data, std::size_t length, std::size_t line_number,
                  Observation& out, const LineResult& r) {
  simdjson::dom::element doc;
  if (auto e = parser.parse(data, length, false).get(doc))
    return fail(r.error, reason::kInvalidJson, std::string("invalid JSON: ") + simdjson::error_message(e));
  simdjson::dom::object object;
  if (doc.get(object)) return fail(r.error, reason::kInvalidJson, "expected a JSON object");
  // A device line (identify/scan -o) has evidence and no protocol; its "ip" may be null.
  if (object["protocol"].error() == simdjson::NO_SUCH_FIELD && object["evidence"].error() != simdjson::NO_SUCH_FIELD)
    return fail(r.error, reason::kDeviceOutput,
                "this looks like camaudit devices output (identify/scan -o), not observations; give the "
                "observations file (scan --observations) instead");
  return fill(object, line_number, out, r);
}

bool parse_line(simdjson::dom::parser& parser, const char* data, std::size_t length, std::size_t line_number,
                Observation& out, ReadError& error, ReadError& warning) {
  error = ReadError{line_number, {}, {}, false};
  warning = ReadError{line_number, {}, {}, true};
  if (std::memchr(data, '\0', length) != nullptr)
    return fail(error, reason::kBinary, "a NUL byte: this is binary data, not a JSON line");
  if (parse_padded(parser, data, length, line_number, out, LineResult{error, false})) return true;
  if (error.message != std::string("invalid JSON: ") + simdjson::error_message(simdjson::UTF8_ERROR)) return false;
  // Not UTF-8: parse again with the stray bytes protected, and keep them.
  simdjson::padded_string protected_line(protect_stray_bytes(std::string_view(data, length)));
  if (!parse_padded(parser, protected_line.data(), protected_line.size(), line_number, out, LineResult{error, true}))
    return false;
  warning.reason = reason::kNotUtf8;
  warning.message = "bytes that are not UTF-8 inside a string: the observation is kept with those bytes as given";
  return true;
}

}  // namespace

bool parse_observation_line(std::string_view line, std::size_t line_number, Observation& out, ReadError& error,
                            ReadError& warning) {
  thread_local simdjson::dom::parser parser;
  simdjson::padded_string padded(line);
  return parse_line(parser, padded.data(), padded.size(), line_number, out, error, warning);
}

bool parse_observation_line(std::string_view line, std::size_t line_number, Observation& out, std::string& error) {
  ReadError e, w;
  bool ok = parse_observation_line(line, line_number, out, e, w);
  error = e.message;
  return ok;
}

std::string ReadStats::summary() const {
  auto by_reason = [](const std::map<std::string, std::size_t>& counts) {
    std::string text;
    for (const auto& [why, n] : counts) text += (text.empty() ? "" : ", ") + std::to_string(n) + " " + why;
    return text.empty() ? text : " (" + text + ")";
  };
  std::string out = std::to_string(lines) + " lines read, " + std::to_string(accepted) + " accepted, " +
                    std::to_string(rejected) + " rejected" + by_reason(rejected_by_reason);
  if (warnings) out += ", " + std::to_string(warnings) + " warning(s)" + by_reason(warnings_by_reason);
  if (unreported) out += "; " + std::to_string(unreported) + " problem(s) not shown one by one";
  if (!stopped.empty()) out += "; reading stopped early: " + stopped;
  return out;
}

struct ObservationReader::Impl {
  std::FILE* in;
  ReaderOptions options;
  simdjson::dom::parser parser;
  std::vector<char> buffer;  // [0, size) holds data; SIMDJSON_PADDING spare bytes after
  std::size_t size = 0;
  ReadStats stats;
  std::size_t reported = 0;
  const std::function<void(const ReadError&)>* on_error = nullptr;

  void problem(const ReadError& e) {
    std::map<std::string, std::size_t>& counts = e.warning ? stats.warnings_by_reason : stats.rejected_by_reason;
    ++(e.warning ? stats.warnings : stats.rejected);
    // Devices output fed by mistake is said once; every line of it would say the same.
    bool repeat = e.reason == reason::kDeviceOutput && counts[e.reason] > 0;
    ++counts[e.reason];
    if (repeat) return;
    if (reported < options.max_reported) {
      ++reported;
      (*on_error)(e);
    } else {
      ++stats.unreported;
    }
  }
};

ObservationReader::ObservationReader(std::FILE* in, ReaderOptions options) : m_impl(std::make_unique<Impl>()) {
  m_impl->in = in;
  m_impl->options = options;
  if (m_impl->options.max_line_bytes == 0) m_impl->options.max_line_bytes = ReaderOptions::kDefaultMaxLineBytes;
  if (m_impl->options.chunk_bytes == 0) m_impl->options.chunk_bytes = ReaderOptions{}.chunk_bytes;
}
ObservationReader::~ObservationReader() = default;

const ReadStats& ObservationReader::stats() const { return m_impl->stats; }

bool ObservationReader::read(const std::function<void(Observation&&)>& on_observation,
                             const std::function<void(const ReadError&)>& on_error) {
  Impl& m = *m_impl;
  m.on_error = &on_error;
  const std::size_t cap = m.options.max_line_bytes, chunk = m.options.chunk_bytes;
  std::size_t& line_number = m.stats.lines;
  Observation obs;
  ReadError error, warning;
  auto handle = [&](const char* begin, std::size_t length) {
    ++line_number;
    if (line_number == 1 && length >= 3 && std::memcmp(begin, "\xEF\xBB\xBF", 3) == 0) {  // UTF-8 BOM
      begin += 3;
      length -= 3;
    }
    while (length > 0 && (begin[length - 1] == '\r' || begin[length - 1] == ' ')) --length;
    if (length == 0) return;  // blank lines are allowed
    if (length > cap) {
      m.problem(ReadError{line_number, "line longer than " + std::to_string(cap) + " bytes (--max-line-bytes)",
                          reason::kTooLong, false});
      return;
    }
    // The buffer always has SIMDJSON_PADDING readable bytes after any line.
    if (!parse_line(m.parser, begin, length, line_number, obs, error, warning)) {
      m.problem(error);
      return;
    }
    if (!warning.reason.empty()) m.problem(warning);
    ++m.stats.accepted;
    on_observation(std::move(obs));
  };
  // An over-long line is dropped as it streams by: `skipping` until its newline. One that
  // holds a NUL ends reading: it is binary (endless zeros would never reach a newline).
  bool skipping = false;
  auto binary_in = [&](const char* begin, std::size_t length) {
    if (std::memchr(begin, '\0', length) == nullptr) return false;
    m.stats.stopped = "line " + std::to_string(line_number) + " is longer than " + std::to_string(cap) +
                      " bytes and holds NUL bytes: this is binary data, not JSON Lines";
    return true;
  };
  std::size_t start = 0;  // first byte of the current (incomplete) line
  for (bool eof = false; !eof;) {
    // Keep the incomplete line, make room for another chunk plus padding.
    if (start > 0) {
      std::memmove(m.buffer.data(), m.buffer.data() + start, m.size - start);
      m.size -= start;
      start = 0;
    }
    if (m.buffer.size() < m.size + chunk + simdjson::SIMDJSON_PADDING) m.buffer.resize(m.size + chunk + simdjson::SIMDJSON_PADDING);
    std::size_t got = std::fread(m.buffer.data() + m.size, 1, chunk, m.in);
    if (got == 0) {
      if (std::ferror(m.in)) return false;
      eof = true;
    }
    std::size_t scan_from = m.size;
    m.size += got;
    std::memset(m.buffer.data() + m.size, 0, simdjson::SIMDJSON_PADDING);
    const char* data = m.buffer.data();
    for (std::size_t i = scan_from; i < m.size; ++i) {
      if (data[i] != '\n') continue;
      if (skipping) {
        if (binary_in(data + start, i - start)) return true;
        skipping = false;
      } else {
        handle(data + start, i - start);
      }
      start = i + 1;
    }
    if (!skipping && m.size - start > cap) {
      // Too long already: report it now (it is the next line) and drop its bytes.
      ++line_number;
      m.problem(ReadError{line_number, "line longer than " + std::to_string(cap) + " bytes (--max-line-bytes)",
                          reason::kTooLong, false});
      skipping = true;
    }
    if (skipping) {
      if (binary_in(data + start, m.size - start)) return true;
      start = m.size;
    } else if (eof && start < m.size) {
      handle(data + start, m.size - start);
      start = m.size;
    }
  }
  return true;
}

}  // namespace camaudit::identify
