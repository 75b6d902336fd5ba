// SPDX-License-Identifier: Apache-2.0
#include <camaudit/identify/identifier.hpp>

#include <camaudit/protocol/protocol.hpp>
#include <camaudit/util/text.hpp>

#include <algorithm>
#include <cmath>

namespace camaudit::identify {

namespace {

constexpr std::size_t kMatchedPreview = 160;  // bytes of the matched value kept as evidence

// Certainty of the OUI registrant as a manufacturer claim: the network module's
// vendor is usually, not always, the device maker (OEM boards, spoofed MACs).
constexpr double kOuiCertainty = 0.6;
// As a label claim the registrant is weaker still: labels change hands (FLIR's blocks on
// Lorex units from FLIR's years as Lorex's owner), so a label the model names outranks it.
constexpr double kOuiLabelCertainty = 0.3;
// A vendor's parent company passes on nearly all of a brand claim (EZVIZ → Hikvision).
constexpr double kParentFactor = 0.95;

std::string preview(std::string_view value) {
  return util::to_valid_utf8(value.substr(0, kMatchedPreview));
}

// Values that denote the same thing compare equal after this.
std::string comparable(Attribute a, std::string_view value) {
  switch (a) {
    case Attribute::mac:
      if (auto m = kb::normalise_mac(value)) return *m;
      return util::to_lower(util::trim(value));
    case Attribute::model:
    case Attribute::original_model:
    case Attribute::serial:
    case Attribute::firmware: {
      std::string out(util::trim(value));
      for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      return out;
    }
    default:
      return std::string(util::trim(value));
  }
}

// The claims of one matched rule; the matched field is the rule's key. Takes the
// match by value: its strings move into the claims (this runs for every field).
void add_claims(kb::RuleMatch match, std::optional<std::size_t> observation, std::string_view value,
                std::vector<Claim>& out) {
  const std::string matched = preview(value);
  for (auto& [attribute, claimed] : match.claims) {
    if (attribute == Attribute::mac)
      if (auto mac = kb::normalise_mac(claimed)) claimed = std::move(*mac);
    std::string_view trimmed = util::trim(claimed);
    if (trimmed.empty()) continue;
    std::string v = trimmed.size() == claimed.size() ? std::move(claimed) : std::string(trimmed);
    out.push_back(Claim{attribute, std::move(v), match.rule->certainty,
                        Provenance{observation, match.rule->id, match.rule->where_text, match.rule->key, matched}});
  }
}

// The model number names the product line exactly (DS-K1T is an access terminal, CS-DB a
// doorbell, NVR-104 a recorder); protocol answers mostly say which firmware family answered
// (an ISAPI "IPCamera", a camera web server), and several of them outvote one grammar when
// certainties are combined. So a device type that a model grammar (device.model /
// device.original_model rules) claims ranks first; the others stay as conflicts.
void prefer_model_grammar_type(Device& device) {
  auto it = device.ranked.find(Attribute::device_type);
  if (it == device.ranked.end() || it->second.size() < 2) return;
  auto from_grammar = [&](const RankedValue& v) {
    return std::any_of(v.claims.begin(), v.claims.end(), [&](std::size_t i) {
      std::string_view field = device.claims[i].why.field;
      return field == "device.model" || field == "device.original_model";
    });
  };
  std::stable_partition(it->second.begin(), it->second.end(), from_grammar);
}

}  // namespace

std::optional<std::string> Device::brand() const {
  auto b = value(Attribute::brand);
  if (b && b == value(Attribute::manufacturer)) return std::nullopt;
  return b;
}

std::vector<std::string> Device::capabilities() const {
  std::vector<std::string> out;
  auto it = ranked.find(Attribute::capability);
  if (it != ranked.end())
    for (const RankedValue& v : it->second) out.push_back(v.value);
  std::sort(out.begin(), out.end());
  return out;
}

double Device::confidence() const {
  const RankedValue* m = best(Attribute::manufacturer);
  return m ? m->certainty : 0.0;
}

std::map<Attribute, std::vector<RankedValue>> rank(const std::vector<Claim>& claims) {
  // Claims sorted by (attribute, comparable value); each run of equal keys is one
  // value, whose certainty combines the best certainty of each distinct rule. Flat
  // vectors, not nested maps: this runs three times per device.
  struct Keyed {
    Attribute attribute;
    std::string comparable;
    std::size_t claim;
  };
  std::vector<Keyed> keyed;
  keyed.reserve(claims.size());
  for (std::size_t i = 0; i < claims.size(); ++i)
    keyed.push_back(Keyed{claims[i].attribute, comparable(claims[i].attribute, claims[i].value), i});
  std::sort(keyed.begin(), keyed.end(), [](const Keyed& a, const Keyed& b) {
    return std::tie(a.attribute, a.comparable, a.claim) < std::tie(b.attribute, b.comparable, b.claim);
  });

  std::map<Attribute, std::vector<RankedValue>> out;
  std::vector<std::pair<std::string_view, double>> by_rule;  // rule -> best certainty
  for (std::size_t begin = 0; begin < keyed.size();) {
    std::size_t end = begin;
    while (end < keyed.size() && keyed[end].attribute == keyed[begin].attribute &&
           keyed[end].comparable == keyed[begin].comparable)
      ++end;
    RankedValue value;
    double shown_certainty = -1;
    by_rule.clear();
    for (std::size_t k = begin; k < end; ++k) {
      const Claim& c = claims[keyed[k].claim];
      if (c.certainty > shown_certainty) {  // the surest spelling, first in claim order on ties
        value.value = c.value;
        shown_certainty = c.certainty;
      }
      auto rule = std::find_if(by_rule.begin(), by_rule.end(), [&](const auto& r) { return r.first == c.why.rule; });
      if (rule == by_rule.end()) by_rule.emplace_back(c.why.rule, std::max(0.0, c.certainty));
      else rule->second = std::max(rule->second, c.certainty);
      value.claims.push_back(keyed[k].claim);
      value.times_claimed += c.count;
    }
    // Combine in rule order so the floating-point result does not depend on claim order.
    std::sort(by_rule.begin(), by_rule.end());
    double miss = 1.0;
    for (const auto& [rule, c] : by_rule) miss *= 1.0 - std::clamp(c, 0.0, 1.0);
    value.certainty = std::round((1.0 - miss) * 1000) / 1000;
    out[keyed[begin].attribute].push_back(std::move(value));
    begin = end;
  }
  for (auto& [attribute, list] : out)
    std::stable_sort(list.begin(), list.end(), [](const RankedValue& a, const RankedValue& b) {
      if (a.certainty != b.certainty) return a.certainty > b.certainty;
      return a.times_claimed > b.times_claimed;
    });
  return out;
}

std::optional<std::string> Identifier::claims_for(const Observation& obs, std::vector<Claim>& claims) const {
  const protocol::Parser* parser = protocol::find_parser(obs.protocol);
  if (parser == nullptr) return "no parser for protocol \"" + obs.protocol + "\"";
  protocol::ParseResult parsed = parser->parse(obs);
  thread_local std::vector<kb::RuleMatch> matches;  // keeps its capacity between fields
  for (const Field& field : parsed.fields) {
    matches.clear();
    if (m_strategy == MatchStrategy::hyperscan) m_kb.match(field.key, field.value, matches);
    else m_kb.match_one_by_one(field.key, field.value, matches);
    for (kb::RuleMatch& match : matches) add_claims(std::move(match), obs.index, field.value, claims);
  }
  return parsed.error;
}

void Identifier::add(const Observation& obs) {
  const std::string& key = obs.key();  // never "" for an importer's ip-only observations
  auto it = m_index.find(key);  // find first: emplace would build a node every time
  if (it == m_index.end()) {
    it = m_index.emplace(key, m_devices.size()).first;
    m_devices.emplace_back();
    m_devices.back().key = key;
    m_claim_index.emplace_back();
  }
  Device& device = m_devices[it->second];
  if (device.ip.empty()) device.ip = obs.ip;
  device.observations.push_back(obs.index);
  m_seen_buffer = obs.protocol;
  if (!obs.transport.empty()) (m_seen_buffer += '/') += obs.transport;
  if (obs.port != 0) (m_seen_buffer += '/') += std::to_string(obs.port);
  if (!device.seen.contains(m_seen_buffer)) device.seen.insert(m_seen_buffer);
  const std::size_t first = device.claims.size();
  std::optional<std::string> error = claims_for(obs, device.claims);
  fold_repeats(it->second, first);
  if (!error) return;
  // The same error from the same protocol again: counted on the first one.
  m_key_buffer.assign("\1unparsed\0", 10);
  ((m_key_buffer += obs.protocol) += '\0') += *error;
  auto [at, added] = m_claim_index[it->second].try_emplace(m_key_buffer, device.unparsed.size());
  if (added) device.unparsed.push_back(Unparsed{obs.index, obs.protocol, std::move(*error)});
  else ++device.unparsed[at->second].count;
}

void Identifier::fold_repeats(std::size_t index, std::size_t first) {
  std::vector<Claim>& claims = m_devices[index].claims;
  auto& known = m_claim_index[index];
  std::size_t kept = first;
  for (std::size_t i = first; i < claims.size(); ++i) {
    const Claim& c = claims[i];
    m_key_buffer.clear();
    for (std::string_view part : {attribute_name(c.attribute), std::string_view(c.value), c.why.rule, c.why.field,
                                  std::string_view(c.why.matched)})
      (m_key_buffer += part) += '\0';
    auto [at, added] = known.try_emplace(m_key_buffer, kept);
    if (!added) {
      claims[at->second].count += c.count;
      continue;
    }
    if (kept != i) claims[kept] = std::move(claims[i]);
    ++kept;
  }
  claims.erase(claims.begin() + static_cast<std::ptrdiff_t>(kept), claims.end());
}

std::vector<Device> Identifier::finish() {
  for (Device& d : m_devices) resolve(d);
  m_index.clear();
  m_claim_index.clear();
  return std::exchange(m_devices, {});
}

void Identifier::resolve(Device& device) const {
  device.ranked = rank(device.claims);
  // OUI and derived claims both read the first ranking (neither changes the MAC,
  // model, firmware or serial the other reads); brands need the second. A ranking is
  // redone only when a step added claims.
  std::size_t before = device.claims.size();
  add_oui_claims(device);
  add_derived_claims(device);
  if (device.claims.size() != before) device.ranked = rank(device.claims);
  before = device.claims.size();
  add_oem_claims(device);
  if (device.claims.size() != before) device.ranked = rank(device.claims);
  prefer_model_grammar_type(device);
  note_unknown_brand(device);
}

void Identifier::note_unknown_brand(Device& device) const {
  // The JSON leaves brand null both when the label is the maker's own and when no answer
  // named it; the second is said, for makers that also build for other labels.
  if (device.best(Attribute::brand) != nullptr) return;
  const std::optional<std::string> maker = device.value(Attribute::manufacturer);
  if (!maker) return;
  const bool supplies_others = std::any_of(m_kb.oem().begin(), m_kb.oem().end(), [&](const kb::OemRelation& r) {
    return r.manufacturer == *maker && r.brand != *maker;
  });
  if (supplies_others)
    device.notes.push_back("brand: not known (no answer named the label; " + *maker +
                           " also makes devices sold under other labels, kb/oem.toml)");
}

void Identifier::add_oui_claims(Device& device) const {
  auto it = device.ranked.find(Attribute::mac);
  if (it == device.ranked.end()) return;
  for (const RankedValue& mac : it->second) {
    auto hit = m_kb.oui().lookup(mac.value);
    if (!hit || !hit->vendor) continue;
    const kb::Vendor* vendor = &m_kb.vendors()[*hit->vendor];
    Provenance why{std::nullopt, "oui", hit->source, "mac", hit->prefix + " " + std::string(hit->registrant)};
    // A label's own block (LT Security for LTS, EZVIZ) says whose box it is: the label is
    // claimed and oem.toml maps it to its maker like any other brand claim.
    const bool is_label = std::any_of(m_kb.oem().begin(), m_kb.oem().end(), [&](const kb::OemRelation& r) {
      return r.brand == vendor->name && !r.manufacturer.empty() && r.manufacturer != vendor->name;
    });
    if (is_label) {
      device.claims.push_back(Claim{Attribute::brand, vendor->name, kOuiLabelCertainty * mac.certainty, why});
      continue;
    }
    // A subsidiary's block (EZVIZ) speaks for its parent's manufacturing (Hikvision).
    if (const kb::Vendor* parent = vendor->parent.empty() ? nullptr : m_kb.find_vendor(vendor->parent)) vendor = parent;
    device.claims.push_back(Claim{Attribute::manufacturer, vendor->name, kOuiCertainty * mac.certainty, why});
  }
}

void Identifier::add_derived_claims(Device& device) const {
  struct Derived {
    Attribute attribute;
    const char* key;
  };
  for (Derived d : {Derived{Attribute::model, "device.model"}, Derived{Attribute::original_model, "device.original_model"},
                    Derived{Attribute::firmware, "device.firmware"}, Derived{Attribute::serial, "device.serial"}}) {
    const RankedValue* v = device.best(d.attribute);
    if (v == nullptr) continue;
    std::vector<Claim> derived;
    for (kb::RuleMatch& match : m_kb.match(d.key, v->value)) add_claims(std::move(match), std::nullopt, v->value, derived);
    // A derived claim is no surer than the value it was derived from.
    for (Claim& c : derived) c.certainty = std::min(c.certainty, c.certainty * (0.5 + 0.5 * v->certainty));
    device.claims.insert(device.claims.end(), derived.begin(), derived.end());
  }
}

void Identifier::add_oem_claims(Device& device) const {
  auto it = device.ranked.find(Attribute::brand);
  if (it == device.ranked.end()) return;
  std::vector<std::string> models;
  for (Attribute a : {Attribute::model, Attribute::original_model})
    if (auto m = device.value(a)) models.push_back(*m);

  std::vector<Claim> mapped;
  for (const RankedValue& brand : it->second) {
    const kb::Vendor* vendor = m_kb.find_vendor(brand.value);
    if (vendor == nullptr) continue;
    // Relations for this brand: those whose product line matches the model win over
    // unconditional ones.
    const kb::OemRelation* chosen = nullptr;
    bool has_relations = false;
    for (const kb::OemRelation& r : m_kb.oem()) {
      if (r.brand != vendor->name) continue;
      has_relations = true;
      if (r.manufacturer.empty()) continue;
      if (r.model_pattern) {
        bool applies = std::any_of(models.begin(), models.end(), [&](const std::string& m) { return r.model_pattern->matches(m); });
        if (applies && (chosen == nullptr || !chosen->model_pattern)) chosen = &r;
      } else if (chosen == nullptr) {
        chosen = &r;
      }
    }
    if (chosen != nullptr) {
      mapped.push_back(Claim{Attribute::manufacturer, chosen->manufacturer,
                             brand.certainty * kb::oem_factor(chosen->confidence),
                             Provenance{std::nullopt, chosen->id, chosen->where_text, "brand",
                                        brand.value + " (" + std::string(kb::to_string(chosen->confidence)) + ")"}});
    } else if (!has_relations) {
      // No OEM relation: the label's owner made it, or its parent company did.
      const kb::Vendor* maker = vendor->parent.empty() ? vendor : m_kb.find_vendor(vendor->parent);
      if (maker == nullptr) maker = vendor;
      double factor = maker == vendor ? 1.0 : kParentFactor;
      mapped.push_back(Claim{Attribute::manufacturer, maker->name, brand.certainty * factor,
                             Provenance{std::nullopt, maker == vendor ? "brand" : "parent", vendor->where_text, "brand",
                                        maker == vendor ? brand.value : brand.value + " -> " + maker->name}});
    }
  }
  device.claims.insert(device.claims.end(), mapped.begin(), mapped.end());
}

}  // namespace camaudit::identify
