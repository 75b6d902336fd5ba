// SPDX-License-Identifier: Apache-2.0
// One cmd_<verb>.cpp per subcommand; each registers its options on the CLI11 app
// and returns the function that runs it (exit status).
#pragma once

#include <camaudit/core/audit_record.hpp>
#include <camaudit/core/device_record.hpp>
#include <camaudit/kb/knowledge_base.hpp>

#include <CLI/CLI.hpp>

#include <functional>
#include <memory>
#include <string>

namespace camaudit::app {

using Run = std::function<int()>;

// Options every command that reads the knowledge base shares.
struct KbOptions {
  std::string dir;  // --kb; empty: $CAMAUDIT_KB, then the installed KB, then the source tree's
  std::string ieee_dir = kb::kDefaultIeeeDir.string();
  void add_to(CLI::App& command);
  std::string resolved_dir() const;
  // False, with a message naming the directory, when it does not exist.
  bool directory_exists_or_report() const;
  // Loads the KB; on problems prints them (file:line: message) and returns null.
  std::unique_ptr<kb::KnowledgeBase> load_or_report() const;
};

Run add_assess(CLI::App& app);
// A knowledge-base problem's place for messages: "ROOT/file:line", "ROOT/file" for a
// whole file, "ROOT" for the directory itself.
std::string where_under(const kb::Location& where, const std::string& root);

// CLI::Range that also refuses NaN and infinities (Range alone lets "nan" through).
CLI::Validator finite_range(double min, double max);

Run add_identify(CLI::App& app);
Run add_discover(CLI::App& app);
Run add_kb(CLI::App& app);
Run add_scan(CLI::App& app);
Run add_census(CLI::App& app);
// The store's commands (store_options.hpp has what they share).
Run add_audits(CLI::App& app);
Run add_show(CLI::App& app);
Run add_diff(CLI::App& app);
Run add_reidentify(CLI::App& app);
Run add_store(CLI::App& app);

// The assessment run on devices identified from stored observations (assess_hook.cpp);
// empty: leave them unassessed. Called concurrently from identification workers.
std::function<void(DeviceRecord&)> assess_hook(const kb::KnowledgeBase& kb, const AuditRecord& audit);
Run add_report(CLI::App& app);
Run add_import(CLI::App& app);

}  // namespace camaudit::app
