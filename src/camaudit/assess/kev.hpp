// SPDX-License-Identifier: Apache-2.0
// CISA's Known Exploited Vulnerabilities catalogue in its own JSON format
// (known_exploited_vulnerabilities.json: title, catalogVersion, dateReleased, count,
// vulnerabilities[] with cveID, vendorProject, product, vulnerabilityName, dateAdded,
// shortDescription, requiredAction, dueDate, knownRansomwareCampaignUse, notes, cwes).
// The knowledge base ships a dated subset (kb/vulns/kev.json, the vendors it knows);
// `camaudit kb import-kev FILE` refreshes it offline from a downloaded catalogue.
// Every vulnerability finding reports the catalogue's version, so a reader knows how
// old the "exploited" facts are.
#pragma once

#include <nlohmann/json.hpp>

#include <filesystem>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace camaudit::assess {

struct KevEntry {
  std::string cve, vendor, product, name, date_added, short_description, required_action, due_date;
  std::string ransomware;  // knownRansomwareCampaignUse: "Known" | "Unknown"
  std::string notes;
  std::vector<std::string> cwes;
};

struct KevCatalogue {
  std::string title, version, released;  // catalogVersion "2025.08.25", dateReleased
  std::vector<KevEntry> entries;
  const KevEntry* find(std::string_view cve) const;
};

// A malformed catalogue: the message names the JSON path ("vulnerabilities[12].dateAdded").
struct KevError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Parses and validates (the schema's required fields, CVE/CWE/date formats, count).
KevCatalogue parse_kev(std::string_view json_text);
KevCatalogue read_kev(const std::filesystem::path& file);  // KevError also when unreadable
nlohmann::json to_json(const KevCatalogue& catalogue);     // CISA's format, count recomputed

// The entries whose vendorProject the knowledge base knows (a vendor name or alias).
KevCatalogue kev_subset(const KevCatalogue& catalogue, const std::function<bool(std::string_view)>& known_vendor);

// Writes to a temporary file beside `file`, then renames it over: a reader never sees a
// half-written catalogue, and a failure leaves the old one as it was.
void write_kev(const std::filesystem::path& file, const KevCatalogue& catalogue);

}  // namespace camaudit::assess
