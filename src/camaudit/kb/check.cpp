// SPDX-License-Identifier: Apache-2.0
#include <camaudit/kb/check.hpp>

#include <camaudit/protocol/protocol.hpp>

#include <algorithm>
#include <set>

namespace camaudit::kb {

namespace {

constexpr std::string_view kDerivedKeys[] = {"device.model", "device.original_model", "device.firmware",
                                             "device.serial"};
constexpr std::size_t kMaxExamples = 40;

bool known_key(std::string_view key) {
  return protocol::known_field_key(key) ||
         std::find(std::begin(kDerivedKeys), std::end(kDerivedKeys), key) != std::end(kDerivedKeys);
}

std::string file_stem(const std::string& path) {
  std::string name = path.substr(path.find_last_of('/') + 1);
  return name.substr(0, name.rfind('.'));
}

class Checker {
 public:
  explicit Checker(const KnowledgeBase& kb) : m_kb(kb) {}

  std::vector<Problem> run() {
    std::set<std::string> ids;
    std::map<std::size_t, std::set<std::string>> descriptions;
    for (const Rule& rule : m_kb.rules()) {
      if (!ids.insert(rule.id).second) problem(rule.where, "duplicate rule id '" + rule.id + "'");
      if (!descriptions[rule.file].insert(rule.description).second)
        problem(rule.where, "duplicate description in this file: '" + rule.description + "'");
      check_rule(rule);
    }
    check_oem();
    return std::move(m_problems);
  }

 private:
  const KnowledgeBase& m_kb;
  std::vector<Problem> m_problems;

  void problem(const Location& where, std::string message) { m_problems.push_back({where, std::move(message)}); }

  void check_rule(const Rule& rule) {
    const std::string& file = m_kb.files()[rule.file].path;
    const std::string prefix = file_stem(file) + ".";
    if (rule.id.rfind(prefix, 0) != 0) problem(rule.where, "rule id must start with '" + prefix + "'");
    if (!known_key(rule.key)) problem(rule.where, "no parser produces field key '" + rule.key + "'");
    if (!(rule.certainty > 0 && rule.certainty <= 1)) problem(rule.where, "certainty must be in (0, 1]");
    if (!rule.pattern.valid()) return;  // loading reported why
    if (!rule.pattern.only_named_groups())
      problem(rule.where, "use named captures only: (?<name>...), or (?:...) for grouping");

    std::set<std::string> interpolated;
    for (const ClaimTemplate& claim : rule.claims) {
      check_claim_value(rule, claim);
      for (std::size_t i = claim.value.find('{'); i != std::string::npos; i = claim.value.find('{', i + 1)) {
        std::size_t close = claim.value.find('}', i);
        if (close == std::string::npos) {
          problem(rule.where, "claim '" + claim.value + "' has an unclosed '{'");
          break;
        }
        std::string name = claim.value.substr(i + 1, close - i - 1);
        auto names = rule.pattern.names();
        if (std::none_of(names.begin(), names.end(), [&](const auto& n) { return n.first == name; }))
          problem(rule.where, "claim interpolates {" + name + "} but the pattern has no such capture");
        interpolated.insert(std::string(attribute_name(claim.attribute)));
      }
    }
    if (rule.claims.empty()) problem(rule.where, "rule makes no claims");

    if (rule.examples.empty()) problem(rule.where, "rule has no example (every rule carries real examples)");
    if (rule.examples.size() > kMaxExamples) problem(rule.where, "more than 40 examples");
    std::set<std::string> seen;
    for (const Example& e : rule.examples) {
      if (!seen.insert(e.value).second) problem(e.where, "duplicate example");
      if (e.source.empty()) problem(e.where, "example has no source");
      check_example(rule, e, interpolated);
    }
    for (const Example& e : rule.counterexamples)
      if (rule.pattern.matches(e.value)) problem(e.where, "counterexample matches rule " + rule.id);
  }

  void check_claim_value(const Rule& rule, const ClaimTemplate& claim) {
    if (claim.interpolated()) return;
    switch (claim.attribute) {
      case Attribute::manufacturer:
      case Attribute::brand:
        if (const Vendor* v = m_kb.find_vendor(claim.value); v == nullptr)
          problem(rule.where, "vendor '" + claim.value + "' is not in vendors.toml");
        else if (v->name != claim.value)
          problem(rule.where, "write vendor '" + claim.value + "' as its canonical name '" + v->name + "'");
        break;
      case Attribute::device_type:
        if (!m_kb.device_types().count(claim.value))
          problem(rule.where, "device_type '" + claim.value + "' is not in vocab.toml");
        break;
      case Attribute::capability:
        if (!m_kb.capabilities().count(claim.value))
          problem(rule.where, "capability '" + claim.value + "' is not in vocab.toml");
        break;
      default:
        break;
    }
  }

  void check_example(const Rule& rule, const Example& e, const std::set<std::string>& interpolated) {
    auto direct = m_kb.match_rule(rule, e.value);
    if (!direct) {
      problem(e.where, "example does not match its rule " + rule.id);
      return;
    }
    // What the example must yield: exactly its `expect` for the interpolated claims.
    std::map<std::string, std::string> got;
    for (const auto& [attribute, value] : direct->claims) {
      std::string name(attribute_name(attribute));
      if (interpolated.count(name)) got[name] = value;
    }
    for (const auto& [name, value] : e.expect) {
      auto it = got.find(name);
      if (it == got.end()) problem(e.where, "expects " + name + "=\"" + value + "\" but the rule yields no " + name);
      else if (it->second != value)
        problem(e.where, "expects " + name + "=\"" + value + "\" but the rule yields \"" + it->second + "\"");
    }
    for (const auto& [name, value] : got)
      if (!e.expect.count(name))
        problem(e.where, "yields " + name + "=\"" + value + "\": list it in expect");

    // Shadowing and the fast path: matching the example as a field value must pick this
    // rule for its file (an earlier rule would win instead) via Hyperscan + PCRE2.
    const RuleMatch* mine = nullptr;
    std::vector<RuleMatch> all = m_kb.match(rule.key, e.value);
    for (const RuleMatch& m : all)
      if (m.rule->file == rule.file) mine = &m;
    if (mine == nullptr)
      problem(e.where, "the Hyperscan matcher misses this example (kb engine bug or unsupported pattern)");
    else if (mine->rule != &rule)
      problem(e.where, "shadowed: earlier rule " + mine->rule->id + " (" + mine->rule->where.str() + ") matches it first");
  }

  void check_oem() {
    for (const OemRelation& r : m_kb.oem()) {
      if (r.model_pattern && r.examples.empty()) problem(r.where, "model_pattern without an example model");
      for (const std::string& model : r.examples)
        if (r.model_pattern && !r.model_pattern->matches(model))
          problem(r.where, "example model '" + model + "' does not match model_pattern");
    }
  }
};

}  // namespace

std::vector<Problem> check(const KnowledgeBase& kb) { return Checker(kb).run(); }

}  // namespace camaudit::kb
