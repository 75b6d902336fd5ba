// SPDX-License-Identifier: Apache-2.0
// The capability check's data model (kb/capabilities/*.toml): the capabilities it reports
// (which are biometric), model-grammar and device-type rules, and per-model records
// imported from a datasheet database. Exposed for the tests; made by make_capability_check().
#pragma once

#include <fmt/format.h>

#include <camaudit/assess/check.hpp>
#include <camaudit/kb/pattern.hpp>

#include <map>
#include <string>
#include <vector>

namespace camaudit::assess {

struct CapabilityInfo {
  std::string id;  // "face_recognition" (also in kb/vocab.toml)
  std::string description;
  bool biometric = false;  // processes biometric data (UK GDPR Art 9 when used to identify)
  Severity severity = Severity::info;  // of the finding that reports it
  kb::Location where;
};

// One rule: a pattern over the model (or original_model / device_type) of devices
// made by `makers` or sold under `labels`, giving capabilities "capable (inferred)".
struct CapabilityRule {
  std::string id;
  std::vector<std::string> makers;  // producer group (vendors.toml parent chain); empty: any
  std::vector<std::string> labels;  // brand or manufacturer must be one of these; empty: any
  std::string key = "model";        // model | device_type
  kb::Pattern pattern;
  std::vector<std::string> capabilities;
  double certainty = 0;
  std::string source;
  std::vector<std::string> examples;         // real model strings the pattern must match
  std::vector<std::string> counterexamples;  // and must not
  kb::Location where;
  std::string where_text;
};

// One model's record from an imported database (ch-bas/cctv-camera-database).
struct ModelRecord {
  std::string maker;  // canonical vendor of the brand folder
  std::string model;  // normalised (upper-case, no spaces)
  std::vector<std::string> capabilities;
  std::string source;  // "ch-bas/cctv-camera-database:cameras/hikvision/ds-2cd2386g2-iu.json"
  kb::Location where;
};

class CapabilityCheck : public Check {
 public:
  std::string_view name() const override { return "capability"; }
  void load(const std::filesystem::path& kb_dir, const kb::KnowledgeBase& kb, std::vector<kb::Problem>& problems) override;
  void self_test(std::vector<kb::Problem>& problems) const override;
  std::string describe() const override { return fmt::format("{} capabilities, {} rules, {} models", m_capabilities.size(), m_rules.size(), m_models.size()); }
  void run(DeviceRecord& device, const Profile& profile, std::vector<Finding>& out) const override;

  const std::vector<CapabilityInfo>& capabilities() const { return m_capabilities; }
  const std::vector<CapabilityRule>& rules() const { return m_rules; }
  const std::vector<ModelRecord>& models() const { return m_models; }
  const CapabilityInfo* info(const std::string& id) const;

 private:
  void load_vocabulary(class DataReader& reader);
  void load_rules(class DataReader& reader, const struct TomlFile& file);
  void load_models(class DataReader& reader, const struct TomlFile& file);
  // group: the manufacturer and its parents (vendors.toml), computed once per device.
  bool rule_applies(const CapabilityRule& rule, const DeviceRecord& device, const std::vector<std::string>& group,
                    std::string* matched) const;

  const kb::KnowledgeBase* m_kb = nullptr;
  std::vector<CapabilityInfo> m_capabilities;
  std::vector<CapabilityRule> m_rules;
  std::vector<ModelRecord> m_models;
  std::map<std::string, std::vector<std::size_t>> m_model_index;  // normalised model -> m_models
};

// "DS-2CD2386G2-IU" for " ds-2cd2386g2-iu ": upper-case, no whitespace (model look-ups).
std::string normalise_model(std::string_view model);

}  // namespace camaudit::assess
