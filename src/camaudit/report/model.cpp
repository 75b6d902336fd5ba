// SPDX-License-Identifier: Apache-2.0
#include <camaudit/report/model.hpp>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cctype>
#include <map>
#include <set>
#include <unordered_map>

namespace camaudit::report {

namespace {

constexpr std::string_view kUnidentified = "Unidentified";

bool is_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}
int number(std::string_view digits) {
  int n = 0;
  for (char c : digits) n = n * 10 + (c - '0');
  return n;
}
std::optional<std::string> valid_date(int year, int month, int day) {
  using namespace std::chrono;
  year_month_day ymd{std::chrono::year(year), std::chrono::month(static_cast<unsigned>(month)),
                     std::chrono::day(static_cast<unsigned>(day))};
  if (year < 2000 || year > 2099 || !ymd.ok()) return std::nullopt;
  return fmt::format("{:04}-{:02}-{:02}", year, month, day);
}
std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Sorted largest first, then by label, so every writer lists counts in one order.
std::vector<Count> sorted_counts(const std::map<std::string, std::size_t>& counts) {
  std::vector<Count> out;
  for (const auto& [label, n] : counts) out.push_back({label, n});
  std::stable_sort(out.begin(), out.end(), [](const Count& a, const Count& b) { return a.count > b.count; });
  return out;
}

std::optional<std::chrono::sys_days> parse_day(std::string_view iso) {
  if (iso.size() < 10 || !is_digits(iso.substr(0, 4)) || !is_digits(iso.substr(5, 2)) || !is_digits(iso.substr(8, 2)))
    return std::nullopt;
  using namespace std::chrono;
  year_month_day ymd{year(number(iso.substr(0, 4))), month(static_cast<unsigned>(number(iso.substr(5, 2)))),
                     day(static_cast<unsigned>(number(iso.substr(8, 2))))};
  if (!ymd.ok()) return std::nullopt;
  return sys_days(ymd);
}

std::string now_rfc3339() {
  auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", now);
}

}  // namespace

bool restricts(const Finding& f) {
  if (f.kind != FindingKind::policy || f.severity < Severity::low) return false;
  static const std::set<std::string, std::less<>> kNeutral = {"compliant", "allowed", "none", "not_applicable", "unknown"};
  return !kNeutral.contains(f.verdict) && !f.verdict.starts_with("not_");
}

bool known_exploited(const Finding& f) {
  if (f.kind != FindingKind::vulnerability || !f.details.is_object()) return false;
  auto it = f.details.find("kev");
  if (it == f.details.end()) return false;
  if (it->is_boolean()) return it->get<bool>();
  if (it->is_string()) return !it->get<std::string>().empty();
  return it->is_object();
}

std::optional<std::string> firmware_build_date(std::string_view fw) {
  const std::string text = lower(fw);
  // "build 190701" / "build190701" (Hikvision): YYMMDD after the word.
  if (auto at = text.find("build"); at != std::string::npos) {
    std::size_t i = at + 5;
    while (i < text.size() && (text[i] == ' ' || text[i] == ':')) ++i;
    std::string_view rest = std::string_view(text).substr(i);
    if (rest.size() >= 6 && is_digits(rest.substr(0, 6)) && (rest.size() == 6 || !std::isdigit(static_cast<unsigned char>(rest[6]))))
      if (auto d = valid_date(2000 + number(rest.substr(0, 2)), number(rest.substr(2, 2)), number(rest.substr(4, 2)))) return d;
  }
  // "YYYY-MM-DD" anywhere (Dahua's "Build Date: 2019-10-14").
  for (std::size_t i = 0; i + 10 <= text.size(); ++i) {
    std::string_view s = std::string_view(text).substr(i, 10);
    if (s[4] == '-' && s[7] == '-' && is_digits(s.substr(0, 4)) && is_digits(s.substr(5, 2)) && is_digits(s.substr(8, 2)))
      if (auto d = valid_date(number(s.substr(0, 4)), number(s.substr(5, 2)), number(s.substr(8, 2)))) return d;
  }
  // A trailing ".YYMMDD" (Dahua's "2.800.0000000.29.R.210630").
  if (auto dot = text.rfind('.'); dot != std::string::npos && text.size() - dot == 7 && is_digits(text.substr(dot + 1)))
    return valid_date(2000 + number(text.substr(dot + 1, 2)), number(text.substr(dot + 3, 2)), number(text.substr(dot + 5, 2)));
  return std::nullopt;
}

std::string_view to_string(Change c) noexcept {
  switch (c) {
    case Change::added: return "added";
    case Change::removed: return "removed";
    case Change::moved: return "moved";
    case Change::model_changed: return "model_changed";
    case Change::firmware_changed: return "firmware_changed";
    case Change::newly_vulnerable: return "newly_vulnerable";
    case Change::newly_restricted: return "newly_restricted";
    case Change::findings_resolved: return "findings_resolved";
  }
  return "?";
}

namespace {

// The firmware value often drops the build ("V5.7.18"), while the answer it came from
// kept it ("V5.7.18build 240826" in SADP): look in the firmware's evidence as well.
std::optional<std::string> build_date_of(const DeviceRecord& d) {
  if (auto date = firmware_build_date(*d.firmware)) return date;
  for (const EvidenceRecord& e : d.evidence)
    if (e.attribute == "firmware" && e.value == *d.firmware)
      if (auto date = firmware_build_date(e.matched)) return date;
  return std::nullopt;
}

DeviceFacts facts_for(const DeviceRecord& d, const BuildOptions& options) {
  DeviceFacts f;
  f.maker = d.manufacturer.value_or(std::string(kUnidentified));
  f.label = d.brand.value_or(f.maker);
  for (const Finding& finding : d.findings) {
    if (!f.worst || finding.severity > *f.worst) f.worst = finding.severity;
    if (!f.restricted && restricts(finding)) {
      f.restricted = true;
      f.restricted_via = finding.id;
    }
    f.kev = f.kev || known_exploited(finding);
  }
  if (!d.assessed && d.manufacturer && options.makers) {
    if (auto info = options.makers(*d.manufacturer); info && info->restricted) {
      f.restricted = true;
      f.restricted_via = "kb:" + info->kb;
    }
  }
  for (const std::string& c : d.capabilities)
    if (std::find(kBiometricCapabilities.begin(), kBiometricCapabilities.end(), c) != kBiometricCapabilities.end())
      f.biometric = true;
  if (d.firmware) f.firmware_date = build_date_of(d);
  return f;
}

std::string label_of(const DeviceFacts& f) { return f.label == f.maker ? f.maker : f.label + " (" + f.maker + ")"; }

std::string age_bucket(const std::optional<std::string>& built, std::optional<std::chrono::sys_days> at) {
  static constexpr std::array<std::pair<int, std::string_view>, 4> kBuckets = {
      {{365, "under 1 year"}, {2 * 365, "1-2 years"}, {4 * 365, "2-4 years"}, {6 * 365, "4-6 years"}}};
  if (!built || !at) return "no build date";
  auto day = parse_day(*built);
  if (!day) return "no build date";
  auto days = (*at - *day).count();
  for (const auto& [limit, name] : kBuckets)
    if (days < limit) return std::string(name);
  return "over 6 years";
}

std::vector<MakerRow> maker_rows(const Model& m) {
  std::map<std::string, MakerRow> rows;
  std::map<std::string, std::map<std::string, std::size_t>> labels;
  for (const DeviceFacts& f : m.facts) {
    MakerRow& row = rows[f.maker];
    row.maker = f.maker;
    row.restricted = row.restricted || f.restricted;
    ++row.devices;
    ++labels[f.maker][f.label];
  }
  std::vector<MakerRow> out;
  for (auto& [maker, row] : rows) {
    row.labels = sorted_counts(labels[maker]);
    out.push_back(std::move(row));
  }
  std::stable_sort(out.begin(), out.end(), [](const MakerRow& a, const MakerRow& b) { return a.devices > b.devices; });
  return out;
}

std::string restricted_basis(const Model& m) {
  bool by_finding = false, by_kb = false;
  for (const DeviceFacts& f : m.facts) {
    by_finding = by_finding || (f.restricted && !f.restricted_via.starts_with("kb:"));
    by_kb = by_kb || (f.restricted && f.restricted_via.starts_with("kb:"));
  }
  if (by_finding && by_kb) return "policy findings of assessed devices; the knowledge base's vendor list for the others";
  if (by_kb) return "the knowledge base's list of restricted vendors (kb/vendors.toml; devices not assessed against a profile)";
  return "policy findings against the organisation's profile";
}

void count_devices(Model& m) {
  Summary& s = m.summary;
  std::map<std::string, std::size_t> types, labels, cves, biometric, capabilities;
  s.devices = m.devices.size();
  for (std::size_t i = 0; i < m.devices.size(); ++i) {
    const DeviceRecord& d = m.devices[i];
    const DeviceFacts& f = m.facts[i];
    ++types[d.device_type.value_or("unknown")];
    s.identified += d.manufacturer.has_value();
    s.assessed += d.assessed;
    if (f.restricted) ++s.restricted, ++labels[label_of(f)];
    s.kev += f.kev;
    s.biometric += f.biometric;
    for (const std::string& c : d.capabilities) {
      ++capabilities[c];
      if (std::find(kBiometricCapabilities.begin(), kBiometricCapabilities.end(), c) != kBiometricCapabilities.end())
        ++biometric[c];
    }
    for (const Finding& finding : d.findings) {
      ++s.findings;
      ++s.findings_by_severity[static_cast<std::size_t>(finding.severity)];
      if (known_exploited(finding)) ++cves[finding.id];
    }
  }
  s.by_type = sorted_counts(types);
  s.restricted_share = s.devices ? static_cast<double>(s.restricted) / static_cast<double>(s.devices) : 0;
  s.restricted_by_label = sorted_counts(labels);
  s.kev_by_cve = sorted_counts(cves);
  s.biometric_by_capability = sorted_counts(biometric);
  m.charts.capabilities = sorted_counts(capabilities);
}

std::string advice(const Finding& f, bool kev) {
  switch (f.kind) {
    case FindingKind::policy:
      return "Record these devices in the risk register, stop further purchases and plan their replacement.";
    case FindingKind::vulnerability:
      return kev ? "Exploited in the wild (CISA KEV): update the firmware now, or take the devices off any network an attacker can reach."
                 : "Update the firmware to a fixed release, or isolate the devices from untrusted networks.";
    case FindingKind::exposure:
      return "Close the exposed service or restrict who can reach it.";
    case FindingKind::capability:
      return "Check the lawful basis and impact assessment for this capability; switch it off where it is not needed.";
  }
  return "";
}

struct ActionGroup {
  Action action;
  bool kev = false;
};

// Findings grouped by id; the worst, exploited and most widespread first.
std::vector<Action> finding_actions(const Model& m) {
  std::map<std::string, ActionGroup> groups;
  for (const DeviceRecord& d : m.devices) {
    for (const Finding& f : d.findings) {
      if (f.severity == Severity::info) continue;
      ActionGroup& g = groups[f.id];
      if (g.action.devices == 0) g.action = {f.severity, f.id, f.summary, advice(f, known_exploited(f)), 0};
      g.action.severity = std::max(g.action.severity, f.severity);
      g.kev = g.kev || known_exploited(f);
      ++g.action.devices;
    }
  }
  std::vector<ActionGroup> ranked;
  for (auto& [id, g] : groups) ranked.push_back(std::move(g));
  std::stable_sort(ranked.begin(), ranked.end(), [](const ActionGroup& a, const ActionGroup& b) {
    if (a.action.severity != b.action.severity) return a.action.severity > b.action.severity;
    if (a.kev != b.kev) return a.kev;
    return a.action.devices > b.action.devices;
  });
  std::vector<Action> out;
  for (std::size_t i = 0; i < ranked.size() && out.size() < 5; ++i) out.push_back(ranked[i].action);
  return out;
}

// Without findings (devices not assessed) the summary still says what to do first.
void fallback_actions(Model& m) {
  Summary& s = m.summary;
  auto add = [&](Severity sev, std::string id, std::string title, std::string detail, std::size_t n) {
    if (n && s.actions.size() < 5) s.actions.push_back({sev, std::move(id), std::move(title), std::move(detail), n});
  };
  add(Severity::high, "restricted.unassessed",
      fmt::format("{} devices are made by restricted makers", s.restricted),
      "Assess them against the organisation's profile (jurisdiction, sector, site sensitivity) to learn what the law requires.",
      s.assessed ? 0 : s.restricted);
  add(Severity::medium, "biometric", fmt::format("{} devices can recognise faces or screen body temperature", s.biometric),
      "Confirm a lawful basis and an impact assessment for each, or switch the capability off.", s.assessed ? 0 : s.biometric);
  add(Severity::low, "unidentified", fmt::format("{} devices could not be identified", s.devices - s.identified),
      "Check them by hand: an unidentified device is an unmanaged one.", s.devices - s.identified);
}

std::string percent(double share) { return fmt::format("{:.0f}%", share * 100); }

void write_paragraph(Model& m) {
  const Summary& s = m.summary;
  std::string who = m.audit.organisation.empty() ? "the audited estate" : m.audit.organisation;
  std::string when = m.audit.started_at.size() >= 10 ? " on " + m.audit.started_at.substr(0, 10) : "";
  std::string p = fmt::format("camaudit found {} devices in {}{} and identified the maker of {}.", s.devices, who, when, s.identified);
  if (s.restricted) {
    std::vector<std::string> makers;
    for (const MakerRow& r : m.charts.makers)
      if (r.restricted) makers.push_back(r.maker);
    p += fmt::format(" {} ({}) were made by restricted makers ({}), sold under {} label{}.", s.restricted,
                     percent(s.restricted_share), fmt::join(makers, ", "), s.restricted_by_label.size(),
                     s.restricted_by_label.size() == 1 ? "" : "s");
  } else {
    p += " None was made by a restricted maker.";
  }
  if (s.kev) p += fmt::format(" {} carry vulnerabilities known to be exploited (CISA KEV).", s.kev);
  if (s.biometric) p += fmt::format(" {} can recognise faces or screen body temperature.", s.biometric);
  if (!s.actions.empty()) p += " First: " + s.actions.front().title + " — " + s.actions.front().detail;
  m.summary.paragraph = std::move(p);
}

void count_foi(Model& m) {
  std::map<std::string, std::size_t> makes, labels;
  std::map<std::pair<std::string, std::string>, std::size_t> pairs;
  m.foi.total = m.devices.size();
  for (const DeviceFacts& f : m.facts) {
    if (f.maker == kUnidentified) {
      ++m.foi.unidentified;
      continue;
    }
    ++makes[f.maker];
    ++labels[f.label];
    if (f.label != f.maker) ++pairs[{f.label, f.maker}];
  }
  m.foi.by_make = sorted_counts(makes);
  m.foi.by_label = sorted_counts(labels);
  for (const auto& [key, n] : pairs) m.foi.label_to_make.push_back({key.first, key.second, n});
  std::stable_sort(m.foi.label_to_make.begin(), m.foi.label_to_make.end(),
                   [](const Foi::LabelMake& a, const Foi::LabelMake& b) { return a.count > b.count; });
}

void chart_severity_and_age(Model& m) {
  for (int s = static_cast<int>(Severity::critical); s >= 0; --s)
    m.charts.severity.push_back({std::string(to_string(static_cast<Severity>(s))),
                                 m.summary.findings_by_severity[static_cast<std::size_t>(s)]});
  std::string when = !m.audit.started_at.empty() ? m.audit.started_at : m.generated_at;
  auto at = parse_day(when);
  std::map<std::string, std::size_t> ages;
  for (const DeviceFacts& f : m.facts) ++ages[age_bucket(f.firmware_date, at)];
  for (std::string_view bucket : {"under 1 year", "1-2 years", "2-4 years", "4-6 years", "over 6 years", "no build date"})
    m.charts.firmware_age.push_back({std::string(bucket), ages[std::string(bucket)]});
}

}  // namespace

Model build_model(AuditRecord audit, std::vector<DeviceRecord> devices, const BuildOptions& options,
                  const std::vector<DeviceRecord>* previous) {
  Model m;
  m.audit = std::move(audit);
  m.generated_at = options.generated_at.empty() ? now_rfc3339() : options.generated_at;
  m.devices = std::move(devices);
  m.facts.reserve(m.devices.size());
  for (const DeviceRecord& d : m.devices) m.facts.push_back(facts_for(d, options));
  count_devices(m);
  m.summary.restricted_basis = restricted_basis(m);
  m.charts.makers = maker_rows(m);
  chart_severity_and_age(m);
  m.summary.actions = finding_actions(m);
  fallback_actions(m);
  write_paragraph(m);
  count_foi(m);
  if (previous) m.diff = diff_devices(*previous, m.devices, m.facts, options);
  m.audit.devices = m.devices.size();
  m.audit.findings = m.summary.findings;
  return m;
}

// ---------------------------------------------------------------------------------------
// Diff: deliberately small (the store's `camaudit diff` is the full one). Identity by MAC,
// then serial, then (ip, model); a key shared by several earlier devices is ambiguous
// and not used, and is reported rather than guessed.

namespace {

using Index = std::unordered_map<std::string, std::vector<std::size_t>>;

struct Identity {
  Index mac, serial, ip_model;
};

// A device without a model still has one: "none" on both sides matches.
std::string ip_model_key(const DeviceRecord& d) { return d.ip.empty() ? std::string() : d.ip + "\n" + d.model.value_or(""); }

Identity index_devices(const std::vector<DeviceRecord>& devices) {
  Identity id;
  for (std::size_t i = 0; i < devices.size(); ++i) {
    if (devices[i].mac) id.mac[lower(*devices[i].mac)].push_back(i);
    if (devices[i].serial) id.serial[*devices[i].serial].push_back(i);
    if (auto k = ip_model_key(devices[i]); !k.empty()) id.ip_model[k].push_back(i);
  }
  return id;
}

struct Match {
  std::optional<std::size_t> before;
  std::string by;
};

Match find_match(const DeviceRecord& d, const Identity& id, const std::vector<bool>& used, std::set<std::string>& ambiguous) {
  auto try_key = [&](const Index& index, const std::string& key, std::string_view by) -> std::optional<std::size_t> {
    if (key.empty()) return std::nullopt;
    auto it = index.find(key);
    if (it == index.end()) return std::nullopt;
    if (it->second.size() > 1) {
      ambiguous.insert(fmt::format("{} {} matches {} earlier devices", by, key, it->second.size()));
      return std::nullopt;
    }
    if (used[it->second.front()]) return std::nullopt;
    return it->second.front();
  };
  if (auto m = try_key(id.mac, d.mac ? lower(*d.mac) : "", "mac")) return {m, "mac"};
  if (auto m = try_key(id.serial, d.serial.value_or(""), "serial")) return {m, "serial"};
  if (auto m = try_key(id.ip_model, ip_model_key(d), "ip+model")) return {m, "ip+model"};
  return {};
}

// Finding ids of one kind, or of every kind when none is given.
std::set<std::string> finding_ids(const DeviceRecord& d, std::optional<FindingKind> kind = std::nullopt) {
  std::set<std::string> ids;
  for (const Finding& f : d.findings)
    if (!kind || f.kind == *kind) ids.insert(f.id);
  return ids;
}

std::string joined(const std::set<std::string>& ids) { return fmt::format("{}", fmt::join(ids, ", ")); }

void compare(const DeviceRecord& was, const DeviceRecord& now, const DeviceFacts& was_facts, const DeviceFacts& now_facts,
             const std::string& by, std::vector<DiffEntry>& out) {
  auto entry = [&](Change c, std::string before, std::string after) {
    out.push_back({c, now.ip, now_facts.maker, now.model.value_or(""), by, std::move(before), std::move(after)});
  };
  if (was.ip != now.ip) entry(Change::moved, was.ip, now.ip);
  if (was.model != now.model) entry(Change::model_changed, was.model.value_or(""), now.model.value_or(""));
  if (was.firmware != now.firmware) entry(Change::firmware_changed, was.firmware.value_or(""), now.firmware.value_or(""));
  std::set<std::string> vuln_was = finding_ids(was, FindingKind::vulnerability);
  std::set<std::string> fresh;
  for (const std::string& id : finding_ids(now, FindingKind::vulnerability))
    if (!vuln_was.contains(id)) fresh.insert(id);
  if (!fresh.empty()) entry(Change::newly_vulnerable, "", joined(fresh));
  if (now_facts.restricted && !was_facts.restricted) entry(Change::newly_restricted, "", now_facts.restricted_via);
  std::set<std::string> all_now = finding_ids(now), resolved;
  for (const std::string& id : finding_ids(was))
    if (!all_now.contains(id)) resolved.insert(id);
  if (!resolved.empty()) entry(Change::findings_resolved, joined(resolved), "");
}

}  // namespace

Diff diff_devices(const std::vector<DeviceRecord>& before, const std::vector<DeviceRecord>& after,
                  const std::vector<DeviceFacts>& after_facts, const BuildOptions& options) {
  Diff diff;
  diff.previous_devices = before.size();
  Identity id = index_devices(before);
  std::vector<bool> used(before.size(), false);
  std::set<std::string> ambiguous;
  for (std::size_t i = 0; i < after.size(); ++i) {
    Match m = find_match(after[i], id, used, ambiguous);
    if (!m.before) {
      diff.entries.push_back({Change::added, after[i].ip, after_facts[i].maker, after[i].model.value_or(""), "", "", ""});
      continue;
    }
    used[*m.before] = true;
    compare(before[*m.before], after[i], facts_for(before[*m.before], options), after_facts[i], m.by, diff.entries);
  }
  for (std::size_t i = 0; i < before.size(); ++i)
    if (!used[i])
      diff.entries.push_back({Change::removed, before[i].ip, before[i].manufacturer.value_or(std::string(kUnidentified)),
                              before[i].model.value_or(""), "", "", ""});
  std::stable_sort(diff.entries.begin(), diff.entries.end(),
                   [](const DiffEntry& a, const DiffEntry& b) { return a.change < b.change; });
  for (int c = 0; c <= static_cast<int>(Change::findings_resolved); ++c) {
    auto n = std::count_if(diff.entries.begin(), diff.entries.end(), [&](const DiffEntry& e) { return static_cast<int>(e.change) == c; });
    diff.counts.push_back({std::string(to_string(static_cast<Change>(c))), static_cast<std::size_t>(n)});
  }
  diff.ambiguous.assign(ambiguous.begin(), ambiguous.end());
  return diff;
}

}  // namespace camaudit::report
