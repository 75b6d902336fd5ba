// SPDX-License-Identifier: Apache-2.0
// The JSON report: the report model itself, as schemas/report.schema.json describes it
// (tests validate against the schema). Each device is its devices.jsonl object plus
// the facts the model derived from it, so the file can be read back with the same code.
#include <camaudit/report/all.hpp>

namespace camaudit::report {

namespace {

using nlohmann::json;

json counts(const std::vector<Count>& list) {
  json out = json::array();
  for (const Count& c : list) out.push_back({{"label", c.label}, {"count", c.count}});
  return out;
}

json summary_json(const Summary& s) {
  json severities = json::object();
  for (int i = 0; i < 5; ++i) severities[std::string(to_string(static_cast<Severity>(i)))] = s.findings_by_severity[static_cast<std::size_t>(i)];
  json actions = json::array();
  for (const Action& a : s.actions)
    actions.push_back({{"severity", to_string(a.severity)}, {"finding_id", a.finding_id}, {"title", a.title},
                       {"detail", a.detail}, {"devices", a.devices}});
  return {{"devices", s.devices},
          {"identified", s.identified},
          {"assessed", s.assessed},
          {"by_type", counts(s.by_type)},
          {"restricted", {{"devices", s.restricted}, {"share", s.restricted_share}, {"basis", s.restricted_basis},
                          {"by_label", counts(s.restricted_by_label)}}},
          {"kev", {{"devices", s.kev}, {"possibly", s.kev_possible}, {"by_cve", counts(s.kev_by_cve)}}},
          {"biometric", {{"devices", s.biometric}, {"by_capability", counts(s.biometric_by_capability)}}},
          {"findings", {{"total", s.findings}, {"by_severity", severities}}},
          {"actions", actions},
          {"paragraph", s.paragraph}};
}

json charts_json(const Charts& c) {
  json makers = json::array();
  for (const MakerRow& r : c.makers)
    makers.push_back({{"maker", r.maker}, {"restricted", r.restricted}, {"devices", r.devices}, {"labels", counts(r.labels)}});
  return {{"makers", makers}, {"firmware_age", counts(c.firmware_age)}, {"severity", counts(c.severity)},
          {"capabilities", counts(c.capabilities)}};
}

json foi_json(const Foi& f) {
  json pairs = json::array();
  for (const Foi::LabelMake& p : f.label_to_make) pairs.push_back({{"label", p.label}, {"make", p.make}, {"count", p.count}});
  return {{"total", f.total}, {"unidentified", f.unidentified}, {"by_make", counts(f.by_make)},
          {"by_label", counts(f.by_label)}, {"label_to_make", pairs}};
}

json diff_json(const Diff& d) {
  json entries = json::array();
  for (const DiffEntry& e : d.entries)
    entries.push_back({{"change", to_string(e.change)}, {"device", e.device}, {"maker", e.maker}, {"model", e.model},
                       {"matched_by", e.matched_by}, {"before", e.before}, {"after", e.after}});
  return {{"previous_devices", d.previous_devices}, {"counts", counts(d.counts)}, {"entries", entries}, {"ambiguous", d.ambiguous}};
}

json facts_json(const DeviceFacts& f) {
  return {{"maker", f.maker},
          {"label", f.label},
          {"restricted", f.restricted},
          {"restricted_via", f.restricted_via},
          {"kev", f.kev},
          {"kev_possible", f.kev_possible},
          {"biometric", f.biometric},
          {"worst_severity", f.worst ? json(to_string(*f.worst)) : json(nullptr)},
          {"firmware_date", f.firmware_date ? json(*f.firmware_date) : json(nullptr)}};
}

void write_json(const Model& model, const std::filesystem::path& out) {
  // Device strings were made valid UTF-8 when read; replace anything left rather than throw.
  write_file(out, model_to_json(model).dump(1, ' ', false, json::error_handler_t::replace) + "\n");
}

}  // namespace

json model_to_json(const Model& m) {
  json devices = json::array();
  for (std::size_t i = 0; i < m.devices.size(); ++i) devices.push_back({{"device", to_json(m.devices[i])}, {"facts", facts_json(m.facts[i])}});
  return {{"schema", "camaudit-report/1"},
          {"audit", to_json(m.audit)},
          {"generated_at", m.generated_at},
          {"summary", summary_json(m.summary)},
          {"charts", charts_json(m.charts)},
          {"foi", foi_json(m.foi)},
          {"diff", m.diff ? diff_json(*m.diff) : json(nullptr)},
          {"devices", devices}};
}

const Writer kJsonWriter = {"json", ".json", "the report model as JSON (schemas/report.schema.json)", write_json};

}  // namespace camaudit::report
