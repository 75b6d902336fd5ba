// SPDX-License-Identifier: Apache-2.0
#include <camaudit/core/device_record.hpp>

#include <array>
#include <stdexcept>
#include <utility>

namespace camaudit {

using nlohmann::json;

namespace {

constexpr std::array<std::pair<FindingKind, std::string_view>, 4> kKinds{{
    {FindingKind::policy, "policy"},
    {FindingKind::vulnerability, "vulnerability"},
    {FindingKind::capability, "capability"},
    {FindingKind::exposure, "exposure"},
}};
constexpr std::array<std::pair<Severity, std::string_view>, 5> kSeverities{{
    {Severity::info, "info"},
    {Severity::low, "low"},
    {Severity::medium, "medium"},
    {Severity::high, "high"},
    {Severity::critical, "critical"},
}};

template <class E, std::size_t N>
std::string_view name_of(const std::array<std::pair<E, std::string_view>, N>& table, E value) noexcept {
  for (const auto& [v, name] : table)
    if (v == value) return name;
  return "?";
}
template <class E, std::size_t N>
std::optional<E> value_of(const std::array<std::pair<E, std::string_view>, N>& table, std::string_view s) noexcept {
  for (const auto& [v, name] : table)
    if (name == s) return v;
  return std::nullopt;
}

json optional_text(const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); }

// Reading: every accessor names the path it failed at, so a damaged store row or a
// hand-edited devices.jsonl gets an error a person can act on.
struct Reader {
  const json& j;
  std::string path;

  [[noreturn]] void fail(std::string_view key, std::string_view what) const {
    throw std::invalid_argument(path + "." + std::string(key) + ": " + std::string(what));
  }
  const json* find(std::string_view key) const {
    auto it = j.find(key);
    return it == j.end() || it->is_null() ? nullptr : &*it;
  }
  std::string text(std::string_view key, bool required = false) const {
    const json* v = find(key);
    if (!v) {
      if (required) fail(key, "missing");
      return {};
    }
    if (!v->is_string()) fail(key, "not a string");
    return v->get<std::string>();
  }
  std::optional<std::string> optional(std::string_view key) const {
    if (!find(key)) return std::nullopt;
    return text(key);
  }
  double number(std::string_view key, double fallback = 0) const {
    const json* v = find(key);
    if (!v) return fallback;
    if (!v->is_number()) fail(key, "not a number");
    return v->get<double>();
  }
  std::size_t count(std::string_view key, std::size_t fallback = 0) const {
    const json* v = find(key);
    if (!v) return fallback;
    if (!v->is_number_unsigned() && !(v->is_number_integer() && v->get<long long>() >= 0))
      fail(key, "not a non-negative integer");
    return v->get<std::size_t>();
  }
  std::optional<std::size_t> optional_count(std::string_view key) const {
    if (!find(key)) return std::nullopt;
    return count(key);
  }
  std::vector<std::string> strings(std::string_view key) const {
    std::vector<std::string> out;
    for (const Reader& item : items(key)) {
      if (!item.j.is_string()) throw std::invalid_argument(item.path + ": not a string");
      out.push_back(item.j.get<std::string>());
    }
    return out;
  }
  std::vector<Reader> items(std::string_view key) const {
    std::vector<Reader> out;
    const json* v = find(key);
    if (!v) return out;
    if (!v->is_array()) fail(key, "not an array");
    for (std::size_t i = 0; i < v->size(); ++i)
      out.push_back(Reader{(*v)[i], path + "." + std::string(key) + "[" + std::to_string(i) + "]"});
    return out;
  }
  Reader object(std::string_view key) const {
    const json* v = find(key);
    if (!v || !v->is_object()) fail(key, "not an object");
    return Reader{*v, path + "." + std::string(key)};
  }
};

json to_json(const EvidenceRecord& e) {
  json j = {{"attribute", e.attribute}, {"value", e.value},     {"certainty", e.certainty},
            {"observation", e.observation ? json(*e.observation) : json(nullptr)},
            {"field", e.field},         {"matched", e.matched}, {"rule", e.rule},
            {"kb", e.kb}};
  if (e.count > 1) j["count"] = e.count;
  return j;
}

EvidenceRecord evidence_from(const Reader& r) {
  return {r.text("attribute", true), r.text("value"), r.number("certainty"), r.optional_count("observation"),
          r.text("field"),           r.text("matched"), r.text("rule"),      r.text("kb"),
          r.count("count", 1)};
}

json to_json(const Citation& c) {
  json j = {{"instrument", c.instrument}};
  if (!c.section.empty()) j["section"] = c.section;
  if (!c.date.empty()) j["date"] = c.date;
  if (!c.url.empty()) j["url"] = c.url;
  return j;
}

json to_json(const RestsOn& r) {
  json j = {{"attribute", r.attribute}, {"value", r.value}, {"certainty", r.certainty}};
  if (!r.rule.empty()) j["rule"] = r.rule;
  if (!r.kb.empty()) j["kb"] = r.kb;
  if (r.observation) j["observation"] = *r.observation;
  return j;
}

Rights rights_from(const Reader& r) {
  Rights rights{r.number("score"), r.text("band"), r.strings("capabilities"), {}};
  for (const Reader& f : r.items("factors"))
    rights.factors.push_back({f.text("factor", true), f.number("contribution"), f.text("why"), f.text("kb")});
  return rights;
}

Finding finding_from(const Reader& r) {
  Finding f;
  auto kind = finding_kind_from_string(r.text("kind", true));
  if (!kind) r.fail("kind", "unknown finding kind");
  f.kind = *kind;
  f.id = r.text("id", true);
  auto severity = severity_from_string(r.text("severity", true));
  if (!severity) r.fail("severity", "unknown severity");
  f.severity = *severity;
  f.verdict = r.text("verdict");
  f.summary = r.text("summary");
  for (const Reader& c : r.items("cites"))
    f.cites.push_back({c.text("instrument", true), c.text("section"), c.text("date"), c.text("url")});
  for (const Reader& o : r.items("rests_on"))
    f.rests_on.push_back({o.text("attribute", true), o.text("value"), o.number("certainty"), o.text("rule"),
                          o.text("kb"), o.optional_count("observation")});
  f.rule = r.text("rule");
  f.kb = r.text("kb");
  f.confidence = r.number("confidence", 1);
  if (const json* d = r.find("details")) {
    if (!d->is_object()) r.fail("details", "not an object");
    f.details = *d;
  }
  return f;
}

}  // namespace

std::string_view to_string(FindingKind k) noexcept { return name_of(kKinds, k); }
std::string_view to_string(Severity s) noexcept { return name_of(kSeverities, s); }

bool binding_restriction(const Finding& f) {
  if (f.kind != FindingKind::policy || !f.details.is_object()) return false;
  auto it = f.details.find("binding");
  return it != f.details.end() && it->is_boolean() && it->get<bool>();
}

Kev kev_status(const Finding& f) {
  if (f.kind != FindingKind::vulnerability || !f.details.is_object()) return Kev::no;
  auto it = f.details.find("kev");
  if (it == f.details.end() || it->is_null() || (it->is_boolean() && !it->get<bool>())) return Kev::no;
  if (it->is_string() && it->get<std::string>().empty()) return Kev::no;
  if (f.verdict == "affected") return Kev::yes;
  return f.verdict == "possibly_affected" ? Kev::possibly : Kev::no;
}
std::optional<FindingKind> finding_kind_from_string(std::string_view s) noexcept { return value_of(kKinds, s); }
std::optional<Severity> severity_from_string(std::string_view s) noexcept { return value_of(kSeverities, s); }

const EvidenceRecord* DeviceRecord::evidence_for(std::string_view attribute, std::string_view value) const {
  const EvidenceRecord* best = nullptr;
  for (const EvidenceRecord& e : evidence)
    if (e.attribute == attribute && e.value == value && (!best || e.certainty > best->certainty)) best = &e;
  return best;
}

json to_json(const Rights& rights) {
  json factors = json::array();
  for (const RightsFactor& f : rights.factors)
    factors.push_back({{"factor", f.factor}, {"contribution", f.contribution}, {"why", f.why}, {"kb", f.kb}});
  return {{"score", rights.score}, {"band", rights.band}, {"capabilities", rights.capabilities}, {"factors", factors}};
}

json to_json(const Finding& f) {
  json cites = json::array(), rests = json::array();
  for (const Citation& c : f.cites) cites.push_back(to_json(c));
  for (const RestsOn& r : f.rests_on) rests.push_back(to_json(r));
  json j = {{"kind", to_string(f.kind)}, {"id", f.id},       {"severity", to_string(f.severity)},
            {"verdict", f.verdict},      {"summary", f.summary}, {"cites", cites},
            {"rests_on", rests},         {"rule", f.rule},   {"kb", f.kb},
            {"confidence", f.confidence}};
  if (!f.details.empty()) j["details"] = f.details;
  return j;
}

json to_json(const DeviceRecord& d) {
  json j = json::object();
  j["ip"] = d.ip.empty() ? json(nullptr) : json(d.ip);
  if (d.key != d.ip) j["device"] = d.key;
  j["manufacturer"] = optional_text(d.manufacturer);
  j["brand"] = optional_text(d.brand);
  j["model"] = optional_text(d.model);
  if (d.original_model) j["original_model"] = *d.original_model;
  j["firmware"] = optional_text(d.firmware);
  j["serial"] = optional_text(d.serial);
  j["mac"] = optional_text(d.mac);
  j["device_type"] = optional_text(d.device_type);
  j["capabilities"] = d.capabilities;
  if (d.name) j["name"] = *d.name;
  j["confidence"] = d.confidence;
  j["seen"] = d.seen;
  if (!d.notes.empty()) j["notes"] = d.notes;
  json evidence = json::array();
  for (const EvidenceRecord& e : d.evidence) evidence.push_back(to_json(e));
  j["evidence"] = std::move(evidence);
  if (d.evidence_folded) j["evidence_folded"] = d.evidence_folded;
  if (!d.conflicts.empty()) {
    json conflicts = json::array();
    for (const ConflictRecord& c : d.conflicts)
      conflicts.push_back({{"attribute", c.attribute}, {"value", c.value}, {"certainty", c.certainty}, {"rules", c.rules}});
    j["conflicts"] = std::move(conflicts);
  }
  if (!d.unparsed.empty()) {
    json unparsed = json::array();
    for (const UnparsedRecord& u : d.unparsed) {
      unparsed.push_back({{"observation", u.observation}, {"protocol", u.protocol}, {"error", u.error}});
      if (u.count > 1) unparsed.back()["count"] = u.count;
    }
    j["unparsed"] = std::move(unparsed);
  }
  j["observations"] = d.observations;
  if (d.assessed) {
    json findings = json::array();
    for (const Finding& f : d.findings) findings.push_back(to_json(f));
    j["findings"] = std::move(findings);
    if (d.rights) j["rights"] = to_json(*d.rights);
  }
  return j;
}

Finding finding_from_json(const json& j) {
  if (!j.is_object()) throw std::invalid_argument("finding: not a JSON object");
  return finding_from(Reader{j, "finding"});
}

DeviceRecord device_record_from_json(const json& j) {
  if (!j.is_object()) throw std::invalid_argument("device: not a JSON object");
  Reader r{j, "device"};
  DeviceRecord d;
  d.ip = r.text("ip");
  d.key = r.find("device") ? r.text("device") : d.ip;
  d.manufacturer = r.optional("manufacturer");
  d.brand = r.optional("brand");
  d.model = r.optional("model");
  d.original_model = r.optional("original_model");
  d.firmware = r.optional("firmware");
  d.serial = r.optional("serial");
  d.mac = r.optional("mac");
  d.device_type = r.optional("device_type");
  d.name = r.optional("name");
  d.capabilities = r.strings("capabilities");
  d.confidence = r.number("confidence");
  d.seen = r.strings("seen");
  d.notes = r.strings("notes");
  for (const Reader& e : r.items("evidence")) d.evidence.push_back(evidence_from(e));
  d.evidence_folded = r.count("evidence_folded");
  for (const Reader& c : r.items("conflicts"))
    d.conflicts.push_back({c.text("attribute", true), c.text("value"), c.number("certainty"), c.strings("rules")});
  for (const Reader& u : r.items("unparsed"))
    d.unparsed.push_back({u.count("observation"), u.text("protocol"), u.text("error"), u.count("count", 1)});
  d.observations = r.count("observations");
  if (r.find("findings")) {
    d.assessed = true;
    for (const Reader& f : r.items("findings")) d.findings.push_back(finding_from(f));
  }
  if (r.find("rights")) {
    d.assessed = true;
    d.rights = rights_from(r.object("rights"));
  }
  return d;
}

}  // namespace camaudit
