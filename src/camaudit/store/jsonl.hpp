// SPDX-License-Identifier: Apache-2.0
// `camaudit store export/import`: the whole store (or one audit) as JSON Lines, so
// nothing is locked in a database file. One object per line, each with its "type":
//   {"type":"audit","audit":{...AuditRecord...}}
//   {"type":"observation","audit":7,"observation":{"index":0,"ip":...,"data" | "data_b64":...}}
//   {"type":"device","audit":7,"device":{...the devices.jsonl object...}}
//   {"type":"register_row","audit":7,"row":{"row":3,"source":"assets.csv","fields":{...}}}
// An audit's line comes before its rows. Import gives every audit a new id (keeping
// derived_from links among the imported ones) and validates the whole file before it
// writes anything, so a malformed line leaves the store as it was.
#pragma once

#include <camaudit/store/store.hpp>

#include <iosfwd>
#include <optional>
#include <vector>

namespace camaudit::store {

struct Counts {
  std::size_t audits = 0, observations = 0, devices = 0, register_rows = 0;
};

// Writes every audit (oldest first), or only `only`. Throws StoreError.
Counts export_jsonl(Store& store, std::ostream& out, std::optional<AuditId> only = std::nullopt);

struct Imported {
  Counts counts;
  std::vector<AuditId> audits;  // the new ids, in file order
};
// `in` must be seekable (a file): it is read twice, once to validate, once to write.
// Throws StoreError naming `name`:line for the first bad line.
Imported import_jsonl(Store& store, std::istream& in, const std::string& name);

// The observation object of the export (exposed for tests).
nlohmann::json to_json(const Observation& o);
Observation observation_from_json(const nlohmann::json& j);

}  // namespace camaudit::store
