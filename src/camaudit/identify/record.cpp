// SPDX-License-Identifier: Apache-2.0
#include <camaudit/identify/record.hpp>
#include <camaudit/identify/device_writer.hpp>

#include <camaudit/util/text.hpp>

namespace camaudit::identify {

namespace {
// A record owns valid UTF-8 only: device text that is not is repaired once, here, so
// no later stage (nlohmann's dump, SQLite, a report) meets invalid bytes.
std::string clean(const std::string& s) { return util::to_valid_utf8(s); }
std::optional<std::string> clean(const std::optional<std::string>& s) {
  return s ? std::optional<std::string>(util::to_valid_utf8(*s)) : std::nullopt;
}
// Every value that lost to another, with the rules that backed it: conflicts are
// explained, never silently dropped. Multi-valued capabilities are not conflicts.
std::vector<ConflictRecord> conflicts_of(const Device& d) {
  std::vector<ConflictRecord> conflicts;
  for (const auto& [attribute, values] : d.ranked) {
    if (attribute == Attribute::capability) continue;
    for (std::size_t i = 1; i < values.size(); ++i) {
      ConflictRecord c{std::string(attribute_name(attribute)), clean(values[i].value), values[i].certainty, {}};
      for (std::size_t claim : values[i].claims) c.rules.emplace_back(d.claims[claim].why.rule);
      conflicts.push_back(std::move(c));
    }
  }
  return conflicts;
}
}  // namespace

DeviceRecord to_record(const Device& d) {
  DeviceRecord r;
  r.key = clean(d.key);
  r.ip = clean(d.ip);
  r.manufacturer = clean(d.value(Attribute::manufacturer));
  r.brand = clean(d.brand());
  r.model = clean(d.value(Attribute::model));
  r.original_model = clean(d.value(Attribute::original_model));
  r.firmware = clean(d.value(Attribute::firmware));
  r.serial = clean(d.value(Attribute::serial));
  r.mac = clean(d.value(Attribute::mac));
  r.device_type = clean(d.value(Attribute::device_type));
  r.name = clean(d.value(Attribute::name));
  for (const std::string& c : d.capabilities()) r.capabilities.push_back(clean(c));
  r.confidence = d.confidence();
  for (const std::string& s : d.seen) r.seen.push_back(clean(s));
  for (const std::string& n : d.notes) r.notes.push_back(clean(n));
  // At most kMaxEvidenceEntries (device_writer.hpp): the claims behind each attribute's
  // winning value first, then the others in the order they were made; what did not fit
  // is counted in evidence_folded (identification itself used all of them).
  std::vector<bool> shown(d.claims.size(), false);
  std::size_t count = 0;
  auto show = [&](std::size_t i) {
    if (!shown[i] && count < kMaxEvidenceEntries) shown[i] = true, ++count;
  };
  for (const auto& [attribute, values] : d.ranked)
    if (!values.empty())
      for (std::size_t claim : values.front().claims) show(claim);
  for (std::size_t i = 0; i < d.claims.size(); ++i) show(i);
  r.evidence.reserve(count);
  for (std::size_t i = 0; i < d.claims.size(); ++i) {
    if (!shown[i]) continue;
    const Claim& c = d.claims[i];
    r.evidence.push_back({std::string(attribute_name(c.attribute)), clean(c.value), c.certainty, c.why.observation,
                          std::string(c.why.field), clean(c.why.matched), std::string(c.why.rule), std::string(c.why.where),
                          c.count});
  }
  r.evidence_folded = d.claims.size() - count;
  r.conflicts = conflicts_of(d);
  for (const Unparsed& u : d.unparsed) r.unparsed.push_back({u.observation, clean(u.protocol), clean(u.error), u.count});
  r.observations = d.observations.size();
  return r;
}

void shift_observations(DeviceRecord& record, std::size_t base) {
  if (base == 0) return;
  for (EvidenceRecord& e : record.evidence)
    if (e.observation) *e.observation += base;
  for (UnparsedRecord& u : record.unparsed) u.observation += base;
}

}  // namespace camaudit::identify
