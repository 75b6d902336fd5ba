// SPDX-License-Identifier: Apache-2.0
// `camaudit audits`: the audits in the store, newest first, with their counts.
#include <camaudit/app/commands.hpp>
#include <camaudit/app/store_options.hpp>

#include <fmt/format.h>

#include <iostream>

namespace camaudit::app {

namespace {
struct AuditsOptions {
  StoreOptions store;
  bool json = false;
};

int run_audits(const AuditsOptions& o) {
  auto store = o.store.open();
  auto audits = store->audits();
  if (o.json) {
    for (const AuditRecord& a : audits) std::cout << to_json(a).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return 0;
  }
  if (audits.empty()) {
    std::cout << "no audits in " << store->where() << " yet\n";
    return 0;
  }
  constexpr const char* kRow = "{:>5}  {:<20}  {:<11}  {:<10}  {:<28}  {:>7}  {:>8}  {:>8}  {}\n";
  std::cout << fmt::format(kRow, "id", "started", "status", "command", "organisation / site", "devices", "observ.", "findings", "");
  for (const AuditRecord& a : audits) {
    std::string where = a.site.empty() ? a.organisation : a.organisation + " / " + a.site;
    std::string derived = a.derived_from ? "from " + std::to_string(*a.derived_from) : "";
    std::cout << fmt::format(kRow, a.id, printable(a.started_at), to_string(a.status), printable(a.command),
                             printable(where.empty() ? "-" : where), a.devices, a.observations, a.findings, derived);
  }
  return 0;
}
}  // namespace

Run add_audits(CLI::App& app) {
  auto options = std::make_shared<AuditsOptions>();
  CLI::App* cmd = app.add_subcommand("audits", "list the audits in the store, newest first, with their counts");
  cmd->add_flag("--json", options->json, "one JSON object per audit (JSON Lines)");
  options->store.add_to(*cmd);
  return [options] { return run_audits(*options); };
}

}  // namespace camaudit::app
