// SPDX-License-Identifier: Apache-2.0
// Exposure: what the device already showed the scan — telnet or FTP open, the admin web
// interface over plain HTTP only, an RTSP stream description or ONVIF device information
// given without credentials, SADP/DHIP answering unicast queries, a TLS certificate shared
// by several devices (a vendor default), a vendor cloud service. Each finding rests on
// the observation that shows it.
#include <camaudit/assess/exposure.hpp>
#include <camaudit/assess/kb_file.hpp>
#include <camaudit/assess/registry.hpp>
#include <camaudit/util/text.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>

namespace camaudit::assess {

namespace {

// "http/tcp/80" -> protocol "http", port "80".
std::pair<std::string, std::string> split_seen(const std::string& seen) {
  auto parts = util::split(seen, '/');
  return {parts.empty() ? seen : std::string(parts.front()), parts.size() >= 3 ? std::string(parts[2]) : std::string()};
}

std::vector<std::string> seen_matching(const Exposure& e, const DeviceRecord& d) {
  std::vector<std::string> out;
  for (const std::string& s : d.seen) {
    auto [protocol, port] = split_seen(s);
    if (contains(e.protocols, protocol) || (!port.empty() && contains(e.ports, port))) out.push_back(s);
  }
  return out;
}

bool seen_protocol(const DeviceRecord& d, const std::vector<std::string>& protocols) {
  return std::any_of(d.seen.begin(), d.seen.end(), [&](const std::string& s) { return contains(protocols, split_seen(s).first); });
}

std::vector<const EvidenceRecord*> evidence_matching(const Exposure& e, const DeviceRecord& d) {
  std::vector<const EvidenceRecord*> out;
  for (const EvidenceRecord& r : d.evidence) {
    if (!e.attributes.empty() && !contains(e.attributes, r.attribute)) continue;
    if (std::any_of(e.fields.begin(), e.fields.end(), [&](const std::string& f) { return r.field.starts_with(f); }))
      out.push_back(&r);
  }
  return out;
}

Finding make_finding(const Exposure& e, std::vector<RestsOn> rests_on, const std::string& detail) {
  Finding f;
  f.kind = FindingKind::exposure;
  f.id = e.id;
  f.severity = e.severity;
  f.verdict = e.verdict;
  f.summary = detail.empty() ? e.summary : e.summary + " (" + detail + ")";
  f.cites = e.cites;
  f.rests_on = std::move(rests_on);
  f.rule = e.id;
  f.kb = e.where.str();
  f.confidence = 1;
  for (const RestsOn& r : f.rests_on) f.confidence = std::min(f.confidence, r.certainty > 0 ? r.certainty : 1.0);
  f.details = {{"detect", e.detect}};
  return f;
}

// How sure the capability check is of a capability (the device's confidence if unreported).
double capability_certainty(const DeviceRecord& d, const std::vector<Finding>& so_far, const std::string& capability) {
  for (const Finding& f : so_far)
    if (f.kind == FindingKind::capability && f.id == "capability." + capability) return f.confidence;
  return d.confidence;
}

// One device's exposure, or nullopt. Audit-level detectors answer nothing here.
std::optional<Finding> detect(const Exposure& e, const DeviceRecord& d, const std::vector<Finding>& so_far) {
  if (e.detect == "seen" || e.detect == "seen_without") {
    std::vector<std::string> hits = seen_matching(e, d);
    if (hits.empty() || (e.detect == "seen_without" && seen_protocol(d, e.unless_protocols))) return std::nullopt;
    std::vector<RestsOn> rests;
    for (const std::string& s : hits) rests.push_back({"seen", s, 1.0, "", "", std::nullopt});
    return make_finding(e, std::move(rests), fmt::format("{}", fmt::join(hits, ", ")));
  }
  if (e.detect == "evidence_field") {
    auto hits = evidence_matching(e, d);
    if (hits.empty()) return std::nullopt;
    std::vector<RestsOn> rests;
    std::vector<std::string> fields;
    for (const EvidenceRecord* r : hits) {
      rests.push_back({"observation", r->field + " = " + r->matched, 1.0, r->rule, r->kb, r->observation});
      if (!contains(fields, r->field)) fields.push_back(r->field);
    }
    return make_finding(e, std::move(rests), fmt::format("{}", fmt::join(fields, ", ")));
  }
  if (e.detect == "capability") {
    for (const std::string& c : e.capabilities)
      if (contains(d.capabilities, c))
        return make_finding(e, {{"capability", c, capability_certainty(d, so_far, c), "", "", std::nullopt}}, c);
  }
  return std::nullopt;
}

// The certificate identity a device showed: its TLS subject and issuer as recorded.
std::string certificate_key(const Exposure& e, const DeviceRecord& d) {
  std::vector<std::string> parts;
  for (const EvidenceRecord* r : evidence_matching(e, d)) parts.push_back(r->field + "=" + r->matched);
  std::sort(parts.begin(), parts.end());
  parts.erase(std::unique(parts.begin(), parts.end()), parts.end());
  return fmt::format("{}", fmt::join(parts, "|"));
}

}  // namespace

void ExposureCheck::load(const std::filesystem::path& kb_dir, const kb::KnowledgeBase&, std::vector<kb::Problem>& problems) {
  static const std::vector<std::string> kDetectors{"seen", "seen_without", "evidence_field", "capability", "shared_certificate"};
  DataReader reader(kb_dir, problems);
  for (const TomlFile& f : reader.folder("exposure"))
    for (const toml::table* t : reader.tables(f.doc, "exposure", {f.path, 1})) {
      Exposure e;
      e.where = DataReader::at(f, *t);
      for (auto [field, slot] : {std::pair{"id", &e.id}, {"detect", &e.detect}, {"verdict", &e.verdict}, {"summary", &e.summary}})
        *slot = reader.str(*t, field, e.where, true);
      if (!contains(kDetectors, e.detect)) reader.problem(e.where, "detect must be seen, seen_without, evidence_field, capability or shared_certificate");
      auto severity = severity_from_string(reader.str(*t, "severity", e.where, true));
      if (!severity) reader.problem(e.where, "severity must be info, low, medium, high or critical");
      e.severity = severity.value_or(Severity::info);
      e.source = reader.source(*t, e.where);
      for (auto [field, slot] : {std::pair{"protocols", &e.protocols}, {"ports", &e.ports}, {"unless_protocols", &e.unless_protocols},
                                 {"fields", &e.fields}, {"attributes", &e.attributes}, {"capabilities", &e.capabilities}})
        *slot = reader.strings(*t, field, e.where);
      e.min_devices = static_cast<std::size_t>(reader.number(*t, "min_devices", e.where, false).value_or(2));
      e.cites = reader.citations(f, *t, e.where);
      for (const toml::table* x : reader.tables(*t, "example", e.where)) {
        kb::Location at = DataReader::at(f, *x);
        e.examples.push_back({reader.strings(*x, "seen", at), reader.strings(*x, "fields", at),
                              reader.strings(*x, "capabilities", at), reader.boolean(*x, "expect", at, true), at});
      }
      if (e.examples.empty()) reader.problem(e.where, "exposure needs at least one [[exposure.example]]");
      m_exposures.push_back(std::move(e));
    }
}

void ExposureCheck::run(DeviceRecord& device, const Profile&, std::vector<Finding>& out) const {
  for (const Exposure& e : m_exposures)
    if (auto f = detect(e, device, out)) out.push_back(std::move(*f));
}

void ExposureCheck::run_audit(std::vector<DeviceRecord>& devices, const Profile&) const {
  for (const Exposure& e : m_exposures) {
    if (e.detect != "shared_certificate") continue;
    std::map<std::string, std::vector<std::size_t>> by_certificate;
    for (std::size_t i = 0; i < devices.size(); ++i)
      if (std::string key = certificate_key(e, devices[i]); !key.empty()) by_certificate[key].push_back(i);
    for (const auto& [key, members] : by_certificate) {
      if (members.size() < e.min_devices) continue;
      std::vector<std::string> ips;
      for (std::size_t i : members) ips.push_back(devices[i].ip);
      for (std::size_t i : members) {
        std::vector<RestsOn> rests;
        for (const EvidenceRecord* r : evidence_matching(e, devices[i]))
          rests.push_back({"observation", r->field + " = " + r->matched, 1.0, r->rule, r->kb, r->observation});
        Finding f = make_finding(e, std::move(rests), fmt::format("{} devices show it", members.size()));
        f.details["devices"] = members.size();
        f.details["certificate"] = key;
        f.details["shared_with"] = std::vector<std::string>(ips.begin(), ips.begin() + static_cast<long>(std::min<std::size_t>(ips.size(), 10)));
        devices[i].findings.push_back(std::move(f));
      }
    }
  }
}

void ExposureCheck::self_test(std::vector<kb::Problem>& problems) const {
  for (const Exposure& e : m_exposures)
    for (const Exposure::Example& x : e.examples) {
      // Two identical devices, so an audit-level detector has something to share.
      std::vector<DeviceRecord> devices(2);
      for (std::size_t i = 0; i < devices.size(); ++i) {
        DeviceRecord& d = devices[i];
        d.ip = d.key = fmt::format("192.0.2.{}", i + 1);  // TEST-NET-1: documentation only
        d.confidence = 0.9;
        d.seen = x.seen;
        d.capabilities = x.capabilities;
        for (const std::string& field : x.fields)
          d.evidence.push_back({"model", "example", 0.9, 0, field, "example value", "example", "", 1});
      }
      std::vector<Finding> out;
      run(devices[0], Profile{}, out);
      devices[0].findings = out;
      run_audit(devices, Profile{});
      bool fired = std::any_of(devices[0].findings.begin(), devices[0].findings.end(), [&](const Finding& f) { return f.id == e.id; });
      if (fired != x.expect)
        problems.push_back({x.where, fmt::format("exposure {}: expected {} for seen [{}] fields [{}]", e.id, x.expect ? "a finding" : "none",
                                                 fmt::join(x.seen, ", "), fmt::join(x.fields, ", "))});
    }
}

std::unique_ptr<Check> make_exposure_check() { return std::make_unique<ExposureCheck>(); }

}  // namespace camaudit::assess
