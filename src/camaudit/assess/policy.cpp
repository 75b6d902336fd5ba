// SPDX-License-Identifier: Apache-2.0
// Policy: restricted makers per jurisdiction, with the instrument cited. A rule covers a
// device when its producer (producer.hpp) is a covered entity, one of its subsidiaries,
// or — if the instrument reaches products "produced by" them — the maker behind another
// label; what that means depends on the organisation profile (whom the rule binds).
#include <camaudit/assess/kb_file.hpp>
#include <camaudit/assess/policy.hpp>
#include <camaudit/assess/producer.hpp>
#include <camaudit/assess/registry.hpp>

#include <camaudit/util/text.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

namespace camaudit::assess {

namespace {

Severity lower(Severity s) { return s == Severity::info ? s : static_cast<Severity>(static_cast<int>(s) - 1); }

bool applies_in(const std::string& rule_jurisdiction, const std::vector<std::string>& jurisdictions) {
  return std::any_of(jurisdictions.begin(), jurisdictions.end(),
                     [&](const std::string& j) { return assess::applies_in(rule_jurisdiction, j); });
}

// How a rule reaches a device.
struct Coverage {
  const Producer* producer = nullptr;
  std::string entity;  // legal name (or "makers domiciled in CN", "every maker")
  std::string path;    // maker | subsidiary | label | country | all_makers
  double confidence = 0;
  bool possible = false;
};

std::string coverage_text(const Coverage& c) {
  if (c.path == "all_makers") return "applies to every maker";
  const Producer& p = *c.producer;
  std::string text = c.possible ? fmt::format("possibly made by {} (label {})", p.vendor, p.label)
                                : fmt::format("made by {}", p.vendor);
  if (!c.possible && p.label != p.vendor) text += fmt::format(", sold as {}", p.label);
  if (p.relation) text += fmt::format(" (OEM relation {})", kb::to_string(p.relation->confidence));
  if (c.path == "subsidiary") text += fmt::format(", a subsidiary of {}", c.entity);
  if (c.path == "country") text += ", a maker domiciled there";
  return text;
}

PolicyView read_view(DataReader& reader, const toml::table& t, const kb::Location& where, bool others) {
  PolicyView v;
  if (!others) {
    v.org_types = reader.strings(t, "org_types", where);
    if (v.org_types.empty()) reader.problem(where, "binds: org_types must name at least one organisation type");
  }
  v.site = reader.str(t, "site", where, false);
  if (!v.site.empty() && v.site != "sensitive") reader.problem(where, "site must be \"sensitive\" when given");
  v.verdict = reader.str(t, "verdict", where, true);
  auto severity = severity_from_string(reader.str(t, "severity", where, true));
  if (!severity) reader.problem(where, "severity must be info, low, medium, high or critical");
  v.severity = severity.value_or(Severity::info);
  v.summary = reader.str(t, "summary", where, true);
  v.binding = reader.boolean(t, "binding", where, !others);
  return v;
}

std::vector<std::string> comma_list(std::string_view s) {
  std::vector<std::string> out;
  for (std::string_view part : util::split(s, ','))
    if (!util::trim(part).empty()) out.emplace_back(util::trim(part));
  return out;
}

// The parts of a rule's findings that do not depend on the device.
void prepare(PolicyRule& rule) {
  rule.details = {{"jurisdiction", rule.jurisdiction}, {"title", rule.title},       {"requires", rule.requirement},
                  {"in_force", rule.in_force},         {"subsidiaries", rule.subsidiaries}, {"produced_by", rule.produced_by}};
  if (!rule.remove_by.empty()) rule.details["remove_by"] = rule.remove_by;
  if (!rule.scope.empty()) rule.details["scope"] = rule.scope;
  rule.views = nlohmann::json::array();
  auto& text = rule.views_text;
  for (const PolicyView& v : rule.binds) {
    rule.views.push_back({{"org_types", v.org_types}, {"verdict", v.verdict}, {"severity", to_string(v.severity)},
                          {"site", v.site}, {"binding", v.binding}});
    rule.views_worst = std::max(rule.views_worst, v.severity);
    text += fmt::format("{}{}{}: {}", text.empty() ? "" : "; ", fmt::join(v.org_types, "/"),
                        v.site.empty() ? "" : " (sensitive sites)", v.verdict);
  }
  if (rule.others) {
    rule.views.push_back(
        {{"org_types", "others"}, {"verdict", rule.others->verdict}, {"severity", to_string(rule.others->severity)}});
    rule.views_worst = std::max(rule.views_worst, rule.others->severity);
    text += fmt::format("{}other organisations in {}: {}", text.empty() ? "" : "; ", rule.jurisdiction, rule.others->verdict);
  }
}

}  // namespace

DeviceRecord example_device(const std::map<std::string, std::string>& fields, double certainty) {
  DeviceRecord d;
  d.ip = d.key = "192.0.2.1";  // TEST-NET-1: documentation only, never contacted
  if (auto it = fields.find("certainty"); it != fields.end()) certainty = std::stod(it->second);
  d.confidence = certainty;
  auto claim = [&](const char* name, std::optional<std::string>& slot) {
    auto it = fields.find(name);
    if (it == fields.end()) return;
    slot = it->second;
    d.evidence.push_back({name, it->second, certainty, std::nullopt, "example", it->second, "example", "", 1});
  };
  claim("manufacturer", d.manufacturer);
  claim("brand", d.brand);
  claim("model", d.model);
  claim("firmware", d.firmware);
  claim("device_type", d.device_type);
  if (auto it = fields.find("capabilities"); it != fields.end())
    d.capabilities = comma_list(it->second);
  if (auto it = fields.find("seen"); it != fields.end())
    d.seen = comma_list(it->second);
  return d;
}

const OrgType* PolicyCheck::org_type(const std::string& id) const {
  for (const OrgType& o : m_org_types)
    if (o.id == id) return &o;
  return nullptr;
}

void PolicyCheck::load(const std::filesystem::path& kb_dir, const kb::KnowledgeBase& kb,
                       std::vector<kb::Problem>& problems) {
  m_kb = &kb;
  DataReader reader(kb_dir, problems);
  load_entities(reader);
  load_org_types(reader);
  load_rules(reader);
  validate(reader);
  for (PolicyRule& r : m_rules) prepare(r);
}

void PolicyCheck::load_entities(DataReader& reader) {
  auto f = reader.file("policy/entities.toml", true);
  if (!f) return;
  for (const toml::table* t : reader.tables(f->doc, "entity", {f->path, 1})) {
    PolicyEntity e;
    e.where = DataReader::at(*f, *t);
    e.id = reader.str(*t, "id", e.where, true);
    e.legal_names = reader.strings(*t, "legal_names", e.where);
    if (e.legal_names.empty()) reader.problem(e.where, "entity needs legal_names");
    e.vendor = resolve_vendor(*m_kb, reader.str(*t, "vendor", e.where, true), e.where, reader);
    e.source = reader.source(*t, e.where);
    m_entities.push_back(std::move(e));
  }
}

void PolicyCheck::load_org_types(DataReader& reader) {
  auto f = reader.file("policy/org_types.toml", true);
  if (!f) return;
  for (const toml::table* t : reader.tables(f->doc, "org_type", {f->path, 1})) {
    kb::Location where = DataReader::at(*f, *t);
    OrgType o{reader.str(*t, "id", where, true), reader.str(*t, "jurisdiction", where, true),
              reader.str(*t, "description", where, true)};
    if (org_type(o.id)) reader.problem(where, "duplicate org_type '" + o.id + "'");
    m_org_types.push_back(std::move(o));
  }
}

void PolicyCheck::load_rules(DataReader& reader) {
  for (const TomlFile& f : reader.folder("policy")) {
    if (f.path == "policy/entities.toml" || f.path == "policy/org_types.toml") continue;
    for (const toml::table* t : reader.tables(f.doc, "rule", {f.path, 1})) {
      PolicyRule r;
      r.where = DataReader::at(f, *t);
      r.where_text = r.where.str();
      for (auto [field, slot] : {std::pair{"id", &r.id}, {"jurisdiction", &r.jurisdiction}, {"title", &r.title},
                                 {"instrument", &r.instrument}, {"section", &r.section}, {"in_force", &r.in_force},
                                 {"requires", &r.requirement}, {"url", &r.url}})
        *slot = reader.str(*t, field, r.where, true);
      r.remove_by = reader.str(*t, "remove_by", r.where, false);
      r.scope = reader.str(*t, "scope", r.where, false);
      r.source = reader.source(*t, r.where);
      r.entities = reader.strings(*t, "entities", r.where);
      r.countries = reader.strings(*t, "countries", r.where);
      r.all_makers = reader.boolean(*t, "all_makers", r.where, false);
      r.subsidiaries = reader.boolean(*t, "subsidiaries", r.where, true);
      r.produced_by = reader.boolean(*t, "produced_by", r.where, true);
      r.device_types = reader.strings(*t, "device_types", r.where);
      r.capabilities = reader.strings(*t, "capabilities", r.where);
      for (const toml::table* b : reader.tables(*t, "binds", r.where))
        r.binds.push_back(read_view(reader, *b, DataReader::at(f, *b), false));
      if (const toml::table* o = (*t)["others"].as_table()) r.others = read_view(reader, *o, DataReader::at(f, *o), true);
      for (const toml::table* e : reader.tables(*t, "example", r.where)) {
        kb::Location where = DataReader::at(f, *e);
        r.examples.push_back({reader.string_map(*e, "device", where), reader.string_map(*e, "expect", where), where});
      }
      m_rules.push_back(std::move(r));
    }
  }
}

void PolicyCheck::validate(DataReader& reader) const {
  static const std::vector<std::string> kRequires{"do_not_procure", "do_not_contract", "do_not_use", "remove_by",
                                                  "do_not_connect", "no_authorisation", "certification", "advisory"};
  std::vector<std::string> ids;
  for (const PolicyRule& r : m_rules) {
    if (contains(ids, r.id)) reader.problem(r.where, "duplicate rule id '" + r.id + "'");
    ids.push_back(r.id);
    if (!contains(kRequires, r.requirement)) reader.problem(r.where, "requires must be one of do_not_procure, do_not_contract, do_not_use, remove_by, do_not_connect, no_authorisation, certification, advisory");
    if (r.entities.empty() && r.countries.empty() && !r.all_makers)
      reader.problem(r.where, "rule covers nothing: give entities, countries or all_makers = true");
    for (const std::string& e : r.entities)
      if (std::none_of(m_entities.begin(), m_entities.end(), [&](const PolicyEntity& x) { return x.id == e; }))
        reader.problem(r.where, "unknown entity '" + e + "' (policy/entities.toml)");
    for (const PolicyView& v : r.binds)
      for (const std::string& o : v.org_types) {
        const OrgType* type = org_type(o);
        if (!type) reader.problem(r.where, "unknown org type '" + o + "' (policy/org_types.toml)");
        else if (!applies_in(r.jurisdiction, {type->jurisdiction}))
          reader.problem(r.where, "org type '" + o + "' is in " + type->jurisdiction + ", the rule in " + r.jurisdiction);
      }
    if (r.binds.empty() && !r.others) reader.problem(r.where, "rule binds nobody: give [[rule.binds]] or [rule.others]");
    if (r.examples.empty()) reader.problem(r.where, "rule needs at least one [[rule.example]] with expected verdicts");
    for (const PolicyExample& e : r.examples)
      if (e.expect.empty()) reader.problem(e.where, "example needs expect = { org_type = \"verdict\" | \"none\" }");
  }
  // vendors.toml's `restricted` flag and the policy data must agree.
  for (const kb::Vendor& v : m_kb->vendors()) {
    bool covered = std::any_of(m_entities.begin(), m_entities.end(),
                               [&](const PolicyEntity& e) { return in_group(*m_kb, v.name, e.vendor); });
    if (v.restricted && !covered)
      reader.problem({"vendors.toml", v.where.line}, "vendor '" + v.name + "' is restricted but no policy entity covers it");
  }
}

namespace {

std::optional<Coverage> covers(const PolicyRule& rule, const std::vector<PolicyEntity>& entities,
                               const std::vector<Producer>& producers, const kb::KnowledgeBase& kb) {
  if (rule.all_makers) return Coverage{producers.empty() ? nullptr : &producers.front(), "every maker", "all_makers", 1, false};
  for (const Producer& p : producers) {
    Coverage c{&p, "", "", p.certainty, p.possible};
    // A label that is the maker's own brand or a group company is the maker's product;
    // any other label is a relabelled ("produced by") product.
    bool relabelled = !in_group(kb, p.label, p.vendor) && !in_group(kb, p.vendor, p.label);
    for (const PolicyEntity& e : entities) {
      if (!contains(rule.entities, e.id) || !in_group(kb, p.vendor, e.vendor)) continue;
      if (p.vendor != e.vendor && !rule.subsidiaries) continue;
      bool own_label = in_group(kb, p.label, e.vendor);
      if (relabelled && !own_label && !rule.produced_by) continue;
      c.entity = e.legal_names.front();
      c.path = p.vendor != e.vendor || (own_label && p.label != e.vendor) ? "subsidiary" : (relabelled ? "label" : "maker");
      return c;
    }
    const kb::Vendor* v = kb.find_vendor(p.vendor);
    if (v && contains(rule.countries, v->country) && (!relabelled || rule.produced_by)) {
      c.entity = "makers domiciled in " + v->country;
      c.path = "country";
      return c;
    }
  }
  return std::nullopt;
}

Finding base_finding(const PolicyRule& rule, const Coverage& c, const DeviceRecord& device) {
  Finding f;
  f.kind = FindingKind::policy;
  f.id = rule.id;
  f.rule = rule.id;
  f.kb = rule.where_text;
  f.cites.push_back({rule.instrument, rule.section, rule.in_force, rule.url});
  if (c.producer) f.rests_on = c.producer->rests_on;
  f.confidence = c.path == "all_makers" ? 1.0 : c.confidence;
  f.details = rule.details;
  f.details["coverage"] = c.path;
  f.details["entity"] = c.entity;
  if (c.producer && c.producer->relation)
    f.details["relation_confidence"] = std::string(kb::to_string(c.producer->relation->confidence));
  (void)device;
  return f;
}

// "(identification confidence 0.60)" when the finding is less than sure.
std::string certainty_note(double confidence) {
  return confidence < 0.8 ? fmt::format(" (confidence {:.2f})", confidence) : "";
}

Finding view_finding(const PolicyRule& rule, const Coverage& c, const DeviceRecord& device, const PolicyView& v,
                     const Profile& profile, bool conditional) {
  Finding f = base_finding(rule, c, device);
  bool possible = c.possible;
  f.verdict = (possible ? "possibly_" : "") + v.verdict + (conditional ? "_if_sensitive_site" : "");
  f.severity = possible || conditional ? lower(v.severity) : v.severity;
  std::string prefix = conditional ? "If this is a sensitive site: " : "";
  f.summary = fmt::format("{}{} — {}: {}{}", prefix, v.summary, rule.title, coverage_text(c), certainty_note(f.confidence));
  f.details["org_type"] = profile.org_type;
  f.details["binding"] = v.binding && !possible && !conditional;
  if (!v.site.empty()) f.details["site"] = v.site;
  return f;
}

// Profile (or org type) unknown: every organisation's view, labelled, never a default.
Finding views_finding(const PolicyRule& rule, const Coverage& c, const DeviceRecord& device, const std::string& label) {
  Finding f = base_finding(rule, c, device);
  f.verdict = c.possible ? "possibly_covered_profile_unknown" : "covered_profile_unknown";
  f.severity = c.possible ? lower(rule.views_worst) : rule.views_worst;
  f.summary = fmt::format("{}: {} ({} {}) covers this device, {}. Per organisation: {}{}", label, rule.title,
                          rule.jurisdiction, rule.section, coverage_text(c), rule.views_text, certainty_note(f.confidence));
  f.details["views"] = rule.views;
  f.details["profile"] = label;
  f.details["binding"] = false;
  return f;
}

bool device_in_scope(const PolicyRule& rule, const DeviceRecord& device) {
  if (!rule.device_types.empty() && device.device_type && !contains(rule.device_types, *device.device_type)) return false;
  if (rule.capabilities.empty()) return true;
  return std::any_of(rule.capabilities.begin(), rule.capabilities.end(),
                     [&](const std::string& c) { return contains(device.capabilities, c); });
}

}  // namespace

void PolicyCheck::judge(const PolicyRule& rule, const DeviceRecord& device, const std::vector<Producer>& makers,
                        const Profile& profile, std::vector<Finding>& out) const {
  if (!device_in_scope(rule, device)) return;
  if (makers.empty() && !rule.all_makers) return;
  if (rule.all_makers && !device.device_type) return;  // a certification rule needs to know it is CCTV
  auto c = covers(rule, m_entities, makers, *m_kb);
  if (!c) return;
  if (!profile.known()) return out.push_back(views_finding(rule, *c, device, "profile unknown"));
  std::vector<std::string> jurisdictions = profile.jurisdictions;
  if (const OrgType* o = org_type(profile.org_type)) jurisdictions.push_back(o->jurisdiction);
  if (!applies_in(rule.jurisdiction, jurisdictions)) return;
  if (profile.org_type.empty()) return out.push_back(views_finding(rule, *c, device, "organisation type unknown"));
  for (const PolicyView& v : rule.binds) {
    if (!contains(v.org_types, profile.org_type)) continue;
    if (v.site == "sensitive" && profile.site_sensitivity == "standard") continue;
    bool conditional = v.site == "sensitive" && profile.site_sensitivity.empty();
    return out.push_back(view_finding(rule, *c, device, v, profile, conditional));
  }
  if (rule.others) out.push_back(view_finding(rule, *c, device, *rule.others, profile, false));
}

void PolicyCheck::run(DeviceRecord& device, const Profile& profile, std::vector<Finding>& out) const {
  const std::vector<Producer> makers = producers(device, *m_kb);  // once per device, not per rule
  for (const PolicyRule& rule : m_rules) judge(rule, device, makers, profile, out);
}

void PolicyCheck::check_profile(const Profile& profile, std::vector<std::string>& problems) const {
  if (!profile.org_type.empty() && !org_type(profile.org_type)) {
    std::vector<std::string> known;
    for (const OrgType& o : m_org_types) known.push_back(o.id);
    problems.push_back(fmt::format("unknown org type '{}' (known: {})", profile.org_type, fmt::join(known, ", ")));
  }
  std::vector<std::string> known;
  for (const OrgType& o : m_org_types) known.push_back(o.jurisdiction);
  for (const PolicyRule& r : m_rules) known.push_back(r.jurisdiction);
  for (const std::string& j : profile.jurisdictions)
    if (std::none_of(known.begin(), known.end(), [&](const std::string& k) { return applies_in(k, {j}); }))
      problems.push_back("unknown jurisdiction '" + j + "' (no rule or org type is in it)");
}

void PolicyCheck::self_test(std::vector<kb::Problem>& problems) const {
  for (const PolicyRule& rule : m_rules) {
    for (const PolicyExample& example : rule.examples) {
      DeviceRecord device = example_device(example.device);
      for (const auto& [key, expected] : example.expect) {
        Profile profile;
        profile.org_type = key.substr(0, key.find('/'));
        if (key.find('/') != std::string::npos) profile.site_sensitivity = key.substr(key.find('/') + 1);
        if (const OrgType* o = org_type(profile.org_type)) profile.jurisdictions = {o->jurisdiction};
        else problems.push_back({example.where, "expect: unknown org type '" + profile.org_type + "'"});
        std::vector<Finding> out;
        judge(rule, device, producers(device, *m_kb), profile, out);
        std::string got = out.empty() ? "none" : out.front().verdict;
        if (got != expected)
          problems.push_back({example.where, fmt::format("rule {} for {}: expected verdict '{}', got '{}'", rule.id, key,
                                                         expected, got)});
      }
    }
  }
}

std::unique_ptr<Check> make_policy_check() { return std::make_unique<PolicyCheck>(); }

}  // namespace camaudit::assess
