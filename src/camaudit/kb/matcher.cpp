// SPDX-License-Identifier: Apache-2.0
#include <camaudit/kb/matcher.hpp>

#include <camaudit/kb/knowledge_base.hpp>

#include <camaudit/util/codec.hpp>

#include <hs/hs.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <fstream>
#include <iterator>

namespace camaudit::kb {

struct Matcher::KeyDatabase {
  hs_database_t* database = nullptr;
  std::vector<std::size_t> hs_rules;        // Hyperscan id -> rule index
  std::vector<std::size_t> fallback_rules;  // confirmed by PCRE2 on every value
  std::vector<std::size_t> all_rules;       // in file order (the baseline)
  ~KeyDatabase() { hs_free_database(database); }
};

namespace {

// Below this many rules on one key, PCRE2 alone is faster than a Hyperscan pass
// (measured with bench/identify_bench: the scan's fixed cost dominates).
constexpr std::size_t kHyperscanMinRules = 6;

unsigned int hs_flags_for(const std::string& flags) {
  unsigned int f = HS_FLAG_PREFILTER | HS_FLAG_SINGLEMATCH | HS_FLAG_ALLOWEMPTY;
  for (char c : flags) {
    if (c == 'i') f |= HS_FLAG_CASELESS;
    if (c == 's') f |= HS_FLAG_DOTALL;
    if (c == 'm') f |= HS_FLAG_MULTILINE;
  }
  return f;
}

// Hyperscan needs one scratch space per thread. Each built matcher keeps a prototype
// big enough for all its databases; a thread clones it the first time it matches with
// that matcher (identified by a generation number, as matchers may be rebuilt).
std::atomic<std::uint64_t> g_generation{0};
struct ThreadScratch {
  std::uint64_t generation = 0;
  hs_scratch_t* scratch = nullptr;
  ~ThreadScratch() { hs_free_scratch(scratch); }
};
thread_local ThreadScratch t_scratch;

hs_database_t* compile(const std::vector<const Rule*>& rules, std::string* error) {
  std::vector<const char*> expressions;
  std::vector<unsigned int> flags, ids;
  for (std::size_t i = 0; i < rules.size(); ++i) {
    expressions.push_back(rules[i]->pattern.source().c_str());
    flags.push_back(hs_flags_for(rules[i]->flags));
    ids.push_back(static_cast<unsigned int>(i));
  }
  hs_database_t* db = nullptr;
  hs_compile_error_t* compile_error = nullptr;
  if (hs_compile_multi(expressions.data(), flags.data(), ids.data(), static_cast<unsigned int>(rules.size()),
                       HS_MODE_BLOCK, nullptr, &db, &compile_error) != HS_SUCCESS) {
    if (error) *error = compile_error && compile_error->message ? compile_error->message : "unknown error";
    hs_free_compile_error(compile_error);
    return nullptr;
  }
  return db;
}

// The on-disk cache of compiled databases (see matcher.hpp).
namespace cache {

std::filesystem::path file_for(const std::filesystem::path& dir, const std::string& key,
                               const std::vector<const Rule*>& rules) {
  std::string identity = std::string(hs_version()) + '\0' + key + '\0';
  for (const Rule* r : rules) identity += r->pattern.source() + '\0' + r->flags + '\0';
  return dir / (util::sha256_hex(identity) + ".hsdb");
}

// Only a regular file of ours that nobody else can write is trusted: Hyperscan does not
// vouch for databases from hostile hands.
hs_database_t* load(const std::filesystem::path& file) {
  struct stat st {};
  if (::lstat(file.c_str(), &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != ::geteuid() ||
      (st.st_mode & (S_IWGRP | S_IWOTH)) != 0)
    return nullptr;
  std::ifstream in(file, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  hs_database_t* db = nullptr;
  if (bytes.empty() || hs_deserialize_database(bytes.data(), bytes.size(), &db) != HS_SUCCESS) return nullptr;
  return db;
}

// Best effort: a cache that cannot be written only costs the next run a compile.
void store(const std::filesystem::path& file, const hs_database_t* db) {
  std::error_code ec;
  std::filesystem::create_directories(file.parent_path(), ec);
  if (ec) return;
  ::chmod(file.parent_path().c_str(), 0700);
  char* bytes = nullptr;
  std::size_t size = 0;
  if (hs_serialize_database(db, &bytes, &size) != HS_SUCCESS) return;
  const std::filesystem::path temporary = file.string() + ".tmp" + std::to_string(::getpid());
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out.write(bytes, static_cast<std::streamsize>(size));
    if (!out) ec = std::make_error_code(std::errc::io_error);
  }
  std::free(bytes);  // hs_serialize_database allocates with the misc allocator (malloc)
  ::chmod(temporary.c_str(), 0600);
  if (!ec) std::filesystem::rename(temporary, file, ec);
  if (ec) std::filesystem::remove(temporary, ec);
}

}  // namespace cache

}  // namespace

std::filesystem::path default_database_cache() {
  if (const char* dir = std::getenv("CAMAUDIT_CACHE_DIR"); dir != nullptr && *dir != '\0')
    return std::string_view(dir) == "off" ? std::filesystem::path() : std::filesystem::path(dir);
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg != nullptr && *xdg == '/')
    return std::filesystem::path(xdg) / "camaudit";
  if (const char* home = std::getenv("HOME"); home != nullptr && *home == '/')
    return std::filesystem::path(home) / ".cache" / "camaudit";
  return {};
}

Matcher::Matcher() = default;
Matcher::~Matcher() { hs_free_scratch(m_prototype); }

std::vector<std::string> Matcher::build(const std::vector<Rule>& rules, const std::filesystem::path& cache_dir) {
  m_rules = &rules;
  m_cached = m_compiled = 0;
  m_keys.clear();
  hs_free_scratch(m_prototype);
  m_prototype = nullptr;
  m_generation = ++g_generation;
  std::vector<std::string> notes;
  std::unordered_map<std::string, std::vector<std::size_t>> by_key;
  for (std::size_t i = 0; i < rules.size(); ++i)
    if (rules[i].pattern.valid()) by_key[rules[i].key].push_back(i);

  for (auto& [key, indices] : by_key) {
    auto db = std::make_unique<KeyDatabase>();
    db->all_rules = indices;
    if (indices.size() < kHyperscanMinRules) {
      db->fallback_rules = indices;  // a few PCRE2 calls beat one Hyperscan scan here
      m_keys.emplace(key, std::move(db));
      continue;
    }
    // Usually every pattern compiles as a prefilter and one call builds the database.
    // Hyperscan names only the first bad expression, so on failure find each bad one
    // alone, confirm those by PCRE2 only, and build from the rest.
    std::vector<const Rule*> accepted;
    for (std::size_t index : indices) accepted.push_back(&rules[index]);
    db->hs_rules = indices;
    std::string error;
    const std::filesystem::path cached = cache_dir.empty() ? cache_dir : cache::file_for(cache_dir, key, accepted);
    if (!cached.empty()) db->database = cache::load(cached);
    if (db->database != nullptr) {
      ++m_cached;
    } else {
      db->database = compile(accepted, &error);
      if (db->database != nullptr) {
        ++m_compiled;
        if (!cached.empty()) cache::store(cached, db->database);
      }
    }
    if (db->database == nullptr) {
      accepted.clear();
      db->hs_rules.clear();
      for (std::size_t index : indices) {
        hs_database_t* single = compile({&rules[index]}, &error);
        if (single == nullptr) {
          db->fallback_rules.push_back(index);
          notes.push_back(rules[index].where.str() + ": " + rules[index].id + ": PCRE2 only (" + error + ")");
          continue;
        }
        hs_free_database(single);
        accepted.push_back(&rules[index]);
        db->hs_rules.push_back(index);
      }
      if (!accepted.empty()) db->database = compile(accepted, &error);
    }
    if (db->database != nullptr && hs_alloc_scratch(db->database, &m_prototype) != HS_SUCCESS) {
      hs_free_database(db->database);
      db->database = nullptr;
    }
    if (db->database == nullptr && !db->hs_rules.empty()) {  // should not happen after the single checks
      notes.push_back("key " + key + ": Hyperscan unavailable (" + error + "), PCRE2 only");
      db->fallback_rules.insert(db->fallback_rules.end(), db->hs_rules.begin(), db->hs_rules.end());
      db->hs_rules.clear();
    }
    m_keys.emplace(key, std::move(db));
  }
  return notes;
}

RuleMatch interpolate(const Rule& rule, const Captures& captures) {
  RuleMatch m{&rule, {}};
  for (const ClaimTemplate& claim : rule.claims) {
    std::string out;
    bool missing = false;
    std::string_view rest = claim.value;
    while (!rest.empty() && !missing) {
      const std::size_t open = rest.find('{');
      const std::size_t close = open == std::string_view::npos ? open : rest.find('}', open);
      if (close == std::string_view::npos) {  // only literal text left (kb check rejects a lone '{')
        out += rest;
        break;
      }
      out += rest.substr(0, open);
      std::string_view name = rest.substr(open + 1, close - open - 1);
      auto it = std::find_if(captures.begin(), captures.end(), [&](const auto& c) { return c.first == name; });
      missing = it == captures.end() || it->second.empty();  // an unset capture drops the claim
      if (!missing) out += it->second;
      rest.remove_prefix(close + 1);
    }
    if (!missing) m.claims.emplace_back(claim.attribute, std::move(out));
  }
  return m;
}

void Matcher::match(std::string_view key, std::string_view value, std::vector<RuleMatch>& out, bool one_by_one) const {
  auto it = m_keys.find(key);
  if (it == m_keys.end()) return;
  const KeyDatabase& db = *it->second;
  // Per-thread scratch: this runs for every field of every observation, and these
  // vectors keep their capacity from one call to the next.
  thread_local std::vector<std::size_t> candidates;
  thread_local std::vector<std::size_t> files_done;
  thread_local Captures captures;
  if (one_by_one || db.database == nullptr) {
    candidates.assign(one_by_one ? db.all_rules.begin() : db.fallback_rules.begin(),
                      one_by_one ? db.all_rules.end() : db.fallback_rules.end());
  } else {
    candidates.assign(db.fallback_rules.begin(), db.fallback_rules.end());
    if (t_scratch.generation != m_generation) {
      hs_free_scratch(t_scratch.scratch);
      t_scratch.scratch = nullptr;
      if (hs_clone_scratch(m_prototype, &t_scratch.scratch) != HS_SUCCESS) return;
      t_scratch.generation = m_generation;
    }
    struct Context {
      const KeyDatabase* db;
      std::vector<std::size_t>* out;
    } context{&db, &candidates};
    hs_scan(
        db.database, value.data(), static_cast<unsigned int>(value.size()), 0, t_scratch.scratch,
        [](unsigned int id, unsigned long long, unsigned long long, unsigned int, void* ctx) -> int {
          auto* c = static_cast<Context*>(ctx);
          c->out->push_back(c->db->hs_rules[id]);
          return 0;
        },
        &context);
    std::sort(candidates.begin(), candidates.end());  // Hyperscan reports in match-end order
  }
  // Keep the first confirmed rule per file, visiting candidates in rule order.
  files_done.clear();
  const std::vector<Rule>& rules = *m_rules;
  for (std::size_t index : candidates) {
    const Rule& rule = rules[index];
    if (std::find(files_done.begin(), files_done.end(), rule.file) != files_done.end()) continue;
    if (!rule.pattern.match(value, captures)) continue;
    out.push_back(interpolate(rule, captures));
    files_done.push_back(rule.file);
  }
}

}  // namespace camaudit::kb
