// SPDX-License-Identifier: Apache-2.0
// What the commands that produce devices (scan, identify, discover, import) share past
// identification: assessment (on by default; --no-assess, the profile options, --fail-on)
// and the store (on by default; --store PATH, --no-store). Each command adds these
// options, then hands the pipeline the hook and the sinks they give.
#pragma once

#include <camaudit/app/profile_options.hpp>
#include <camaudit/app/store_options.hpp>
#include <camaudit/assess/summary.hpp>
#include <camaudit/pipeline/pipeline.hpp>
#include <camaudit/pipeline/store_sink.hpp>

#include <memory>
#include <optional>

namespace camaudit::app {

struct AuditOptions {
  ProfileOptions profile;
  bool no_assess = false;
  StoreOptions store;
  bool no_store = false;
  void add_to(CLI::App& command);
};

// The assessment and the store for one run. prepare() once the knowledge base is loaded;
// then hook() goes to the pipeline and sink() (when storing) among its sinks.
class AuditServices : public pipeline::Sink {
 public:
  explicit AuditServices(const AuditOptions& options) : m_options(options) {}
  // Loads the assessment data, resolves the profile and opens the store; prints the
  // problem (prefixed with `who`) and returns false when any of that fails.
  bool prepare(const std::string& kb_dir, const kb::KnowledgeBase& kb, const std::string& who);
  pipeline::Assess hook() const;
  // The store's sink, or nullptr with --no-store.
  pipeline::Sink* store_sink() { return m_store_sink ? &*m_store_sink : nullptr; }
  // The profile as recorded in the audit.
  nlohmann::json profile_json() const;
  // Counts assessed devices (a pipeline sink: add it after the others).
  void host(std::span<const Observation>, std::span<const DeviceRecord> devices) override;
  // The terminal summary lines; empty without assessment.
  std::string summary() const { return m_assessor ? m_summary.text() : std::string(); }
  // 3 when a --fail-on gate tripped, else `status`.
  int exit_status(int status) const { return m_tripped && status == 0 ? 3 : status; }
  AuditId audit_id() const { return m_store_sink ? m_store_sink->audit_id() : 0; }

 private:
  const AuditOptions& m_options;
  std::unique_ptr<assess::Assessor> m_assessor;
  assess::Profile m_profile;
  std::vector<assess::FailOn> m_gates;
  std::unique_ptr<store::Store> m_store;
  std::optional<pipeline::StoreSink> m_store_sink;
  assess::AssessmentSummary m_summary;
  bool m_tripped = false;
};

}  // namespace camaudit::app
