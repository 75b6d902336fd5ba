// SPDX-License-Identifier: Apache-2.0
// What changed between two audits of one estate (`camaudit diff A B`): devices new and
// gone, and for each device found in both (identity.hpp says how, and by which rule):
// a moved address, a changed manufacturer, model, firmware or type, findings that appeared (newly
// vulnerable, newly restricted) and findings that went away (resolved). Pure: two lists
// of DeviceRecords in, an AuditDiff out; the JSON form is what `--json` prints and what
// reports read.
#pragma once

#include <camaudit/diff/identity.hpp>

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <vector>

namespace camaudit::diff {

struct AttributeChange {
  std::string attribute;  // "manufacturer", "model", "firmware", "device_type"
  std::string from, to;   // "" when unknown on that side
  friend bool operator==(const AttributeChange&, const AttributeChange&) = default;
};

struct DeviceChange {
  std::size_t a = 0, b = 0;
  MatchRule rule = MatchRule::mac;
  bool moved = false;  // the address changed (a.ip -> b.ip)
  std::vector<AttributeChange> changed;
  std::vector<std::string> newly_vulnerable;  // vulnerability findings B has and A had not
  std::vector<std::string> newly_restricted;  // restricting policy findings B has and A had not
  std::vector<std::string> resolved;          // findings A had and B has not
};

struct AuditDiff {
  std::vector<std::size_t> added;  // indexes into B
  std::vector<std::size_t> gone;   // indexes into A
  std::vector<DeviceChange> changes;  // matched devices with at least one change
  std::size_t unchanged = 0;          // matched devices with none
  std::map<MatchRule, std::size_t> matched_by;
  std::vector<Ambiguity> ambiguous;
};

struct DiffOptions {
  // Count "unknown -> known" as a change. Off between scans (an audit that learnt less
  // did not change the device); on for reidentify (the KB now names what it could not).
  bool unknown_is_change = false;
};

// Pairs the devices with match_devices (MAC, serial, ip+model, ip+maker, ip), or as `pairing` says.
AuditDiff diff_audits(std::span<const DeviceRecord> a, std::span<const DeviceRecord> b, DiffOptions options = {});
AuditDiff diff_audits(std::span<const DeviceRecord> a, std::span<const DeviceRecord> b, Matching pairing,
                      DiffOptions options = {});

// A vulnerability finding that says the device is (possibly) affected.
bool is_vulnerable(const Finding& f);
// A policy finding that restricts the device (any verdict but "not_..."/"allowed").
bool is_restriction(const Finding& f);

nlohmann::json to_json(const AuditDiff& diff, std::span<const DeviceRecord> a, std::span<const DeviceRecord> b);

}  // namespace camaudit::diff
