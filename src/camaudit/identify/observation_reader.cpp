// SPDX-License-Identifier: Apache-2.0
#include <camaudit/identify/observation_reader.hpp>

#include <camaudit/util/codec.hpp>

#include <simdjson.h>

#include <cstring>
#include <vector>

namespace camaudit::identify {

namespace {

constexpr std::size_t kChunk = 4 << 20;  // read size; lines may be longer

// The fields of an observation line; anything else is ignored (forward compatible).
bool fill(simdjson::dom::object object, std::size_t line_number, Observation& out, std::string& error) {
  out = Observation{};
  out.index = line_number - 1;
  bool has_data = false, has_b64 = false;
  for (auto [key, value] : object) {
    auto text = [&, k = key, v = value](std::string& target) -> bool {
      std::string_view s;
      if (v.get(s)) {
        error = "field \"" + std::string(k) + "\" must be a string";
        return false;
      }
      target.assign(s);
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
      if (!decoded) {
        error = "data_b64 is not valid base64";
        return false;
      }
      out.payload = std::move(*decoded);
    } else if (key == "port") {
      std::uint64_t port = 0;
      if (value.get(port) || port > 65535) {
        error = "port must be an integer 0..65535";
        return false;
      }
      out.port = static_cast<std::uint16_t>(port);
    }
  }
  if (has_data && has_b64) {
    error = "give either data or data_b64, not both";
    return false;
  }
  if (out.protocol.empty()) {
    error = "missing \"protocol\"";
    return false;
  }
  if (out.ip.empty() && out.device.empty()) {
    error = "missing \"ip\" (or \"device\")";
    return false;
  }
  if (out.device.empty()) out.device = out.ip;
  return true;
}

// Parses `length` bytes at `data`, which must be followed by SIMDJSON_PADDING
// readable bytes. The DOM parser picks the fastest kernel for this CPU at run time.
bool parse_line(simdjson::dom::parser& parser, const char* data, std::size_t length, std::size_t line_number,
                Observation& out, std::string& error) {
  simdjson::dom::element doc;
  if (auto e = parser.parse(data, length, false).get(doc)) {
    error = std::string("invalid JSON: ") + simdjson::error_message(e);
    return false;
  }
  simdjson::dom::object object;
  if (doc.get(object)) {
    error = "expected a JSON object";
    return false;
  }
  return fill(object, line_number, out, error);
}

}  // namespace

bool parse_observation_line(std::string_view line, std::size_t line_number, Observation& out, std::string& error) {
  thread_local simdjson::dom::parser parser;
  simdjson::padded_string padded(line);
  return parse_line(parser, padded.data(), padded.size(), line_number, out, error);
}

struct ObservationReader::Impl {
  std::FILE* in;
  simdjson::dom::parser parser;
  std::vector<char> buffer;  // [0, size) holds data; SIMDJSON_PADDING spare bytes after
  std::size_t size = 0;
};

ObservationReader::ObservationReader(std::FILE* in) : m_impl(std::make_unique<Impl>()) { m_impl->in = in; }
ObservationReader::~ObservationReader() = default;

bool ObservationReader::read(const std::function<void(Observation&&)>& on_observation,
                             const std::function<void(const ReadError&)>& on_error) {
  Impl& m = *m_impl;
  std::size_t line_number = 0;
  bool eof = false;
  Observation obs;
  std::string error;
  auto handle = [&](const char* begin, std::size_t length) {
    ++line_number;
    while (length > 0 && (begin[length - 1] == '\r' || begin[length - 1] == ' ')) --length;
    if (length == 0) return;  // blank lines are allowed
    error.clear();
    // The buffer always has SIMDJSON_PADDING readable bytes after any line.
    if (!parse_line(m.parser, begin, length, line_number, obs, error)) {
      on_error(ReadError{line_number, error});
      return;
    }
    on_observation(std::move(obs));
  };
  std::size_t start = 0;  // first byte of the current (incomplete) line
  while (!eof) {
    // Keep the incomplete line, make room for another chunk plus padding.
    if (start > 0) {
      std::memmove(m.buffer.data(), m.buffer.data() + start, m.size - start);
      m.size -= start;
      start = 0;
    }
    if (m.buffer.size() < m.size + kChunk + simdjson::SIMDJSON_PADDING) m.buffer.resize(m.size + kChunk + simdjson::SIMDJSON_PADDING);
    std::size_t got = std::fread(m.buffer.data() + m.size, 1, kChunk, m.in);
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
      handle(data + start, i - start);
      start = i + 1;
    }
    if (eof && start < m.size) {
      handle(data + start, m.size - start);
      start = m.size;
    }
  }
  return true;
}

}  // namespace camaudit::identify
