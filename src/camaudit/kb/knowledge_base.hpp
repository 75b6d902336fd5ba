// SPDX-License-Identifier: Apache-2.0
// The knowledge base in memory: every rule, vendor, OEM relation and MAC prefix
// loaded from kb/ (see kb/README.md for the file formats). Loading never stops at
// the first problem: it collects every one with its file:line, so `kb check` can
// report them all, and `identify` refuses to run on a KB with errors.
#pragma once

#include <camaudit/core/claim.hpp>
#include <camaudit/kb/matcher.hpp>
#include <camaudit/kb/oui.hpp>
#include <camaudit/kb/pattern.hpp>

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace camaudit::kb {

struct Location {
  std::string file;  // relative to the KB root
  std::size_t line = 0;
  std::string str() const { return file + ":" + std::to_string(line); }
};

struct Problem {
  Location where;
  std::string message;
};

// One claim a rule makes; `value` may interpolate named captures: "{model}".
struct ClaimTemplate {
  Attribute attribute;
  std::string value;
  bool interpolated() const { return value.find('{') != std::string::npos; }
};

// How an example was obtained: seen on a real device, cited from a tool or document
// that shows it, or made up to the documented format (kb stats counts each).
enum class Grade { real, cited, synthetic };

struct Example {
  std::string value;
  std::map<std::string, std::string> expect;  // attribute name -> value (interpolated claims)
  std::string source;
  Grade grade = Grade::real;
  Location where;
};

struct Rule {
  std::string id;
  std::string description;
  std::string key;  // field key it matches
  std::string flags;
  double certainty = 0;
  std::string source;
  std::vector<ClaimTemplate> claims;
  std::vector<Example> examples;
  std::vector<Example> counterexamples;
  Location where;
  std::string where_text;  // "fingerprints/x.toml:12", the form claims cite
  std::size_t file = 0;    // index into KnowledgeBase::files()
  Pattern pattern;
};

struct FingerprintFile {
  std::string path;  // relative to the KB root
  std::string description;
  std::string match_key;
};

struct Vendor {
  std::string name;
  std::vector<std::string> aliases;
  std::string parent;
  std::string country;
  bool restricted = false;
  std::string source;
  Location where;
  std::string where_text;  // "vendors.toml:12"
};

enum class OemConfidence { confirmed, likely, reported };
double oem_factor(OemConfidence c) noexcept;  // how much a relation passes on
std::string_view to_string(OemConfidence c) noexcept;

struct OemRelation {
  std::string brand;
  std::string manufacturer;             // empty when only candidates are known
  std::vector<std::string> candidates;  // "Hikvision or Dahua"
  std::optional<Pattern> model_pattern;
  OemConfidence confidence = OemConfidence::reported;
  std::string evidence;
  std::string source;
  std::vector<std::string> examples;  // models the pattern must match
  Location where;
  std::string id;          // "oem:Lorex->Dahua", the rule name claims cite
  std::string where_text;  // "oem.toml:40"
};

// A claim as produced by matching one field: the rule and the interpolated values.
struct RuleMatch {
  const Rule* rule;
  std::vector<std::pair<Attribute, std::string>> claims;
};

class KnowledgeBase {
 public:
  // Loads every file under `root`. Problems are appended to `problems`; the KB is
  // usable for matching only when none were reported.
  static std::unique_ptr<KnowledgeBase> load(const std::filesystem::path& root,
                                             std::vector<Problem>& problems,
                                             const std::filesystem::path& ieee_dir = kDefaultIeeeDir);

  const std::filesystem::path& root() const { return m_root; }
  const std::vector<Rule>& rules() const { return m_rules; }
  const std::vector<FingerprintFile>& files() const { return m_files; }
  const std::vector<Vendor>& vendors() const { return m_vendors; }
  const std::vector<OemRelation>& oem() const { return m_oem; }
  const std::set<std::string>& device_types() const { return m_device_types; }
  const std::set<std::string>& capabilities() const { return m_capabilities; }
  const OuiTable& oui() const { return m_oui; }

  // Canonical vendor by name or alias (case- and punctuation-insensitive).
  const Vendor* find_vendor(std::string_view name_or_alias) const;

  // Every rule that matches `value` for field `key`: the first in file order per file.
  std::vector<RuleMatch> match(std::string_view key, std::string_view value) const {
    std::vector<RuleMatch> out;
    m_matcher.match(key, value, out);
    return out;
  }
  // The same, appended to `out` (the hot path: no vector per call).
  void match(std::string_view key, std::string_view value, std::vector<RuleMatch>& out) const {
    m_matcher.match(key, value, out);
  }
  // The same answer as match(), found by trying every rule of the key one by one
  // with PCRE2: the benchmark's baseline.
  void match_one_by_one(std::string_view key, std::string_view value, std::vector<RuleMatch>& out) const {
    m_matcher.match(key, value, out, true);
  }
  // Interpolates one rule's claims against `value`; nullopt when it does not match.
  std::optional<RuleMatch> match_rule(const Rule& rule, std::string_view value) const;

  // Rules the Hyperscan fast path could not take (confirmed by PCRE2 alone), one line each.
  const std::vector<std::string>& matcher_notes() const { return m_matcher_notes; }
  const Matcher& matcher() const { return m_matcher; }

  // Content hash of every loaded file, so a report can name the KB it used.
  const std::string& digest() const { return m_digest; }

 private:
  KnowledgeBase() = default;
  friend class Loader;

  std::filesystem::path m_root;
  std::vector<Rule> m_rules;
  std::vector<FingerprintFile> m_files;
  std::vector<Vendor> m_vendors;
  std::map<std::string, std::size_t> m_vendor_index;  // normalised name/alias -> vendor
  std::vector<OemRelation> m_oem;
  std::set<std::string> m_device_types;
  std::set<std::string> m_capabilities;
  OuiTable m_oui;
  Matcher m_matcher;
  std::vector<std::string> m_matcher_notes;
  std::string m_digest;
};

// Lower-case alphanumerics only: "Zhejiang Dahua Technology Co., Ltd." and
// "ZHEJIANG DAHUA TECHNOLOGY CO.,LTD" compare equal.
std::string normalise_name(std::string_view s);

}  // namespace camaudit::kb
