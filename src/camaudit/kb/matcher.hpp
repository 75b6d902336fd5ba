// SPDX-License-Identifier: Apache-2.0
// The multi-pattern matcher. For each field key, every rule's pattern is compiled
// once into one Hyperscan database (in prefilter mode, so constructs Hyperscan cannot
// run exactly still give a superset of candidates). Matching a value is then one
// pass over its bytes that yields the candidate rules; PCRE2 confirms only those and
// extracts captures. Rules Hyperscan rejects even as prefilters are confirmed by
// PCRE2 on every value of their key (listed by `kb stats`), and so are all rules of
// keys with only a few rules, where one Hyperscan scan costs more than the regexes.
//
// Compiling the databases takes over a second, nearly all of a KB load, so compiled
// databases are kept in an on-disk cache (as Suricata keeps its Hyperscan MPM cache),
// one file per key named by a hash of the Hyperscan version and the key's patterns: an
// edited rule misses the cache and is compiled again. A cache file that does not load
// (truncated, another Hyperscan build, another CPU) is compiled and rewritten.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

struct hs_database;
struct hs_scratch;

namespace camaudit::kb {

struct Rule;
struct RuleMatch;
class KnowledgeBase;

// Turns a rule's claim templates into claims using a match's named captures. A claim
// whose capture is unset or empty is dropped (the rule then says less, not wrong).
RuleMatch interpolate(const Rule& rule, const std::vector<std::pair<std::string_view, std::string_view>>& captures);

class Matcher {
 public:
  Matcher();
  ~Matcher();
  Matcher(const Matcher&) = delete;
  Matcher& operator=(const Matcher&) = delete;

  // Builds the per-key databases from `rules` (which must outlive the matcher), through
  // the cache in `cache_dir` when it is not empty. Returns one message per rule
  // Hyperscan could not take, for `kb stats`.
  std::vector<std::string> build(const std::vector<Rule>& rules, const std::filesystem::path& cache_dir = {});

  // Databases loaded from the cache / compiled by the last build().
  std::size_t cached_databases() const { return m_cached; }
  std::size_t compiled_databases() const { return m_compiled; }

  // Appends the first matching rule per KB file, in rule order, to `out`. Thread-safe
  // (scratch per thread). `one_by_one` skips Hyperscan and tries every rule of the
  // key in turn: the pre-Hyperscan way, kept as the benchmark's baseline and for kb
  // check's cross-check.
  void match(std::string_view key, std::string_view value, std::vector<RuleMatch>& out, bool one_by_one = false) const;

 private:
  struct KeyDatabase;
  const std::vector<Rule>* m_rules = nullptr;
  hs_scratch* m_prototype = nullptr;
  std::uint64_t m_generation = 0;
  std::size_t m_cached = 0;
  std::size_t m_compiled = 0;
  // Looked up by string_view on the hot path, without building a std::string.
  struct KeyHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, std::unique_ptr<KeyDatabase>, KeyHash, std::equal_to<>> m_keys;
};

// Where compiled databases are cached: $CAMAUDIT_CACHE_DIR, else $XDG_CACHE_HOME/camaudit,
// else ~/.cache/camaudit; empty (no cache) when CAMAUDIT_CACHE_DIR is "off" or no home
// is known.
std::filesystem::path default_database_cache();

}  // namespace camaudit::kb
