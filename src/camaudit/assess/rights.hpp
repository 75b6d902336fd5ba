// SPDX-License-Identifier: Apache-2.0
// The rights check's data model (kb/rights/): the Capability Rights-Impact Score's
// published weights, site-context multipliers and bands (cris.toml), and the obligations
// each capability triggers (obligations.toml). Exposed for the tests.
#pragma once

#include <fmt/format.h>

#include <camaudit/assess/check.hpp>

#include <map>
#include <string>
#include <vector>

namespace camaudit::assess {

struct CrisWeight {
  std::string capability, group, why;
  double enabled = 0, capable = 0;
  kb::Location where;
};
struct CrisContext {
  std::string id, why;
  double multiplier = 1;
  bool intimate = false;  // override: a camera here is "critical" whatever the score
  kb::Location where;
};
struct CrisBand {
  std::string name;
  double min = 0;
};
struct CrisExample {
  std::string name;
  std::map<std::string, std::string> capabilities;  // capability -> "enabled" | "capable"
  std::vector<std::string> contexts;
  std::string device_type;
  double score = 0;
  std::string band;
  kb::Location where;
};
struct Obligation {
  std::string id, summary, source;
  std::vector<std::string> jurisdictions, capabilities, org_types;
  Severity severity = Severity::info;
  std::vector<Citation> cites;
  struct Example {
    std::vector<std::string> capabilities;
    std::string jurisdiction, org_type;
    bool expect = true;
    kb::Location where;
  };
  std::vector<Example> examples;
  kb::Location where;
};

// A capability as the score sees it.
struct ScoredCapability {
  std::string state = "capable";  // "enabled" | "capable"
  double certainty = 0;
};

class RightsCheck : public Check {
 public:
  std::string_view name() const override { return "rights"; }
  void load(const std::filesystem::path& kb_dir, const kb::KnowledgeBase& kb, std::vector<kb::Problem>& problems) override;
  void self_test(std::vector<kb::Problem>& problems) const override;
  std::string describe() const override { return fmt::format("framework {}, {} obligations, {} worked examples", m_version, m_obligations.size(), m_examples.size()); }
  void run(DeviceRecord& device, const Profile& profile, std::vector<Finding>& out) const override;
  void check_profile(const Profile& profile, std::vector<std::string>& problems) const override;

  // The score for these capabilities in these site contexts (device_type: the
  // intimate-space override applies to devices with a sensor).
  Rights score(const std::map<std::string, ScoredCapability>& capabilities, const std::vector<std::string>& contexts,
               const std::string& device_type) const;
  const std::vector<Obligation>& obligations() const { return m_obligations; }
  const std::string& version() const { return m_version; }

 private:
  void load_cris(class DataReader& reader);
  void load_obligations(class DataReader& reader);
  void add_obligations(const std::map<std::string, ScoredCapability>& capabilities, const std::vector<Finding>& so_far,
                       const Profile& profile, std::vector<Finding>& out) const;

  std::string m_version;
  std::string m_cris_file;
  double m_min_certainty = 0.3;
  std::vector<CrisWeight> m_weights;
  std::vector<CrisContext> m_contexts;
  std::vector<CrisBand> m_bands;
  std::vector<CrisExample> m_examples;
  std::vector<Obligation> m_obligations;
  const kb::KnowledgeBase* m_kb = nullptr;
};

}  // namespace camaudit::assess
