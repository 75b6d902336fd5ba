// SPDX-License-Identifier: Apache-2.0
// Loading kb/vulns/*.toml and kev.json for the vulnerability check, every problem with its
// file:line (kb check reports them all), and the data's own examples (self_test).
#include <camaudit/assess/vulns.hpp>

#include <toml++/toml.h>

#include <algorithm>
#include <set>

namespace camaudit::assess {

namespace {

namespace fs = std::filesystem;

struct Loader {
  const kb::KnowledgeBase& kb;
  std::vector<kb::Problem>& problems;
  std::string file;  // relative to the KB root: "vulns/hikvision.toml"

  kb::Location at(const toml::node& node) const { return {file, static_cast<std::size_t>(node.source().begin.line)}; }
  void problem(const kb::Location& where, std::string message) { problems.push_back({where, std::move(message)}); }

  std::string str(const toml::table& t, std::string_view key, const kb::Location& where, bool required) {
    const toml::node* n = t.get(key);
    if (n == nullptr) {
      if (required) problem(where, "missing '" + std::string(key) + "'");
      return {};
    }
    if (!n->is_string()) {
      problem(at(*n), "'" + std::string(key) + "' must be a string");
      return {};
    }
    return std::string(n->as_string()->get());
  }

  std::vector<std::string> strings(const toml::table& t, std::string_view key) {
    std::vector<std::string> out;
    const toml::node* n = t.get(key);
    if (n == nullptr) return out;
    const toml::array* a = n->as_array();
    if (a == nullptr) return problem(at(*n), "'" + std::string(key) + "' must be a list of strings"), out;
    for (const toml::node& item : *a) {
      if (!item.is_string()) problem(at(item), "'" + std::string(key) + "' must be a list of strings");
      else out.emplace_back(item.as_string()->get());
    }
    return out;
  }

  std::optional<Version> version(const toml::table& t, std::string_view key) {
    const toml::node* n = t.get(key);
    if (n == nullptr) return std::nullopt;
    Version v = parse_version(n->is_string() ? std::string_view(n->as_string()->get()) : std::string_view());
    if (!v.ok()) problem(at(*n), "'" + std::string(key) + "' is no version camaudit can compare: " + v.error);
    return v;
  }

  std::optional<kb::Pattern> pattern(const toml::table& t, std::string_view key) {
    const toml::node* n = t.get(key);
    if (n == nullptr) return std::nullopt;
    std::string error;
    auto p = kb::Pattern::compile(n->is_string() ? std::string(n->as_string()->get()) : std::string(), "i", &error);
    if (!p) problem(at(*n), "'" + std::string(key) + "' does not compile: " + error);
    return p;
  }

  std::optional<Verdict> verdict(const toml::table& t, std::string_view key, const kb::Location& where) {
    std::string s = str(t, key, where, false);
    if (s.empty()) return std::nullopt;
    auto v = verdict_from_string(s);
    if (!v) problem(where, "'" + std::string(key) + "': unknown verdict '" + s + "'");
    return v;
  }

  void vendor_known(const std::string& name, const kb::Location& where) {
    const kb::Vendor* v = kb.find_vendor(name);
    if (v == nullptr) problem(where, "vendor '" + name + "' is not in vendors.toml");
    else if (v->name != name) problem(where, "'" + name + "': write the canonical vendor name '" + v->name + "'");
  }

  VulnFamily family(const toml::table& t) {
    VulnFamily f;
    f.where = at(t);
    f.name = str(t, "name", f.where, true);
    f.model = pattern(t, "model");
    f.firmware = pattern(t, "firmware");
    f.from = version(t, "from");
    f.through = version(t, "through");
    f.before = version(t, "before");
    for (const std::string& s : strings(t, "affected")) f.affected.push_back(parse_version(s));
    for (const std::string& s : strings(t, "unaffected")) f.unaffected.push_back(parse_version(s));
    for (const auto* list : {&f.affected, &f.unaffected})
      for (const Version& v : *list)
        if (!v.ok()) problem(f.where, "'" + v.text + "' is no version camaudit can compare: " + v.error);
    if (std::string d = str(t, "build_before", f.where, false); !d.empty()) {
      f.build_before = parse_build_date(d);
      if (!f.build_before) problem(f.where, "build_before '" + d + "' is not a date (YYYY-MM[-DD])");
    }
    if (auto v = verdict(t, "inside", f.where)) f.inside = *v;
    f.otherwise = verdict(t, "otherwise", f.where);
    if (f.through && f.before) problem(f.where, "give 'through' (last affected) or 'before' (first fixed), not both");
    if (!t.get("model") && !t.get("firmware")) problem(f.where, "a family needs 'model' or 'firmware' (a pattern)");
    return f;
  }

  VulnExample example(const toml::table& t) {
    VulnExample e;
    e.where = at(t);
    e.model = str(t, "model", e.where, false);
    e.brand = str(t, "brand", e.where, false);
    e.firmware = str(t, "firmware", e.where, false);
    e.source = str(t, "source", e.where, true);
    std::string expect = str(t, "expect", e.where, true);
    if (auto v = verdict_from_string(expect)) e.expect = *v;
    else problem(e.where, "expect: unknown verdict '" + expect + "'");
    return e;
  }

  template <typename F>
  void each_table(const toml::table& t, std::string_view key, F&& f) {
    const toml::node* n = t.get(key);
    if (n == nullptr) return;
    const toml::array* a = n->as_array();
    if (a == nullptr) return problem(at(*n), "expected [[" + std::string(key) + "]] tables");
    for (const toml::node& item : *a) {
      if (const toml::table* table = item.as_table()) f(*table);
      else problem(at(item), "expected [[" + std::string(key) + "]] tables");
    }
  }

  Vuln vuln(const toml::table& t, const std::string& file_vendor) {
    Vuln v;
    v.where = at(t);
    v.id = str(t, "id", v.where, true);
    v.vendor = str(t, "vendor", v.where, false);
    if (v.vendor.empty()) v.vendor = file_vendor;
    if (v.vendor.empty()) problem(v.where, "no vendor (in the entry or the file)");
    else vendor_known(v.vendor, v.where);
    v.brands = strings(t, "brands");
    for (const std::string& b : v.brands) vendor_known(b, v.where);
    v.title = str(t, "title", v.where, true);
    if (const toml::node* n = t.get("cvss")) {
      if (auto d = n->value<double>(); d && *d >= 0 && *d <= 10) v.cvss = *d;
      else problem(at(*n), "cvss must be a number from 0 to 10");
    }
    v.cvss_vector = str(t, "cvss_vector", v.where, false);
    v.cvss_source = str(t, "cvss_source", v.where, true);
    v.cwe = strings(t, "cwe");
    v.published = str(t, "published", v.where, true);
    if (const toml::table* a = t.get_as<toml::table>("advisory")) {
      v.advisory_id = str(*a, "id", at(*a), true);
      v.advisory_url = str(*a, "url", at(*a), false);
    }
    if (const toml::node* n = t.get("needs_credentials"); n && n->is_boolean()) v.needs_credentials = n->as_boolean()->get();
    else problem(v.where, "needs_credentials (true/false) is required: does deciding it need an account?");
    v.credentials_note = str(t, "credentials_note", v.where, false);
    if (const toml::table* x = t.get_as<toml::table>("exploited")) {
      v.exploited_date = str(*x, "date", at(*x), true);
      v.exploited_source = str(*x, "source", at(*x), true);
    }
    v.do_not = str(t, "do_not", v.where, false);
    v.source = str(t, "source", v.where, true);
    each_table(t, "family", [&](const toml::table& f) { v.families.push_back(family(f)); });
    each_table(t, "example", [&](const toml::table& e) { v.examples.push_back(example(e)); });
    if (v.families.empty()) problem(v.where, v.id + ": no [[cve.family]]");
    if (v.examples.empty()) problem(v.where, v.id + ": no [[cve.example]] (every entry needs an example device)");
    const bool id_ok = v.id.size() >= 13 && v.id.rfind("CVE-", 0) == 0;
    if (!id_ok) problem(v.where, "id '" + v.id + "' is not a CVE id");
    return v;
  }

  void file_of(const fs::path& path, std::vector<Vuln>& out) {
    toml::table doc;
    try {
      doc = toml::parse_file(path.string());
    } catch (const toml::parse_error& e) {
      return problem({file, static_cast<std::size_t>(e.source().begin.line)}, std::string(e.description()));
    }
    if (doc["schema"].value<int64_t>() != 1) problem({file, 1}, "schema = 1 expected");
    const std::string vendor = str(doc, "vendor", {file, 1}, false);
    each_table(doc, "cve", [&](const toml::table& t) { out.push_back(vuln(t, vendor)); });
  }
};

}  // namespace

void VulnerabilityCheck::load(const fs::path& kb_dir, const kb::KnowledgeBase& kb, std::vector<kb::Problem>& problems) {
  m_kb = &kb;
  m_vulns.clear();
  const fs::path dir = kb_dir / "vulns";
  std::vector<fs::path> files;
  std::error_code ec;
  if (fs::is_directory(dir, ec))
    for (const auto& entry : fs::directory_iterator(dir, ec))
      if (entry.path().extension() == ".toml") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  for (const fs::path& f : files) Loader{kb, problems, "vulns/" + f.filename().string()}.file_of(f, m_vulns);
  std::set<std::string> seen;
  for (const Vuln& v : m_vulns)
    if (!seen.insert(v.id).second) problems.push_back({v.where, v.id + " is listed twice"});
  try {
    m_kev = read_kev(dir / "kev.json");
  } catch (const KevError& e) {
    problems.push_back({{"vulns/kev.json", 1}, e.what()});
  }
  for (const KevEntry& e : m_kev.entries)
    if (kb.find_vendor(e.vendor) == nullptr)
      problems.push_back({{"vulns/kev.json", 1}, e.cve + ": vendorProject '" + e.vendor + "' is not in vendors.toml"});
}

void VulnerabilityCheck::self_test(std::vector<kb::Problem>& problems) const {
  for (const Vuln& v : m_vulns) {
    for (const VulnExample& e : v.examples) {
      DeviceRecord device;
      device.key = device.ip = "example";
      device.manufacturer = v.vendor;
      if (!e.brand.empty()) device.brand = e.brand;
      if (!e.model.empty()) device.model = e.model;
      if (!e.firmware.empty()) device.firmware = e.firmware;
      device.confidence = 1;
      Verdict got = Verdict::not_applicable;
      std::string why;
      for (const Judgement& j : judge(device))
        if (j.vuln == &v) got = j.verdict, why = j.why;
      if (got != e.expect)
        problems.push_back({e.where, v.id + " example " + e.model + " '" + e.firmware + "': expected " +
                                         std::string(to_string(e.expect)) + ", got " + std::string(to_string(got)) +
                                         (why.empty() ? "" : " (" + why + ")")});
    }
  }
}

std::unique_ptr<Check> make_vulnerability_check() { return std::make_unique<VulnerabilityCheck>(); }

}  // namespace camaudit::assess
