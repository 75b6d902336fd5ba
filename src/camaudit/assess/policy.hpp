// SPDX-License-Identifier: Apache-2.0
// The policy check's data model (kb/policy/*.toml, see kb/README.md "Policy rules"):
// covered entities with their legal names, the organisation types rules bind, and the
// rules themselves — one instrument section each, with whom it binds and what it means
// for them. Exposed for the tests; the check itself is made by make_policy_check().
#pragma once

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <camaudit/assess/check.hpp>
#include <camaudit/assess/producer.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace camaudit::assess {

struct PolicyEntity {
  std::string id;                        // "hikvision"
  std::vector<std::string> legal_names;  // "Hangzhou Hikvision Digital Technology Co., Ltd."
  std::string vendor;                    // canonical vendors.toml name it resolves to
  std::string source;
  kb::Location where;
};

struct OrgType {
  std::string id;            // "us_federal_agency"
  std::string jurisdiction;  // "US"
  std::string description;
};

// What a rule means for the organisations it names.
struct PolicyView {
  std::vector<std::string> org_types;  // empty in `others`: every other organisation of the jurisdiction
  std::string site;                    // "sensitive": binds only at sensitive sites
  std::string verdict;                 // "prohibited_component", "named_in_call_for_ban", ...
  Severity severity = Severity::info;
  std::string summary;
  bool binding = true;  // a legal or policy obligation (false: advisory, campaign)
};

struct PolicyExample {
  std::map<std::string, std::string> device;  // manufacturer, brand, model, device_type, capabilities
  std::map<std::string, std::string> expect;  // org type (or "org_type/sensitive") -> verdict | "none"
  kb::Location where;
};

struct PolicyRule {
  std::string id, jurisdiction, title, instrument, section, in_force, requirement, remove_by, scope, url, source;
  std::vector<std::string> entities;      // PolicyEntity ids
  std::vector<std::string> countries;     // or: any maker domiciled here (UK WMS: PRC National Intelligence Law)
  bool all_makers = false;                // or: every device of device_types (India's certification rules)
  bool subsidiaries = true;               // reaches subsidiaries and affiliates
  bool produced_by = true;                // reaches products made by them under another label
  std::vector<std::string> device_types;  // empty: any
  std::vector<std::string> capabilities;  // empty: any; else the device must have one
  std::vector<PolicyView> binds;
  std::optional<PolicyView> others;
  std::vector<PolicyExample> examples;
  kb::Location where;
  std::string where_text;
  // What every finding of this rule shares, made once at load (findings are many).
  nlohmann::json details;       // jurisdiction, title, requires, in_force, ...
  nlohmann::json views;         // every organisation's view, for a profile that is unknown
  std::string views_text;       // "us_federal_agency: prohibited_component; ..."
  Severity views_worst = Severity::info;
};

// The check, typed: load() fills these; the tests read them.
class PolicyCheck : public Check {
 public:
  std::string_view name() const override { return "policy"; }
  void load(const std::filesystem::path& kb_dir, const kb::KnowledgeBase& kb, std::vector<kb::Problem>& problems) override;
  void self_test(std::vector<kb::Problem>& problems) const override;
  std::string describe() const override {
    return fmt::format("{} rules, {} entities, {} organisation types", m_rules.size(), m_entities.size(), m_org_types.size());
  }
  void run(DeviceRecord& device, const Profile& profile, std::vector<Finding>& out) const override;
  void check_profile(const Profile& profile, std::vector<std::string>& problems) const override;

  const std::vector<PolicyRule>& rules() const { return m_rules; }
  const std::vector<PolicyEntity>& entities() const { return m_entities; }
  const std::vector<OrgType>& org_types() const { return m_org_types; }
  const OrgType* org_type(const std::string& id) const;

 private:
  void load_entities(class DataReader& reader);
  void load_org_types(class DataReader& reader);
  void load_rules(class DataReader& reader);
  void validate(class DataReader& reader) const;
  void judge(const PolicyRule& rule, const DeviceRecord& device, const std::vector<Producer>& makers,
             const Profile& profile, std::vector<Finding>& out) const;

  const kb::KnowledgeBase* m_kb = nullptr;
  std::vector<PolicyEntity> m_entities;
  std::vector<OrgType> m_org_types;
  std::vector<PolicyRule> m_rules;
};

// A device made from an example's fields (manufacturer, brand, model, device_type,
// capabilities), its claims at `certainty`, for the self-tests of every check.
DeviceRecord example_device(const std::map<std::string, std::string>& fields, double certainty = 0.9);

}  // namespace camaudit::assess
