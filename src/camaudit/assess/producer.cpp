// SPDX-License-Identifier: Apache-2.0
#include <camaudit/assess/producer.hpp>

#include <algorithm>

namespace camaudit::assess {

RestsOn rests_on_claim(const DeviceRecord& device, const std::string& attribute, const std::string& value) {
  if (const EvidenceRecord* e = device.evidence_for(attribute, value))
    return {attribute, value, e->certainty, e->rule, e->kb, e->observation};
  return {attribute, value, device.confidence, "", "", std::nullopt};
}

bool in_group(const kb::KnowledgeBase& kb, const std::string& vendor, const std::string& ancestor) {
  const kb::Vendor* v = kb.find_vendor(vendor);
  for (int depth = 0; v != nullptr && depth < 8; ++depth) {  // bounded: a parent cycle in data must not hang
    if (v->name == ancestor) return true;
    if (v->parent.empty()) return false;
    v = kb.find_vendor(v->parent);
  }
  return false;
}

namespace {

bool model_matches(const kb::OemRelation& r, const DeviceRecord& device) {
  for (const auto* m : {&device.model, &device.original_model})
    if (*m && r.model_pattern->matches(**m)) return true;
  return false;
}

RestsOn relation_rests_on(const kb::OemRelation& r) {
  std::string maker = r.manufacturer.empty() ? "?" : r.manufacturer;
  return {"oem", r.brand + " -> " + maker + " (" + std::string(kb::to_string(r.confidence)) + ")",
          kb::oem_factor(r.confidence), r.id, r.where_text, std::nullopt};
}

}  // namespace

const kb::OemRelation* find_relation(const kb::KnowledgeBase& kb, const std::string& brand,
                                     const std::string& manufacturer, const DeviceRecord& device) {
  const kb::OemRelation* chosen = nullptr;
  for (const kb::OemRelation& r : kb.oem()) {
    if (r.brand != brand || r.manufacturer != manufacturer) continue;
    if (r.model_pattern) {
      if (model_matches(r, device) && (chosen == nullptr || !chosen->model_pattern)) chosen = &r;
    } else if (chosen == nullptr) {
      chosen = &r;
    }
  }
  return chosen;
}

std::vector<Producer> producers(const DeviceRecord& device, const kb::KnowledgeBase& kb) {
  std::vector<Producer> out;
  const std::string brand = device.brand.value_or("");
  if (device.manufacturer) {
    Producer p;
    p.vendor = *device.manufacturer;
    p.label = brand.empty() ? p.vendor : brand;
    RestsOn maker = rests_on_claim(device, "manufacturer", p.vendor);
    p.certainty = maker.certainty;
    p.rests_on.push_back(maker);
    if (!brand.empty() && brand != p.vendor) {
      p.rests_on.push_back(rests_on_claim(device, "brand", brand));
      p.relation = find_relation(kb, brand, p.vendor, device);
      if (p.relation) {
        p.rests_on.push_back(relation_rests_on(*p.relation));
        // A manufacturer only the relation vouches for (no evidence of its own) is as
        // sure as the relation passes on.
        if (maker.rule.empty()) p.certainty *= kb::oem_factor(p.relation->confidence);
      }
    }
    out.push_back(std::move(p));
    return out;
  }
  if (brand.empty()) return out;
  // No manufacturer: a relation that names only candidates (Panasonic relabelled "Hikvision
  // or Dahua" lines) makes each candidate a possible producer.
  RestsOn label = rests_on_claim(device, "brand", brand);
  for (const kb::OemRelation& r : kb.oem()) {
    if (r.brand != brand || !r.manufacturer.empty()) continue;
    if (r.model_pattern && !model_matches(r, device)) continue;
    for (const std::string& candidate : r.candidates) {
      Producer p{candidate, brand, label.certainty * kb::oem_factor(r.confidence), true, &r, {label, relation_rests_on(r)}};
      out.push_back(std::move(p));
    }
  }
  return out;
}

}  // namespace camaudit::assess
