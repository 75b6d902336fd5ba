// SPDX-License-Identifier: Apache-2.0
// The organisation profile: where the organisation is and what it is, so that a finding
// says what a rule means for *this* organisation (the same Hikvision camera is a
// prohibited component for a US federal agency and "not restricted, named in a call for
// a ban" for an English school). Read from a small TOML file (--profile) or flags
// (--jurisdiction, --org-type, --site-sensitivity); an unknown profile makes every
// jurisdiction's view reported, clearly labelled, never a silent default.
#pragma once

#include <string>
#include <vector>

namespace camaudit::assess {

struct Profile {
  std::string organisation;                // name or pseudonym (reports, census)
  std::string site;
  std::vector<std::string> jurisdictions;  // "US", "US-CA", "UK", "AU", "CA", "CA-QC", "IN", "EU" (kb vocabulary)
  std::string org_type;                    // kb vocabulary: "us_federal_agency", "uk_local_authority", ...
  std::string sector;                      // census vocabulary: "council", "school_secondary", "nhs_trust", ...
  std::string site_sensitivity;            // "sensitive" | "standard" | "" (unknown)
  std::vector<std::string> site_contexts;  // "public_space", "school", "hospital_ward", "changing_area", "workplace"

  // False when nothing says where or what the organisation is: assess every jurisdiction.
  bool known() const { return !jurisdictions.empty() || !org_type.empty(); }
};

}  // namespace camaudit::assess

#include <filesystem>
#include <string_view>

namespace camaudit::assess {

// Reads a profile file (TOML):
//   organisation = "Example Academy"     site = "Main site"
//   jurisdiction = "UK"                  (or a list: ["US", "US-LA"])
//   org_type = "uk_school"               sector = "school_secondary"
//   site_sensitivity = "standard"        site_contexts = ["school"]
// Throws std::invalid_argument "<name>:<line>: <what>" on a syntax error, a wrong type
// or an unknown key (a typo must not silently leave the profile unknown).
Profile parse_profile(std::string_view text, const std::string& name);
Profile load_profile(const std::filesystem::path& path);

}  // namespace camaudit::assess
