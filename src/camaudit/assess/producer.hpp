// SPDX-License-Identifier: Apache-2.0
// Who produced a device, as the policy rules need it: "produced by Hikvision (or any
// subsidiary or affiliate)" reaches through labels, so a Lorex NVR is Dahua's and an
// EZVIZ camera Hikvision's, while a Panasonic-labelled WV- camera is i-PRO's. Decided
// from the identification's manufacturer (its strongest claim) AND the OEM relation
// that links the label to it (kb/oem.toml), whose own confidence (confirmed / likely /
// reported) travels into every finding that rests on it.
#pragma once

#include <camaudit/core/device_record.hpp>
#include <camaudit/kb/knowledge_base.hpp>

#include <string>
#include <vector>

namespace camaudit::assess {

struct Producer {
  std::string vendor;      // canonical name of the company that made the device
  std::string label;       // the name on the box (brand, else the manufacturer)
  double certainty = 0;    // how sure identification (and the relation) make us
  bool possible = false;   // only a candidate: the label's relation names several makers
  const kb::OemRelation* relation = nullptr;  // label -> maker, when they differ
  std::vector<RestsOn> rests_on;              // the claims and relation behind it
};

// Every producer the device may have: the identified manufacturer, or, with no
// manufacturer, each candidate maker of the label's relation (possible = true).
std::vector<Producer> producers(const DeviceRecord& device, const kb::KnowledgeBase& kb);

// The relation identification would use for brand -> manufacturer (one matching the
// model wins over an unconditional one); null when none links them.
const kb::OemRelation* find_relation(const kb::KnowledgeBase& kb, const std::string& brand,
                                     const std::string& manufacturer, const DeviceRecord& device);

// The claim behind attribute = value as a RestsOn (the device's confidence when the record
// carries no evidence for it, e.g. a hand-written example).
RestsOn rests_on_claim(const DeviceRecord& device, const std::string& attribute, const std::string& value);

// True when `vendor` is `ancestor` or one of its subsidiaries (vendors.toml parent chain).
bool in_group(const kb::KnowledgeBase& kb, const std::string& vendor, const std::string& ancestor);

}  // namespace camaudit::assess
