// SPDX-License-Identifier: Apache-2.0
// Written by hand rather than through a JSON DOM: one device line is built straight
// into a string (the DOM cost more than identification itself in bench/).
#include <camaudit/identify/device_writer.hpp>

#include <camaudit/identify/record.hpp>
#include <camaudit/util/codec.hpp>
#include <camaudit/util/printable.hpp>
#include <camaudit/util/text.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace camaudit::identify {

namespace {

// Appends JSON values to one string; the caller writes the separators it needs.
class JsonOut {
 public:
  explicit JsonOut(std::string& out) : m_out(out) {}

  JsonOut& key(std::string_view k) {
    comma();
    text(k);
    m_out.push_back(':');
    m_first = true;  // the value that follows needs no comma
    return *this;
  }
  // Device-supplied text is made valid UTF-8 first, then escaped.
  JsonOut& string(std::string_view s) {
    comma();
    text(util::to_valid_utf8(s));
    return *this;
  }
  JsonOut& optional(const std::optional<std::string>& s) { return s ? string(*s) : raw("null"); }
  JsonOut& number(double v) { return raw(fmt::format("{}", v)); }
  JsonOut& number(std::size_t v) { return raw(fmt::format("{}", v)); }
  JsonOut& raw(std::string_view s) {
    comma();
    m_out.append(s);
    return *this;
  }
  JsonOut& open(char bracket) {
    comma();
    m_out.push_back(bracket);
    m_first = true;
    return *this;
  }
  JsonOut& close(char bracket) {
    m_out.push_back(bracket);
    m_first = false;
    return *this;
  }

 private:
  void comma() {
    if (!m_first) m_out.push_back(',');
    m_first = false;
  }
  // Controls and invisible formatting characters (util::unsafe_code_point_at) go out only
  // as \u escapes: a decoder gets the same text back, but `cat` on the file shows no raw
  // ESC, bidi override or U+2028 (which also ends a line in JavaScript).
  void text(std::string_view s) {
    m_out.push_back('"');
    for (std::size_t i = 0; i < s.size();) {
      const char c = s[i];
      switch (c) {
        case '"': m_out.append("\\\""); break;
        case '\\': m_out.append("\\\\"); break;
        case '\n': m_out.append("\\n"); break;
        case '\r': m_out.append("\\r"); break;
        case '\t': m_out.append("\\t"); break;
        default: {
          char32_t cp = 0;
          const std::size_t n = util::unsafe_code_point_at(s, i, cp);
          if (n == 0) {
            m_out.push_back(c);
            break;
          }
          m_out.append(fmt::format("\\u{:04x}", static_cast<unsigned>(cp)));
          i += n;
          continue;
        }
      }
      ++i;
    }
    m_out.push_back('"');
  }

  std::string& m_out;
  bool m_first = true;
};

}  // namespace

std::string device_to_json_line(const Device& d) { return device_to_json_line(to_record(d)); }

std::string device_to_json_line(const DeviceRecord& d) {
  std::string out;
  out.reserve(256 + 200 * d.evidence.size());
  JsonOut j(out);
  j.open('{');
  j.key("ip");
  d.ip.empty() ? j.raw("null") : j.string(d.ip);
  if (d.key != d.ip) j.key("device").string(d.key);
  j.key("manufacturer").optional(d.manufacturer);
  j.key("brand").optional(d.brand);
  j.key("model").optional(d.model);
  if (d.original_model) j.key("original_model").string(*d.original_model);
  j.key("firmware").optional(d.firmware);
  j.key("serial").optional(d.serial);
  j.key("mac").optional(d.mac);
  j.key("device_type").optional(d.device_type);
  j.key("capabilities").open('[');
  for (const std::string& c : d.capabilities) j.string(c);
  j.close(']');
  if (d.name) j.key("name").string(*d.name);
  j.key("confidence").number(d.confidence);
  j.key("seen").open('[');
  for (const std::string& s : d.seen) j.string(s);
  j.close(']');
  if (!d.notes.empty()) {
    j.key("notes").open('[');
    for (const std::string& n : d.notes) j.string(n);
    j.close(']');
  }

  j.key("evidence").open('[');
  for (const EvidenceRecord& e : d.evidence) {
    j.open('{');
    j.key("attribute").string(e.attribute);
    j.key("value").string(e.value);
    j.key("certainty").number(e.certainty);
    j.key("observation");
    e.observation ? j.number(*e.observation) : j.raw("null");
    j.key("field").string(e.field);
    j.key("matched").string(e.matched);
    j.key("rule").string(e.rule);
    j.key("kb").string(e.kb);
    if (e.count > 1) j.key("count").number(e.count);
    j.close('}');
  }
  j.close(']');
  if (d.evidence_folded) j.key("evidence_folded").number(d.evidence_folded);

  // Every value that lost to another, with what backed it (identify/record.cpp).
  if (!d.conflicts.empty()) {
    j.key("conflicts").open('[');
    for (const ConflictRecord& c : d.conflicts) {
      j.open('{');
      j.key("attribute").string(c.attribute);
      j.key("value").string(c.value);
      j.key("certainty").number(c.certainty);
      j.key("rules").open('[');
      for (const std::string& rule : c.rules) j.string(rule);
      j.close(']');
      j.close('}');
    }
    j.close(']');
  }

  if (!d.unparsed.empty()) {
    j.key("unparsed").open('[');
    const std::size_t shown = std::min(d.unparsed.size(), kMaxUnparsedEntries);
    for (std::size_t i = 0; i < shown; ++i) {
      const UnparsedRecord& u = d.unparsed[i];
      j.open('{');
      j.key("observation").number(u.observation);
      j.key("protocol").string(u.protocol);
      j.key("error").string(u.error);
      if (u.count > 1) j.key("count").number(u.count);
      j.close('}');
    }
    j.close(']');
    if (shown < d.unparsed.size()) j.key("unparsed_folded").number(d.unparsed.size() - shown);
  }
  j.key("observations").number(d.observations);
  if (d.assessed) {
    // Few per device and shaped by assess/, so through the DOM: the same text as core's to_json.
    nlohmann::json findings = nlohmann::json::array();
    for (const Finding& f : d.findings) findings.push_back(to_json(f));
    j.key("findings").raw(findings.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    if (d.rights) j.key("rights").raw(to_json(*d.rights).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  }
  j.close('}');
  return out;
}

std::string observation_to_json_line(const Observation& o) {
  std::string line;
  JsonOut json(line);
  json.open('{');
  auto text_field = [&](std::string_view k, const std::string& v) {
    if (!v.empty()) json.key(k).string(v);
  };
  text_field("device", o.device == o.ip ? std::string() : o.device);
  text_field("ip", o.ip);
  if (o.port) json.key("port").number(std::size_t{o.port});
  text_field("transport", o.transport);
  text_field("protocol", o.protocol);
  text_field("path", o.path);
  text_field("source", o.source);
  text_field("make", o.make);
  text_field("model", o.model);
  bool clean_text = o.payload.find('\0') == std::string::npos && util::to_valid_utf8(o.payload) == o.payload;
  if (clean_text) {
    if (!o.payload.empty() || (o.make.empty() && o.model.empty())) json.key("data").string(o.payload);
  } else {
    json.key("data_b64").string(util::base64_encode(o.payload));
  }
  json.close('}');
  return line;
}

std::string device_csv_header() {
  return "ip,manufacturer,brand,model,firmware,serial,mac,device_type,capabilities,confidence,services,unparsed";
}

std::string device_to_csv_row(const Device& d) { return device_to_csv_row(to_record(d)); }

std::string device_to_csv_row(const DeviceRecord& d) {
  std::vector<std::string> cells = {d.ip.empty() ? d.key : d.ip, d.manufacturer.value_or(""), d.brand.value_or("")};
  for (const std::optional<std::string>* v : {&d.model, &d.firmware, &d.serial, &d.mac, &d.device_type})
    cells.push_back(v->value_or(""));
  std::string capabilities;
  for (const std::string& c : d.capabilities) capabilities += (capabilities.empty() ? "" : ";") + c;
  cells.push_back(capabilities);
  cells.push_back(fmt::format("{:.2f}", d.confidence));
  std::string services;
  for (const std::string& s : d.seen) services += (services.empty() ? "" : ";") + s;
  cells.push_back(services);
  cells.push_back(std::to_string(d.unparsed.size()));
  std::string row;
  for (std::size_t i = 0; i < cells.size(); ++i) row += (i ? "," : "") + util::csv_cell(cells[i]);
  return row;
}

}  // namespace camaudit::identify
