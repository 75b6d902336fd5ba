// SPDX-License-Identifier: Apache-2.0
// registry.cpp is the one list of writers; this keeps it consistent with the files
// around it: every writer declared in all.hpp is registered, has its own <format>.cpp
// defining it, a unique format and an extension, and --format finds it.
#include <camaudit/source_paths.hpp>
#include <camaudit/report/writer.hpp>

#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

namespace camaudit::report {
namespace {

namespace fs = std::filesystem;
const fs::path kReportDir = fs::path(CAMAUDIT_SOURCE_KB_DIR).parent_path() / "src" / "camaudit" / "report";

std::string read(const fs::path& p) {
  std::ifstream in(p);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(ReportRegistry, EveryDeclaredWriterIsRegisteredWithItsOwnFile) {
  static const std::regex kDeclared(R"(extern const Writer k(\w+)Writer;)");
  const std::string all = read(kReportDir / "all.hpp");
  std::set<std::string> declared;
  for (std::sregex_iterator it(all.begin(), all.end(), kDeclared), end; it != end; ++it) {
    std::string name = (*it)[1].str();
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    declared.insert(name);
  }
  ASSERT_FALSE(declared.empty());
  std::set<std::string> registered;
  for (const Writer& w : writers()) {
    EXPECT_TRUE(registered.insert(std::string(w.format)).second) << "format registered twice: " << w.format;
    EXPECT_FALSE(w.extension.empty()) << w.format;
    EXPECT_FALSE(w.description.empty()) << w.format;
    EXPECT_NE(w.write, nullptr) << w.format;
    EXPECT_EQ(find_writer(w.format), &w);
    const fs::path file = kReportDir / (std::string(w.format) + ".cpp");
    ASSERT_TRUE(fs::exists(file)) << "writer " << w.format << " has no " << file.filename();
    std::string name(w.format);
    name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
    EXPECT_NE(read(file).find("const Writer k" + name + "Writer ="), std::string::npos) << file;
  }
  EXPECT_EQ(declared, registered) << "all.hpp and registry.cpp disagree";
  EXPECT_EQ(find_writer("docx"), nullptr);
}

}  // namespace
}  // namespace camaudit::report
