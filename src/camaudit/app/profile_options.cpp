// SPDX-License-Identifier: Apache-2.0
#include <camaudit/app/profile_options.hpp>

#include <iostream>

namespace camaudit::app {

void ProfileOptions::add_to(CLI::App& command) {
  command.add_option("--profile", file, "organisation profile (TOML: jurisdiction, org_type, site_sensitivity, site_contexts)");
  command.add_option("--jurisdiction", jurisdictions, "where the organisation is: US, US-LA, UK, AU, CA, CA-QC, EU, IN (repeatable)");
  command.add_option("--org-type", org_type, "what it is (kb/policy/org_types.toml): us_federal_agency, uk_school, ...");
  command.add_option("--site-sensitivity", site_sensitivity, "sensitive | standard (UK government sensitive sites)");
  command.add_option("--site-context", site_contexts,
                     "where the cameras are: public_space, school, hospital_ward, changing_area, workplace, ... (repeatable)");
  command.add_option("--fail-on", fail_on,
                     "exit 3 if any device trips a gate: policy (binding restriction), kev (CISA KEV vulnerability), "
                     "critical (critical finding or rights band), biometric (biometric capability); repeatable");
}

std::optional<assess::Profile> ProfileOptions::resolve(const assess::Assessor& assessor, const std::string& who) const {
  assess::Profile p;
  try {
    if (!file.empty()) p = assess::load_profile(file);
  } catch (const std::invalid_argument& e) {
    std::cerr << who << ": " << e.what() << "\n";
    return std::nullopt;
  }
  if (!jurisdictions.empty()) p.jurisdictions = jurisdictions;
  if (!org_type.empty()) p.org_type = org_type;
  if (!site_sensitivity.empty()) p.site_sensitivity = site_sensitivity;
  if (!site_contexts.empty()) p.site_contexts = site_contexts;
  auto problems = assessor.profile_problems(p);
  for (const std::string& problem : problems) std::cerr << who << ": profile: " << problem << "\n";
  if (!problems.empty()) return std::nullopt;
  if (!p.known())
    std::cerr << who << ": no organisation profile given: every jurisdiction's view is reported, labelled \"profile unknown\"\n";
  return p;
}

std::optional<std::vector<assess::FailOn>> ProfileOptions::gates(const std::string& who) const {
  std::vector<assess::FailOn> out;
  for (const std::string& g : fail_on) {
    auto gate = assess::fail_on_from_string(g);
    if (!gate) {
      std::cerr << who << ": --fail-on " << g << ": expected one of " << assess::kFailOnValues << "\n";
      return std::nullopt;
    }
    out.push_back(*gate);
  }
  return out;
}

}  // namespace camaudit::app
