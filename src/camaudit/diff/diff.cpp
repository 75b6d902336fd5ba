// SPDX-License-Identifier: Apache-2.0
#include <camaudit/diff/diff.hpp>

#include <algorithm>
#include <set>

namespace camaudit::diff {

using nlohmann::json;

bool is_vulnerable(const Finding& f) {
  return f.kind == FindingKind::vulnerability && (f.verdict == "affected" || f.verdict == "possibly_affected");
}

bool is_restriction(const Finding& f) {
  return f.kind == FindingKind::policy && !f.verdict.empty() && !f.verdict.starts_with("not_") && f.verdict != "allowed";
}

namespace {
std::set<std::string> finding_ids(const DeviceRecord& d, bool (*keep)(const Finding&)) {
  std::set<std::string> out;
  for (const Finding& f : d.findings)
    if (!keep || keep(f)) out.insert(std::string(to_string(f.kind)) + ":" + f.id);
  return out;
}

// Ids in `now` and not in `before`, without their "kind:" prefix.
std::vector<std::string> appeared(const std::set<std::string>& before, const std::set<std::string>& now) {
  std::vector<std::string> out;
  std::set_difference(now.begin(), now.end(), before.begin(), before.end(), std::back_inserter(out));
  for (std::string& id : out) id.erase(0, id.find(':') + 1);
  return out;
}

void compare(const char* attribute, const std::optional<std::string>& from, const std::optional<std::string>& to,
             DiffOptions options, std::vector<AttributeChange>& out) {
  if (from == to || (!options.unknown_is_change && (!from || !to))) return;
  out.push_back({attribute, from.value_or(""), to.value_or("")});
}

DeviceChange compare(const DeviceRecord& a, const DeviceRecord& b, const Match& m, DiffOptions options) {
  DeviceChange c{m.a, m.b, m.rule, a.ip != b.ip, {}, {}, {}, {}};
  compare("manufacturer", a.manufacturer, b.manufacturer, options, c.changed);
  compare("model", a.model, b.model, options, c.changed);
  compare("firmware", a.firmware, b.firmware, options, c.changed);
  compare("device_type", a.device_type, b.device_type, options, c.changed);
  c.newly_vulnerable = appeared(finding_ids(a, is_vulnerable), finding_ids(b, is_vulnerable));
  c.newly_restricted = appeared(finding_ids(a, is_restriction), finding_ids(b, is_restriction));
  // Only devices assessed both times can have resolved findings: an unassessed audit
  // has none to compare.
  if (a.assessed && b.assessed) c.resolved = appeared(finding_ids(b, nullptr), finding_ids(a, nullptr));
  return c;
}

bool any(const DeviceChange& c) {
  return c.moved || !c.changed.empty() || !c.newly_vulnerable.empty() || !c.newly_restricted.empty() ||
         !c.resolved.empty();
}
}  // namespace

AuditDiff diff_audits(std::span<const DeviceRecord> a, std::span<const DeviceRecord> b, DiffOptions options) {
  return diff_audits(a, b, match_devices(a, b), options);
}

AuditDiff diff_audits(std::span<const DeviceRecord> a, std::span<const DeviceRecord> b, Matching m, DiffOptions options) {
  AuditDiff out;
  out.added = std::move(m.only_b);
  out.gone = std::move(m.only_a);
  out.ambiguous = std::move(m.ambiguous);
  for (const Match& match : m.matches) {
    ++out.matched_by[match.rule];
    DeviceChange c = compare(a[match.a], b[match.b], match, options);
    if (any(c))
      out.changes.push_back(std::move(c));
    else
      ++out.unchanged;
  }
  return out;
}

namespace {
json brief(const DeviceRecord& d) {
  auto text = [](const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); };
  return {{"device", d.key}, {"ip", d.ip}, {"manufacturer", text(d.manufacturer)}, {"model", text(d.model)},
          {"firmware", text(d.firmware)}, {"serial", text(d.serial)}, {"mac", text(d.mac)}};
}

json to_json(const DeviceChange& c, std::span<const DeviceRecord> a, std::span<const DeviceRecord> b) {
  json changed = json::array();
  for (const AttributeChange& x : c.changed) changed.push_back({{"attribute", x.attribute}, {"from", x.from}, {"to", x.to}});
  json j = {{"before", brief(a[c.a])}, {"after", brief(b[c.b])}, {"matched_by", to_string(c.rule)},
            {"changed", changed}, {"newly_vulnerable", c.newly_vulnerable},
            {"newly_restricted", c.newly_restricted}, {"resolved", c.resolved}};
  if (c.moved) j["moved"] = {{"from", a[c.a].ip}, {"to", b[c.b].ip}};
  return j;
}
}  // namespace

json to_json(const AuditDiff& d, std::span<const DeviceRecord> a, std::span<const DeviceRecord> b) {
  json added = json::array(), gone = json::array(), changes = json::array(), ambiguous = json::array();
  for (std::size_t i : d.added) added.push_back(brief(b[i]));
  for (std::size_t i : d.gone) gone.push_back(brief(a[i]));
  for (const DeviceChange& c : d.changes) changes.push_back(to_json(c, a, b));
  for (const Ambiguity& amb : d.ambiguous) {
    json as = json::array(), bs = json::array();
    for (std::size_t i : amb.a) as.push_back(brief(a[i]));
    for (std::size_t i : amb.b) bs.push_back(brief(b[i]));
    ambiguous.push_back({{"rule", to_string(amb.rule)}, {"value", amb.value}, {"before", as}, {"after", bs}});
  }
  json matched = json::object();
  for (const auto& [rule, n] : d.matched_by) matched[std::string(to_string(rule))] = n;
  return {{"summary",
           {{"new", d.added.size()}, {"gone", d.gone.size()}, {"changed", d.changes.size()},
            {"unchanged", d.unchanged}, {"ambiguous", d.ambiguous.size()}, {"matched_by", matched}}},
          {"new", added}, {"gone", gone}, {"changed", changes}, {"ambiguous", ambiguous}};
}

}  // namespace camaudit::diff
