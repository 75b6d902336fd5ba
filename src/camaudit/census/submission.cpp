// SPDX-License-Identifier: Apache-2.0
#include <camaudit/census/submission.hpp>

#include <camaudit/util/codec.hpp>

#include <toml++/toml.h>

#include <algorithm>
#include <cstdio>
#include <regex>
#include <stdexcept>

namespace camaudit::census {

using nlohmann::json;

namespace {

std::set<std::string> string_set(const toml::table& table, const char* key, const std::string& file) {
  const toml::array* items = table[key].as_array();
  if (!items || items->empty()) throw std::runtime_error(file + ": '" + key + "' must be a non-empty list");
  std::set<std::string> out;
  for (const toml::node& item : *items) {
    auto text = item.value<std::string>();
    if (!text) throw std::runtime_error(file + ": '" + key + "' holds a value that is not a string");
    out.insert(*text);
  }
  return out;
}

// A policy finding restricts the device in its jurisdiction when the rule binds the
// organisation (details.binding) or, for findings that do not say, when it is at least
// of medium severity; advisory findings ("named in a call for a ban") do not count.
std::optional<std::string> restricting_jurisdiction(const Finding& f) {
  if (f.kind != FindingKind::policy) return std::nullopt;
  auto jurisdiction = f.details.find("jurisdiction");
  if (jurisdiction == f.details.end() || !jurisdiction->is_string()) return std::nullopt;
  auto binding = f.details.find("binding");
  bool restricts = binding != f.details.end() && binding->is_boolean() ? binding->get<bool>()
                                                                        : f.severity >= Severity::medium;
  if (!restricts) return std::nullopt;
  return jurisdiction->get<std::string>();
}

// As the scan summary and the report count it (kev_status in core).
bool kev_listed(const Finding& f) { return kev_status(f) == Kev::yes; }

std::string device_identity(const DeviceRecord& d) {
  if (d.mac) return "mac:" + *d.mac;
  if (d.serial) return "serial:" + *d.serial;
  return "ip:" + (d.ip.empty() ? d.key : d.ip);
}

void count_device(Submission& s, const DeviceRecord& d, const SubmissionOptions& options) {
  ++s.devices;
  std::string maker = d.manufacturer.value_or("unknown");
  ++s.by_type[d.device_type.value_or("unknown")];
  ++s.by_maker[maker];
  if (d.brand && *d.brand != maker) {
    auto it = std::find_if(s.by_label.begin(), s.by_label.end(),
                           [&](const LabelCount& l) { return l.label == *d.brand && l.maker == maker; });
    if (it == s.by_label.end()) s.by_label.push_back({*d.brand, maker, 1});
    else ++it->devices;
  }
  bool restricted_maker = d.manufacturer && options.restricted_maker && options.restricted_maker(*d.manufacturer);
  s.restricted_maker_devices += restricted_maker;
  std::set<std::string> jurisdictions;
  bool kev = false;
  for (const Finding& f : d.findings) {
    if (auto j = restricting_jurisdiction(f)) jurisdictions.insert(*j);
    kev |= kev_listed(f);
  }
  for (const std::string& j : jurisdictions) ++s.restricted_by_jurisdiction[j];
  s.kev_devices += kev;
  std::set<std::string> capabilities(d.capabilities.begin(), d.capabilities.end());
  if (d.rights) capabilities.insert(d.rights->capabilities.begin(), d.rights->capabilities.end());
  for (const std::string& c : capabilities) ++s.capabilities[c];
  bool biometric = capabilities.count("face_recognition") || d.device_type == "access_terminal";
  s.biometric_devices += biometric;
  if (d.rights) {
    ++s.rights_bands[d.rights->band.empty() ? "unbanded" : d.rights->band];
    s.rights_score_sum += d.rights->score;
  }
  if (options.with_devices)
    s.device_hashes.push_back({{"id", util::sha256_hex(options.salt + "\n" + device_identity(d))},
                               {"type", d.device_type.value_or("unknown")},
                               {"maker", maker},
                               {"label", d.brand ? json(*d.brand) : json(nullptr)},
                               {"restricted", jurisdictions},
                               {"restricted_maker", restricted_maker},
                               {"kev", kev},
                               {"capabilities", capabilities},
                               {"rights_score", d.rights ? json(d.rights->score) : json(nullptr)}});
}

// --- validation -----------------------------------------------------------------

struct Validator {
  const Vocabulary& vocabulary;
  std::vector<std::string> problems;

  void problem(const std::string& path, const std::string& what) { problems.push_back(path + ": " + what); }

  const json* object(const json& parent, const std::string& path, const char* key, bool required = true) {
    auto it = parent.find(key);
    std::string at = path.empty() ? key : path + "." + key;
    if (it == parent.end()) {
      if (required) problem(at, "missing");
      return nullptr;
    }
    if (!it->is_object()) {
      problem(at, "must be an object");
      return nullptr;
    }
    return &*it;
  }
  std::optional<std::string> text(const json& parent, const std::string& path, const char* key,
                                  const std::set<std::string>* allowed = nullptr, bool required = true) {
    auto it = parent.find(key);
    std::string at = path + "." + key;
    if (it == parent.end() || it->is_null()) {
      if (required) problem(at, "missing");
      return std::nullopt;
    }
    if (!it->is_string()) {
      problem(at, "must be a string");
      return std::nullopt;
    }
    std::string value = it->get<std::string>();
    if (allowed && !allowed->count(value)) problem(at, "'" + value + "' is not in the vocabulary (kb/census/sectors.toml)");
    return value;
  }
  std::optional<std::size_t> count(const json& value, const std::string& at) {
    if (!value.is_number_integer()) {
      problem(at, "must be a whole number");
      return std::nullopt;
    }
    if (value.get<long long>() < 0) {
      problem(at, "negative count");
      return std::nullopt;
    }
    auto n = value.get<unsigned long long>();
    if (n > 100'000'000ULL) {
      problem(at, "absurd count (over 100 million devices)");
      return std::nullopt;
    }
    return static_cast<std::size_t>(n);
  }
  // A map of counts; each value at most `bound` (the device total).
  void counts(const json& parent, const std::string& path, const char* key, std::optional<std::size_t> bound) {
    const json* map = object(parent, path, key);
    if (!map) return;
    std::size_t sum = 0;
    for (const auto& [name, value] : map->items()) {
      auto n = count(value, path + "." + key + "." + name);
      if (!n) continue;
      sum += *n;
      if (bound && *n > *bound) problem(path + "." + key + "." + name, "more than the device total " + std::to_string(*bound));
    }
    (void)sum;
  }
};

int compare_versions(const std::string& a, const std::string& b) {
  unsigned x[3] = {0, 0, 0}, y[3] = {0, 0, 0};
  std::sscanf(a.c_str(), "%u.%u.%u", &x[0], &x[1], &x[2]);
  std::sscanf(b.c_str(), "%u.%u.%u", &y[0], &y[1], &y[2]);
  for (int i = 0; i < 3; ++i)
    if (x[i] != y[i]) return x[i] < y[i] ? -1 : 1;
  return 0;
}

void validate_counts(Validator& v, const json& counts) {
  std::optional<std::size_t> total;
  if (auto it = counts.find("devices"); it == counts.end()) v.problem("counts.devices", "missing");
  else total = v.count(*it, "counts.devices");
  for (const char* key : {"by_type", "by_maker", "capabilities", "rights_bands", "restricted_by_jurisdiction"})
    v.counts(counts, "counts", key, total);
  for (const char* key : {"restricted_maker_devices", "kev_devices", "biometric_devices"}) {
    auto it = counts.find(key);
    if (it == counts.end()) {
      v.problem(std::string("counts.") + key, "missing");
      continue;
    }
    auto n = v.count(*it, std::string("counts.") + key);
    if (n && total && *n > *total) v.problem(std::string("counts.") + key, "more than the device total");
  }
  for (const char* key : {"by_type", "by_maker"}) {
    auto it = counts.find(key);
    if (it == counts.end() || !it->is_object() || !total) continue;
    std::size_t sum = 0;
    for (const auto& [name, value] : it->items())
      if (value.is_number_unsigned()) sum += value.get<std::size_t>();
    if (sum != *total)
      v.problem(std::string("counts.") + key, "adds up to " + std::to_string(sum) + ", not the device total " + std::to_string(*total));
  }
  if (auto it = counts.find("by_label"); it != counts.end()) {
    if (!it->is_array()) v.problem("counts.by_label", "must be a list");
    else
      for (std::size_t i = 0; i < it->size(); ++i) {
        std::string at = "counts.by_label[" + std::to_string(i) + "]";
        const json& row = (*it)[i];
        if (!row.is_object()) {
          v.problem(at, "must be an object");
          continue;
        }
        v.text(row, at, "label");
        v.text(row, at, "maker");
        if (auto d = row.find("devices"); d == row.end()) v.problem(at + ".devices", "missing");
        else v.count(*d, at + ".devices");
      }
  }
}

}  // namespace

Vocabulary Vocabulary::load(const std::filesystem::path& kb_dir) {
  std::filesystem::path path = kb_dir / "census" / "sectors.toml";
  toml::table table;
  try {
    table = toml::parse_file(path.string());
  } catch (const toml::parse_error& e) {
    throw std::runtime_error(path.string() + ": " + std::string(e.description()));
  }
  return {string_set(table, "sectors", path.string()), string_set(table, "methods", path.string()),
          string_set(table, "nations", path.string())};
}

Submission build_submission(const AuditRecord& audit, const std::vector<DeviceRecord>& devices,
                            const SubmissionOptions& options) {
  if (options.with_devices && options.salt.empty())
    throw std::invalid_argument("--with-devices needs a salt (--salt): device identities are published only as salted hashes");
  Submission s;
  s.organisation = options.organisation.empty() ? audit.organisation : options.organisation;
  s.sector = options.sector;
  s.nation = options.nation;
  s.region = options.region;
  s.size_band = options.size_band;
  s.site_contexts = options.site_contexts;
  s.audit_date = audit.started_at.substr(0, 10);
  s.method = options.method;
  s.coverage = options.coverage;
  s.camaudit_version = audit.camaudit_version.empty() ? CAMAUDIT_VERSION : audit.camaudit_version;
  s.kb_digest = audit.kb_digest;
  for (const DeviceRecord& d : devices) {
    count_device(s, d, options);
    for (const Finding& f : d.findings)
      if (auto it = f.details.find("kev_catalog"); s.kev_catalog.empty() && it != f.details.end() && it->is_string())
        s.kev_catalog = it->get<std::string>();
  }
  return s;
}

json to_json(const Submission& s) {
  json labels = json::array();
  for (const LabelCount& l : s.by_label) labels.push_back({{"label", l.label}, {"maker", l.maker}, {"devices", l.devices}});
  json document = {
      {"schema", "camaudit-census-submission"},
      {"schema_version", kSubmissionSchema},
      {"organisation",
       {{"id", s.organisation}, {"sector", s.sector}, {"nation", s.nation}, {"region", s.region},
        {"size_band", s.size_band}, {"site_contexts", s.site_contexts}}},
      {"audit",
       {{"date", s.audit_date}, {"method", s.method}, {"coverage", s.coverage},
        {"camaudit_version", s.camaudit_version}, {"kb_digest", s.kb_digest}, {"kev_catalog", s.kev_catalog}}},
      {"counts",
       {{"devices", s.devices}, {"by_type", s.by_type}, {"by_maker", s.by_maker}, {"by_label", labels},
        {"restricted_maker_devices", s.restricted_maker_devices},
        {"restricted_by_jurisdiction", s.restricted_by_jurisdiction}, {"kev_devices", s.kev_devices},
        {"biometric_devices", s.biometric_devices}, {"capabilities", s.capabilities},
        {"rights_bands", s.rights_bands}, {"rights_score_sum", s.rights_score_sum}}}};
  if (!s.device_hashes.empty()) document["devices"] = s.device_hashes;
  return document;
}

std::vector<std::string> validate(const json& document, const Vocabulary& vocabulary) {
  Validator v{vocabulary, {}};
  if (!document.is_object()) return {"(document): must be a JSON object"};
  if (document.value("schema", "") != "camaudit-census-submission")
    v.problem("schema", "must be \"camaudit-census-submission\"");
  if (auto it = document.find("schema_version"); it == document.end() || !it->is_number_integer())
    v.problem("schema_version", "missing or not a number");
  else if (it->get<int>() != kSubmissionSchema)
    v.problem("schema_version", std::to_string(it->get<int>()) + " is not supported (this camaudit reads version " +
                                    std::to_string(kSubmissionSchema) + ")");
  static const std::regex kDate(R"(\d{4}-\d{2}-\d{2})");
  if (const json* org = v.object(document, "", "organisation")) {
    if (auto id = v.text(*org, "organisation", "id"); id && id->empty()) v.problem("organisation.id", "empty");
    v.text(*org, "organisation", "sector", &vocabulary.sectors);
    if (auto nation = v.text(*org, "organisation", "nation", nullptr, false); nation && !nation->empty() && !vocabulary.nations.count(*nation))
      v.problem("organisation.nation", "'" + *nation + "' is not in the vocabulary (kb/census/sectors.toml)");
  }
  if (const json* audit = v.object(document, "", "audit")) {
    if (auto date = v.text(*audit, "audit", "date"); date && !std::regex_match(*date, kDate))
      v.problem("audit.date", "'" + *date + "' is not a date (YYYY-MM-DD)");
    v.text(*audit, "audit", "method", &vocabulary.methods);
    if (auto c = audit->find("coverage"); c == audit->end() || !c->is_number() || c->get<double>() < 0 || c->get<double>() > 1)
      v.problem("audit.coverage", "must be a number from 0 to 1");
    if (auto version = v.text(*audit, "audit", "camaudit_version"); version && compare_versions(*version, CAMAUDIT_VERSION) > 0)
      v.problem("audit.camaudit_version", "made by camaudit " + *version + ", newer than this one (" CAMAUDIT_VERSION "): its knowledge base and counts may mean other things; upgrade to read it");
  }
  if (const json* counts = v.object(document, "", "counts")) validate_counts(v, *counts);
  return v.problems;
}

Submission submission_from_json(const json& d) {
  try {
    Submission s;
    const json& org = d.at("organisation");
    s.organisation = org.at("id").get<std::string>();
    s.sector = org.at("sector").get<std::string>();
    s.nation = org.value("nation", "");
    s.region = org.value("region", "");
    s.size_band = org.value("size_band", "");
    s.site_contexts = org.value("site_contexts", std::vector<std::string>{});
    const json& audit = d.at("audit");
    s.audit_date = audit.at("date").get<std::string>();
    s.method = audit.at("method").get<std::string>();
    s.coverage = audit.at("coverage").get<double>();
    s.camaudit_version = audit.value("camaudit_version", "");
    s.kb_digest = audit.value("kb_digest", "");
    s.kev_catalog = audit.value("kev_catalog", "");
    const json& c = d.at("counts");
    s.devices = c.at("devices").get<std::size_t>();
    s.by_type = c.at("by_type").get<std::map<std::string, std::size_t>>();
    s.by_maker = c.at("by_maker").get<std::map<std::string, std::size_t>>();
    for (const json& l : c.value("by_label", json::array()))
      s.by_label.push_back({l.at("label").get<std::string>(), l.at("maker").get<std::string>(), l.at("devices").get<std::size_t>()});
    s.restricted_maker_devices = c.at("restricted_maker_devices").get<std::size_t>();
    s.restricted_by_jurisdiction = c.at("restricted_by_jurisdiction").get<std::map<std::string, std::size_t>>();
    s.kev_devices = c.at("kev_devices").get<std::size_t>();
    s.biometric_devices = c.at("biometric_devices").get<std::size_t>();
    s.capabilities = c.at("capabilities").get<std::map<std::string, std::size_t>>();
    s.rights_bands = c.at("rights_bands").get<std::map<std::string, std::size_t>>();
    s.rights_score_sum = c.value("rights_score_sum", 0.0);
    if (auto it = d.find("devices"); it != d.end()) s.device_hashes = *it;
    return s;
  } catch (const json::exception& e) {
    throw std::invalid_argument(std::string("not a valid submission: ") + e.what());
  }
}

}  // namespace camaudit::census
