// SPDX-License-Identifier: Apache-2.0
// The vulnerability check's judgement (see vulns.hpp): which family a device falls in,
// where its version stands against the family's range, and the findings that say so.
#include <camaudit/assess/vulns.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace camaudit::assess {

namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// The firmware the judgement uses. A version without its build date borrows the build
// from another firmware claim of the same version (ISAPI's "V5.6.2" beside SADP's
// "V5.6.2 build 190701"): Hikvision fixes and ranges are defined by build date.
struct Firmware {
  std::optional<Version> version;
  std::string borrowed_from;  // the claim's field when the build came from another claim
};

Firmware firmware_of(const DeviceRecord& device) {
  Firmware out;
  if (!device.firmware) return out;
  out.version = parse_version(*device.firmware);
  if (!out.version->ok() || out.version->build) return out;
  for (const EvidenceRecord& e : device.evidence) {
    if (e.attribute != "firmware" || e.value == *device.firmware) continue;
    Version other = parse_version(e.value);
    if (other.ok() && other.build && compare_to_bound(other, *out.version) == Order::equal) {
      out.version = std::move(other);
      out.borrowed_from = e.field.empty() ? e.rule : e.field;
      return out;
    }
  }
  return out;
}

std::string range_text(const VulnFamily& f) {
  std::string out;
  if (f.from) out += "from " + f.from->text;
  if (f.through) out += std::string(out.empty() ? "" : " ") + "through " + f.through->text;
  if (f.before) out += std::string(out.empty() ? "" : " ") + "before " + f.before->text;
  return out;
}

bool has_bounds(const VulnFamily& f) { return f.from || f.through || f.before; }

Judgement verdict(const Vuln& v, const VulnFamily& f, Verdict verdict, std::string why) {
  return Judgement{&v, verdict, &f, std::move(why)};
}

// Only the build date places the device: before the fix date is "possibly".
Judgement by_build_date(const Vuln& v, const VulnFamily& f, const Version& fw, std::string prefix) {
  const std::string cut = f.build_before->str();
  switch (compare_build(fw, *f.build_before)) {
    case Order::less:
      return verdict(v, f, Verdict::possibly_affected,
                     prefix + "built " + fw.build->str() + ", before the fix date " + cut + " (only the build date places it)");
    case Order::equal:
    case Order::greater:
      return verdict(v, f, Verdict::not_affected, prefix + "built " + fw.build->str() + ", on or after the fix date " + cut);
    case Order::unknown:
      break;
  }
  return verdict(v, f, Verdict::possibly_affected,
                 prefix + (fw.build ? "build date " + fw.build->str() + " cannot be placed against " + cut
                                    : "no build date to compare with the fix date " + cut));
}

Judgement by_range(const Vuln& v, const VulnFamily& f, const Version& fw) {
  const Order lo = f.from ? compare_to_bound(fw, *f.from) : Order::greater;
  const Order hi = f.through ? compare_to_bound(fw, *f.through) : f.before ? compare_to_bound(fw, *f.before) : Order::less;
  if (lo == Order::less) return verdict(v, f, Verdict::not_affected, fw.text + " is older than the range (" + range_text(f) + ")");
  if (f.through && hi == Order::greater)
    return verdict(v, f, Verdict::not_affected, fw.text + " is after the range (" + range_text(f) + ")");
  if (f.before && (hi == Order::equal || hi == Order::greater))
    return verdict(v, f, Verdict::not_affected, fw.text + " is the fixed version " + f.before->text + " or later");
  if (lo != Order::unknown && hi != Order::unknown) {
    std::string why = fw.text + " is inside the published range (" + range_text(f) + ")";
    if (f.inside != Verdict::affected) why += "; the family is inferred, not named by the advisory";
    return verdict(v, f, f.inside, std::move(why));
  }
  const std::string unordered = "cannot order " + fw.text + " against " + range_text(f) +
                                " (another firmware line, or a build date missing on one side)";
  if (f.build_before) return by_build_date(v, f, fw, unordered + "; ");
  return verdict(v, f, Verdict::possibly_affected, unordered);
}

Judgement judge_family(const Vuln& v, const VulnFamily& f, const Firmware& firmware) {
  if (!firmware.version)
    return verdict(v, f, Verdict::possibly_affected, "firmware unknown: the " + f.name + " family is listed");
  const Version& fw = *firmware.version;
  if (!fw.ok())
    return verdict(v, f, Verdict::version_unparsed, "firmware '" + fw.text + "' cannot be read as a version (" + fw.error + ")");
  for (const Version& a : f.affected)
    if (compare_to_bound(fw, a) == Order::equal) return verdict(v, f, Verdict::affected, fw.text + " is a version the sources name as affected");
  for (const Version& u : f.unaffected)
    if (compare_to_bound(fw, u) == Order::equal) return verdict(v, f, Verdict::not_affected, fw.text + " is a version the sources name as not affected");
  if (has_bounds(f)) return by_range(v, f, fw);
  if (f.build_before) return by_build_date(v, f, fw, "");
  if (!f.affected.empty() || !f.unaffected.empty()) {
    const Verdict o = f.otherwise.value_or(Verdict::not_affected);
    return verdict(v, f, o, fw.text + " is none of the versions the sources name");
  }
  return verdict(v, f, f.otherwise.value_or(Verdict::possibly_affected), "the " + f.name + " family is listed but no version range is published");
}

bool maker_matches(const Vuln& v, const DeviceRecord& device, const kb::KnowledgeBase* kb) {
  if (!device.manufacturer) return false;
  bool maker = iequals(*device.manufacturer, v.vendor);
  if (!maker && kb)
    if (const kb::Vendor* vendor = kb->find_vendor(*device.manufacturer)) maker = vendor->name == v.vendor;
  if (!maker) return false;
  if (v.brands.empty()) return true;
  return device.brand && std::any_of(v.brands.begin(), v.brands.end(), [&](const std::string& b) { return iequals(b, *device.brand); });
}

Judgement judge_one(const Vuln& v, const DeviceRecord& device, const Firmware& firmware, const kb::KnowledgeBase* kb) {
  if (!maker_matches(v, device, kb)) return {};
  bool needs_model = false;
  for (const VulnFamily& f : v.families) {
    if (f.model && !device.model) {
      needs_model = true;
      continue;
    }
    if (f.model && !f.model->matches(*device.model)) continue;
    if (f.firmware && !(device.firmware && f.firmware->matches(*device.firmware))) continue;
    return judge_family(v, f, firmware);
  }
  if (needs_model) return Judgement{&v, Verdict::model_unknown, nullptr, "no model identified: the listed families cannot be checked"};
  std::string names;
  for (const VulnFamily& f : v.families) names += (names.empty() ? "" : ", ") + f.name;
  const std::string what = device.model ? "model " + *device.model : "firmware line";
  return Judgement{&v, Verdict::not_affected, nullptr, what + " is outside the listed families (" + names + ")"};
}

Severity severity_of(const Vuln& v) {
  if (!v.cvss) return Severity::medium;  // no score published: neither dismissed nor alarming
  const double s = *v.cvss;
  return s >= 9 ? Severity::critical : s >= 7 ? Severity::high : s >= 4 ? Severity::medium : s > 0 ? Severity::low : Severity::info;
}

nlohmann::json kev_catalog(const KevCatalogue& kev) {
  return {{"catalog_version", kev.version}, {"date_released", kev.released}};
}

RestsOn rests_on(const DeviceRecord& device, std::string_view attribute, const std::string& value) {
  RestsOn r{std::string(attribute), value, device.confidence, "", "", std::nullopt};
  if (const EvidenceRecord* e = device.evidence_for(attribute, value)) {
    r.certainty = e->certainty, r.rule = e->rule, r.kb = e->kb, r.observation = e->observation;
  }
  return r;
}

double confidence_of(const DeviceRecord& device, const Judgement& j) {
  double c = device.confidence > 0 ? device.confidence : 1.0;
  if (device.model)
    if (const EvidenceRecord* e = device.evidence_for("model", *device.model)) c *= e->certainty;
  if (device.firmware)
    if (const EvidenceRecord* e = device.evidence_for("firmware", *device.firmware)) c *= e->certainty;
  if (j.verdict == Verdict::possibly_affected) c *= 0.5;
  return std::clamp(c, 0.0, 1.0);
}

Finding finding_of(const DeviceRecord& device, const Judgement& j, const Firmware& fw, const KevCatalogue& kev) {
  const Vuln& v = *j.vuln;
  Finding f;
  f.kind = FindingKind::vulnerability;
  f.id = v.id;
  f.verdict = std::string(to_string(j.verdict));
  f.severity = j.verdict == Verdict::version_unparsed ? Severity::info : severity_of(v);
  f.rule = "vulns:" + v.id + (j.family ? "/" + j.family->name : "");
  f.kb = (j.family ? j.family->where : v.where).str();
  f.confidence = confidence_of(device, j);
  const KevEntry* k = kev.find(v.id);
  std::string label = v.cvss ? fmt::format("CVSS {:.1f}", *v.cvss) : "no CVSS published";
  if (k) label += ", in CISA KEV since " + k->date_added;
  else if (!v.exploited_date.empty()) label += ", exploited in the wild (not in KEV)";
  std::string where;
  if (j.family) where = (device.model ? *device.model + " is in the " : "the device is in the ") + j.family->name + " family; ";
  f.summary = fmt::format("{} ({}): {} — {}{}. {}", v.id, label, to_string(j.verdict), where, j.why, v.title);
  f.cites.push_back({"NVD", v.id, v.published, "https://nvd.nist.gov/vuln/detail/" + v.id});
  if (!v.advisory_id.empty()) f.cites.push_back({v.advisory_id, v.id, v.published, v.advisory_url});
  if (k) f.cites.push_back({"CISA KEV " + kev.version, v.id, k->date_added, "https://www.cisa.gov/known-exploited-vulnerabilities-catalog"});
  if (device.manufacturer) f.rests_on.push_back(rests_on(device, "manufacturer", *device.manufacturer));
  if (device.brand) f.rests_on.push_back(rests_on(device, "brand", *device.brand));
  if (device.model) f.rests_on.push_back(rests_on(device, "model", *device.model));
  if (device.firmware) f.rests_on.push_back(rests_on(device, "firmware", *device.firmware));
  nlohmann::json d;
  d["reason"] = j.why;
  d["family"] = j.family ? nlohmann::json(j.family->name) : nlohmann::json();
  d["cvss"] = v.cvss ? nlohmann::json(*v.cvss) : nlohmann::json();
  d["cvss_vector"] = v.cvss_vector;
  d["cvss_source"] = v.cvss_source;
  d["cwe"] = v.cwe;
  d["needs_credentials"] = v.needs_credentials;
  d["credentials_note"] = v.credentials_note;
  d["kev"] = k ? nlohmann::json{{"date_added", k->date_added}, {"due_date", k->due_date}, {"ransomware", k->ransomware}} : nlohmann::json();
  d["kev_catalog"] = kev_catalog(kev);
  if (!k && !v.exploited_date.empty())
    d["exploited_in_the_wild"] = {{"date", v.exploited_date}, {"source", v.exploited_source}, {"in_kev", false}};
  if (fw.version) {
    d["version"] = {{"text", fw.version->text}, {"scheme", to_string(fw.version->scheme)},
                    {"build", fw.version->build ? nlohmann::json(fw.version->build->str()) : nlohmann::json()}};
    if (!fw.borrowed_from.empty()) d["version"]["build_from"] = fw.borrowed_from;
  }
  d["source"] = v.source;
  if (!v.do_not.empty()) d["never_sent"] = v.do_not;
  f.details = std::move(d);
  return f;
}

// One info finding per device that a CVE's maker matched: what it was checked against,
// and the CVEs it is not affected by or that could not be decided, with their reasons.
Finding checked_finding(const std::vector<Judgement>& all, const KevCatalogue& kev, std::size_t vulns) {
  Finding f;
  f.kind = FindingKind::vulnerability;
  f.id = "vulnerability.checked";
  f.verdict = "checked";
  f.rule = "vulns";
  f.kb = "vulns/";
  nlohmann::json quiet = nlohmann::json::array();
  std::size_t counts[6] = {};
  for (const Judgement& j : all) {
    ++counts[static_cast<int>(j.verdict)];
    if (j.verdict == Verdict::not_affected || j.verdict == Verdict::model_unknown)
      quiet.push_back({{"id", j.vuln->id}, {"verdict", to_string(j.verdict)}, {"reason", j.why}});
  }
  f.summary = fmt::format("checked against {} CVEs of its maker (KEV catalogue {}): {} affected, {} possibly affected, "
                          "{} not affected, {} undecided (model unknown), {} with an unreadable version",
                          all.size(), kev.version, counts[0], counts[1], counts[2], counts[4], counts[3]);
  f.details = {{"kev_catalog", kev_catalog(kev)}, {"cves_in_kb", vulns}, {"judged", all.size()}, {"quiet", std::move(quiet)}};
  return f;
}

}  // namespace

std::string_view to_string(Verdict v) noexcept {
  switch (v) {
    case Verdict::affected: return "affected";
    case Verdict::possibly_affected: return "possibly_affected";
    case Verdict::not_affected: return "not_affected";
    case Verdict::version_unparsed: return "version_unparsed";
    case Verdict::model_unknown: return "model_unknown";
    case Verdict::not_applicable: return "not_applicable";
  }
  return "not_applicable";
}

std::optional<Verdict> verdict_from_string(std::string_view s) noexcept {
  for (Verdict v : {Verdict::affected, Verdict::possibly_affected, Verdict::not_affected, Verdict::version_unparsed,
                    Verdict::model_unknown, Verdict::not_applicable})
    if (to_string(v) == s) return v;
  return std::nullopt;
}

std::vector<Judgement> VulnerabilityCheck::judge(const DeviceRecord& device) const {
  std::vector<Judgement> out;
  if (!device.manufacturer) return out;
  const Firmware firmware = firmware_of(device);
  for (const Vuln& v : m_vulns) {
    Judgement j = judge_one(v, device, firmware, m_kb);
    if (j.vuln != nullptr) out.push_back(std::move(j));
  }
  return out;
}

void VulnerabilityCheck::run(DeviceRecord& device, const Profile&, std::vector<Finding>& out) const {
  const std::vector<Judgement> all = judge(device);
  if (all.empty()) return;
  const Firmware firmware = firmware_of(device);
  for (const Judgement& j : all)
    if (j.verdict == Verdict::affected || j.verdict == Verdict::possibly_affected || j.verdict == Verdict::version_unparsed)
      out.push_back(finding_of(device, j, firmware, m_kev));
  out.push_back(checked_finding(all, m_kev, m_vulns.size()));
}

}  // namespace camaudit::assess
