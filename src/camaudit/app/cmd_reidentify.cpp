// SPDX-License-Identifier: Apache-2.0
// `camaudit reidentify AUDIT`: identification (and assessment) run again over a stored
// audit's observations with today's knowledge base, as a new audit derived from it;
// prints what changed. Uses --threads workers (default 2: both cores).
#include <camaudit/app/commands.hpp>
#include <camaudit/app/diff_text.hpp>
#include <camaudit/app/store_options.hpp>
#include <camaudit/pipeline/reidentify.hpp>

#include <iostream>

namespace camaudit::app {

namespace {
struct ReidentifyOptions {
  StoreOptions store;
  KbOptions kb;
  std::string audit;
  unsigned threads = 2;
  bool json = false;
};

AuditRecord derived_audit(const AuditRecord& old, const kb::KnowledgeBase& kb) {
  AuditRecord a = old;
  a.id = 0;
  a.command = "reidentify";
  a.started_at = a.ended_at = utc_now();
  a.camaudit_version = CAMAUDIT_VERSION;
  a.kb_digest = kb.digest();
  a.source = {{"reidentified", old.id}};
  return a;
}

int run_reidentify(const ReidentifyOptions& o) {
  auto kb = o.kb.load_or_report();
  if (!kb) return 2;
  auto store = o.store.open();
  AuditId from = resolve_audit(*store, o.audit);
  AuditRecord next = derived_audit(*store->audit(from), *kb);
  pipeline::Reidentified r = pipeline::reidentify(*store, from, next, *kb, o.threads, assess_hook(*kb, next));
  if (o.json) {
    nlohmann::json j = diff::to_json(r.changes, r.before, r.after);
    j["audits"] = {{"before", from}, {"after", r.audit.id}};
    std::cout << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  } else {
    std::cout << "audit " << r.audit.id << " re-identifies audit " << from << " (" << r.audit.observations
              << " observations, " << r.after.size() << " devices, knowledge base " << kb->digest().substr(0, 12)
              << "): ";
    print_diff(std::cout, r.changes, r.before, r.after);
  }
  return 0;
}
}  // namespace

Run add_reidentify(CLI::App& app) {
  auto options = std::make_shared<ReidentifyOptions>();
  CLI::App* cmd = app.add_subcommand("reidentify",
                                     "identify a stored audit's observations again (after a KB update) as a new audit");
  cmd->add_option("audit", options->audit, "audit id (see `camaudit audits`) or latest")->required();
  cmd->add_option("--threads", options->threads, "identification workers")->capture_default_str()->check(CLI::Range(1, 64));
  cmd->add_flag("--json", options->json, "what changed, as JSON");
  options->store.add_to(*cmd);
  options->kb.add_to(*cmd);
  return [options] { return run_reidentify(*options); };
}

}  // namespace camaudit::app
