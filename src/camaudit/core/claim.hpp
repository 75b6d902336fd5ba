// SPDX-License-Identifier: Apache-2.0
// A Claim is one statement about a device ("its manufacturer is Dahua") with a
// certainty and the evidence that backs it: which observation, which field, which
// knowledge-base rule at which file:line. Devices are built only from claims, so
// every identified attribute can explain itself.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace camaudit {

// The attributes a claim can speak of. Kept small and closed: the output schema
// of `identify` is exactly these, and kb check rejects any other name.
enum class Attribute {
  manufacturer,    // who really made the device (canonical vendor name)
  brand,           // the label it shows, when that is another company
  model,           // model as the device presents it
  original_model,  // the maker's own model number, when a label renamed it (Dahua updateSerial)
  firmware,
  serial,
  mac,
  device_type,     // camera | nvr | dvr | encoder | intercom | access_terminal | ... (kb/vocab.toml)
  capability,      // face_recognition | anpr | audio | ptz | thermal | ... (multi-valued)
  name,            // device name as configured
};

std::string_view attribute_name(Attribute a) noexcept;
std::optional<Attribute> attribute_from_name(std::string_view s) noexcept;

// Where a claim came from. The views point into the knowledge base that made the
// claim (rule ids, file:line, field keys are interned there), so a claim is cheap to
// make on the hot path; the KB must outlive every claim it made.
struct Provenance {
  std::optional<std::size_t> observation;  // index of the observation, if any
  std::string_view rule;                   // KB rule id, e.g. "http_server.hikvision_app_webs"
  std::string_view where;                  // KB file:line of that rule
  std::string_view field;                  // the field it matched, e.g. "http.server"
  std::string matched;                     // the field's value (truncated for output)
};

struct Claim {
  Attribute attribute;
  std::string value;
  double certainty = 0.0;  // 0..1, from the rule
  Provenance why;
  // How many times this same claim (attribute, value, rule, field, matched text) was
  // made, e.g. by repeated identical observations: counted, not repeated. Repeats add
  // no certainty (identify/identifier.hpp, step 5).
  std::size_t count = 1;
};

}  // namespace camaudit
