// SPDX-License-Identifier: Apache-2.0
#include <camaudit/core/json_line.hpp>

#include <algorithm>

namespace camaudit {

std::string to_json_line(const DeviceRecord& d) {
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

}  // namespace camaudit
