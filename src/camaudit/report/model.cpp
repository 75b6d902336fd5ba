// SPDX-License-Identifier: Apache-2.0
#include <camaudit/report/model.hpp>

#include <camaudit/diff/diff.hpp>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cctype>
#include <map>
#include <set>

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

// Affected or possibly affected by a CISA KEV entry (kev_status in core).
bool known_exploited(const Finding& f) { return kev_status(f) != Kev::no; }

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
    f.kev = f.kev || kev_status(finding) == Kev::yes;
    f.kev_possible = f.kev_possible || kev_status(finding) == Kev::possibly;
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
    s.kev_possible += f.kev_possible && !f.kev;
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
  if (s.kev_possible)
    p += fmt::format(" {} {}possibly carry one: the firmware version alone does not settle it.", s.kev_possible,
                     s.kev ? "more " : "");
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
  if (previous) m.diff = diff_devices(*previous, m.devices, m.facts);
  m.audit.devices = m.devices.size();
  m.audit.findings = m.summary.findings;
  return m;
}

// ---------------------------------------------------------------------------------------
// Diff: the changes section is `camaudit diff` (diff/diff.hpp, the same identity rules and
// the same verdicts) in the report's own rows.

namespace {

std::string joined(const std::vector<std::string>& ids) { return fmt::format("{}", fmt::join(ids, ", ")); }

void add_changes(const diff::DeviceChange& c, const DeviceRecord& now, const DeviceFacts& now_facts, const DeviceRecord& was,
                 std::vector<DiffEntry>& out) {
  const std::string by(diff::to_string(c.rule));
  auto entry = [&](Change change, std::string before, std::string after) {
    out.push_back({change, now.ip, now_facts.maker, now.model.value_or(""), by, std::move(before), std::move(after)});
  };
  if (c.moved) entry(Change::moved, was.ip, now.ip);
  for (const diff::AttributeChange& a : c.changed) {
    if (a.attribute == "model") entry(Change::model_changed, a.from, a.to);
    if (a.attribute == "firmware") entry(Change::firmware_changed, a.from, a.to);
  }
  if (!c.newly_vulnerable.empty()) entry(Change::newly_vulnerable, "", joined(c.newly_vulnerable));
  if (!c.newly_restricted.empty()) entry(Change::newly_restricted, "", joined(c.newly_restricted));
  if (!c.resolved.empty()) entry(Change::findings_resolved, joined(c.resolved), "");
}

}  // namespace

Diff diff_devices(const std::vector<DeviceRecord>& before, const std::vector<DeviceRecord>& after,
                  const std::vector<DeviceFacts>& after_facts) {
  Diff diff;
  diff.previous_devices = before.size();
  const diff::AuditDiff d = diff::diff_audits(before, after);
  for (std::size_t b : d.added)
    diff.entries.push_back({Change::added, after[b].ip, after_facts[b].maker, after[b].model.value_or(""), "", "", ""});
  for (const diff::DeviceChange& c : d.changes) add_changes(c, after[c.b], after_facts[c.b], before[c.a], diff.entries);
  for (std::size_t a : d.gone)
    diff.entries.push_back({Change::removed, before[a].ip, before[a].manufacturer.value_or(std::string(kUnidentified)),
                            before[a].model.value_or(""), "", "", ""});
  std::stable_sort(diff.entries.begin(), diff.entries.end(),
                   [](const DiffEntry& a, const DiffEntry& b) { return a.change < b.change; });
  for (int c = 0; c <= static_cast<int>(Change::findings_resolved); ++c) {
    auto n = std::count_if(diff.entries.begin(), diff.entries.end(), [&](const DiffEntry& e) { return static_cast<int>(e.change) == c; });
    diff.counts.push_back({std::string(to_string(static_cast<Change>(c))), static_cast<std::size_t>(n)});
  }
  for (const diff::Ambiguity& a : d.ambiguous)
    diff.ambiguous.push_back(fmt::format("{} {} matches {} earlier and {} later devices", diff::to_string(a.rule), a.value,
                                         a.a.size(), a.b.size()));
  return diff;
}

}  // namespace camaudit::report
