// SPDX-License-Identifier: Apache-2.0
// The registry (registry.cpp) is the one list of importers; this keeps it consistent
// with the files around it: every registered importer has a unique name, a summary, its
// own .cpp and _test.cpp and a fuzz target; every header that declares an Importer is
// registered.
#include <camaudit/source_paths.hpp>
#include <camaudit/ingest/importer.hpp>

#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

namespace camaudit::ingest {
namespace {

namespace fs = std::filesystem;

const fs::path kRepoRoot = fs::path(CAMAUDIT_SOURCE_KB_DIR).parent_path();
const fs::path kIngestDir = kRepoRoot / "src" / "camaudit" / "ingest";

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Importer name -> stem of the header declaring it, from `extern const Importer k<Name>Importer;`.
std::map<std::string, std::string> declared_importers() {
  static const std::regex kDeclaration(R"(extern\s+const\s+Importer\s+k(\w+)Importer\s*;)");
  std::map<std::string, std::string> declared;
  for (const fs::directory_entry& entry : fs::directory_iterator(kIngestDir)) {
    if (entry.path().extension() != ".hpp") continue;
    const std::string text = read_text(entry.path());
    for (std::sregex_iterator it(text.begin(), text.end(), kDeclaration), end; it != end; ++it) {
      std::string name = (*it)[1].str();
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      declared.emplace(name, entry.path().stem().string());
    }
  }
  return declared;
}

TEST(IngestRegistry, NamesAreUniqueAndComplete) {
  ASSERT_TRUE(fs::is_regular_file(kIngestDir / "registry.cpp")) << kIngestDir;
  ASSERT_FALSE(importers().empty());
  std::set<std::string_view> seen;
  for (const Importer& i : importers()) {
    EXPECT_FALSE(i.name.empty());
    EXPECT_TRUE(seen.insert(i.name).second) << "registered twice: " << i.name;
    EXPECT_FALSE(i.summary.empty()) << i.name;
    EXPECT_NE(i.run, nullptr) << i.name;
    EXPECT_EQ(find_importer(i.name), &i);
  }
  EXPECT_EQ(find_importer("no-such-format"), nullptr);
}

TEST(IngestRegistry, EveryImporterHasItsFileTestsAndFuzzTarget) {
  const auto declared = declared_importers();
  for (const Importer& i : importers()) {
    auto it = declared.find(std::string(i.name));
    if (it == declared.end()) {
      ADD_FAILURE() << i.name << ": no src/camaudit/ingest/*.hpp declares it";
      continue;
    }
    EXPECT_TRUE(fs::is_regular_file(kIngestDir / (it->second + ".cpp"))) << i.name;
    EXPECT_TRUE(fs::is_regular_file(kIngestDir / (it->second + "_test.cpp"))) << i.name << ": no tests";
    const fs::path fuzz = kRepoRoot / "fuzz" / ("import_" + std::string(i.name) + "_fuzz.cpp");
    EXPECT_TRUE(fs::is_regular_file(fuzz)) << "missing " << fuzz;
  }
}

TEST(IngestRegistry, EveryDeclaredImporterIsRegistered) {
  const auto declared = declared_importers();
  EXPECT_EQ(declared.size(), importers().size());
  for (const auto& [name, stem] : declared)
    EXPECT_NE(find_importer(name), nullptr) << stem << ".hpp declares \"" << name << "\", registry.cpp lacks it";
}

}  // namespace
}  // namespace camaudit::ingest
