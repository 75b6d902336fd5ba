// SPDX-License-Identifier: Apache-2.0
// `camaudit show AUDIT [DEVICE]`: one audit (how it was made, its devices), or one of
// its devices in full (the devices.jsonl object: evidence, conflicts, findings).
#include <camaudit/app/commands.hpp>
#include <camaudit/app/store_options.hpp>

#include <fmt/format.h>

#include <iostream>

namespace camaudit::app {

namespace {
struct ShowOptions {
  StoreOptions store;
  std::string audit, device;
  bool json = false;
};

constexpr auto kDump = nlohmann::json::error_handler_t::replace;

void print_audit(const AuditRecord& a) {
  std::cout << fmt::format("audit {}: {} {} — {}\n", a.id, printable(a.command), to_string(a.status),
                           printable(a.started_at) + (a.ended_at.empty() ? "" : " to " + printable(a.ended_at)));
  if (!a.organisation.empty()) std::cout << "  organisation: " << printable(a.organisation) << " / " << printable(a.site) << "\n";
  std::cout << "  targets: " << printable(a.targets.dump(-1, ' ', false, kDump)) << "\n";
  std::cout << "  options: " << printable(a.options.dump(-1, ' ', false, kDump)) << "\n";
  std::cout << "  camaudit " << printable(a.camaudit_version) << ", knowledge base " << printable(a.kb_digest) << "\n";
  if (a.derived_from) std::cout << "  derived from audit " << *a.derived_from << "\n";
  std::cout << fmt::format("  {} devices, {} observations, {} findings\n\n", a.devices, a.observations, a.findings);
}

int show_audit(store::Store& store, AuditId id, bool json) {
  AuditRecord a = *store.audit(id);
  if (json) {
    std::cout << to_json(a).dump(-1, ' ', false, kDump) << "\n";
    store.for_each_device(id, [](DeviceRecord&& d) { std::cout << to_json(d).dump(-1, ' ', false, kDump) << "\n"; });
    return 0;
  }
  print_audit(a);
  constexpr const char* kRow = "{:<24} {:<14} {:<24} {:<26} {:<17} {:>8}\n";
  std::cout << fmt::format(kRow, "device", "manufacturer", "model", "firmware", "mac", "findings");
  store.for_each_device(id, [&](DeviceRecord&& d) {
    std::cout << fmt::format(kRow, printable(d.key), printable(d.manufacturer), printable(d.model), printable(d.firmware),
                             printable(d.mac), d.assessed ? std::to_string(d.findings.size()) : "-");
  });
  return 0;
}

// DEVICE is a device key; failing that, an ip, MAC or serial of exactly one device.
std::optional<DeviceRecord> find_device(store::Store& store, AuditId id, const std::string& what) {
  if (auto d = store.device(id, what)) return d;
  std::vector<DeviceRecord> found;
  store.for_each_device(id, [&](DeviceRecord&& d) {
    if (d.ip == what || d.mac == what || d.serial == what) found.push_back(std::move(d));
  });
  if (found.size() > 1)
    throw store::StoreError("'" + what + "' names " + std::to_string(found.size()) + " devices of audit " +
                            std::to_string(id) + "; give the device key");
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

int run_show(const ShowOptions& o) {
  auto store = o.store.open();
  AuditId id = resolve_audit(*store, o.audit);
  if (o.device.empty()) return show_audit(*store, id, o.json);
  auto d = find_device(*store, id, o.device);
  if (!d) {
    std::cerr << "camaudit show: audit " << id << " has no device '" << printable(o.device) << "'\n";
    return 1;
  }
  // The JSON object is the full record; pretty-printed unless --json asks for one line.
  std::cout << to_json(*d).dump(o.json ? -1 : 2, ' ', false, kDump) << "\n";
  return 0;
}
}  // namespace

Run add_show(CLI::App& app) {
  auto options = std::make_shared<ShowOptions>();
  CLI::App* cmd = app.add_subcommand("show", "show one stored audit, or one of its devices in full");
  cmd->add_option("audit", options->audit, "audit id (see `camaudit audits`) or latest")->required();
  cmd->add_option("device", options->device, "device key, ip, MAC or serial");
  cmd->add_flag("--json", options->json, "JSON output (the audit, then one device per line)");
  options->store.add_to(*cmd);
  return [options] { return run_show(*options); };
}

}  // namespace camaudit::app
