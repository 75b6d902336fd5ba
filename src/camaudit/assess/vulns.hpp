// SPDX-License-Identifier: Apache-2.0
// The vulnerability check: known CVEs decided from the identified maker, model and
// firmware version alone (kb/vulns/*.toml), never by sending anything to the device.
// KEV membership and dates come from the dated catalogue subset kb/vulns/kev.json.
//
// Verdicts, each with its reason:
//   affected           the model is in a listed family and the version inside a published range
//   possibly_affected  firmware unknown; the family is listed but no range is published; only
//                      the build date (before the fix date) places it; the bounds cannot be
//                      ordered against the version; or a family the data marks as inferred
//   not_affected       at or after the fixed version, outside the range, or outside the families
//   version_unparsed   the firmware text is no version we can read: reported, never guessed
//   model_unknown      the maker matches but no model was identified, so no family can be chosen
// affected, possibly_affected and version_unparsed become findings of their own. not_affected
// and model_unknown do not (they would bury the real ones): they are listed, with their
// reasons, in one "vulnerability.checked" info finding per device, which also carries the
// KEV catalogue version, so every assessed device says what it was checked against.
#pragma once

#include <fmt/format.h>

#include <camaudit/assess/check.hpp>
#include <camaudit/assess/kev.hpp>
#include <camaudit/assess/version.hpp>
#include <camaudit/kb/pattern.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace camaudit::assess {

enum class Verdict { affected, possibly_affected, not_affected, version_unparsed, model_unknown, not_applicable };
std::string_view to_string(Verdict v) noexcept;
std::optional<Verdict> verdict_from_string(std::string_view s) noexcept;

// One model family of a CVE with its range; the first family whose patterns match the
// device decides (kb/README.md "Vulnerability file schema").
struct VulnFamily {
  std::string name;
  std::optional<kb::Pattern> model;     // over the identified model (caseless)
  std::optional<kb::Pattern> firmware;  // over the firmware text: a firmware line
  std::optional<Version> from, through, before;  // inclusive, inclusive, exclusive
  std::vector<Version> affected, unaffected;     // exact versions the sources name
  std::optional<BuildDate> build_before;         // the vendor's "build time before"
  Verdict inside = Verdict::affected;            // verdict inside the range (inferred families: possibly)
  std::optional<Verdict> otherwise;              // when no rule above decides
  kb::Location where;
};

struct VulnExample {
  std::string model, brand, firmware;
  Verdict expect = Verdict::affected;
  std::string source;
  kb::Location where;
};

struct Vuln {
  std::string id, vendor, title;
  std::vector<std::string> brands;  // only devices under these labels (empty: any label)
  std::optional<double> cvss;
  std::string cvss_vector, cvss_source, published, advisory_id, advisory_url;
  std::vector<std::string> cwe;
  bool needs_credentials = false;
  std::string credentials_note;
  std::string exploited_date, exploited_source;  // exploited in the wild, per a cited source
  std::string do_not, source;
  std::vector<VulnFamily> families;
  std::vector<VulnExample> examples;
  kb::Location where;
};

struct Judgement {
  const Vuln* vuln = nullptr;
  Verdict verdict = Verdict::not_applicable;
  const VulnFamily* family = nullptr;
  std::string why;
};

class VulnerabilityCheck final : public Check {
 public:
  std::string_view name() const override { return "vulnerability"; }
  void load(const std::filesystem::path& kb_dir, const kb::KnowledgeBase& kb, std::vector<kb::Problem>& problems) override;
  void self_test(std::vector<kb::Problem>& problems) const override;
  std::string describe() const override { return fmt::format("{} vulnerabilities, KEV catalogue {} ({} entries)", m_vulns.size(), m_kev.version, m_kev.entries.size()); }
  void run(DeviceRecord& device, const Profile& profile, std::vector<Finding>& out) const override;

  // Every CVE's verdict for the device, not_applicable ones left out.
  std::vector<Judgement> judge(const DeviceRecord& device) const;
  const std::vector<Vuln>& vulns() const { return m_vulns; }
  const KevCatalogue& kev() const { return m_kev; }

 private:
  const kb::KnowledgeBase* m_kb = nullptr;
  std::vector<Vuln> m_vulns;
  KevCatalogue m_kev;
};

std::unique_ptr<Check> make_vulnerability_check();

}  // namespace camaudit::assess
