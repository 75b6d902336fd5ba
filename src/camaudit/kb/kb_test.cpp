// SPDX-License-Identifier: Apache-2.0
#include <camaudit/source_paths.hpp>
#include <camaudit/kb/check.hpp>
#include <camaudit/kb/knowledge_base.hpp>

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace camaudit::kb {
namespace {

namespace fs = std::filesystem;

// A throwaway KB directory with the given fingerprint file.
class TempKb {
 public:
  explicit TempKb(const std::string& fingerprints) {
    m_dir = fs::temp_directory_path() / ("camaudit-kb-test-" + std::to_string(::getpid()) + "-" + std::to_string(s_count++));
    fs::create_directories(m_dir / "fingerprints");
    write("vocab.toml", "device_types = [\"camera\", \"nvr\"]\ncapabilities = [\"ptz\"]\n");
    write("vendors.toml",
          "[[vendor]]\nname = \"Hikvision\"\naliases = [\"Hangzhou Hikvision Digital Technology Co.,Ltd.\"]\n"
          "source = \"test\"\n[[vendor]]\nname = \"Dahua\"\nsource = \"test\"\n"
          "[[vendor]]\nname = \"Lorex\"\nsource = \"test\"\n");
    write("oem.toml",
          "[[relation]]\nbrand = \"Lorex\"\nmanufacturer = \"Dahua\"\nconfidence = \"confirmed\"\n"
          "evidence = \"test\"\nsource = \"test\"\n");
    write("fingerprints/http_server.toml", fingerprints);
  }
  ~TempKb() { fs::remove_all(m_dir); }
  const fs::path& dir() const { return m_dir; }

 private:
  void write(const std::string& name, const std::string& text) { std::ofstream(m_dir / name) << text; }
  fs::path m_dir;
  static inline int s_count = 0;
};

std::vector<Problem> load_and_check(const TempKb& dir, std::unique_ptr<KnowledgeBase>* out = nullptr) {
  std::vector<Problem> problems;
  auto kb = KnowledgeBase::load(dir.dir(), problems);
  auto more = check(*kb);
  problems.insert(problems.end(), more.begin(), more.end());
  if (out) *out = std::move(kb);
  return problems;
}

std::string messages(const std::vector<Problem>& problems) {
  std::string s;
  for (const auto& p : problems) s += p.where.str() + ": " + p.message + "\n";
  return s;
}

const char* kGood = R"(schema = 1
description = "Server header"
match_key = "http.server"

[[rule]]
id = "http_server.hik_versioned"
description = "versioned"
pattern = '^App-webs/(?<version>\d[\d.]*)$'
certainty = 0.8
source = "test"
claims = { manufacturer = "Hikvision", firmware = "{version}", device_type = "camera" }
  [[rule.example]]
  value = "App-webs/1.2"
  expect = { firmware = "1.2" }

[[rule]]
id = "http_server.hik"
description = "plain"
pattern = '^App-webs/'
certainty = 0.7
source = "test"
claims = { manufacturer = "Hikvision" }
  [[rule.example]]
  value = "App-webs/"
  [[rule.counterexample]]
  value = "App-webs"
)";

TEST(KnowledgeBase, GoodFileChecksCleanAndMatchesFirstRulePerFile) {
  TempKb dir(kGood);
  std::unique_ptr<KnowledgeBase> kb;
  auto problems = load_and_check(dir, &kb);
  ASSERT_TRUE(problems.empty()) << messages(problems);
  auto matches = kb->match("http.server", "App-webs/5.4");
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_EQ(matches[0].rule->id, "http_server.hik_versioned");
  EXPECT_EQ(matches[0].claims.size(), 3u);
  EXPECT_TRUE(kb->match("http.server", "nginx").empty());
  EXPECT_TRUE(kb->match("http.title", "App-webs/").empty());
  // The one-by-one baseline agrees with the Hyperscan path.
  std::vector<kb::RuleMatch> baseline;
  kb->match_one_by_one("http.server", "App-webs/", baseline);
  ASSERT_EQ(kb->match("http.server", "App-webs/").size(), 1u);
  ASSERT_EQ(baseline.size(), 1u);
  EXPECT_EQ(baseline[0].rule->id, "http_server.hik");
}

TEST(KnowledgeBase, ReportsShadowingWrongExpectAndUnknownVocabulary) {
  std::string bad = kGood;
  // Swap the rules' order: the general rule now shadows the versioned one's example.
  auto split = bad.find("[[rule]]\nid = \"http_server.hik\"\n");
  std::string first = bad.substr(bad.find("[[rule]]"), split - bad.find("[[rule]]"));
  std::string second = bad.substr(split);
  bad = bad.substr(0, bad.find("[[rule]]")) + second + "\n" + first;
  bad += R"(
[[rule]]
id = "http_server.wrong"
description = "wrong expect, unknown vendor and type"
pattern = '^Foo (?<model>\w+)$'
certainty = 0.5
source = "test"
claims = { manufacturer = "Acme", device_type = "toaster", model = "{model}" }
  [[rule.example]]
  value = "Foo X1"
  expect = { model = "X2" }
)";
  TempKb dir(bad);
  std::string text = messages(load_and_check(dir));
  EXPECT_NE(text.find("shadowed: earlier rule http_server.hik "), std::string::npos) << text;
  EXPECT_NE(text.find("expects model=\"X2\" but the rule yields \"X1\""), std::string::npos) << text;
  EXPECT_NE(text.find("vendor 'Acme' is not in vendors.toml"), std::string::npos) << text;
  EXPECT_NE(text.find("device_type 'toaster' is not in vocab.toml"), std::string::npos) << text;
  EXPECT_NE(text.find("http_server.toml:"), std::string::npos) << "problems carry file:line";
}

TEST(KnowledgeBase, RejectsPositionalCapturesMissingExamplesAndSyntaxErrors) {
  TempKb dir(R"(schema = 1
description = "x"
match_key = "http.server"
[[rule]]
id = "http_server.positional"
description = "positional capture"
pattern = '^Bar (\d+)$'
certainty = 0.5
source = "test"
claims = { manufacturer = "Dahua" }
)");
  std::string text = messages(load_and_check(dir));
  EXPECT_NE(text.find("named captures only"), std::string::npos) << text;
  EXPECT_NE(text.find("no example"), std::string::npos) << text;

  TempKb broken("schema = 1\nthis is not toml\n");
  text = messages(load_and_check(broken));
  EXPECT_NE(text.find("http_server.toml:2: TOML syntax"), std::string::npos) << text;
}

TEST(KnowledgeBase, HostilePatternInputHitsMatchLimitNotHang) {
  TempKb dir(R"(schema = 1
description = "x"
match_key = "http.server"
[[rule]]
id = "http_server.backtracking"
description = "catastrophic backtracking"
pattern = '^(?:a+)+$'
certainty = 0.5
source = "test"
claims = { manufacturer = "Dahua" }
  [[rule.example]]
  value = "aaaa"
)");
  std::unique_ptr<KnowledgeBase> kb;
  load_and_check(dir, &kb);
  std::string hostile(5000, 'a');
  hostile += 'b';
  EXPECT_TRUE(kb->match("http.server", hostile).empty());
}

TEST(Oui, ReadsDebianRegistryAndMapsVendorAliases) {
  TempKb dir(kGood);
  std::unique_ptr<KnowledgeBase> kb;
  load_and_check(dir, &kb);
  ASSERT_GT(kb->oui().size(), 30000u);
  auto hit = kb->oui().lookup("58-50-ed-1f-e3-85");  // corpus hikvision_sadp_1.txt
  ASSERT_TRUE(hit.has_value());
  EXPECT_EQ(hit->prefix, "58:50:ed");
  ASSERT_TRUE(hit->vendor.has_value());
  EXPECT_EQ(kb->vendors()[*hit->vendor].name, "Hikvision");
  EXPECT_FALSE(kb->oui().lookup("zz:zz").has_value());
  EXPECT_EQ(normalise_mac("5850.ED1F.E385").value(), "58:50:ed:1f:e3:85");
  EXPECT_FALSE(normalise_mac("58:50:ed").has_value());
}

// The compiled-database cache: the second load reads what the first compiled, gives the
// same matches, and a damaged or foreign-writable cache file is compiled again.
TEST(KnowledgeBase, CompiledDatabasesAreCachedAndDamagedEntriesRecompiled) {
  const fs::path cache = fs::temp_directory_path() / ("camaudit-hs-cache-" + std::to_string(::getpid()));
  fs::remove_all(cache);
  ::setenv("CAMAUDIT_CACHE_DIR", cache.c_str(), 1);
  auto load = [] {
    std::vector<Problem> problems;
    auto kb = KnowledgeBase::load(CAMAUDIT_SOURCE_KB_DIR, problems);
    EXPECT_TRUE(problems.empty());
    return kb;
  };
  auto first = load();
  ASSERT_GT(first->matcher().compiled_databases(), 0u);
  EXPECT_EQ(first->matcher().cached_databases(), 0u);
  const std::size_t databases = first->matcher().compiled_databases();
  EXPECT_EQ(fs::status(cache).permissions() & fs::perms::all, fs::perms::owner_all);

  auto second = load();
  EXPECT_EQ(second->matcher().cached_databases(), databases);
  EXPECT_EQ(second->matcher().compiled_databases(), 0u);
  const std::string server = "App-webs/";
  ASSERT_EQ(second->match("http.server", server).size(), first->match("http.server", server).size());

  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(cache)) files.push_back(entry.path());
  ASSERT_EQ(files.size(), databases);
  std::ofstream(files[0], std::ios::trunc) << "not a database";
  fs::permissions(files[1], fs::perms::others_write, fs::perm_options::add);
  auto third = load();
  EXPECT_EQ(third->matcher().compiled_databases(), 2u);
  EXPECT_EQ(third->matcher().cached_databases(), databases - 2);

  ::setenv("CAMAUDIT_CACHE_DIR", "off", 1);
  auto uncached = load();
  EXPECT_EQ(uncached->matcher().cached_databases(), 0u);
  ::unsetenv("CAMAUDIT_CACHE_DIR");
  fs::remove_all(cache);
}

}  // namespace
}  // namespace camaudit::kb
