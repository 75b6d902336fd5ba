// SPDX-License-Identifier: Apache-2.0
// A census submission: what one organisation sends to a national review — counts only
// (devices by type, maker, label → maker, restricted status per jurisdiction, KEV,
// capability, rights-impact band), no addresses, serials or MACs unless asked
// (--with-devices), and then only salted hashes. research/census.md §5 lists the minimum;
// schemas/census-submission.schema.json is its JSON Schema.
#pragma once

#include <camaudit/core/audit_record.hpp>
#include <camaudit/core/device_record.hpp>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace camaudit::census {

inline constexpr int kSubmissionSchema = 1;

// The closed vocabularies of kb/census/sectors.toml.
struct Vocabulary {
  std::set<std::string> sectors, methods, nations;
  // Throws std::runtime_error naming the file on a missing or malformed vocabulary.
  static Vocabulary load(const std::filesystem::path& kb_dir);
};

struct LabelCount {
  std::string label, maker;
  std::size_t devices = 0;
  friend bool operator==(const LabelCount&, const LabelCount&) = default;
};

struct Submission {
  // The organisation (pseudonymous id allowed) and how it was audited.
  std::string organisation, sector, nation, region, size_band;
  std::vector<std::string> site_contexts;  // from the org profile: "school", "hospital_ward", ...
  std::string audit_date, method;          // YYYY-MM-DD; Vocabulary::methods
  double coverage = 1;                     // share of the organisation's sites audited, 0..1
  std::string camaudit_version, kb_digest, kev_catalog;
  // Counts.
  std::size_t devices = 0;
  std::map<std::string, std::size_t> by_type, by_maker, capabilities, rights_bands, restricted_by_jurisdiction;
  std::vector<LabelCount> by_label;       // devices whose label differs from their maker
  std::size_t restricted_maker_devices = 0;  // made by a restricted maker (kb vendors), through any label
  std::size_t kev_devices = 0;               // with a vulnerability finding listed in CISA KEV
  std::size_t biometric_devices = 0;         // face recognition or an access terminal
  double rights_score_sum = 0;
  nlohmann::json device_hashes = nlohmann::json::array();  // --with-devices only
  // Not part of the document: where it was read from, for messages and provenance.
  std::string file;
  friend bool operator==(const Submission&, const Submission&) = default;
};

struct SubmissionOptions {
  std::string organisation, sector, nation, region, size_band, method = "active_scan";
  std::vector<std::string> site_contexts;
  double coverage = 1;
  bool with_devices = false;
  std::string salt;  // required with with_devices
  std::function<bool(std::string_view maker)> restricted_maker;  // kb vendors' restricted flag
};

// Counts an audit's devices into a submission.
Submission build_submission(const AuditRecord& audit, const std::vector<DeviceRecord>& devices,
                            const SubmissionOptions& options);

nlohmann::json to_json(const Submission& s);

// Every problem of a submission document with its JSON path ("counts.by_maker.Dahua:
// negative count"); empty when it is valid. Checks the schema version, the vocabularies,
// types, non-negative and consistent counts, dates, and a camaudit version no newer
// than this binary's.
std::vector<std::string> validate(const nlohmann::json& document, const Vocabulary& vocabulary);
// Reads a valid document (validate() first); throws std::invalid_argument otherwise.
Submission submission_from_json(const nlohmann::json& document);

}  // namespace camaudit::census
