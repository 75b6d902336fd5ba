// SPDX-License-Identifier: Apache-2.0
// The report model: everything a report says about one audit, computed once from the
// AuditRecord and its DeviceRecords, so that the HTML, PDF, XLSX, CSV, JSON and Markdown
// writers (one file each beside this one) all say the same thing. Writers read only
// this; none of them decides what counts as restricted, exploited or biometric.
//
// How the summary decides (written down because a board reads the result):
// - restricted maker: a device whose policy findings include one that restricts it
//   (`restricts()` below); for devices that were not assessed, the knowledge base's
//   vendor flag (kb/vendors.toml `restricted`) of the device's manufacturer, through
//   the MakerLookup the caller passes in. The basis used is stated in the summary.
// - known exploited: kev_status() (core) is yes — the CVE is in CISA's KEV catalogue
//   and the firmware affected; "possibly" (the version alone did not settle it) is
//   counted apart.
// - biometric-capable: a capability in kBiometricCapabilities.
// - the five actions: findings grouped by id, ranked by worst severity, then by how
//   many devices they touch.
#pragma once

#include <camaudit/core/audit_record.hpp>
#include <camaudit/core/device_record.hpp>

#include <array>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace camaudit::report {

// What the knowledge base says about a maker (kb/vendors.toml).
struct MakerInfo {
  std::string name;  // canonical name
  bool restricted = false;
  std::string kb;  // "vendors.toml:12"
};
// Manufacturer name -> what the kb says of it (nullopt: unknown to the kb).
using MakerLookup = std::function<std::optional<MakerInfo>(std::string_view manufacturer)>;

inline constexpr std::array<std::string_view, 2> kBiometricCapabilities = {"face_recognition", "body_temperature"};

// A policy finding that restricts the device (prohibited, restricted, covered ...) as
// opposed to one that records a neutral fact ("not restricted in this jurisdiction").
bool restricts(const Finding& finding);
// A vulnerability finding on the CISA Known Exploited Vulnerabilities catalogue.
bool known_exploited(const Finding& finding);
// The build date a firmware string carries ("V5.6.2 build 190701" -> "2019-07-01",
// "..., Build Date: 2019-10-14", "2.800.0000000.29.R.210630"), ISO 8601; nullopt when none.
std::optional<std::string> firmware_build_date(std::string_view firmware);

struct Count {
  std::string label;
  std::size_t count = 0;
};

// One maker as the charts and the FOI section show it: the real maker and the labels
// (brands) its devices were sold under.
struct MakerRow {
  std::string maker;  // "Unidentified" when nothing said who made it
  bool restricted = false;
  std::size_t devices = 0;
  std::vector<Count> labels;  // label -> devices, largest first
};

struct Action {
  Severity severity = Severity::info;
  std::string finding_id;
  std::string title;   // the finding's summary of its first device
  std::string detail;  // what to do, in one sentence
  std::size_t devices = 0;
};

struct Summary {
  std::size_t devices = 0;
  std::size_t identified = 0;  // manufacturer known
  std::size_t assessed = 0;
  std::vector<Count> by_type;
  std::size_t restricted = 0;
  double restricted_share = 0;  // of all devices, 0..1
  std::string restricted_basis;  // how restricted was decided (policy findings / kb vendor flag / both)
  std::vector<Count> restricted_by_label;  // "Lorex (Dahua)" -> devices
  std::size_t kev = 0;           // devices affected by a CISA KEV entry
  std::size_t kev_possible = 0;  // more devices possibly affected (and not affected by another)
  std::vector<Count> kev_by_cve;
  std::size_t biometric = 0;
  std::vector<Count> biometric_by_capability;
  std::size_t findings = 0;
  std::array<std::size_t, 5> findings_by_severity{};  // indexed by Severity
  std::vector<Action> actions;  // at most five
  std::string paragraph;        // the one-paragraph summary (terminal, e-mail, ticket)
};

struct Charts {
  std::vector<MakerRow> makers;
  std::vector<Count> firmware_age;  // buckets by build date's age at the audit
  std::vector<Count> severity;      // every severity, critical first
  std::vector<Count> capabilities;
};

// What the model derives per device (parallel to Model::devices).
struct DeviceFacts {
  std::string maker;  // manufacturer or "Unidentified"
  std::string label;  // brand, or the maker when no separate label
  bool restricted = false;
  std::string restricted_via;  // finding id or "kb:vendors.toml:12"
  bool kev = false;           // affected by a CISA KEV entry
  bool kev_possible = false;  // possibly affected by one
  bool biometric = false;
  std::optional<Severity> worst;  // worst finding severity
  std::optional<std::string> firmware_date;  // the firmware's build date, from its value or its evidence
};

// Counts as an FOI answer gives them: "how many CCTV devices of each make do you use".
struct Foi {
  std::size_t total = 0;
  std::size_t unidentified = 0;
  std::vector<Count> by_make;
  std::vector<Count> by_label;
  struct LabelMake {
    std::string label, make;
    std::size_t count = 0;
  };
  std::vector<LabelMake> label_to_make;  // only where label != make
};

enum class Change { added, removed, moved, model_changed, firmware_changed, newly_vulnerable, newly_restricted, findings_resolved };
std::string_view to_string(Change c) noexcept;

struct DiffEntry {
  Change change = Change::added;
  std::string device;  // ip (now, or before when removed)
  std::string maker, model;
  std::string matched_by;  // "mac", "serial", "ip+model" (empty for added/removed)
  std::string before, after;
};

struct Diff {
  std::size_t previous_devices = 0;
  std::vector<Count> counts;  // per change, in Change order
  std::vector<DiffEntry> entries;
  std::vector<std::string> ambiguous;  // identities that matched more than one device
};

struct Model {
  AuditRecord audit;
  std::string generated_at;  // RFC 3339, UTC
  Summary summary;
  Charts charts;
  std::vector<DeviceRecord> devices;
  std::vector<DeviceFacts> facts;  // one per device
  Foi foi;
  std::optional<Diff> diff;
};

struct BuildOptions {
  MakerLookup makers;  // may be empty: then only policy findings decide "restricted"
  std::string generated_at;  // empty: now
};

Model build_model(AuditRecord audit, std::vector<DeviceRecord> devices, const BuildOptions& options,
                  const std::vector<DeviceRecord>* previous = nullptr);

// The changes section: diff/'s diff_audits (the same matching and verdicts as
// `camaudit diff`) in the report's rows.
Diff diff_devices(const std::vector<DeviceRecord>& before, const std::vector<DeviceRecord>& after,
                  const std::vector<DeviceFacts>& after_facts);

}  // namespace camaudit::report
