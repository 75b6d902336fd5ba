// SPDX-License-Identifier: Apache-2.0
// Reading the assessment's own knowledge-base files (kb/policy/, kb/capabilities/,
// kb/rights/, kb/exposure/): every *.toml of a folder parsed with toml++, each problem
// recorded with its file:line (never thrown), and small typed accessors that record a
// problem instead of failing, so `kb check` reports every mistake in one run.
#pragma once

#include <camaudit/core/device_record.hpp>
#include <camaudit/kb/knowledge_base.hpp>

#include <toml++/toml.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace camaudit::assess {

// One parsed file and where its entries are, for the accessors below.
struct TomlFile {
  std::string path;  // relative to the kb root: "policy/us.toml"
  toml::table doc;
};

class DataReader {
 public:
  DataReader(const std::filesystem::path& kb_dir, std::vector<kb::Problem>& problems)
      : m_root(kb_dir), m_problems(problems) {}

  // Every *.toml in kb_dir/folder, sorted by name; a missing folder is a problem.
  std::vector<TomlFile> folder(const std::string& folder);
  // One file (kb_dir/relative); nullopt (and a problem when required) if unreadable.
  std::optional<TomlFile> file(const std::string& relative, bool required);

  static kb::Location at(const TomlFile& f, const toml::node& node) {
    return {f.path, static_cast<std::size_t>(node.source().begin.line)};
  }
  // The tables of an array of tables ([[rule]]); a present non-array is a problem.
  std::vector<const toml::table*> tables(const toml::table& t, std::string_view name, const kb::Location& where);

  std::string str(const toml::table& t, std::string_view name, const kb::Location& where, bool required);
  std::vector<std::string> strings(const toml::table& t, std::string_view name, const kb::Location& where);
  std::optional<double> number(const toml::table& t, std::string_view name, const kb::Location& where, bool required);
  bool boolean(const toml::table& t, std::string_view name, const kb::Location& where, bool fallback);
  // A table of string values ({ us_federal_agency = "prohibited_component" }).
  std::map<std::string, std::string> string_map(const toml::table& t, std::string_view name, const kb::Location& where);
  // [[<name>.cite]] tables: instrument (required), section, date, url.
  std::vector<Citation> citations(const TomlFile& f, const toml::table& t, const kb::Location& where);
  // `source` may be a string or a list; required.
  std::string source(const toml::table& t, const kb::Location& where);

  void problem(kb::Location where, std::string message) { m_problems.push_back({std::move(where), std::move(message)}); }

 private:
  std::filesystem::path m_root;
  std::vector<kb::Problem>& m_problems;
};

inline bool contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

// "US" applies to a profile in "US" or "US-LA"; "US-LA" only to "US-LA".
inline bool applies_in(const std::string& rule_jurisdiction, const std::string& jurisdiction) {
  return jurisdiction == rule_jurisdiction || jurisdiction.starts_with(rule_jurisdiction + "-");
}

// Canonical vendor name for `name`, or a problem ("entity vendor 'X' is not in vendors.toml").
std::string resolve_vendor(const kb::KnowledgeBase& kb, const std::string& name, const kb::Location& where,
                           DataReader& reader);

}  // namespace camaudit::assess
