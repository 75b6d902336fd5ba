// SPDX-License-Identifier: Apache-2.0
// `camaudit diff AUDIT_A AUDIT_B`: what changed between two stored audits — new and gone
// devices, moved addresses, model or firmware changes, findings that appeared or went.
// Exit status: 0 no differences; 1 differences; 2 an error (as diff(1)).
#include <camaudit/app/commands.hpp>
#include <camaudit/app/diff_text.hpp>
#include <camaudit/app/store_options.hpp>

#include <iostream>

namespace camaudit::app {

namespace {
struct DiffOptions {
  StoreOptions store;
  std::string a, b;
  bool json = false;
};

// Brief records: what a diff reads, without parsing every device's evidence.
std::vector<DeviceRecord> load(store::Store& store, AuditId id) {
  std::vector<DeviceRecord> out;
  store.for_each_device_brief(id, [&](DeviceRecord&& d) { out.push_back(std::move(d)); });
  return out;
}

int run_diff(const DiffOptions& o) {
  auto store = o.store.open();
  AuditId a = resolve_audit(*store, o.a), b = resolve_audit(*store, o.b);
  std::vector<DeviceRecord> before = load(*store, a), after = load(*store, b);
  diff::AuditDiff d = diff::diff_audits(before, after);
  if (o.json) {
    nlohmann::json j = diff::to_json(d, before, after);
    j["audits"] = {{"before", a}, {"after", b}};
    std::cout << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  } else {
    std::cout << "audit " << a << " -> audit " << b << ": ";
    print_diff(std::cout, d, before, after);
  }
  bool same = d.added.empty() && d.gone.empty() && d.changes.empty() && d.ambiguous.empty();
  return same ? 0 : 1;
}
}  // namespace

Run add_diff(CLI::App& app) {
  auto options = std::make_shared<DiffOptions>();
  CLI::App* cmd = app.add_subcommand("diff", "what changed between two stored audits (exit 1 when something did)");
  cmd->add_option("audit_a", options->a, "the earlier audit (id or latest)")->required();
  cmd->add_option("audit_b", options->b, "the later audit (id or latest)")->required();
  cmd->add_flag("--json", options->json, "the diff as one JSON document");
  options->store.add_to(*cmd);
  return [options] { return run_diff(*options); };
}

}  // namespace camaudit::app
