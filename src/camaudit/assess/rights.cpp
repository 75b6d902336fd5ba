// SPDX-License-Identifier: Apache-2.0
// Rights: the Capability Rights-Impact Score per device (research:rights.md §4), from the
// capabilities the capability check found and the site contexts the profile declares,
// with every factor shown; and advisory findings mapping capabilities to the obligations
// they trigger (UK GDPR, ICO guidance, Surveillance Camera Code, EU AI Act).
#include <camaudit/assess/kb_file.hpp>
#include <camaudit/assess/registry.hpp>
#include <camaudit/assess/rights.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iterator>

namespace camaudit::assess {

namespace {

// Capabilities with their certainty, from the capability findings (device.capabilities
// for any the check did not report).
std::map<std::string, ScoredCapability> capabilities_of(const DeviceRecord& device, const std::vector<Finding>& so_far) {
  std::map<std::string, ScoredCapability> out;
  for (const std::string& c : device.capabilities) out[c] = {"capable", device.confidence};
  for (const Finding& f : so_far) {
    if (f.kind != FindingKind::capability || !f.details.contains("capability")) continue;
    ScoredCapability& s = out[f.details["capability"].get<std::string>()];
    s.certainty = f.confidence;
    s.state = f.details.value("state", std::string("capable"));
  }
  return out;
}

}  // namespace

void RightsCheck::load(const std::filesystem::path& kb_dir, const kb::KnowledgeBase& kb, std::vector<kb::Problem>& problems) {
  m_kb = &kb;
  DataReader reader(kb_dir, problems);
  load_cris(reader);
  load_obligations(reader);
}

void RightsCheck::load_cris(DataReader& reader) {
  auto f = reader.file("rights/cris.toml", true);
  if (!f) return;
  m_cris_file = f->path;
  kb::Location top{f->path, 1};
  m_version = reader.str(f->doc, "version", top, true);
  m_min_certainty = reader.number(f->doc, "min_certainty", top, false).value_or(0.3);
  for (const toml::table* t : reader.tables(f->doc, "weight", top)) {
    CrisWeight w;
    w.where = DataReader::at(*f, *t);
    w.capability = reader.str(*t, "capability", w.where, true);
    if (!m_kb->capabilities().contains(w.capability)) reader.problem(w.where, "capability '" + w.capability + "' is not in vocab.toml");
    w.group = reader.str(*t, "group", w.where, false);
    if (w.group.empty()) w.group = w.capability;
    w.enabled = reader.number(*t, "enabled", w.where, true).value_or(0);
    w.capable = reader.number(*t, "capable", w.where, true).value_or(0);
    w.why = reader.str(*t, "why", w.where, true);
    m_weights.push_back(std::move(w));
  }
  for (const toml::table* t : reader.tables(f->doc, "context", top)) {
    CrisContext c;
    c.where = DataReader::at(*f, *t);
    c.id = reader.str(*t, "id", c.where, true);
    c.multiplier = reader.number(*t, "multiplier", c.where, true).value_or(1);
    c.intimate = reader.boolean(*t, "intimate", c.where, false);
    c.why = reader.str(*t, "why", c.where, true);
    m_contexts.push_back(std::move(c));
  }
  for (const toml::table* t : reader.tables(f->doc, "band", top))
    m_bands.push_back({reader.str(*t, "name", DataReader::at(*f, *t), true), reader.number(*t, "min", DataReader::at(*f, *t), true).value_or(0)});
  std::sort(m_bands.begin(), m_bands.end(), [](const CrisBand& a, const CrisBand& b) { return a.min < b.min; });
  if (m_bands.empty() || m_bands.front().min != 0) reader.problem(top, "bands must start at min = 0");
  for (const toml::table* t : reader.tables(f->doc, "example", top)) {
    CrisExample e;
    e.where = DataReader::at(*f, *t);
    e.name = reader.str(*t, "name", e.where, true);
    e.capabilities = reader.string_map(*t, "capabilities", e.where);
    e.contexts = reader.strings(*t, "contexts", e.where);
    e.device_type = reader.str(*t, "device_type", e.where, false);
    e.score = reader.number(*t, "score", e.where, true).value_or(-1);
    e.band = reader.str(*t, "band", e.where, true);
    m_examples.push_back(std::move(e));
  }
  if (m_examples.empty()) reader.problem(top, "cris.toml needs [[example]]s (the worked examples)");
}

void RightsCheck::load_obligations(DataReader& reader) {
  auto f = reader.file("rights/obligations.toml", true);
  if (!f) return;
  for (const toml::table* t : reader.tables(f->doc, "obligation", {f->path, 1})) {
    Obligation o;
    o.where = DataReader::at(*f, *t);
    o.id = reader.str(*t, "id", o.where, true);
    o.summary = reader.str(*t, "summary", o.where, true);
    o.source = reader.source(*t, o.where);
    o.jurisdictions = reader.strings(*t, "jurisdictions", o.where);
    o.capabilities = reader.strings(*t, "capabilities", o.where);
    o.org_types = reader.strings(*t, "org_types", o.where);
    auto severity = severity_from_string(reader.str(*t, "severity", o.where, true));
    if (!severity) reader.problem(o.where, "severity must be info, low, medium, high or critical");
    o.severity = severity.value_or(Severity::info);
    for (const std::string& c : o.capabilities)
      if (!m_kb->capabilities().contains(c)) reader.problem(o.where, "capability '" + c + "' is not in vocab.toml");
    o.cites = reader.citations(*f, *t, o.where);
    if (o.cites.empty()) reader.problem(o.where, "obligation needs at least one [[obligation.cite]]");
    for (const toml::table* e : reader.tables(*t, "example", o.where)) {
      kb::Location at = DataReader::at(*f, *e);
      o.examples.push_back({reader.strings(*e, "capabilities", at), reader.str(*e, "jurisdiction", at, true),
                            reader.str(*e, "org_type", at, false), reader.boolean(*e, "expect", at, true), at});
    }
    if (o.examples.empty()) reader.problem(o.where, "obligation needs at least one [[obligation.example]]");
    m_obligations.push_back(std::move(o));
  }
}

Rights RightsCheck::score(const std::map<std::string, ScoredCapability>& capabilities,
                          const std::vector<std::string>& contexts, const std::string& device_type) const {
  Rights r;
  std::map<std::string, std::pair<double, const CrisWeight*>> groups;  // group -> best points
  for (const auto& [name, c] : capabilities) {
    r.capabilities.push_back(name);
    if (c.certainty < m_min_certainty) continue;
    for (const CrisWeight& w : m_weights) {
      if (w.capability != name) continue;
      double points = c.state == "enabled" ? w.enabled : w.capable;
      auto& best = groups[w.group];
      if (best.second == nullptr || points > best.first) best = {points, &w};
    }
  }
  double c_points = 0;
  for (const auto& [group, best] : groups) {
    const CrisWeight& w = *best.second;
    const ScoredCapability& c = capabilities.at(w.capability);
    c_points += best.first;
    r.factors.push_back({w.capability, best.first, fmt::format("{} (certainty {:.2f}): {}", c.state, c.certainty, w.why), w.where.str()});
  }
  c_points = std::min(100.0, c_points);
  const CrisContext* context = nullptr;
  bool intimate = false;
  for (const CrisContext& ctx : m_contexts) {
    if (!contains(contexts, ctx.id)) continue;
    if (!context || ctx.multiplier > context->multiplier) context = &ctx;
    intimate = intimate || ctx.intimate;
  }
  double multiplier = context ? context->multiplier : 1.0;
  r.score = std::min(100.0, std::round(c_points * multiplier));
  if (context)
    r.factors.push_back({"context:" + context->id, r.score - c_points,
                         fmt::format("x{:.1f}: {}", context->multiplier, context->why), context->where.str()});
  for (const CrisBand& b : m_bands)
    if (r.score >= b.min) r.band = b.name;
  bool sensor = device_type.empty() || (device_type != "nvr" && device_type != "dvr" && device_type != "hybrid_recorder" &&
                                        device_type != "vms");
  if (intimate && sensor) {
    r.band = "critical";
    r.factors.push_back({"override:intimate_space", 0, "a camera in an intimate space (toilets, changing rooms, wards) is critical whatever its score", m_cris_file});
  }
  return r;
}

void RightsCheck::add_obligations(const std::map<std::string, ScoredCapability>& capabilities, const std::vector<Finding>& so_far,
                                  const Profile& profile, std::vector<Finding>& out) const {
  for (const Obligation& o : m_obligations) {
    std::vector<std::string> matched;
    for (const std::string& c : o.capabilities)
      if (auto it = capabilities.find(c); it != capabilities.end() && it->second.certainty >= m_min_certainty) matched.push_back(c);
    if (matched.empty()) continue;
    bool in_jurisdiction = !profile.known() ||
                           std::any_of(o.jurisdictions.begin(), o.jurisdictions.end(), [&](const std::string& oj) {
                             return std::any_of(profile.jurisdictions.begin(), profile.jurisdictions.end(),
                                                [&](const std::string& j) { return applies_in(oj, j); });
                           });
    if (!in_jurisdiction) continue;
    if (!o.org_types.empty() && !profile.org_type.empty() && !contains(o.org_types, profile.org_type)) continue;
    Finding f;
    f.kind = FindingKind::capability;
    f.id = o.id;
    f.severity = o.severity;
    f.verdict = "advisory";
    f.summary = (profile.known() ? "" : fmt::format("profile unknown, applies in {}: ", fmt::join(o.jurisdictions, "/"))) + o.summary;
    f.cites = o.cites;
    f.rule = o.id;
    f.kb = o.where.str();
    f.confidence = 0;
    for (const Finding& c : so_far)
      if (c.kind == FindingKind::capability && contains(matched, c.details.value("capability", std::string()))) {
        f.rests_on.push_back({"capability", c.details["capability"].get<std::string>(), c.confidence, c.rule, c.kb, std::nullopt});
        f.confidence = std::max(f.confidence, c.confidence);
      }
    if (f.rests_on.empty()) f.confidence = 1;
    f.details = {{"capabilities", matched}, {"jurisdictions", o.jurisdictions}};
    if (!o.org_types.empty()) f.details["org_types"] = o.org_types;
    out.push_back(std::move(f));
  }
}

void RightsCheck::run(DeviceRecord& device, const Profile& profile, std::vector<Finding>& out) const {
  auto capabilities = capabilities_of(device, out);
  device.rights = score(capabilities, profile.site_contexts, device.device_type.value_or(""));
  std::vector<Finding> obligations;  // appended after: `out` is read while they are made
  add_obligations(capabilities, out, profile, obligations);
  out.insert(out.end(), std::make_move_iterator(obligations.begin()), std::make_move_iterator(obligations.end()));
}

void RightsCheck::check_profile(const Profile& profile, std::vector<std::string>& problems) const {
  for (const std::string& c : profile.site_contexts)
    if (std::none_of(m_contexts.begin(), m_contexts.end(), [&](const CrisContext& x) { return x.id == c; })) {
      std::vector<std::string> known;
      for (const CrisContext& x : m_contexts) known.push_back(x.id);
      problems.push_back(fmt::format("unknown site context '{}' (known: {})", c, fmt::join(known, ", ")));
    }
}

void RightsCheck::self_test(std::vector<kb::Problem>& problems) const {
  for (const CrisExample& e : m_examples) {
    std::map<std::string, ScoredCapability> caps;
    for (const auto& [c, state] : e.capabilities) caps[c] = {state, 1.0};
    Rights r = score(caps, e.contexts, e.device_type);
    if (r.score != e.score || r.band != e.band)
      problems.push_back({e.where, fmt::format("example '{}': expected score {} ({}), got {} ({})", e.name, e.score, e.band, r.score, r.band)});
  }
  for (const Obligation& o : m_obligations)
    for (const Obligation::Example& e : o.examples) {
      std::map<std::string, ScoredCapability> caps;
      for (const std::string& c : e.capabilities) caps[c] = {"capable", 1.0};
      Profile p;
      p.jurisdictions = {e.jurisdiction};
      p.org_type = e.org_type;
      std::vector<Finding> out;
      add_obligations(caps, {}, p, out);
      bool fired = std::any_of(out.begin(), out.end(), [&](const Finding& f) { return f.id == o.id; });
      if (fired != e.expect)
        problems.push_back({e.where, fmt::format("obligation {}: expected {} for {} in {}", o.id, e.expect ? "a finding" : "none",
                                                 fmt::join(e.capabilities, ","), e.jurisdiction)});
    }
}

std::unique_ptr<Check> make_rights_check() { return std::make_unique<RightsCheck>(); }

}  // namespace camaudit::assess
