// SPDX-License-Identifier: Apache-2.0
// `camaudit store export|import|check`: the store as JSON Lines (out and back in, so
// nothing is locked in a database file) and its integrity check.
// Exit status: 0 done (check: healthy); 1 check found problems; 2 an error.
#include <camaudit/app/commands.hpp>
#include <camaudit/app/store_options.hpp>
#include <camaudit/store/jsonl.hpp>

#include <fstream>
#include <iostream>

namespace camaudit::app {

namespace {
struct StoreCommandOptions {
  StoreOptions store;
  std::string output = "-", input, audit;
};

int run_export(const StoreCommandOptions& o) {
  auto store = o.store.open();
  std::optional<AuditId> only;
  if (!o.audit.empty()) only = resolve_audit(*store, o.audit);
  std::ofstream file;
  if (o.output != "-") {
    file.open(o.output, std::ios::binary | std::ios::trunc);
    if (!file) throw store::StoreError("cannot write " + o.output);
  }
  std::ostream& out = o.output == "-" ? std::cout : file;
  store::Counts n = store::export_jsonl(*store, out, only);
  out.flush();
  if (!out) throw store::StoreError("cannot write " + o.output);
  std::cerr << "camaudit store export: " << n.audits << " audits, " << n.devices << " devices, " << n.observations
            << " observations, " << n.register_rows << " register rows\n";
  return 0;
}

int run_import(const StoreCommandOptions& o) {
  std::ifstream in(o.input, std::ios::binary);
  if (!in) throw store::StoreError("cannot read " + o.input);
  auto store = o.store.open();
  store::Imported r = store::import_jsonl(*store, in, o.input);
  std::cerr << "camaudit store import: " << r.counts.audits << " audits (new ids";
  for (AuditId id : r.audits) std::cerr << " " << id;
  std::cerr << "), " << r.counts.devices << " devices, " << r.counts.observations << " observations, "
            << r.counts.register_rows << " register rows into " << store->where() << "\n";
  return 0;
}

int run_check(const StoreCommandOptions& o) {
  auto store = o.store.open();
  auto problems = store->check();
  for (const std::string& p : problems) std::cout << store->where() << ": " << p << "\n";
  if (problems.empty()) std::cout << store->where() << ": ok\n";
  return problems.empty() ? 0 : 1;
}
}  // namespace

Run add_store(CLI::App& app) {
  auto o = std::make_shared<StoreCommandOptions>();
  CLI::App* cmd = app.add_subcommand("store", "the inventory database: export, import, check");
  cmd->require_subcommand(1);
  o->store.add_to(*cmd);
  CLI::App* exp = cmd->add_subcommand("export", "write the store (or one audit) as JSON Lines");
  exp->add_option("-o,--output", o->output, "file, or - for stdout")->capture_default_str();
  exp->add_option("--audit", o->audit, "only this audit (id or latest)");
  CLI::App* imp = cmd->add_subcommand("import", "read a JSON Lines export into the store (as new audits)");
  imp->add_option("file", o->input, "the export file")->required();
  CLI::App* chk = cmd->add_subcommand("check", "check the database's integrity (PRAGMA integrity_check and more)");
  // --store is accepted after the verb too: `camaudit store check --store X`.
  for (CLI::App* sub : {exp, imp, chk}) o->store.add_to(*sub);
  return [o, exp, imp] {
    if (exp->parsed()) return run_export(*o);
    if (imp->parsed()) return run_import(*o);
    return run_check(*o);
  };
}

}  // namespace camaudit::app
