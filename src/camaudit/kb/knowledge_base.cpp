// SPDX-License-Identifier: Apache-2.0
// Loading the knowledge base from TOML. Every schema problem is reported with its
// file:line and loading goes on, so one run of `kb check` shows them all.
#include <camaudit/kb/knowledge_base.hpp>

#include <camaudit/protocol/protocol.hpp>
#include <camaudit/util/codec.hpp>
#include <camaudit/util/text.hpp>

#include <toml++/toml.h>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace camaudit::kb {

namespace fs = std::filesystem;

std::string normalise_name(std::string_view s) {
  std::string out;
  for (unsigned char c : s)
    if (std::isalnum(c)) out.push_back(static_cast<char>(std::tolower(c)));
  return out;
}

double oem_factor(OemConfidence c) noexcept {
  switch (c) {
    case OemConfidence::confirmed: return 0.95;
    case OemConfidence::likely: return 0.75;
    case OemConfidence::reported: return 0.4;
  }
  return 0;
}

std::string_view to_string(OemConfidence c) noexcept {
  switch (c) {
    case OemConfidence::confirmed: return "confirmed";
    case OemConfidence::likely: return "likely";
    case OemConfidence::reported: return "reported";
  }
  return "?";
}

const Vendor* KnowledgeBase::find_vendor(std::string_view name_or_alias) const {
  auto it = m_vendor_index.find(normalise_name(name_or_alias));
  return it == m_vendor_index.end() ? nullptr : &m_vendors[it->second];
}

std::optional<RuleMatch> KnowledgeBase::match_rule(const Rule& rule, std::string_view value) const {
  Captures captures;
  if (!rule.pattern.match(value, captures)) return std::nullopt;
  return interpolate(rule, captures);
}

// Reads one KB directory into a KnowledgeBase, collecting problems.
class Loader {
 public:
  Loader(KnowledgeBase& kb, std::vector<Problem>& problems) : m_kb(kb), m_problems(problems) {}

  void load(const fs::path& root, const fs::path& ieee_dir) {
    m_kb.m_root = root;
    if (!fs::is_directory(root)) {
      problem({"", 0}, "knowledge base directory not found");
      return;
    }
    load_vocab();
    load_vendors();
    load_oem();
    load_oui(ieee_dir);
    std::vector<fs::path> files;
    if (fs::is_directory(root / "fingerprints"))
      for (const auto& entry : fs::directory_iterator(root / "fingerprints"))
        if (entry.path().extension() == ".toml") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    for (const fs::path& f : files) load_fingerprints(f);
    m_kb.m_matcher_notes = m_kb.m_matcher.build(m_kb.m_rules, default_database_cache());
    m_kb.m_digest = util::md5_hex(m_digest_input);
  }

 private:
  KnowledgeBase& m_kb;
  std::vector<Problem>& m_problems;
  std::string m_digest_input;

  void problem(Location where, std::string message) { m_problems.push_back({std::move(where), std::move(message)}); }

  std::string relative(const fs::path& p) const { return fs::relative(p, m_kb.m_root).string(); }

  Location at(const std::string& file, const toml::node& node) const {
    return {file, static_cast<std::size_t>(node.source().begin.line)};
  }

  std::optional<toml::table> parse(const fs::path& path, bool required) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      if (required) problem({relative(path), 0}, "cannot read file");
      return std::nullopt;
    }
    std::stringstream buffer;
    buffer << in.rdbuf();
    std::string text = buffer.str();
    m_digest_input += relative(path) + '\0' + text + '\0';
    try {
      return toml::parse(text, path.string());
    } catch (const toml::parse_error& e) {
      problem({relative(path), static_cast<std::size_t>(e.source().begin.line)},
              std::string("TOML syntax: ") + std::string(e.description()));
      return std::nullopt;
    }
  }

  // Reads a string field; records a problem when required and missing or not a string.
  std::string str(const toml::table& t, std::string_view name, const Location& where, bool required) {
    const toml::node* node = t.get(name);
    if (node == nullptr) {
      if (required) problem(where, "missing required field '" + std::string(name) + "'");
      return {};
    }
    if (auto v = node->value<std::string>()) return *v;
    problem(where, "field '" + std::string(name) + "' must be a string");
    return {};
  }

  std::vector<std::string> strings(const toml::table& t, std::string_view name, const Location& where) {
    std::vector<std::string> out;
    const toml::node* node = t.get(name);
    if (node == nullptr) return out;
    if (auto s = node->value<std::string>()) return {*s};
    const toml::array* array = node->as_array();
    if (array == nullptr) {
      problem(where, "field '" + std::string(name) + "' must be a string or an array of strings");
      return out;
    }
    for (const toml::node& item : *array) {
      if (auto s = item.value<std::string>()) out.push_back(*s);
      else problem(where, "field '" + std::string(name) + "' must hold strings only");
    }
    return out;
  }

  void load_vocab() {
    auto doc = parse(m_kb.m_root / "vocab.toml", true);
    if (!doc) return;
    Location where{"vocab.toml", 1};
    for (const std::string& s : strings(*doc, "device_types", where)) m_kb.m_device_types.insert(s);
    for (const std::string& s : strings(*doc, "capabilities", where)) m_kb.m_capabilities.insert(s);
    if (m_kb.m_device_types.empty()) problem(where, "no device_types");
    if (m_kb.m_capabilities.empty()) problem(where, "no capabilities");
  }

  void load_vendors() {
    auto doc = parse(m_kb.m_root / "vendors.toml", true);
    if (!doc) return;
    const toml::array* list = (*doc)["vendor"].as_array();
    if (list == nullptr) {
      problem({"vendors.toml", 1}, "expected [[vendor]] tables");
      return;
    }
    for (const toml::node& node : *list) {
      const toml::table* t = node.as_table();
      if (t == nullptr) continue;
      Location where = at("vendors.toml", node);
      Vendor v;
      v.where = where;
      v.where_text = where.str();
      v.name = str(*t, "name", where, true);
      v.aliases = strings(*t, "aliases", where);
      v.parent = str(*t, "parent", where, false);
      v.country = str(*t, "country", where, false);
      v.source = str(*t, "source", where, true);
      if (auto r = (*t)["restricted"].value<bool>()) v.restricted = *r;
      if (v.name.empty()) continue;
      std::size_t index = m_kb.m_vendors.size();
      if (auto [it, inserted] = m_kb.m_vendor_index.emplace(normalise_name(v.name), index); !inserted)
        problem(where, "vendor name '" + v.name + "' already used by " + m_kb.m_vendors[it->second].name);
      for (const std::string& alias : v.aliases) {
        auto [it, inserted] = m_kb.m_vendor_index.emplace(normalise_name(alias), index);
        if (!inserted && it->second != index)
          problem(where, "alias '" + alias + "' already names vendor " + m_kb.m_vendors[it->second].name);
      }
      m_kb.m_vendors.push_back(std::move(v));
    }
    for (const Vendor& v : m_kb.m_vendors)
      if (!v.parent.empty() && m_kb.find_vendor(v.parent) == nullptr)
        problem(v.where, "parent '" + v.parent + "' is not a vendor");
  }

  std::string canonical_vendor(const std::string& name, const Location& where, std::string_view what) {
    const Vendor* v = m_kb.find_vendor(name);
    if (v == nullptr) {
      problem(where, std::string(what) + " '" + name + "' is not in vendors.toml");
      return name;
    }
    if (v->name != name) problem(where, std::string(what) + " '" + name + "' must be written as its canonical name '" + v->name + "'");
    return v->name;
  }

  void load_oem() {
    auto doc = parse(m_kb.m_root / "oem.toml", true);
    if (!doc) return;
    const toml::array* list = (*doc)["relation"].as_array();
    if (list == nullptr) {
      problem({"oem.toml", 1}, "expected [[relation]] tables");
      return;
    }
    for (const toml::node& node : *list) {
      const toml::table* t = node.as_table();
      if (t == nullptr) continue;
      Location where = at("oem.toml", node);
      OemRelation r;
      r.where = where;
      r.where_text = where.str();
      r.brand = canonical_vendor(str(*t, "brand", where, true), where, "brand");
      r.manufacturer = str(*t, "manufacturer", where, false);
      if (!r.manufacturer.empty()) r.manufacturer = canonical_vendor(r.manufacturer, where, "manufacturer");
      for (const std::string& c : strings(*t, "candidates", where)) r.candidates.push_back(canonical_vendor(c, where, "candidate"));
      if (r.manufacturer.empty() && r.candidates.empty()) problem(where, "relation needs a manufacturer or candidates");
      std::string confidence = str(*t, "confidence", where, true);
      if (confidence == "confirmed") r.confidence = OemConfidence::confirmed;
      else if (confidence == "likely") r.confidence = OemConfidence::likely;
      else if (confidence == "reported") r.confidence = OemConfidence::reported;
      else problem(where, "confidence must be confirmed, likely or reported");
      r.id = "oem:" + r.brand + "->" + (r.manufacturer.empty() ? "?" : r.manufacturer);
      r.evidence = str(*t, "evidence", where, true);
      r.source = source_text(*t, where);
      std::string pattern = str(*t, "model_pattern", where, false);
      if (!pattern.empty()) {
        std::string error;
        r.model_pattern = Pattern::compile(pattern, "i", &error);
        if (!r.model_pattern) problem(where, "model_pattern: " + error);
      }
      if (const toml::array* examples = (*t)["example"].as_array()) {
        for (const toml::node& e : *examples) {
          if (auto s = e.value<std::string>()) r.examples.push_back(*s);
          else if (const toml::table* et = e.as_table())
            r.examples.push_back(et->contains("model") ? str(*et, "model", where, true) : str(*et, "value", where, true));
        }
      }
      m_kb.m_oem.push_back(std::move(r));
    }
  }

  // `source` may be a string or a list of strings.
  std::string source_text(const toml::table& t, const Location& where) {
    std::vector<std::string> parts = strings(t, "source", where);
    if (parts.empty()) problem(where, "missing required field 'source'");
    std::string out;
    for (const std::string& p : parts) out += (out.empty() ? "" : "; ") + p;
    return out;
  }

  void load_oui(const fs::path& ieee_dir) {
    std::string error;
    if (!m_kb.m_oui.load_ieee(ieee_dir, &error)) problem({"(ieee-data)", 0}, error);
    std::vector<std::string> false_friends;
    if (auto doc = parse(m_kb.m_root / "oui_supplement.toml", false)) {
      if (const toml::array* list = (*doc)["prefix"].as_array()) {
        for (const toml::node& node : *list) {
          const toml::table* t = node.as_table();
          if (t == nullptr) continue;
          Location where = at("oui_supplement.toml", node);
          std::string prefix = str(*t, "prefix", where, true);
          std::string vendor = canonical_vendor(str(*t, "vendor", where, true), where, "vendor");
          std::string source = source_text(*t, where);
          std::string registrant = t->contains("registrant") ? str(*t, "registrant", where, true) : vendor;
          if (!m_kb.m_oui.add(prefix, registrant, "oui_supplement.toml: " + source))
            problem(where, "prefix '" + prefix + "' is not 6, 7 or 9 hex digits");
          m_supplement_vendor.emplace_back(normalise_name(registrant), vendor);
        }
      }
      if (const toml::array* list = (*doc)["false_friend"].as_array()) {
        for (const toml::node& node : *list) {
          const toml::table* t = node.as_table();
          if (t == nullptr) continue;
          Location where = at("oui_supplement.toml", node);
          std::string name = t->contains("registrant") ? str(*t, "registrant", where, true) : str(*t, "name", where, true);
          source_text(*t, where);
          false_friends.push_back(normalise_name(name));
        }
      }
    }
    m_kb.m_oui.map_vendors([&](const std::string& registrant) -> std::optional<std::size_t> {
      std::string key = normalise_name(registrant);
      if (std::find(false_friends.begin(), false_friends.end(), key) != false_friends.end()) return std::nullopt;
      for (const auto& [reg, vendor] : m_supplement_vendor)
        if (reg == key) return index_of(vendor);
      auto it = m_kb.m_vendor_index.find(key);
      if (it == m_kb.m_vendor_index.end()) return std::nullopt;
      return it->second;
    });
  }
  std::vector<std::pair<std::string, std::string>> m_supplement_vendor;

  std::optional<std::size_t> index_of(const std::string& vendor) const {
    const Vendor* v = m_kb.find_vendor(vendor);
    if (v == nullptr) return std::nullopt;
    return static_cast<std::size_t>(v - m_kb.m_vendors.data());
  }

  Example read_example(const toml::node& node, const std::string& file, const std::string& rule_source) {
    Example e;
    e.where = at(file, node);
    const toml::table* t = node.as_table();
    if (t == nullptr) {
      if (auto s = node.value<std::string>()) e.value = *s;
      else problem(e.where, "example must be a table or a string");
      e.source = rule_source;
      return e;
    }
    if (t->contains("value_hex")) {
      auto bytes = util::hex_decode(str(*t, "value_hex", e.where, true));
      if (!bytes) problem(e.where, "value_hex is not hex");
      else e.value = *bytes;
    } else {
      e.value = str(*t, "value", e.where, true);
    }
    e.source = t->contains("source") ? source_text(*t, e.where) : rule_source;
    if (std::string grade = str(*t, "grade", e.where, false); grade == "synthetic") e.grade = Grade::synthetic;
    else if (grade == "cited") e.grade = Grade::cited;
    else if (!grade.empty() && grade != "real") problem(e.where, "grade must be real, cited or synthetic");
    if (const toml::table* expect = (*t)["expect"].as_table()) {
      for (const auto& [k, v] : *expect) {
        if (auto s = v.value<std::string>()) e.expect.emplace(std::string(k.str()), *s);
        else problem(e.where, "expect values must be strings");
      }
    }
    return e;
  }

  void load_fingerprints(const fs::path& path) {
    const std::string file = relative(path);
    auto doc = parse(path, true);
    if (!doc) return;
    FingerprintFile ff;
    ff.path = file;
    Location top{file, 1};
    if (doc->get("schema") == nullptr || (*doc)["schema"].value<int64_t>() != 1) problem(top, "schema must be 1");
    ff.description = str(*doc, "description", top, true);
    ff.match_key = str(*doc, "match_key", top, false);
    const std::size_t file_index = m_kb.m_files.size();
    m_kb.m_files.push_back(ff);
    const toml::array* list = (*doc)["rule"].as_array();
    if (list == nullptr) {
      problem(top, "expected [[rule]] tables");
      return;
    }
    for (const toml::node& node : *list) {
      const toml::table* t = node.as_table();
      if (t == nullptr) continue;
      Rule r;
      r.where = at(file, node);
      r.where_text = r.where.str();
      r.file = file_index;
      r.id = str(*t, "id", r.where, true);
      r.description = str(*t, "description", r.where, true);
      r.key = t->contains("key") ? str(*t, "key", r.where, true) : ff.match_key;
      if (r.key.empty()) problem(r.where, "no key: set match_key in the file or key in the rule");
      r.flags = str(*t, "flags", r.where, false);
      r.source = source_text(*t, r.where);
      if (auto c = (*t)["certainty"].value<double>()) r.certainty = *c;
      else problem(r.where, "missing or non-numeric 'certainty'");
      std::string error;
      std::string pattern = str(*t, "pattern", r.where, true);
      if (auto compiled = Pattern::compile(pattern, r.flags, &error)) r.pattern = std::move(*compiled);
      else problem(r.where, "pattern: " + error);
      if (const toml::table* claims = (*t)["claims"].as_table()) {
        for (const auto& [k, v] : *claims) {
          auto attribute = attribute_from_name(k.str());
          auto value = v.value<std::string>();
          if (!attribute) problem(r.where, "unknown claim attribute '" + std::string(k.str()) + "'");
          else if (!value) problem(r.where, "claim '" + std::string(k.str()) + "' must be a string");
          else if (*attribute == Attribute::capability) {
            for (std::string_view cap : util::split(*value, ','))
              r.claims.push_back({*attribute, std::string(util::trim(cap))});
          } else {
            r.claims.push_back({*attribute, *value});
          }
        }
      } else {
        problem(r.where, "missing 'claims' table");
      }
      if (const toml::array* examples = (*t)["example"].as_array())
        for (const toml::node& e : *examples) r.examples.push_back(read_example(e, file, r.source));
      if (const toml::array* examples = (*t)["counterexample"].as_array())
        for (const toml::node& e : *examples) r.counterexamples.push_back(read_example(e, file, r.source));
      m_kb.m_rules.push_back(std::move(r));
    }
  }
};

std::unique_ptr<KnowledgeBase> KnowledgeBase::load(const fs::path& root, std::vector<Problem>& problems,
                                                   const fs::path& ieee_dir) {
  std::unique_ptr<KnowledgeBase> kb(new KnowledgeBase());
  Loader(*kb, problems).load(root, ieee_dir);
  return kb;
}

}  // namespace camaudit::kb
