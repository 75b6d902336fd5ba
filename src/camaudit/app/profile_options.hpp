// SPDX-License-Identifier: Apache-2.0
// The organisation-profile options every command that assesses shares: --profile FILE,
// or --jurisdiction / --org-type / --site-sensitivity / --site-context, and --fail-on.
// (scan, identify and discover take the same options when they assess.)
#pragma once

#include <camaudit/assess/assessor.hpp>
#include <camaudit/assess/profile.hpp>
#include <camaudit/assess/summary.hpp>

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

namespace camaudit::app {

struct ProfileOptions {
  std::string file;
  std::vector<std::string> jurisdictions;
  std::string org_type;
  std::string site_sensitivity;
  std::vector<std::string> site_contexts;
  std::vector<std::string> fail_on;

  void add_to(CLI::App& command);
  // The profile (file, then flags override), checked against the assessment data; on a
  // problem prints it on stderr prefixed with `who` and returns nullopt.
  std::optional<assess::Profile> resolve(const assess::Assessor& assessor, const std::string& who) const;
  // The --fail-on gates, or nullopt (and a message) for an unknown value.
  std::optional<std::vector<assess::FailOn>> gates(const std::string& who) const;
};

}  // namespace camaudit::app
