// SPDX-License-Identifier: Apache-2.0
// Capabilities: what a device can do (recognise faces, read plates, record sound ...),
// each with its evidence and certainty. Sources, strongest first: what identification
// already established (claims from the device's own answers and the fingerprint
// grammars); the model-number grammars and device types of kb/capabilities/; per-model
// datasheet records imported from ch-bas/cctv-camera-database. Unauthenticated
// observations never show whether a feature is switched on, so everything is
// "capable", never "enabled" (research:rights.md §5).
#include <camaudit/assess/capability.hpp>
#include <camaudit/assess/kb_file.hpp>
#include <camaudit/assess/producer.hpp>
#include <camaudit/assess/registry.hpp>
#include <camaudit/util/text.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace camaudit::assess {

namespace {

// One reason to believe a device has a capability.
struct Source {
  std::string kind;  // identified | model_grammar | device_type | datasheet
  double certainty = 0;
  std::string rule, kb, detail;
  std::optional<std::size_t> observation;
};

int rank(const std::string& kind) { return kind == "identified" ? 2 : kind == "datasheet" ? 0 : 1; }

std::string verdict_for(const std::string& kind) {
  if (kind == "identified") return "identified";
  if (kind == "datasheet") return "listed_in_datasheet";
  return "capable_inferred";
}

}  // namespace

std::string normalise_model(std::string_view model) {
  std::string out;
  for (char c : util::trim(model))
    if (!std::isspace(static_cast<unsigned char>(c))) out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  return out;
}

const CapabilityInfo* CapabilityCheck::info(const std::string& id) const {
  for (const CapabilityInfo& c : m_capabilities)
    if (c.id == id) return &c;
  return nullptr;
}

void CapabilityCheck::load(const std::filesystem::path& kb_dir, const kb::KnowledgeBase& kb,
                           std::vector<kb::Problem>& problems) {
  m_kb = &kb;
  DataReader reader(kb_dir, problems);
  load_vocabulary(reader);
  for (const TomlFile& f : reader.folder("capabilities")) {
    if (f.path == "capabilities/capabilities.toml") continue;
    if (f.doc.contains("model")) load_models(reader, f);
    else load_rules(reader, f);
  }
}

void CapabilityCheck::load_vocabulary(DataReader& reader) {
  auto f = reader.file("capabilities/capabilities.toml", true);
  if (!f) return;
  for (const toml::table* t : reader.tables(f->doc, "capability", {f->path, 1})) {
    CapabilityInfo c;
    c.where = DataReader::at(*f, *t);
    c.id = reader.str(*t, "id", c.where, true);
    c.description = reader.str(*t, "description", c.where, true);
    c.biometric = reader.boolean(*t, "biometric", c.where, false);
    auto severity = severity_from_string(reader.str(*t, "severity", c.where, true));
    if (!severity) reader.problem(c.where, "severity must be info, low, medium, high or critical");
    c.severity = severity.value_or(Severity::info);
    if (!m_kb->capabilities().contains(c.id)) reader.problem(c.where, "capability '" + c.id + "' is not in vocab.toml");
    m_capabilities.push_back(std::move(c));
  }
}

void CapabilityCheck::load_rules(DataReader& reader, const TomlFile& f) {
  for (const toml::table* t : reader.tables(f.doc, "rule", {f.path, 1})) {
    CapabilityRule r;
    r.where = DataReader::at(f, *t);
    r.where_text = r.where.str();
    r.id = reader.str(*t, "id", r.where, true);
    for (const std::string& m : reader.strings(*t, "makers", r.where)) r.makers.push_back(resolve_vendor(*m_kb, m, r.where, reader));
    for (const std::string& l : reader.strings(*t, "labels", r.where)) r.labels.push_back(resolve_vendor(*m_kb, l, r.where, reader));
    if (std::string key = reader.str(*t, "key", r.where, false); !key.empty()) r.key = key;
    if (r.key != "model" && r.key != "device_type") reader.problem(r.where, "key must be model or device_type");
    std::string error;
    auto pattern = kb::Pattern::compile(reader.str(*t, "pattern", r.where, true), "i", &error);
    if (!pattern) reader.problem(r.where, "pattern: " + error);
    else r.pattern = std::move(*pattern);
    r.capabilities = reader.strings(*t, "capabilities", r.where);
    for (const std::string& c : r.capabilities)
      if (!info(c)) reader.problem(r.where, "capability '" + c + "' is not in capabilities/capabilities.toml");
    r.certainty = reader.number(*t, "certainty", r.where, true).value_or(0);
    if (r.certainty <= 0 || r.certainty > 1) reader.problem(r.where, "certainty must be in (0, 1]");
    r.source = reader.source(*t, r.where);
    r.examples = reader.strings(*t, "examples", r.where);
    r.counterexamples = reader.strings(*t, "counterexamples", r.where);
    if (r.examples.empty()) reader.problem(r.where, "rule needs at least one example (examples = [...])");
    m_rules.push_back(std::move(r));
  }
}

void CapabilityCheck::load_models(DataReader& reader, const TomlFile& f) {
  for (const toml::table* t : reader.tables(f.doc, "model", {f.path, 1})) {
    ModelRecord m;
    m.where = DataReader::at(f, *t);
    m.maker = resolve_vendor(*m_kb, reader.str(*t, "maker", m.where, true), m.where, reader);
    m.model = normalise_model(reader.str(*t, "model", m.where, true));
    m.capabilities = reader.strings(*t, "capabilities", m.where);
    for (const std::string& c : m.capabilities)
      if (!info(c)) reader.problem(m.where, "capability '" + c + "' is not in capabilities/capabilities.toml");
    m.source = reader.source(*t, m.where);
    m_model_index[m.model].push_back(m_models.size());
    m_models.push_back(std::move(m));
  }
}

bool CapabilityCheck::rule_applies(const CapabilityRule& rule, const DeviceRecord& device,
                                   const std::vector<std::string>& group, std::string* matched) const {
  if (!rule.makers.empty() &&
      std::none_of(rule.makers.begin(), rule.makers.end(), [&](const std::string& m) { return contains(group, m); }))
    return false;
  if (!rule.labels.empty()) {
    const std::optional<std::string>& label = device.brand ? device.brand : device.manufacturer;
    if (!label || !contains(rule.labels, *label)) return false;
  }
  if (!rule.pattern.valid()) return false;
  if (rule.key == "device_type") {
    if (!device.device_type || !rule.pattern.matches(*device.device_type)) return false;
    *matched = *device.device_type;
    return true;
  }
  for (const auto* m : {&device.model, &device.original_model})
    if (*m && rule.pattern.matches(**m)) {
      *matched = **m;
      return true;
    }
  return false;
}

namespace {

using SourceMap = std::map<std::string, std::vector<Source>>;  // capability -> reasons

void add_identified(const DeviceRecord& device, SourceMap& sources) {
  for (const std::string& c : device.capabilities) {
    Source s{"identified", device.confidence, "", "", "in the identified device record", std::nullopt};
    for (const EvidenceRecord& e : device.evidence) {
      if (e.attribute != "capability" || e.value.find(c) == std::string::npos) continue;
      if (e.certainty >= s.certainty || s.rule.empty()) s = {"identified", e.certainty, e.rule, e.kb, e.field + " = " + e.matched, e.observation};
    }
    sources[c].push_back(std::move(s));
  }
}

Finding capability_finding(const CapabilityInfo& info, const std::vector<Source>& reasons, const DeviceRecord& device) {
  const Source* best = &reasons.front();
  for (const Source& s : reasons)
    if (rank(s.kind) > rank(best->kind) || (rank(s.kind) == rank(best->kind) && s.certainty > best->certainty)) best = &s;
  Finding f;
  f.kind = FindingKind::capability;
  f.id = "capability." + info.id;
  f.severity = info.severity;
  f.verdict = verdict_for(best->kind);
  f.rule = best->rule;
  f.kb = best->kb;
  f.confidence = best->certainty;
  f.summary = fmt::format("{}: {} ({}, certainty {:.2f}{})", info.id, info.description, f.verdict, best->certainty,
                          best->kind == "identified" ? "" : "; capable, not known to be enabled");
  nlohmann::json evidence = nlohmann::json::array();
  for (const Source& s : reasons) {
    evidence.push_back({{"kind", s.kind}, {"certainty", s.certainty}, {"rule", s.rule}, {"kb", s.kb}, {"detail", s.detail}});
    f.rests_on.push_back({s.kind == "identified" ? "capability" : "model", s.detail, s.certainty, s.rule, s.kb, s.observation});
  }
  f.details = {{"capability", info.id}, {"biometric", info.biometric}, {"state", "capable"},
               {"certainty", best->certainty}, {"evidence", std::move(evidence)}};
  (void)device;
  return f;
}

}  // namespace

void CapabilityCheck::run(DeviceRecord& device, const Profile&, std::vector<Finding>& out) const {
  SourceMap sources;
  add_identified(device, sources);
  std::vector<std::string> group;
  for (const kb::Vendor* v = device.manufacturer ? m_kb->find_vendor(*device.manufacturer) : nullptr;
       v != nullptr && group.size() < 8; v = v->parent.empty() ? nullptr : m_kb->find_vendor(v->parent))
    group.push_back(v->name);
  std::string matched;
  for (const CapabilityRule& r : m_rules)
    if (rule_applies(r, device, group, &matched))
      for (const std::string& c : r.capabilities)
        sources[c].push_back({r.key == "model" ? "model_grammar" : "device_type", r.certainty, r.id, r.where_text,
                              r.key + " " + matched + " (" + r.source + ")", std::nullopt});
  for (const auto* m : {&device.model, &device.original_model}) {
    if (!*m) continue;
    auto it = m_model_index.find(normalise_model(**m));
    if (it == m_model_index.end()) continue;
    for (std::size_t i : it->second) {
      const ModelRecord& rec = m_models[i];
      // The record's brand folder is the label (Lorex) or the maker (Dahua).
      bool label = device.brand ? *device.brand == rec.maker : false;
      if (!label && !(device.manufacturer && in_group(*m_kb, *device.manufacturer, rec.maker))) continue;
      // A datasheet is weaker than the device itself and than the maker's own grammar.
      for (const std::string& c : rec.capabilities)
        sources[c].push_back({"datasheet", 0.5, "datasheet:" + rec.model, rec.where.str(), rec.source, std::nullopt});
    }
  }
  for (const auto& [capability, reasons] : sources) {
    const CapabilityInfo* ci = info(capability);
    if (!ci) continue;  // an identified capability this check does not report (e.g. a vocab newcomer)
    out.push_back(capability_finding(*ci, reasons, device));
    if (!contains(device.capabilities, capability)) device.capabilities.push_back(capability);
  }
}

void CapabilityCheck::self_test(std::vector<kb::Problem>& problems) const {
  for (const CapabilityRule& r : m_rules) {
    if (!r.pattern.valid()) continue;
    for (const std::string& value : r.examples)
      if (!r.pattern.matches(value)) problems.push_back({r.where, fmt::format("rule {}: example '{}' does not match", r.id, value)});
    for (const std::string& value : r.counterexamples)
      if (r.pattern.matches(value)) problems.push_back({r.where, fmt::format("rule {}: counterexample '{}' matches", r.id, value)});
  }
}

std::unique_ptr<Check> make_capability_check() { return std::make_unique<CapabilityCheck>(); }

}  // namespace camaudit::assess
