// SPDX-License-Identifier: Apache-2.0
// A DeviceRecord is an identified (and, once assessed, judged) device as every stage
// after identification sees it: owned strings, no views into the knowledge base, so it
// can be stored, reloaded, re-assessed, reported and counted long after the scan.
// It is exactly one line of devices.jsonl: to_json/from_json are each other's inverse
// (device_record_test.cpp), and the store, the reports and the census read nothing else.
//
// Findings (assess/) hang off the record: each says what kind of judgement it is, how
// bad, which rule at which kb file:line made it, what instrument or advisory it cites,
// and which of the device's claims it rests on, with their certainty.
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace camaudit {

// One claim behind an identified attribute (identify/: Claim with its Provenance).
struct EvidenceRecord {
  std::string attribute;  // "manufacturer", "model", ... (core/claim.hpp names)
  std::string value;
  double certainty = 0;
  std::optional<std::size_t> observation;
  std::string field;    // e.g. "http.server"
  std::string matched;  // the field's value, truncated
  std::string rule;     // kb rule id
  std::string kb;       // kb file:line
  std::size_t count = 1;  // identical claims folded into this one
  friend bool operator==(const EvidenceRecord&, const EvidenceRecord&) = default;
};

// A value that lost to another for the same attribute, with the rules behind it.
struct ConflictRecord {
  std::string attribute;
  std::string value;
  double certainty = 0;
  std::vector<std::string> rules;
  friend bool operator==(const ConflictRecord&, const ConflictRecord&) = default;
};

struct UnparsedRecord {
  std::size_t observation = 0;
  std::string protocol;
  std::string error;
  std::size_t count = 1;  // identical errors folded into this one
  friend bool operator==(const UnparsedRecord&, const UnparsedRecord&) = default;
};

enum class FindingKind { policy, vulnerability, capability, exposure };
enum class Severity { info, low, medium, high, critical };
std::string_view to_string(FindingKind k) noexcept;
std::string_view to_string(Severity s) noexcept;
std::optional<FindingKind> finding_kind_from_string(std::string_view s) noexcept;
std::optional<Severity> severity_from_string(std::string_view s) noexcept;

// What a finding cites: a law, an order, an advisory, a catalogue entry, a guidance.
struct Citation {
  std::string instrument;  // "John S. McCain NDAA for FY2019", "CISA KEV", "HSRC-202109-01"
  std::string section;     // "§889(a)(1)(A)", "CVE-2021-36260"
  std::string date;        // in force / published / added, ISO 8601 where known
  std::string url;
  friend bool operator==(const Citation&, const Citation&) = default;
};

// One device fact a finding rests on: a claim (attribute = value, its certainty, the
// rule that made it) or an observation that shows it (exposure findings).
struct RestsOn {
  std::string attribute;  // "manufacturer", "firmware", "oem", "observation", ...
  std::string value;
  double certainty = 0;
  std::string rule;  // kb rule id or relation id behind the fact, if any
  std::string kb;    // its kb file:line, if any
  std::optional<std::size_t> observation;
  friend bool operator==(const RestsOn&, const RestsOn&) = default;
};

struct Finding {
  FindingKind kind = FindingKind::policy;
  std::string id;  // stable id: "policy.us.ndaa889.prohibited", "CVE-2017-7921", ...
  Severity severity = Severity::info;
  std::string verdict;  // kind-specific: "prohibited", "affected", "possibly_affected", "present", ...
  std::string summary;  // one sentence a person reads
  std::vector<Citation> cites;
  std::vector<RestsOn> rests_on;
  std::string rule;  // the assessment rule id
  std::string kb;    // its kb file:line
  double confidence = 1;  // how sure the finding is (identification certainty × relation confidence ...)
  nlohmann::json details = nlohmann::json::object();  // kind-specific facts (cvss, kev dates, jurisdiction ...)
  friend bool operator==(const Finding&, const Finding&) = default;
};

// Size bounds of one device line: a device that answered the same thing 100,000 times
// or claimed 100,000 different things still gives a line a reader can load. Repeated
// claims carry "count": N (> 1); entries past the bound are counted in
// "evidence_folded" / "unparsed_folded" (identification itself used all of them).
inline constexpr std::size_t kMaxEvidenceEntries = 500;
inline constexpr std::size_t kMaxUnparsedEntries = 100;

// A finding against CISA's Known Exploited Vulnerabilities catalogue, one definition for
// the scan summary, --fail-on kev, the reports and the census: a vulnerability finding
// whose CVE is in the catalogue (details.kev: true, or an object with the catalogue's
// dates) and whose verdict is "affected", or "possibly_affected" (the version alone did
// not settle it). A firmware version that could not be read is neither.
enum class Kev { no, possibly, yes };
Kev kev_status(const Finding& finding);
// A policy finding whose rule binds the organisation assessed for (details.binding):
// what the scan summary's "covered by a binding restriction" and --fail-on policy count.
bool binding_restriction(const Finding& finding);

// One contribution to the rights-impact score (a capability's weight, a site context's
// multiplier), so the score explains itself.
struct RightsFactor {
  std::string factor;  // "face_recognition", "context:school"
  double contribution = 0;
  std::string why;
  std::string kb;  // where the weight is defined
  friend bool operator==(const RightsFactor&, const RightsFactor&) = default;
};

struct Rights {
  double score = 0;
  std::string band;  // "low" | "medium" | "high" | "very_high" (kb defines the cut-offs)
  std::vector<std::string> capabilities;
  std::vector<RightsFactor> factors;
  friend bool operator==(const Rights&, const Rights&) = default;
};

struct DeviceRecord {
  std::string key;  // grouping key; equals ip unless the source gave an explicit device id
  std::string ip;
  std::optional<std::string> manufacturer, brand, model, original_model, firmware, serial, mac, device_type, name;
  std::vector<std::string> capabilities;
  double confidence = 0;
  std::vector<std::string> seen;   // what answered: "http/tcp/80"
  std::vector<std::string> notes;  // how it was found, when that is not identification
  std::vector<EvidenceRecord> evidence;
  std::size_t evidence_folded = 0;  // evidence entries left out past the bound
  std::vector<ConflictRecord> conflicts;
  std::vector<UnparsedRecord> unparsed;
  std::size_t observations = 0;
  std::vector<Finding> findings;  // empty until assessed
  std::optional<Rights> rights;   // set when assessed
  bool assessed = false;
  friend bool operator==(const DeviceRecord&, const DeviceRecord&) = default;

  // The strongest evidence for attribute = value (nullptr when none).
  const EvidenceRecord* evidence_for(std::string_view attribute, std::string_view value) const;
};

// The device JSON object (one devices.jsonl line). Keys in a fixed order; optional
// attributes as null; findings/rights only when assessed.
nlohmann::json to_json(const DeviceRecord& device);
nlohmann::json to_json(const Finding& finding);
nlohmann::json to_json(const Rights& rights);
// Throws std::invalid_argument naming the JSON path of the first problem.
DeviceRecord device_record_from_json(const nlohmann::json& j);
Finding finding_from_json(const nlohmann::json& j);

}  // namespace camaudit
